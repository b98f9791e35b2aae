"""`replayproof attack` / `generators` as a user meets them; committed traces and SMT-LIB files."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from pysmt.shortcuts import Solver
from pysmt.smtlib.parser import SmtLibParser

from conftest import CLASSES, ROOT
from replayproof.trusted.certificates import check, read
from replayproof.cli import cli

USER = ROOT / "tests" / "attack_user" / "gens.py"
ZO = CLASSES / "attack_zero_odd.toml"


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


def test_generators_lists_bundled_with_kinds():
    res = run("generators")
    assert res.exit_code == 0
    lines = {line.split()[0]: line.split()[1] for line in res.output.splitlines()}
    assert lines == {"closure": "element", "sep51-standard": "element", "telltale": "proper",
                     "burn-in:<spec>": "element"}


def test_attack_prints_a_trace_table_and_exports_a_valid_certificate(tmp_path):
    cert = tmp_path / "c.json"
    res = run("attack", ZO, "--generator", "closure", "--threshold", 2, "--horizon", 4, "--export", cert)
    assert res.exit_code == 0, res.output
    assert res.output.startswith("defeated:")
    assert "replay of round 1" in res.output and "<- fails" in res.output and "target zero-odd" in res.output
    assert check(read(cert)).valid


def test_attack_not_defeated_says_what_was_searched():
    res = run("attack", ZO, "--generator", "burn-in:closure", "--threshold", 2, "--horizon", 3, "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["result"] == "not-defeated-within" and data["horizon"] == 3
    zo = next(t for t in data["space"]["targets"] if t["target"] == "zero-odd")
    assert {c["cell"]: c["candidates"] for c in zo["cells"]} == {"{even, zero-odd}": [0],
                                                                 "{odd, zero-odd}": [1, -1, 3]}


def test_no_replay_control_and_user_generator_via_cegar():
    res = run("attack", ZO, "--generator", "closure", "--threshold", 2, "--horizon", 3, "--no-replay")
    assert res.output.startswith("not-defeated-within 3")
    res = run("attack", CLASSES / "even_odd.toml", "--generator", f"{USER}:stale", "--threshold", 1,
              "--horizon", 3, "--json")
    data = json.loads(res.output)
    assert data["result"] == "defeated" and data["engine"] == "cegar" and data["failing_round"] == 1


def test_proper_limit_with_telltale_on_h4():
    res = run("attack", CLASSES / "h4.toml", "--generator", "telltale", "--notion", "proper-limit",
              "--settle", 3, "--horizon", 6, "--json")
    data = json.loads(res.output)
    assert data["result"] == "defeated" and data["failing_round"] == 4 and data["longest_wrong_run"] >= 1


def test_smtlib_export_reads_back_and_cvc5_agrees(tmp_path):
    out = tmp_path / "f.smt2"
    res = run("attack", ZO, "--generator", "burn-in:closure", "--threshold", 2, "--horizon", 3, "--smtlib", out)
    assert res.exit_code == 0
    script = SmtLibParser().get_script_fname(str(out))
    with Solver(name="cvc5") as s:
        assert s.solve([script.get_last_formula()]) is False


@pytest.mark.parametrize("args, message", [
    (["--horizon", 0], "--horizon 0 is out of range"),
    (["--horizon", 65], "--horizon 65 is out of range"),
    (["--horizon", 3, "--threshold", 4], "threshold 4 for even is out of range"),
    (["--horizon", 3], "needs --threshold"),
    (["--horizon", 3, "--notion", "non-uniform", "--thresholds", "nope=2"], "no hypothesis named 'nope'"),
    (["--horizon", 3, "--notion", "proper-limit"], "needs a proper generator"),
])
def test_bad_parameters_are_one_line_exit_2(args, message):
    res = run("attack", CLASSES / "even_odd.toml", "--generator", "closure", *args)
    assert res.exit_code == 2 and message in res.output and len(res.output.strip().splitlines()) == 1


@pytest.mark.parametrize("fn, message", [
    ("boom", "at round 2, observed ("),
    ("boom", "raised ZeroDivisionError: boom"),
    ("bad_type", "returned 1.5 (float)"),
    ("text", "at round 2"),
    ("unknown_name", "unknown hypothesis name 'nope'"),
    ("missing", "has no function 'missing'"),
])
def test_user_generator_errors_are_one_line_exit_2(fn, message):
    res = run("attack", CLASSES / "even_odd.toml", "--generator", f"{USER}:{fn}", "--threshold", 1, "--horizon", 3)
    assert res.exit_code == 2, res.output
    assert message in res.output and len(res.output.strip().splitlines()) == 1
    assert "defeated" not in res.output


def test_import_failure_is_one_line_exit_2():
    res = run("attack", CLASSES / "even_odd.toml", "--generator", f"{ROOT / 'tests/attack_user/broken.py'}:f",
              "--threshold", 1, "--horizon", 3)
    assert res.exit_code == 2 and "cannot import" in res.output


def test_timeout_is_unknown_exit_3():
    # a generator that is never defeated: z3's proposals are refuted only by calling it again
    res = run("attack", CLASSES / "even_odd.toml", "--generator", f"{USER}:slow_correct", "--threshold", 2,
              "--horizon", 3, "--timeout", 1)
    assert res.exit_code == 3 and res.output.startswith("unknown")


def test_help_teaches():
    res = run("attack", "--help")
    assert res.exit_code == 0
    for word in ("defeated", "not-defeated-within", "unknown", "burn-in", "def g(observed", "Examples"):
        assert word in res.output


@pytest.mark.parametrize("path", sorted((ROOT / "counterexamples").glob("attack_*.json")), ids=lambda p: p.name)
def test_committed_traces_recheck(path, monkeypatch):
    monkeypatch.chdir(ROOT)
    data = read(path)
    assert check(data).valid
    data["answers"] = data["answers"][:-1] + [data["inputs"][0]] if not data["proper"] else data["answers"]
    data["inputs"] = data["inputs"][:-1] + [999_999]  # tampering: an illegal last input
    assert not check(data).valid


def test_bundled_smtlib_encodings_parse():
    files = sorted((ROOT / "encodings" / "smt").glob("attack_*.smt2"))
    assert len(files) >= 3
    for f in files:
        script = SmtLibParser().get_script_fname(str(f))
        assert script.get_last_formula() is not None
