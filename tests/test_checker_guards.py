"""One forged certificate per checker guard: each breaks exactly that guard, so the real checker
rejects it with that guard's message, and the mutant of benchmarks/mutants.py that drops the guard
accepts it (or crashes). Forgeries start from the committed certificates in counterexamples/."""
from __future__ import annotations

import copy
from typing import Callable

import pytest

from replayproof.certificates import CHECKERS, CheckResult, _load_checkers, check, read
from replayproof.certificates.source import origin
from conftest import ROOT

COMMITTED = ROOT / "counterexamples"
Edit = Callable[[dict], None]
CASES: dict[str, tuple[str, Edit, str]] = {}


def forgery(name: str, stem: str, message: str) -> Callable[[Edit], Edit]:
    """Register a forgery of counterexamples/<stem>.json that the real checker rejects with `message`."""
    def deco(edit: Edit) -> Edit:
        assert name not in CASES, name
        CASES[name] = (stem, edit, message)
        return edit
    return deco


def committed(stem: str) -> dict:
    return copy.deepcopy(read(COMMITTED / f"{stem}.json"))


def node(cert: dict, nid: str) -> dict:
    return next(n for n in cert.get("nodes", cert.get("states", [])) if n["id"] == nid)


def checker_alone(cert: dict, base) -> CheckResult:
    """The kind's checker itself, without the schema in front of it: the guard under test must
    reject on its own, whatever the schema files catch first (issue 22 adds bounds there)."""
    _load_checkers()
    with origin(base):
        return CHECKERS[cert["kind"]](cert)


# ---------------------------------------------------------------- defeat-trace (attack/certificate.py)
# attack_zero_odd_closure: closure on zero-odd, uniform d=2, replay, inputs [0, 2], answers [2, -2].
# A user-code name makes the checker judge the recorded answers (no re-run), so only the guard stands.

def _user(cert: dict, **change) -> None:
    cert.update(generator="mine.py:g", bundled=False, **change)


@forgery("trace-unknown-target", "attack_zero_odd_closure", "target: unknown hypothesis 'nobody'")
def _(c):
    c["target"] = "nobody"


@forgery("trace-unknown-proper-answer", "attack_h4_telltale", "answers/2: unknown hypothesis 'h9'")
def _(c):
    _user(c)
    c["answers"][2] = "h9"


@forgery("trace-horizon-too-large", "attack_zero_odd_closure", "horizon 1000000000 is out of range: it must be from 1 to 64")
def _(c):
    c["horizon"] = 10**9


@forgery("trace-stream-longer-than-horizon", "attack_h4_telltale", "the stream has 4 rounds, more than the horizon 3")
def _(c):
    c.update(horizon=3, settle=2)


@forgery("trace-proper-limit-needs-proper", "attack_zero_odd_closure",
         "the proper-limit notion needs a proper generator")
def _(c):
    c.update(notion="proper-limit", threshold=None, settle=1)


@forgery("trace-threshold-missing", "attack_zero_odd_closure", "threshold: the uniform notion needs a threshold")
def _(c):
    c["threshold"] = None


@forgery("trace-threshold-zero", "attack_zero_odd_closure", "threshold 0 is out of range: it must be from 1")
def _(c):
    c["threshold"] = 0


@forgery("trace-extra-answer", "attack_zero_odd_closure", "there must be one answer per input")
def _(c):
    _user(c)
    c["answers"].append(5)


@forgery("trace-failing-round-outside", "attack_zero_odd_closure", "failing_round must index the stream")
def _(c):
    c["failing_round"] = 3


@forgery("trace-illegal-input", "attack_zero_odd_closure", "round 2 is not legal: input 4 is not in the target")
def _(c):
    _user(c, inputs=[0, 4], answers=[2, 4])  # 4 replays the answer of its own round


@forgery("trace-correct-answer", "attack_zero_odd_closure", "the answer at round 2 is correct for zero-odd")
def _(c):
    _user(c, inputs=[0, 1], answers=[1, 3])


@forgery("trace-not-after-settle", "attack_h4_telltale", "round 4 is not after the settle time 4")
def _(c):
    c["settle"] = 4


@forgery("trace-below-threshold", "attack_zero_odd_closure", "round 2 has 2 distinct examples, fewer than the threshold 3")
def _(c):
    _user(c, threshold=3)


@forgery("trace-bundled-answers-invented", "attack_sep51_h3", "the bundled generator sep51-standard answers [2, 2, 4, 5]")
def _(c):
    c["answers"] = [4, 4, 4, 7]


@forgery("trace-bundled-flag-on-user-code", "attack_zero_odd_closure",
         "bundled: the certificate says true, but mine.py:g is not in the package's table")
def _(c):
    _user(c)
    c["bundled"] = True


@forgery("trace-bundled-flag-off-for-bundled", "attack_zero_odd_closure",
         "bundled: the certificate says false, but closure is in the package's table")
def _(c):
    c["bundled"] = False


@forgery("trace-burn-in-without-d", "attack_zero_odd_closure", "cannot re-run the generator burn-in:closure")
def _(c):
    c["generator"] = "burn-in:closure"


# ---------------------------------------------------------------- kernel (through defeat traces)

@forgery("kernel-replay-in-a-standard-stream", "attack_zero_odd_closure",
         "round 2 is not legal: input 2 is not in the target")
def _(c):
    c["replay"] = False  # input 2 replays closure's answer 2 of round 1: legal only with replay


@forgery("kernel-replay-by-its-own-answer", "attack_zero_odd_closure", "round 2 is not legal")
def _(c):
    _user(c, inputs=[0, 4], answers=[2, 4])


@forgery("kernel-stale-answer", "attack_zero_odd_closure", "the answer at round 2 is correct")
def _(c):
    _user(c, inputs=[0, 3], answers=[1, 5])  # 5 is fresh and odd: correct


@forgery("kernel-answer-outside-target-licenses-replay", "attack_h4_telltale", "round 2 is not legal")
def _(c):
    # target h2-; round 1 answers h2- itself, which licenses nothing outside h2-: input 1 is illegal
    _user(c, answers=["h2-", "h1-", "h1-", "h1-"])


def test_the_checker_bounds_the_horizon_as_attack_does():
    from replayproof.attack.certificate import MAX_HORIZON
    from replayproof.attack.space import MAX_HORIZON as ATTACK
    assert MAX_HORIZON == ATTACK


def _burn_in(c: dict, d: int) -> None:
    c.update(generator="burn-in:closure", burn_in_threshold=d, threshold=1, inputs=[0], answers=[2], failing_round=1)


@forgery("trace-burn-in-wrong-d", "attack_zero_odd_closure", "the bundled generator burn-in:closure with d=2 answers [0]")
def _(c):
    _burn_in(c, 2)  # Algorithm 1 with d=2 answers x_1 = 0 at round 1, not 2


def test_a_burn_in_trace_names_its_d():
    """Issue 21 item 5: a defeat of burn-in:closure at d=1 must not read as one of Algorithm 1 at another d."""
    cert = committed("attack_zero_odd_closure")
    _burn_in(cert, 1)
    result = check(cert, COMMITTED / "x.json")
    assert result.valid, result.message
    assert result.message.endswith("answers re-computed by the bundled generator burn-in:closure with d=1")


# the parametrized test comes last: every forgery above is registered by then
@pytest.mark.parametrize("name", sorted(CASES))
def test_guard(name):
    stem, edit, message = CASES[name]
    cert = committed(stem)
    assert checker_alone(cert, COMMITTED).valid  # the committed original is valid
    edit(cert)
    assert not check(cert, COMMITTED / f"{stem}.json").valid  # the full check (schema first) rejects it
    result = checker_alone(cert, COMMITTED)
    assert not result.valid, result.message
    assert message in result.message, result.message
