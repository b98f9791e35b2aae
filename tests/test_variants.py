"""Replay budgets and delays (docs/variants.md): kernel rules, the budget game against its special
cases and a brute-force oracle, certificates and their forgeries, the `budget` command."""
from __future__ import annotations

import copy
import json
import random

import pytest
from click.testing import CliRunner

from replayproof.trusted.certificates import check
from replayproof.trusted.classes import cells as C
from replayproof.classes.classfile import load
from replayproof.cli import cli
from replayproof.game.solve import solve as solve_paper
from replayproof.trusted.kernel import Mode, judge
from replayproof.sweep.enumerate import enumerate_classes
from replayproof.variants.build import model_json
from replayproof.variants.decide import decide_variant, replay_number
from replayproof.trusted.certificates.variant import Variant
from replayproof.variants.oracle import solve_budget_brute
from replayproof.variants.solve import solve

from conftest import CLASSES

H4 = str(CLASSES / "h4.toml")
TRIANGLE = str(CLASSES / "triangle.toml")


@pytest.fixture(scope="module")
def size3():
    return list(enumerate_classes(3, (0, 1, C.INF)))


@pytest.fixture(scope="module")
def h4cls():
    return load(H4)


# ---------------------------------------------------------------- kernel

def test_kernel_defaults_are_the_papers_rules():
    assert Mode() == Mode(replay=True, proper=False, budget=None, delay=1)


def test_kernel_budget_counts_replays_per_target(h4cls):
    h1m, h1p, h2p = (h4cls.index(n) for n in ("h1-", "h1+", "h2+"))
    stream, answers = [0, 5, -2, -1, -2], [h1m] * 5
    # for h1+, -2 is a replay of h1- (twice), -1 is genuine
    one = judge(h4cls, h1p, stream, answers, Mode(True, True, budget=1))
    assert one.first_illegal == 5 and "over the replay budget 1" in one.rounds[-1].why
    assert judge(h4cls, h1p, stream, answers, Mode(True, True, budget=2)).legal
    assert judge(h4cls, h2p, stream, answers, Mode(True, True, budget=1)).legal   # only -1 is a replay for h2+
    assert judge(h4cls, h1p, stream[:3], answers[:3], Mode(True, True, budget=0)).first_illegal == 3


def test_kernel_delay_licenses_only_old_answers(h4cls):
    h1m, h1p = h4cls.index("h1-"), h4cls.index("h1+")
    assert judge(h4cls, h1p, [0, -2], [h1m, h1m], Mode(True, True)).legal
    late = judge(h4cls, h1p, [0, -2], [h1m, h1m], Mode(True, True, delay=2))
    assert late.first_illegal == 2
    stalled = judge(h4cls, h1p, [0, 0, -2], [h1m] * 3, Mode(True, True, delay=2))
    assert stalled.legal and stalled.rounds[-1].replay_of == 1


# ---------------------------------------------------------------- the game against its special cases

def test_budget_game_agrees_with_the_papers_game_on_every_size3_class(size3):
    assert len(size3) == 296
    for sc in size3:
        assert solve(sc.table, None).adversary_wins == solve_paper(sc.table, True).adversary_wins, sc.code
        assert solve(sc.table, 0).adversary_wins == solve_paper(sc.table, False).adversary_wins, sc.code


@pytest.mark.slow
def test_budgets_only_help_the_adversary_on_every_size3_class(size3):
    for sc in size3:
        wins = [solve(sc.table, k).adversary_wins for k in (0, 1, 2, None)]
        assert wins == sorted(wins), sc.code


def _oracle_cases(size3, k):
    adv = [sc for sc in size3 if solve(sc.table, None).adversary_wins]
    rng = random.Random(24)
    return adv[:k] + rng.sample(size3, k)


def test_budget_game_agrees_with_the_brute_force_oracle(size3):
    for sc in _oracle_cases(size3, 1):
        for k in (1,):
            assert solve(sc.table, k).adversary_wins == solve_budget_brute(sc.table, k), (sc.code, k)


@pytest.mark.slow
def test_budget_game_agrees_with_the_oracle_with_delays_on_more_classes(size3):
    for sc in _oracle_cases(size3, 6):
        for k in (None, 0, 1, 2):
            want = solve(sc.table, k).adversary_wins
            assert solve_budget_brute(sc.table, k) == want, (sc.code, k)
            assert solve_budget_brute(sc.table, k, delay=2) == want, (sc.code, k, "delay 2 (Lemma D)")


def test_delay_changes_no_verdict_by_the_played_out_oracle(size3):
    sc = next(sc for sc in size3 if solve(sc.table, 1).adversary_wins)   # the triangle with finite points
    assert solve_budget_brute(sc.table, 1, delay=2)


# ---------------------------------------------------------------- certificates

@pytest.mark.parametrize("budget,delay", [(None, 1), (1, 1), (0, 1), (1, 2), (None, 3)])
def test_certificates_recheck_under_their_model(budget, delay):
    cls = load(TRIANGLE)
    dec = decide_variant(cls, TRIANGLE, Variant(budget, delay))
    assert dec.check.valid, dec.check.message
    assert dec.certificate["model"] == {"replay_budget": budget, "replay_delay": delay, "noise": 0, "omit": 0}
    assert dec.verdict == ("generatable" if budget == 0 else "not-generatable")


@pytest.mark.parametrize("budget", [None, 1])
def test_a_delay_stalls_only_where_a_young_licence_is_needed_to_win(budget):
    """Generalised triangle with 5 hypotheses, delay 2: presenting a point at round 2 kills its hypothesis
    (the only answer is too young to license it), and the adversary still wins, so the strategy presents
    points without stalling until its final loop on the play that answers h1 throughout; it re-checks."""
    from replayproof.classes.classfile import realized_class
    n = 5
    sizes = {frozenset(range(n)): C.INF, **{frozenset(set(range(n)) - {i}): 1 for i in range(n)}}
    cls = realized_class("triangle-5", C.make_table([f"h{i + 1}" for i in range(n)], sizes))
    dec = decide_variant(cls, None, Variant(budget, 2))
    assert dec.verdict == "not-generatable" and dec.check.valid, dec.check.message
    nodes = {nd["id"]: nd for nd in dec.certificate["nodes"]}
    node, elements = nodes[dec.certificate["root"]], []
    while node["move"] == "step":
        elements.append(node["element"])
        node = nodes[node["next"]["h1"]]
    assert elements == ["new"] * n, elements


def test_certificates_on_size3_classes_recheck(size3):
    rng = random.Random(7)
    adv = [sc for sc in size3 if solve(sc.table, None).adversary_wins]
    from replayproof.classes.classfile import realized_class
    from replayproof.variants.build import certificate
    for sc in adv + rng.sample(size3, 6):
        cls = realized_class(f"c{sc.code}", sc.table)
        for variant in (Variant(None, 1), Variant(1, 2)):
            cert = certificate(cls, solve(sc.table, variant.budget), variant, None)
            result = check(cert, cls=cls)
            assert result.valid, (sc.code, variant, result.message)


@pytest.fixture(scope="module")
def h4certs(h4cls):
    return (decide_variant(h4cls, H4, Variant(1, 1)).certificate, decide_variant(h4cls, H4, Variant(0, 1)).certificate)


def _rejected(cert, needle=""):
    result = check(cert)
    assert not result.valid, "forgery accepted"
    assert needle in result.message, result.message
    return result.message


@pytest.mark.parametrize("model", [{"replay_budget": 0, "replay_delay": 1, "noise": 0, "omit": 0}, {"replay_budget": 1, "replay_delay": 4, "noise": 0, "omit": 0}])
def test_adversary_checked_under_another_model_is_rejected(h4certs, model):
    cert = copy.deepcopy(h4certs[0])
    assert check(cert).valid
    cert["model"] = model
    _rejected(cert)


@pytest.mark.parametrize("model", [{"replay_budget": 1, "replay_delay": 1, "noise": 0, "omit": 0}, {"replay_budget": None, "replay_delay": 2, "noise": 0, "omit": 0}])
def test_generator_checked_under_another_model_is_rejected(h4certs, model):
    cert = copy.deepcopy(h4certs[1])
    assert check(cert).valid
    cert["model"] = model
    _rejected(cert, "wrong for")


def test_certificate_of_the_papers_kind_is_not_a_budget_certificate(h4certs):
    cert = copy.deepcopy(h4certs[0])
    cert["model"] = {"replay_budget": -1, "replay_delay": 1, "noise": 0, "omit": 0}
    _rejected(cert, "negative")
    del cert["model"]
    _rejected(cert, "missing field 'model'")


def test_adversary_forgeries_are_rejected(h4certs):
    base = h4certs[0]
    loop = next(i for i, nd in enumerate(base["nodes"]) if nd["move"] == "loop")
    cert = copy.deepcopy(base)
    nd = cert["nodes"][loop]
    outsider = next(h for h in cert["class"]["hypotheses"] if h not in nd["enumerates"])
    nd["wrong"][next(iter(nd["wrong"]))] = outsider
    _rejected(cert, "does not enumerate")
    cert = copy.deepcopy(base)
    nd = cert["nodes"][loop]
    dead = next((h for h in cert["class"]["hypotheses"] if h not in nd["legal_for"]), None)
    if dead is not None:
        nd["enumerates"].append(dead)
        _rejected(cert, "not legal for it")
    cert = copy.deepcopy(base)
    cert["nodes"][loop]["present"] = cert["nodes"][loop]["present"][1:]
    _rejected(cert)
    cert = copy.deepcopy(base)
    step = next(nd for nd in cert["nodes"] if nd["move"] == "step" and nd["element"] == "new" and nd["id"] != "n0")
    step["element"] = "repeat"
    _rejected(cert)
    cert = copy.deepcopy(base)
    cert["nodes"][0]["next"].popitem()
    _rejected(cert, "no successor")
    cert = copy.deepcopy(base)
    cert["nodes"][1]["legal_for"] = cert["nodes"][1]["legal_for"][:1]
    _rejected(cert, "records")


def test_generator_forgeries_are_rejected(h4certs):
    tri = decide_variant(load(TRIANGLE), TRIANGLE, Variant(0, 1)).certificate
    h4certs = (None, tri)
    cert = copy.deepcopy(h4certs[1])
    st = next(s for s in cert["states"] if s["answer"] is not None and s["id"] != "dead")
    names = [h for h in json.loads(json.dumps(cert["class"]["hypotheses"]))]
    st["answer"] = next(h for h in names if h != st["answer"])
    # some cycle now answers a hypothesis outside a target the adversary can enumerate there, or a
    # transition is missing: either way the check must fail
    cert2 = copy.deepcopy(h4certs[1])
    cert2["states"][0]["on"].pop()
    _rejected(cert2, "no transition")
    bad = [s for s in range(len(cert["states"]))]
    assert bad
    forged = 0
    for i, s in enumerate(h4certs[1]["states"]):
        if s["answer"] is None or s["id"] == "dead":
            continue
        for other in names:
            if other == s["answer"]:
                continue
            c = copy.deepcopy(h4certs[1])
            c["states"][i]["answer"] = other
            forged += not check(c).valid
            break
        if forged >= 3:
            break
    assert forged >= 3


# ---------------------------------------------------------------- replay numbers and the command

def test_replay_numbers_of_h4_and_the_triangle(h4cls):
    r = replay_number(h4cls, H4)
    assert (r.number, r.kind) == (1, "finite")
    assert r.adversary.check.valid and r.generator.check.valid
    assert r.generator.variant.budget == 0 and r.adversary.variant.budget == 1
    t = replay_number(load(TRIANGLE), TRIANGLE)
    assert t.number == 1


def test_replay_number_none_when_only_infinitely_many_replays_defeat(size3):
    from replayproof.classes.classfile import realized_class
    inf = next(sc for sc in size3 if all(c.infinite for c in sc.table.cells) and solve(sc.table, None).adversary_wins)
    r = replay_number(realized_class("tri-inf", inf.table), None)
    assert (r.number, r.kind) == (None, "none-infinitely-many") and r.generator.check.valid
    easy = next(sc for sc in size3 if not solve(sc.table, None).adversary_wins)
    assert replay_number(realized_class("easy", easy.table), None).kind == "none-generatable"


def test_budget_command_prints_b_star_and_writes_checkable_certificates(tmp_path):
    adv, gen = tmp_path / "adv.json", tmp_path / "gen.json"
    r = CliRunner().invoke(cli, ["budget", H4, "--export-adversary", str(adv), "--export-generator", str(gen)])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("b*(H4) = 1")
    for path in (adv, gen):
        c = CliRunner().invoke(cli, ["check", str(path)])
        assert c.exit_code == 0 and c.output.startswith("valid"), c.output


def test_decide_with_a_bad_budget_is_one_line_exit_2():
    r = CliRunner().invoke(cli, ["decide", TRIANGLE, "--replay-budget", "lots"])
    assert r.exit_code == 2 and "--replay-budget 'lots'" in r.output
    r = CliRunner().invoke(cli, ["decide", TRIANGLE, "--replay-budget", "1", "--no-replay"])
    assert r.exit_code == 2


def test_catalog_row_beyond_the_paper_for_the_triangle():
    from replayproof.theorems import catalog as T
    row = T.btri()
    assert row.verdict == T.ESTABLISHED, row.detail
    assert "beyond the paper" in row.statement


def test_size3_budget_sweep_and_its_certified_examples():
    from replayproof.variants.sweep import NONE, certify, sweep_budgets
    result = sweep_budgets(3, (0, 1, C.INF))
    assert (result.total, result.defeated) == (296, 6)
    assert result.changes(0) == result.defeated      # budget 0 is the standard model: everything generatable
    certified = certify(result)
    assert {c.example.number for c in certified} == set(result.histogram)
    assert all(v for c in certified for _, _, v, _ in c.checks)
    assert NONE in result.histogram


@pytest.mark.slow
def test_the_replay_number_two_class_by_the_brute_force_oracle():
    """The smallest size-4 class with b* = 2 (docs/variants.md, claim 3): generatable under one replay,
    not under two, by the oracle that shares nothing with the level recursion."""
    from replayproof.sweep.run import parse_cells
    table = parse_cells("h1+h2:1;h1+h2+h3:inf;h1+h2+h3+h4:inf;h1+h2+h4:1;h1+h3+h4:1;h2+h3+h4:1", 4)
    assert not solve_budget_brute(table, 1, limit=3_000_000)
    assert solve_budget_brute(table, 2, limit=3_000_000)
    assert not solve(table, 1).adversary_wins and solve(table, 2).adversary_wins


# ---------------------------------------------------------------- noise

def test_kernel_noise_is_spent_after_the_replay_budget(h4cls):
    h1m, h1p = h4cls.index("h1-"), h4cls.index("h1+")
    # -5 is outside h1+ and no answer's support (h1- = x <= 0 or 1) ... it is inside h1-: a replay first
    mode = Mode(True, True, budget=0, noise=1)
    trace = judge(h4cls, h1p, [0, -5, -6], [h1m] * 3, mode)
    assert trace.first_illegal == 3 and trace.rounds[1].legal and trace.rounds[1].replay_of is None
    assert judge(h4cls, h1p, [-5, 0], [h1m] * 2, Mode(False, True, noise=1)).legal    # noise needs no licence
    assert not judge(h4cls, h1p, [-5, -6], [h1m] * 2, Mode(False, True, noise=1)).legal


NOISY = "h1+h2:1;h1+h2+h3:inf;h1+h3:1"   # h2 = core + a, h3 = core + b, h1 = both: one noise point hides which


def test_one_noise_input_defeats_a_class_unbounded_replay_does_not():
    from replayproof.classes.classfile import realized_class
    from replayproof.sweep.run import parse_cells
    from replayproof.variants.build import certificate
    two = parse_cells("h1:1;h1+h2:inf;h2:1", 2)          # core + a, core + b (docs/variants.md, claim 7)
    assert solve(two, 0, 1).adversary_wins and not solve(two, None).adversary_wins and not solve(two, 0, 0).adversary_wins
    table = parse_cells(NOISY, 3)
    assert solve(table, 0, 1).adversary_wins and not solve(table, None).adversary_wins
    assert solve_budget_brute(table, 0, noise=1) and not solve_budget_brute(table, None)
    cls = realized_class("noisy", table)
    adv = certificate(cls, solve(table, 0, 1), Variant(0, 1, 1), None)
    assert check(adv, cls=cls).valid
    forged = copy.deepcopy(adv)
    forged["model"]["noise"] = 0
    assert not check(forged, cls=cls).valid
    gen = certificate(cls, solve(table, None), Variant(None), None)
    assert check(gen, cls=cls).valid
    forged = copy.deepcopy(gen)
    forged["model"] = {"replay_budget": 0, "replay_delay": 1, "noise": 1, "omit": 0}
    assert not check(forged, cls=cls).valid


@pytest.mark.slow
def test_noise_game_agrees_with_the_oracle(size3):
    for sc in _oracle_cases(size3, 6):
        for budget, noise in ((0, 1), (None, 1), (0, 2), (1, 1)):
            assert solve(sc.table, budget, noise).adversary_wins == solve_budget_brute(sc.table, budget, noise=noise)


def test_malformed_variant_certificate_is_one_line_invalid(h4certs, tmp_path):
    cert = copy.deepcopy(h4certs[0])
    del cert["nodes"][0]["next"]
    msg = _rejected(cert, "malformed certificate")
    assert "next" in msg
    cert = copy.deepcopy(h4certs[1])
    cert["states"][1]["on"] = 5
    _rejected(cert, "malformed certificate")


# ---------------------------------------------------------------- omissions

def test_kernel_enumeration_may_omit_up_to_omit_elements():
    from replayproof.trusted.kernel import enumerates
    assert enumerates(0, Mode()) and not enumerates(1, Mode())
    assert enumerates(2, Mode(omit=2)) and not enumerates(3, Mode(omit=2))


def test_one_omission_defeats_two_hypotheses_and_agrees_with_noise_and_the_oracle(size3):
    from replayproof.classes.classfile import realized_class
    from replayproof.sweep.run import parse_cells
    from replayproof.variants.build import certificate
    two = parse_cells("h1:1;h1+h2:inf;h2:1", 2)
    assert solve(two, 0, 0, 1).adversary_wins and solve_budget_brute(two, 0, omit=1)
    cls = realized_class("two", two)
    adv = certificate(cls, solve(two, 0, 0, 1), Variant(0, 1, 0, 1), None)
    assert check(adv, cls=cls).valid
    forged = copy.deepcopy(adv)
    forged["model"]["omit"] = 0
    _rejected(forged, "never presented")
    for sc in size3[::10]:  # noise k and k omissions agree (docs/variants.md, claim 9)
        assert solve(sc.table, 0, 1).adversary_wins == solve(sc.table, 0, 0, 1).adversary_wins, sc.code


@pytest.mark.slow
def test_omission_game_agrees_with_the_oracle_and_with_noise_on_every_size3_class(size3):
    for sc in _oracle_cases(size3, 6):
        for omit in (1, 2):
            assert solve(sc.table, 0, 0, omit).adversary_wins == solve_budget_brute(sc.table, 0, omit=omit)
    for sc in size3:
        for k in (1, 2):
            assert solve(sc.table, 0, k).adversary_wins == solve(sc.table, 0, 0, k).adversary_wins, sc.code


# ---------------------------------------------------------------- noise with a delay

REPLAY_ONLY = "h1+h2:inf;h1+h2+h3:1;h1+h3:inf;h2+h3:1"   # unbounded replay defeats it, noise 1 does not (claim 8)


@pytest.mark.parametrize("cells,variant,verdict", [(NOISY, Variant(None, 2, 1), "not-generatable"),
                                                    (REPLAY_ONLY, Variant(1, 2, 1), "generatable")])
def test_noise_with_a_delay_is_decided_certified_and_agrees_with_the_oracle(cells, variant, verdict):
    """The delay played out by the game (its levels hold the young answers) and by the oracle; the winner's
    certificate re-checks, and the adversary's, read under a longer delay, does not."""
    from replayproof.classes.classfile import realized_class
    from replayproof.sweep.run import parse_cells
    table = parse_cells(cells, 3)
    cls = realized_class("c", table)
    dec = decide_variant(cls, None, variant)
    assert dec.verdict == verdict and dec.check.valid, dec.check.message
    assert dec.certificate["model"] == model_json(variant)
    assert solve_budget_brute(table, variant.budget, delay=variant.delay, noise=variant.noise) == \
        (verdict == "not-generatable")
    if verdict == "not-generatable":
        forged = copy.deepcopy(dec.certificate)
        forged["model"]["replay_delay"] = variant.delay + 1
        _rejected(forged, "reached by plays in different states")


@pytest.mark.slow
def test_noise_with_a_delay_agrees_with_the_oracle_on_size3_classes(size3):
    """Every fifth size-3 class (every one with REPLAYPROOF_EXHAUSTIVE=1; conftest.oracle_share)."""
    from conftest import oracle_share
    from replayproof.classes.classfile import realized_class
    from replayproof.variants.build import certificate
    for sc in oracle_share(size3):
        cls = realized_class(f"c{sc.code}", sc.table)
        for variant in (Variant(None, 2, 1),):   # with budget 0 nothing is replayed, so a delay is vacuous
            sol = solve(sc.table, variant.budget, variant.noise, variant.omit, variant.delay)
            want = solve_budget_brute(sc.table, variant.budget, delay=variant.delay, noise=variant.noise)
            assert sol.adversary_wins == want, (sc.code, variant)
            # no delay changed a verdict here (docs/variants.md, claim 13)
            assert want == solve(sc.table, variant.budget, variant.noise).adversary_wins, (sc.code, variant)
            result = check(certificate(cls, sol, variant, None), cls=cls)
            assert result.valid, (sc.code, variant, result.message)


@pytest.mark.slow
def test_noise_and_omissions_agree_on_a_sample_of_size4_classes():
    """Claim 9 at size 4 (docs/variants.md §7): noise 1 and one omission give the same verdict on about 1,500
    size-4 classes drawn at random (cards 0, 1, inf), by the games; every size-4 class by the criteria of §7c."""
    import numpy as np
    from replayproof.sweep.enumerate import enumerate_batches, table_of
    rng = np.random.default_rng(24)
    drawn = 0
    for batch in enumerate_batches(4, (0, 1, C.INF)):
        for code, digits in zip(batch.codes, batch.digits):
            if rng.random() < 1500 / 564_448:
                table = table_of(4, (0, 1, C.INF), digits)
                assert solve(table, 0, 1).adversary_wins == solve(table, 0, 0, 1).adversary_wins, int(code)
                drawn += 1
    assert drawn > 1000


def test_a_loop_without_infinite_cells_repeats_an_input_free_for_every_target():
    """h0 = {a, b, c}, h1 = {b, c, d}, h2 infinite, no replay, noise 1: the first input, a, is noise for h1,
    so a final loop enumerating h0 and h1 must not present a again (noise is not free twice); it presents a
    cell genuine for both. The verdict is the brute-force oracle's."""
    from replayproof.classes.classfile import realized_class
    sizes = {frozenset({0, 1}): 2, frozenset({1}): 1, frozenset({2}): C.INF, frozenset({0}): 1}
    table = C.make_table(["h0", "h1", "h2"], sizes)
    dec = decide_variant(realized_class("loop-noise", table), None, Variant(0, 1, 1))
    assert dec.check.valid, dec.check.message
    assert (dec.verdict == "not-generatable") == solve_budget_brute(table, 0, noise=1)


@pytest.mark.slow
def test_certificates_with_noise_and_omissions_recheck_on_size3_classes(size3):
    """Every model with noise 1 (budget 0 or 1, omissions 0 or 1) on a sample of size-3 classes: the built
    certificate re-checks, and the verdict is the oracle's."""
    from replayproof.classes.classfile import realized_class
    from replayproof.variants.build import certificate
    for sc in random.Random(11).sample(size3, 40):
        cls = realized_class(f"c{sc.code}", sc.table)
        for variant in (Variant(0, 1, 1, 0), Variant(0, 1, 1, 1), Variant(1, 1, 1, 1)):
            sol = solve(sc.table, variant.budget, variant.noise, variant.omit)
            result = check(certificate(cls, sol, variant, None), cls=cls)
            assert result.valid, (sc.code, variant, result.message)
            assert sol.adversary_wins == solve_budget_brute(sc.table, variant.budget, noise=1, omit=variant.omit)
