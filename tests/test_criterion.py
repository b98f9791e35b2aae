"""The Li-Zhang criterion: agreement with the game, its certificates and their checkers, decide --method."""
from __future__ import annotations

import copy
import itertools
import json
import random

import numpy as np
import pytest
from click.testing import CliRunner

import replayproof as rp
from replayproof.trusted.certificates import check
from replayproof.trusted.classes import cells as C
from replayproof.classes.classfile import realized_class
from replayproof.classes.criterion import criterion, generatable_signatures
from replayproof.cli import cli
from replayproof.game import criterion_build
from replayproof.game.solve import solve
from replayproof.sweep.enumerate import enumerate_classes
from replayproof.sweep.run import replay_generatable

from conftest import CLASSES, bundled


def random_table(rng: random.Random, n: int, empty: float = 0.6) -> C.CellTable:
    sizes = {frozenset(s): 0 if rng.random() < empty else rng.choice([1, 2, C.INF])
             for k in range(1, n + 1) for s in itertools.combinations(range(n), k)}
    return C.make_table([f"h{i}" for i in range(n)], sizes)


def triangle_cells(n: int, finite: bool = False) -> C.CellTable:
    """h_i = core + every point but i (generalised triangle): core infinite, points finite or infinite."""
    sizes = {frozenset(range(n)): C.INF}
    sizes.update({frozenset(range(n)) - {r}: 1 if finite else C.INF for r in range(n)})
    return C.make_table([f"h{i + 1}" for i in range(n)], sizes)


def _sigs(table: C.CellTable) -> list[int]:
    return [sum(1 << h for h in c.signature) for c in table.cells]


def test_criterion_agrees_with_the_game_on_random_classes():
    rng = random.Random(12)
    tables = [random_table(rng, rng.randint(1, 5), rng.choice([0.3, 0.6, 0.8])) for _ in range(200)]
    tables += [c.table for c in enumerate_classes(3, (0, 1, C.INF))]
    verdicts = []
    for t in tables:
        crit = criterion(t)
        assert crit.generatable == (not solve(t, True).adversary_wins), t
        assert generatable_signatures(t.n, _sigs(t)) == crit.generatable
        verdicts.append(crit.generatable)
    assert 5 <= verdicts.count(False) < len(verdicts)  # both verdicts occur


def test_vectorised_sweep_criterion_agrees():
    rng = random.Random(5)
    for n in (2, 3, 4, 5):
        pats = [rng.getrandbits(2 ** n - 1) & rng.getrandbits(2 ** n - 1) for _ in range(300)]
        fast = replay_generatable(n, np.array(pats, dtype=np.int64))
        slow = [generatable_signatures(n, [q + 1 for q in range(2 ** n - 1) if p >> q & 1]) for p in pats]
        assert fast.tolist() == slow


def test_without_replay_every_sampled_class_is_generatable():
    """The theorem the sweep relies on instead of solving without replay."""
    rng = random.Random(3)
    for t in [random_table(rng, rng.randint(1, 5)) for _ in range(60)]:
        assert not solve(t, replay=False).adversary_wins


def test_obstruction_of_the_triangle_and_h4():
    tri = bundled("triangle")
    ob = criterion(tri.table).obstruction
    assert ob.profile == frozenset({0, 1, 2})
    assert ob.groups == (frozenset({1, 2}), frozenset({0, 2}), frozenset({0, 1}))
    for cls in (tri, bundled("h4")):
        cert = criterion_build.certificate(cls, criterion(cls.table), str(CLASSES / f"{cls.source}"))
        result = check(cert)
        assert result.valid and cert["kind"] == "criterion-obstruction", result.message


def _triangle_obstruction() -> dict:
    cls = bundled("triangle")
    return criterion_build.certificate(cls, criterion(cls.table), str(CLASSES / "triangle.toml"))


@pytest.mark.parametrize("tamper, message", [
    (lambda c: c["groups"].__setitem__("h1", ["h2"]), "h2 lies inside every member"),
    (lambda c: c["groups"].__setitem__("h1", ["h1", "h2"]), "illegal for"),
    (lambda c: c["groups"].pop("h3"), "no group for the first answer h3"),
    (lambda c: c.__setitem__("extra", 1), "unknown field 'extra'"),
    (lambda c: c.pop("profile"), "missing field 'profile'"),
    (lambda c: c.__setitem__("replay", False), "at replay: must be true, not false"),
    (lambda c: c.__setitem__("profile", ["h1"]), "is empty in this class"),
])
def test_tampered_obstructions_are_rejected(tamper, message):
    cert = copy.deepcopy(_triangle_obstruction())
    tamper(cert)
    result = check(cert)
    assert not result.valid and message in result.message, result.message


def test_witness_and_canonical_generator_check_on_the_game():
    table = C.make_table(["a", "b", "c"], {frozenset({0, 1, 2}): C.INF, frozenset({0, 1}): 1, frozenset({2}): C.INF,
                                           frozenset({1}): C.INF})
    cls = realized_class("small", table)
    crit = criterion(table)
    cert = criterion_build.certificate(cls, crit, None)
    assert cert["kind"] == "criterion-witness" and cert["generator"]["kind"] == "proper-limit-generator"
    assert len(cert["generator"]["states"]) <= 1 + 3 * 2 ** 3 * 2 ** 3 * 2 ** 3  # (j, C) times the game's (O, A)
    result = check(cert)
    assert result.valid and "re-checked on the game" in result.message, result.message
    bad = copy.deepcopy(cert)
    bad["choices"][0]["outputs"][0]["output"] = "c" if bad["choices"][0]["outputs"][0]["output"] != "c" else "a"
    assert not check(bad).valid
    bad = copy.deepcopy(cert)
    bad["choices"].pop()
    assert "no first answer for the realized profile" in check(bad).message


def test_canonical_generators_on_random_classes_pass_the_game_checker():
    rng = random.Random(8)
    done = 0
    while done < 6:
        t = random_table(rng, rng.randint(2, 4), 0.5)
        crit = criterion(t)
        if crit.generatable:
            assert check(criterion_build.canonical_generator(realized_class("r", t), crit, None)).valid
            done += 1


def test_python_api_decide():
    d = rp.decide(bundled("triangle"), method="criterion")
    assert d.verdict == "not-generatable" and d.check.valid and d.certificate["kind"] == "criterion-obstruction"
    both = rp.decide(bundled("triangle"))
    assert both.method == "both" and both.criterion_check.valid


def _run(*args):
    return CliRunner().invoke(cli, ["decide", *args])


def test_decide_methods_on_the_cli(tmp_path):
    out = tmp_path / "tri.json"
    res = _run(str(CLASSES / "triangle.toml"), "--method", "criterion", "--export", str(out))
    assert res.exit_code == 0 and res.output.startswith("not-generatable"), res.output
    assert json.loads(out.read_text())["kind"] == "criterion-obstruction"
    assert CliRunner().invoke(cli, ["check", str(out)]).exit_code == 0
    res = _run(str(CLASSES / "triangle.toml"), "--json")
    data = json.loads(res.output)
    assert data["method"] == "both" and [c["kind"] for c in data["certificates"]] == \
        ["proper-limit-adversary", "criterion-obstruction"]


def test_disagreement_is_an_internal_error(monkeypatch):
    import re
    from pathlib import Path
    import replayproof.classes.criterion as crit_mod
    real = crit_mod.criterion

    def flipped(t):  # a wrong obstruction for a generatable class
        assert real(t).generatable
        p = t.cells[0].signature
        return crit_mod.Criterion(False, crit_mod.Obstruction(p, (p,) * t.n), ())
    monkeypatch.setattr(crit_mod, "criterion", flipped)
    res = _run(str(CLASSES / "chain.toml"), "--method", "both")
    assert res.exit_code == 70 and "internal error" in res.output, res.output
    dumped = Path(re.search(r"written to (\S+) ", res.output).group(1))
    assert set(json.loads(dumped.read_text())) == {"class", "game", "criterion"}
    dumped.unlink()


def test_bad_input_limits(tmp_path):
    res = _run(str(CLASSES / "h4.toml"), "--max-cells", "3")
    assert res.exit_code == 2 and "more than --max-cells 3" in res.output
    res = _run(str(CLASSES / "h4.toml"), "--no-replay", "--method", "criterion")
    assert res.exit_code == 2 and "without replay use --method game" in res.output


@pytest.mark.slow  # waits for a 1 s timeout in a worker process
def test_game_above_twelve_warns_and_times_out(tmp_path):
    n = 14
    lines = [f'name = "tri{n}"', "hypotheses = [" + ", ".join(f'"h{i}"' for i in range(n)) + "]",
             "[[cell]]", "members = [" + ", ".join(f'"h{i}"' for i in range(n)) + "]", 'size = "inf"']
    for r in range(n):
        lines += ["[[cell]]", "members = [" + ", ".join(f'"h{i}"' for i in range(n) if i != r) + "]", "size = 1"]
    path = tmp_path / "tri.toml"
    path.write_text("\n".join(lines) + "\n")
    res = _run(str(path), "--method", "game", "--timeout", "1")
    assert res.exit_code == 3 and "may take hours" in res.output and "did not finish" in res.output, res.output
    res = _run(str(path))
    assert res.exit_code == 0 and res.output.startswith("not-generatable") and "by the criterion" in res.output


def test_info_explains_the_triangle():
    res = CliRunner().invoke(cli, ["info", str(CLASSES / "triangle.toml")])
    assert res.exit_code == 0
    assert "P = {h1, h2, h3}: no good first answer" in res.output
    assert "j = h1: no member lies inside every language of {h2, h3}" in res.output
