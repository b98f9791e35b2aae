"""The trusted kernel on concrete streams: the Theorem 7.3 argument (spec section 4)."""
from __future__ import annotations

from replayproof.trusted.classes import cells as C
from replayproof.classes.cells import intersection_size
from replayproof.attack.paper51 import errors_after
from replayproof.trusted.kernel import Mode, correct, judge, licence, missing

PROPER = Mode(replay=True, proper=True)
PROPER_STANDARD = Mode(replay=False, proper=True)
K = 40


def _adversary_stream():
    return [0, -1, -2] + list(range(1, K + 1))


def test_t73_stream_is_a_proper_replay_enumeration_prefix_for_both_positive_members(h4):
    h1m, h2m, h1p, h2p = (h4.index(n) for n in ("h1-", "h2-", "h1+", "h2+"))
    stream = _adversary_stream()
    answers = [h1m] * len(stream)            # the generator's first answer is h1-, later ones anything
    for target in (h1p, h2p):
        trace = judge(h4, target, stream, answers, PROPER)
        assert trace.legal and len(trace.rounds) == len(stream)
        # every element of the target in the window [-2, K] has appeared
        assert missing(h4, target, stream, range(-2, K + 1)) == []
    # -1 is genuine for h1+ and a replay (of round 1's answer h1-) for h2+; symmetrically -2
    assert licence(h4, h1p, -1, answers[:1], PROPER) == (True, None)
    assert licence(h4, h2p, -1, answers[:1], PROPER) == (True, 1)
    assert licence(h4, h1p, -2, answers[:2], PROPER) == (True, 1)


def test_t73_stream_is_illegal_without_replay(h4):
    h1m, h1p = h4.index("h1-"), h4.index("h1+")
    trace = judge(h4, h1p, _adversary_stream(), [h1m] * (K + 3), PROPER_STANDARD)
    assert not trace.legal and trace.first_illegal == 3     # -2 is not in h1+
    assert "not in the target" in trace.rounds[-1].why


def test_t73_no_member_lies_inside_the_intersection_of_the_positive_members(h4):
    h1p, h2p = h4.index("h1+"), h4.index("h2+")
    inter = frozenset({h1p, h2p})
    inside = [h for h in range(h4.n) if all(inter <= c.signature for c in h4.table.cells if h in c.signature)]
    assert inside == []
    # so every answer is wrong for h1+ or for h2+: each round errs on one of the two targets
    for answer in range(h4.n):
        verdicts = [correct(h4, t, frozenset(), answer, PROPER)[0] for t in (h1p, h2p)]
        assert not all(verdicts)
    assert intersection_size(h4.table, inter) == C.INF


def test_element_level_freshness_is_against_observed_examples(h4):
    element = Mode(replay=True, proper=False)
    h1p = h4.index("h1+")
    # answering 5 twice is fine while 5 is never observed; once replayed, 5 is stale
    trace = judge(h4, h1p, [0, 1, 5], [5, 5, 5], element)
    assert [r.correct for r in trace.rounds] == [True, True, False]
    assert trace.rounds[2].replay_of is None            # 5 is genuine for h1+
    assert "already observed" in trace.rounds[2].why


def test_element_replay_licenses_only_earlier_outputs(h4):
    element = Mode(replay=True, proper=False)
    h1m = h4.index("h1-")
    trace = judge(h4, h1m, [0, 7, 8], [7, -4, 9], element)
    assert [r.legal for r in trace.rounds] == [True, True, False]
    assert trace.rounds[1].replay_of == 1
    assert trace.errors == (1,)                          # 7 is not in h1-
    # the same stream without replay is illegal at round 2
    assert judge(h4, h1m, [0, 7], [7, 9], Mode(replay=False)).first_illegal == 2


def test_uniform_failures_count_distinct_examples(h4):
    element = Mode(replay=True, proper=False)
    h1p = h4.index("h1+")
    trace = judge(h4, h1p, [0, 0, 1, 2], [-5, -5, -5, 3], element)
    assert trace.errors == (1, 2, 3)
    assert errors_after(trace, 2) == (3,)               # round 3 is the first with 2 distinct examples
