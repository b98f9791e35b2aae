"""Finitely many noise inputs, omissions or replays (docs/variants.md §7): the kernel's FINITE rules, the
engine against the fixed-model engine and the brute-force oracle, the relations between the models,
the issue's example with its committed certificates, models named in certificates, the command line."""
from __future__ import annotations

import copy
import json

import pytest
from click.testing import CliRunner

from replayproof.trusted.certificates import check, read
from replayproof.trusted.certificates.variant import FiniteVariant
from replayproof.trusted.classes import cells as C
from replayproof.classes.classfile import load, realized_class
from replayproof.cli import cli
from replayproof.trusted.kernel import FINITE, Mode, Play, enumerates, judge, repeatable
from replayproof.sweep.enumerate import enumerate_classes
from replayproof.sweep.run import parse_cells
from replayproof.variants.finite import solve_finite
from replayproof.variants.build import model_json
from replayproof.variants.finite_build import certificate
from replayproof.variants.decide import decide_finite
from replayproof.variants.oracle_finite import solve_finite_brute
from replayproof.variants.solve import FINITE as SOME_FINITE_BUDGET, solve

from conftest import ROOT

F = FINITE
EXAMPLES = ROOT / "counterexamples"
POINT, NESTED = str(EXAMPLES / "finite_noise_point.toml"), str(EXAMPLES / "finite_noise_nested.toml")
MODELS = [(0, F, 0), (0, 0, F), (F, 0, 0), (None, F, 0), (F, F, F), (F, 1, 0), (1, F, 0), (None, 0, F)]
# the smallest separations of docs/variants.md §7 (size 3, cells {0, 1, inf})
NOISE_SEP = "h1+h2:inf;h1+h2+h3:inf;h1+h3:1"             # finitely many noise inputs defeat, noise 1..3 do not
BUDGET_SEP = "h1+h2:inf;h1+h2+h3:inf;h1+h3:1;h2+h3:1"     # finitely many replays defeat, no finite budget does
OMIT_SEP = "h1:1;h1+h2:inf;h1+h2+h3:inf;h1+h3:1;h2+h3:1"  # finitely many omissions defeat, 1 omission does not
REPLAY_ONLY = "h1+h2:inf;h1+h2+h3:1;h1+h3:inf;h2+h3:inf"  # unbounded replay defeats, finitely many noise inputs not
HANDFUL = [NOISE_SEP, BUDGET_SEP, OMIT_SEP, REPLAY_ONLY, "h1+h2:1;h1+h2+h3:inf;h1+h3:1;h2+h3:1"]


def _finite(table) -> int:
    return sum(int(c.size) for c in table.cells if not c.infinite)


@pytest.fixture(scope="module")
def size2():
    return [sc.table for sc in enumerate_classes(2, (0, 1, C.INF))]


@pytest.fixture(scope="module")
def size3():
    return [sc.table for sc in enumerate_classes(3, (0, 1, C.INF))]


# ---------------------------------------------------------------- kernel

def test_kernel_finite_limits_make_no_round_illegal_and_mark_the_rounds_an_infinite_play_may_not_repeat():
    cls = load(POINT)
    h1, h2 = cls.index("h1"), cls.index("h2")
    stream = [0, 5, 6, 7, 8]                       # 0 in A; 5..8 in B: noise for h1 = A + {1}
    fixed = judge(cls, h1, stream, [h2] * 5, Mode(True, True, budget=0, noise=3))
    assert fixed.first_illegal == 5
    assert judge(cls, h1, stream, [h2] * 5, Mode(True, True, budget=0, noise=F)).legal
    # with replay: B licensed by the answer h2 is a replay; finitely many replays never make a round illegal
    assert judge(cls, h1, stream, [h2] * 5, Mode(True, True, budget=F)).legal
    assert judge(cls, h1, stream, [h2] * 5, Mode(True, True, budget=2)).first_illegal == 4
    mode = Mode(True, True, budget=0, noise=F)
    p0 = Play(h1, mode)
    p1, _ = p0.step(cls, 0, h2)
    p2, _ = p1.step(cls, 5, h2)
    assert repeatable(mode, p0, p1) and not repeatable(mode, p1, p2)
    unbounded = Mode(True, True, budget=None, noise=F)
    q1, _ = Play(h1, unbounded).step(cls, 0, h2)
    q2, r = q1.step(cls, 5, h2)
    assert r.replay_of == 1 and repeatable(unbounded, q1, q2)      # an unbounded replay may recur forever
    assert enumerates(10 ** 6, Mode(omit=F)) and not enumerates(2, Mode(omit=1))
    assert Mode() == Mode(replay=True, proper=False, budget=None, delay=1, noise=0, omit=0)


def test_model_reads_and_names_finite_limits():
    v = FiniteVariant(0, F, 0)
    assert FiniteVariant.from_json(model_json(v)) == v
    assert v.words() == "no replay (budget 0), finitely many noise inputs"
    for bad, why in [({"replay_budget": 0, "replay_delay": 1, "noise": "many", "omit": 0}, "noise"),  # keys and
                     ({"replay_budget": -1, "replay_delay": 1, "noise": 0, "omit": 0}, "negative"),  # delay: the
                     ({"replay_budget": 0, "replay_delay": 1, "noise": True, "omit": 0}, "noise")]:  # schema's
        with pytest.raises(ValueError, match=why):
            FiniteVariant.from_json(bad)


# ---------------------------------------------------------------- the engine against independent methods

def test_engine_agrees_with_the_fixed_model_engine_on_fixed_models(size2):
    for table in size2 + [parse_cells(c, 3) for c in HANDFUL]:
        for b, z, o in [(None, 0, 0), (0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1), (None, 1, 0)]:
            assert solve_finite(table, FiniteVariant(b, z, o)).adversary_wins == solve(table, b, z, o).adversary_wins


@pytest.mark.slow
def test_engine_agrees_with_the_fixed_model_engine_on_every_size3_class(size3):
    for table in size3:
        for b, z, o in [(None, 0, 0), (0, 0, 0), (1, 0, 0), (2, 0, 0), (0, 1, 0), (0, 0, 1), (None, 1, 0), (1, 1, 1)]:
            assert solve_finite(table, FiniteVariant(b, z, o)).adversary_wins == solve(table, b, z, o).adversary_wins


def test_engine_agrees_with_the_brute_force_oracle_on_a_handful(size2):
    for table in size2:
        for m in MODELS[:5]:
            assert solve_finite(table, FiniteVariant(*m)).adversary_wins == solve_finite_brute(table, *m), (table, m)
    for text in HANDFUL[:2]:
        table = parse_cells(text, 3)
        for m in MODELS[:3]:
            assert solve_finite(table, FiniteVariant(*m)).adversary_wins == solve_finite_brute(table, *m), (text, m)


@pytest.mark.slow
@pytest.mark.parametrize("model", MODELS, ids=str)
def test_engine_agrees_with_the_brute_force_oracle_on_size3_classes(size3, model):
    """Every fifth size-3 class (every one with REPLAYPROOF_EXHAUSTIVE=1; conftest.oracle_share)."""
    from conftest import oracle_share
    for table in oracle_share(size3):
        assert solve_finite(table, FiniteVariant(*model)).adversary_wins == solve_finite_brute(table, *model)


def _certified(table, model) -> dict:
    """The engine's certificate for `model`, which the checker must accept; an adversary's loops must stay
    within the one-phase bound (a phase per answer so far, each presenting one target's infinite cells, and
    one cycle on the stay cells)."""
    cls = realized_class("c", table)
    fv = FiniteVariant(*model)
    cert = certificate(cls, solve_finite(table, fv), fv, None)
    result = check(cert, cls=cls)
    assert result.valid, (table, model, result.message)
    infinite = sum(1 for c in table.cells if c.infinite)
    for nd in cert.get("nodes", []):
        if nd["move"] == "loop":
            assert len(nd["states"]) <= len(nd["answers_so_far"]) * infinite + len(table.cells), (table, model, nd)
    return cert


def test_engine_certificates_are_accepted_with_small_loops_on_a_handful(size2):
    for table in size2:
        for m in MODELS[:5]:
            _certified(table, m)
    for text in HANDFUL:
        for m in MODELS[:3]:
            _certified(parse_cells(text, 3), m)


@pytest.mark.slow
@pytest.mark.parametrize("model", MODELS, ids=str)
def test_engine_certificates_are_accepted_with_small_loops_on_size3_classes(size3, model):
    """Every fifth size-3 class (every one with REPLAYPROOF_EXHAUSTIVE=1; conftest.oracle_share)."""
    from conftest import oracle_share
    for table in oracle_share(size3):
        _certified(table, model)


def test_loops_of_the_generalised_triangle_stay_small():
    """h_i = x <= 0 or x in 1..N without i (benchmarks/bench_variants.py), N = 5: the stay games have up to five
    answers so far, and the loops one state each (the phase automaton of every answer order had 8,730)."""
    n = 5
    sizes = {frozenset(range(n)): C.INF, **{frozenset(range(n)) - {i}: 1 for i in range(n)}}
    table = C.make_table([f"h{i + 1}" for i in range(n)], sizes)
    for model in [(F, 0, 0), (0, F, 0)]:
        cert = _certified(table, model)
        loops = [nd for nd in cert["nodes"] if nd["move"] == "loop"]
        assert cert["verdict"] == "not-generatable" and loops
        assert max(len(nd["answers_so_far"]) for nd in loops) == n
        assert all(len(nd["states"]) == 1 for nd in loops), model


def _relations(table) -> None:
    wins = lambda *m: solve_finite(table, FiniteVariant(*m)).adversary_wins  # noqa: E731
    noise_f, replays_f, omit_f = wins(0, F, 0), wins(F, 0, 0), wins(0, 0, F)
    for k in (1, 2, 3):   # a fixed limit admits fewer streams than finitely many
        assert not solve(table, 0, k).adversary_wins or noise_f
        assert not solve(table, k).adversary_wins or replays_f
        assert not solve(table, 0, 0, k).adversary_wins or omit_f
    assert not solve(table, SOME_FINITE_BUDGET).adversary_wins or replays_f    # some finite budget => finitely many
    assert not replays_f or solve(table, None).adversary_wins                   # finitely many => unbounded replay
    assert omit_f == solve(table, 0, 0, _finite(table)).adversary_wins         # finitely many omissions = F omissions
    assert not noise_f or wins(None, F, 0)                                      # replay only helps the adversary
    assert wins(F, F, F) >= max(noise_f, replays_f, omit_f)                     # all three: the most streams


def test_relations_between_the_models_on_a_handful(size2):
    for table in size2 + [parse_cells(c, 3) for c in HANDFUL]:
        _relations(table)


@pytest.mark.slow
def test_relations_between_the_models_on_every_size3_class(size3):
    for table in size3:
        _relations(table)


@pytest.mark.parametrize("text,finite,fixed", [
    (NOISE_SEP, (0, F, 0), [(0, 1, 0), (0, 2, 0), (0, 3, 0)]),
    (BUDGET_SEP, (F, 0, 0), [(1, 0, 0), (2, 0, 0), (4, 0, 0)]),       # 4 = K of Lemma B: every finite budget
    (OMIT_SEP, (0, 0, F), [(0, 0, 1)]),
])
def test_smallest_separations_are_certified_both_ways(text, finite, fixed):
    from replayproof.trusted.certificates.variant import Variant
    from replayproof.variants.build import certificate as fixed_certificate
    table = parse_cells(text, 3)
    cls = realized_class("sep", table)
    fv = FiniteVariant(*finite)
    cert = certificate(cls, solve_finite(table, fv), fv, None)
    assert cert["kind"] == "finite-variant-adversary" and check(cert, cls=cls).valid
    for b, z, o in fixed:
        v = Variant(b, 1, z, o)
        gen = fixed_certificate(cls, solve(table, b, z, o), v, None)
        assert gen["kind"] == "replay-variant-generator" and check(gen, cls=cls).valid, v


def test_finitely_many_replays_is_not_some_finite_budget():
    """Lemma B's game ("some fixed budget defeats every generator") and finitely many replays differ."""
    table = parse_cells(BUDGET_SEP, 3)
    assert not solve(table, SOME_FINITE_BUDGET).adversary_wins
    assert solve_finite(table, FiniteVariant(F, 0, 0)).adversary_wins
    assert solve_finite_brute(table, F, 0, 0)


# ---------------------------------------------------------------- the issue's example

def test_the_issues_example_point_or_tail_against_core_or_tail():
    point, nested = load(POINT), load(NESTED)
    for k in range(4):
        assert not solve(point.table, 0, k).adversary_wins
    assert solve_finite(point.table, FiniteVariant(0, F, 0)).adversary_wins
    assert solve_finite_brute(point.table, 0, F, 0)
    assert not solve_finite(nested.table, FiniteVariant(0, F, 0)).adversary_wins
    assert not solve_finite_brute(nested.table, 0, F, 0)
    adv, gen = read(EXAMPLES / "finite_noise_point_adversary.json"), read(EXAMPLES / "finite_noise_nested_generator.json")
    assert (adv["kind"], gen["kind"]) == ("finite-variant-adversary", "finite-variant-generator")
    assert adv["model"] == gen["model"] == {"replay_budget": 0, "replay_delay": 1, "noise": F, "omit": 0}
    for cert in (adv, gen):
        result = check(cert)
        assert result.valid, result.message


def test_certificates_rechecked_under_another_model_are_rejected():
    adv = read(EXAMPLES / "finite_noise_point_adversary.json")
    for model, why in [({"noise": 3}, "cannot repeat it forever"), ({"noise": 0}, "legal for {h1, h2}"),
                       ({"noise": 2, "replay_budget": 2}, "")]:
        forged = copy.deepcopy(adv)
        forged["model"].update(model)
        result = check(forged, EXAMPLES / "finite_noise_point_adversary.json")
        assert not result.valid and why in result.message, (model, result.message)
    cls = load(POINT)
    gen = decide_finite(cls, POINT, FiniteVariant(F, 0, 0)).certificate        # generatable with finitely many replays
    assert gen["kind"] == "finite-variant-generator"
    forged = copy.deepcopy(gen)
    forged["model"].update({"noise": F})
    result = check(forged)
    assert not result.valid and "is wrong for" in result.message, result.message


def test_a_fixed_model_certificate_kind_does_not_read_finite():
    adv = read(EXAMPLES / "finite_noise_point_adversary.json")
    forged = copy.deepcopy(adv)
    forged["kind"] = "replay-variant-adversary"
    assert not check(forged, EXAMPLES / "finite_noise_point_adversary.json").valid


# ---------------------------------------------------------------- command line

def test_decide_finite_on_the_command_line(tmp_path):
    runner = CliRunner()
    out = runner.invoke(cli, ["decide", POINT, "--replay-budget", "0", "--noise", "finite", "--json",
                              "--export", str(tmp_path / "a.json")])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["verdict"] == "not-generatable" and data["certificate"]["valid"]
    assert data["model"] == {"replay_budget": 0, "replay_delay": 1, "noise": "finite", "omit": 0}
    assert runner.invoke(cli, ["check", str(tmp_path / "a.json")]).exit_code == 0
    out = runner.invoke(cli, ["decide", POINT, "--replay-budget", "finite"])
    assert out.exit_code == 0 and out.stdout.startswith("generatable") and "finitely many replays" in out.stdout
    out = runner.invoke(cli, ["decide", NESTED, "--omit", "finite"])
    assert out.exit_code == 0 and out.stdout.startswith("generatable")
    for args, needle in [(["--noise", "finite", "--replay-delay", "2"], "--replay-delay 2"),
                         (["--noise", "lots"], "'lots'"), (["--omit", "-1"], "'-1'"),
                         (["--replay-budget", "finit"], "'finite'"), (["--noise", "finite", "--method", "criterion"], "no criterion is known")]:
        out = runner.invoke(cli, ["decide", POINT, *args])
        assert out.exit_code == 2 and needle in out.output and "Traceback" not in out.output, (args, out.output)


def test_sweep_finite_replays_at_size3():
    out = CliRunner().invoke(cli, ["sweep", "--size", "3", "--model", "budget:finite", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["classes"] == 296 and data["defeated"] == 2
    assert data["against"]["some finite budget"]["changes"] == 1
    assert data["examples"] and all(c["valid"] for ex in data["examples"] for c in ex["certificates"])
    assert any(ex["cells"] == BUDGET_SEP for ex in data["examples"])
