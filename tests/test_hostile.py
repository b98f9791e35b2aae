"""Hostile input (issue 22): never a hang, never unbounded memory, never a traceback; one line, exit 2.

Inputs that used to hang or eat gigabytes run in a subprocess under a memory limit and a timeout
(`_bounded`), so a regression fails instead of taking the machine down. The fuzz test feeds random
bytes, TOML and JSON to info, decide, check and verify (driver: tests/hostile_fuzz.py).
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import replayproof as rp
from replayproof.trusted.certificates import strict
from replayproof.classes.classfile import ClassFileError
from replayproof.cli import cli

ROOT = Path(__file__).resolve().parent.parent
CLASSES = ROOT / "encodings" / "classes"
MEMORY = 1536 << 20  # address-space limit of the bounded subprocesses (z3 and numpy load within it)


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _bounded(cases: list[list[str]], cwd: Path, seconds: int = 120) -> list[tuple[int, str]]:
    """Run each argument list through the CLI in ONE subprocess (one start-up) under MEMORY and a timeout."""
    code = ("import json, sys\nfrom click.testing import CliRunner\nfrom replayproof.cli import cli\n"
            "out = []\nfor args in json.loads(sys.argv[1]):\n"
            "    r = CliRunner().invoke(cli, args)\n    out.append([r.exit_code, r.output])\n"
            "print(json.dumps(out))\n")
    done = subprocess.run([sys.executable, "-c", code, json.dumps(cases)], capture_output=True, text=True,
                          timeout=seconds, preexec_fn=_limit_memory, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-2000:]
    return [tuple(r) for r in json.loads(done.stdout)]


def _strings_class(tmp_path: Path, regex: str, name: str = "bad") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(f'domain = "strings"\nalphabet = "ab"\n[[hypothesis]]\nname = "h"\nregex = {json.dumps(regex)}\n'
                    '[[hypothesis]]\nname = "k"\nregex = "b*"\n')
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The inputs that hung or exhausted memory before issue 22, all in one bounded subprocess."""
    tmp = tmp_path_factory.mktemp("hostile")
    huge_regex = _strings_class(tmp, "a{1000000000}", "huge")
    large_regex = _strings_class(tmp, "a{100000}", "large")
    nested_regex = _strings_class(tmp, "(a{5000}){5000}", "nested")
    fifo = tmp / "fifo.toml"
    os.mkfifo(fifo)
    sparse = tmp / "sparse.toml"
    with sparse.open("wb") as fh:
        fh.truncate(3 << 30)  # 3 GB of zeros, no disk used
    nested = tmp / "nested.json"
    nested.write_text("[" * 100_000 + "]" * 100_000)
    lasso = json.loads((ROOT / "counterexamples" / "verify_h4_telltale.json").read_text())
    assert lasso["kind"] == "verify-lasso"
    lasso["unroll"] = 1_000_000_000
    lasso["class"]["path"] = str(CLASSES / "h4.toml")
    (tmp / "unroll.json").write_text(json.dumps(lasso))
    cases = {
        "regex": ["info", str(huge_regex)],
        "large regex": ["info", str(large_regex)],
        "nested regex": ["info", str(nested_regex)],
        "zero": ["decide", "/dev/zero"],
        "fifo": ["decide", str(fifo)],
        "sparse": ["decide", str(sparse)],
        "nested": ["check", str(nested)],
        "unroll": ["check", str(tmp / "unroll.json")],
        "full": ["sweep", "--size", "2", "--out", "/dev/full"],
    }
    return dict(zip(cases, _bounded(list(cases.values()), tmp)))


def _one_line(output: str) -> str:
    assert "Traceback" not in output and "internal error" not in output, output
    lines = [ln for ln in output.splitlines() if ln.startswith("replayproof: error:")]
    assert len(lines) == 1, output
    return lines[0]


# ---- regexes -----------------------------------------------------------------------------------

def test_regex_repetition_above_max_states_is_refused_before_the_nfa(hostile):
    code, out = hostile["regex"]
    line = _one_line(out)
    assert code == 2 and "huge.toml: hypothesis 'h'" in line
    assert "repetition count 1000000000 at column 2 exceeds max_states = 10000" in line
    code, out = hostile["large regex"]
    assert code == 2 and "repetition count 100000 at column 2 exceeds max_states" in _one_line(out)


def test_nested_repetitions_are_bounded_by_their_unrolled_size(hostile):
    code, out = hostile["nested regex"]
    assert code == 2 and "at column 10 unrolls the regex to more than 100000 symbols" in _one_line(out)


@pytest.mark.parametrize("regex, message", [
    ("a{3,1}", "repetition {3,1} at column 2: the upper bound 1 is below the lower bound 3"),
    ("a(b", "'(' at column 2 is never closed"),
    ("*a", "'*' at column 1 repeats nothing (at the start)"),
    ("a)b", "')' at column 2 closes no '('"),
    ("a|", "'|' at column 2 has nothing on its right"),
    ("[]", "the character class at column 1 is empty"),
])
def test_malformed_regexes_get_our_own_message_with_the_column(tmp_path, regex, message):
    res = run("info", _strings_class(tmp_path, regex))
    line = _one_line(res.output)
    assert res.exit_code == 2 and "bad.toml: hypothesis 'h': invalid regex" in line and message in line
    for raw in ("parethesis", "{upper_bound}", "Token", "statement"):
        assert raw not in line


# ---- files that are not files ------------------------------------------------------------------

@pytest.mark.parametrize("case, message", [
    ("zero", "/dev/zero: not a regular file (a device, FIFO or socket cannot be a class file)"),
    ("fifo", "fifo.toml: not a regular file"),
    ("sparse", "sparse.toml: 3072.0 MB, larger than the 1.0 MB limit for a class file (docs/limits.md)"),
])
def test_devices_fifos_and_huge_files_are_refused_unread(hostile, case, message):
    code, out = hostile[case]
    assert code == 2 and message in _one_line(out)


def test_every_reader_applies_its_cap(tmp_path):
    from replayproof.classes import limits as engine_limits
    from replayproof.trusted.classes import limits
    big = tmp_path / "big.json"
    with big.open("wb") as fh:
        fh.truncate(limits.CERTIFICATE + 1)
    res = run("check", big)
    assert res.exit_code == 2 and "larger than the 64.0 MB limit for a certificate" in _one_line(res.output)
    machine = tmp_path / "m.json"
    with machine.open("wb") as fh:
        fh.truncate(engine_limits.MACHINE_FILE + 1)
    res = run("verify", CLASSES / "h4_cells.toml", "--generator", machine, "--notion", "proper-limit")
    assert res.exit_code == 2 and "limit for a machine file" in _one_line(res.output)
    res = run("collapse", "chain", "--matrix", "/dev/zero")
    assert res.exit_code == 2 and "not a regular file" in res.output


# ---- JSON nesting and certificate bounds -------------------------------------------------------

def test_deeply_nested_json_is_not_a_readable_certificate(hostile):
    code, out = hostile["nested"]
    assert code == 2 and "nested.json: not a readable JSON certificate: not valid JSON: nested deeper than 64" \
        in _one_line(out)


def test_lasso_unroll_above_the_schema_bound_is_invalid(hostile):
    code, out = hostile["unroll"]
    assert code == 1 and "malformed certificate: at unroll: must be at most 16, not 1000000000" in out


# the fields that size a checker's work, per kind: each must carry a bound in its schema
SIZED = {
    "verify-lasso": ["properties/unroll:maximum", "properties/prefix:maxItems", "properties/cycle:maxItems"],
    "verify-invariant": ["properties/invariant:maxItems"],
    "defeat-trace": ["properties/horizon:maximum", "properties/settle:maximum", "properties/failing_round:maximum",
                     "properties/inputs:maxItems"],
    "proper-limit-adversary": ["properties/nodes:maxItems"],
    "proper-limit-generator": ["properties/states:maxItems"],
    "criterion-witness": ["$defs/generator/properties/states:maxItems", "properties/choices:maxItems"],
    "uniform-lower-bound": ["properties/refutes_threshold:maximum", "properties/stream:maxItems"],
}


@pytest.mark.parametrize("kind", sorted(SIZED))
def test_schemas_bound_every_field_that_sizes_work(kind):
    schema = strict.schema(kind)
    for spec in SIZED[kind]:
        path, key = spec.split(":")
        node = schema
        for part in path.split("/"):
            node = node[part]
        assert isinstance(node.get(key), int), f"{kind}: {path} has no {key}"


def test_strict_reader_enforces_maximum_and_max_items():
    cert = json.loads((ROOT / "counterexamples" / "verify_h4_telltale.json").read_text())
    jsonschema = pytest.importorskip("jsonschema")
    reference = jsonschema.Draft202012Validator(strict.schema("verify-lasso"))
    assert strict.validate("verify-lasso", cert) is None and reference.is_valid(cert)
    for unroll, valid in ((16, True), (17, False)):
        assert (strict.validate("verify-lasso", {**cert, "unroll": unroll}) is None) == valid
        assert reference.is_valid({**cert, "unroll": unroll}) == valid
    cert["cycle"] = (cert["cycle"] * 10_001)[:10_001]
    assert strict.validate("verify-lasso", cert) == "at cycle: at most 10000 item(s), got 10001"


# ---- predicates --------------------------------------------------------------------------------

def _predicate_class(tmp_path: Path, predicate: str) -> Path:
    path = tmp_path / "pred.toml"
    path.write_text(f'[[hypothesis]]\nname = "a"\npredicate = "{predicate}"\n'
                    '[[hypothesis]]\nname = "b"\npredicate = "x >= 5"\n')
    return path


def test_a_thousand_term_sum_loads_and_decides(tmp_path):
    path = _predicate_class(tmp_path, " + ".join(["x"] * 1000) + " >= 0")
    cls = rp.load(path)
    assert [c.size for c in cls.table.cells] == [5, float("inf")]  # {0..4} in a only, x >= 5 in both
    res = run("decide", path)
    assert res.exit_code == 0 and res.output.startswith("generatable")


@pytest.mark.parametrize("predicate", ["(" * 300 + "x" + ")" * 300 + " >= 0", "x" + " % 2" * 500 + " == 0",
                                       "not " * 400 + "x == 0"])
def test_deep_predicates_are_a_class_file_error_not_a_recursion_error(tmp_path, predicate):
    with pytest.raises(ClassFileError, match="hypothesis 'a': predicate nested too deeply"):
        rp.load(_predicate_class(tmp_path, predicate))


# ---- the kernel --------------------------------------------------------------------------------

def test_judge_refuses_more_answers_than_inputs(h4):
    with pytest.raises(ValueError, match=r"1 input\(s\) but 2 answer\(s\)"):
        rp.judge(h4, 0, [0], [0, 0], rp.Mode(replay=True))


# ---- classes whose cells cannot be scanned -----------------------------------------------------

PERIOD = """name = "period"
[[hypothesis]]
name = "h1"
predicate = "x % 1000000007 == 0"
[[hypothesis]]
name = "h2"
predicate = "x % 1000000007 == 0 or x in {1, 2}"
[[hypothesis]]
name = "h3"
predicate = "x % 1000000007 == 0 or x in {1, 3}"
[[hypothesis]]
name = "h4"
predicate = "x % 1000000007 == 5"
"""


def test_decide_on_an_unscannable_class_says_what_to_do(tmp_path):
    path = tmp_path / "period.toml"
    path.write_text(PERIOD)
    res = run("decide", path, "--method", "criterion")
    line = _one_line(res.output)
    assert res.exit_code == 3 and "period.toml: cannot derive the cells without a solver" in line
    assert "write the class by its cells: `replayproof info` lists them" in line


@pytest.mark.slow
def test_threshold_on_an_unscannable_class_is_unknown_at_the_budget(tmp_path):
    path = tmp_path / "period.toml"
    path.write_text(PERIOD)
    done = subprocess.run([sys.executable, "-m", "replayproof", "threshold", str(path), "--timeout", "5"],
                          capture_output=True, text=True, timeout=60, preexec_fn=_limit_memory,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 3, done.stderr
    assert "d* with replay    = not certified" in done.stdout and "unknown" in done.stdout


# ---- sweep CSVs --------------------------------------------------------------------------------

def test_sweep_resume_refuses_an_edited_csv_and_leaves_it_alone(tmp_path):
    out = tmp_path / "s.csv"
    assert run("sweep", "--size", "2", "--out", out).exit_code == 0
    lines = out.read_text().splitlines()
    edited = [lines[0]] + [ln.replace(",generatable,generatable,0", ",not-generatable,generatable,1")
                           for ln in lines[1:4]]
    out.write_text("\n".join(edited) + "\n")
    before = out.read_bytes()
    res = run("sweep", "--size", "2", "--out", out)
    line = _one_line(res.output)
    assert res.exit_code == 2 and "says replay not-generatable" in line and "re-deciding it gives replay generatable" \
        in line
    assert out.read_bytes() == before


def test_sweep_never_appends_to_a_foreign_csv(tmp_path):
    out = tmp_path / "other.csv"
    out.write_text("a,b,c\n1,2,3\n")
    res = run("sweep", "--size", "2", "--out", out)
    assert res.exit_code == 2 and "other.csv: not a sweep CSV this command wrote (header 'a,b,c'" in _one_line(res.output)
    assert out.read_text() == "a,b,c\n1,2,3\n"


def test_sweep_stops_at_the_first_failed_write(hostile):
    code, out = hostile["full"]
    assert code == 2 and "/dev/full: cannot write: No space left on device" in _one_line(out)


# ---- classes by cells, file extensions, generator specs ------------------------------------------

def test_a_finite_cell_of_three_thousand_loads(tmp_path):
    path = tmp_path / "cells.toml"
    path.write_text('hypotheses = ["a", "b"]\n[[cell]]\nmembers = ["a"]\nsize = 3000\n'
                    '[[cell]]\nmembers = ["a", "b"]\nsize = "inf"\n[[cell]]\nmembers = ["b"]\nsize = 10000\n')
    cls = rp.load(path)
    assert sorted(c.size for c in cls.table.cells) == [3000, 10000, float("inf")]
    assert cls.member(0, 3000) and not cls.member(0, 3001) and cls.member(1, 3001)
    names = [f"h{k}" for k in range(7)]
    cells = "".join("[[cell]]\nmembers = " + json.dumps([n for k, n in enumerate(names) if q >> k & 1]) + "\nsize = 10000\n"
                    for q in range(1, 102))  # 101 cells of 10,000: one past the total of 1,000,000
    path.write_text(f"hypotheses = {json.dumps(names)}\n{cells}")
    with pytest.raises(ClassFileError, match=r"cells.toml: cell #101: the finite cells hold more than 1000000"):
        rp.load(path)


def test_picture_and_plot_files_must_have_a_known_extension(tmp_path):
    res = run("decide", CLASSES / "h4_cells.toml", "--png", tmp_path / "x.txt")
    assert res.exit_code == 2 and "--png" in res.output and "must end in .png" in _one_line(res.output)
    res = run("sweep", "--size", "2", "--plot", tmp_path / "x.txt")
    assert res.exit_code == 2 and "must end in .png, .pdf, .svg" in _one_line(res.output)


def test_burn_in_of_a_burn_in_is_refused():
    res = run("attack", CLASSES / "h4_cells.toml", "--generator", "burn-in:burn-in:closure", "--threshold", "2",
              "--horizon", "3")
    assert res.exit_code == 2 and "burn-in applies once" in _one_line(res.output)


def test_a_generator_name_with_spaces_is_written_as_the_checker_reads_it(tmp_path):
    """`--generator " burn-in: closure"` runs burn-in:closure, and its certificate says so, so `check` re-runs it."""
    out = tmp_path / "v.json"
    res = run("verify", CLASSES / "h4.toml", "--generator", " burn-in: closure", "--threshold", "2", "--export", out)
    assert res.exit_code == 0 and "re-checked: valid" in res.output, res.output
    assert json.loads(out.read_text())["generator"] == "burn-in:closure"
    out = tmp_path / "a.json"
    res = run("attack", CLASSES / "attack_zero_odd.toml", "--generator", "closure ", "--threshold", "2",
              "--horizon", "4", "--export", out)
    assert res.exit_code == 0 and json.loads(out.read_text())["generator"] == "closure", res.output
    assert run("check", out).exit_code == 0


@pytest.mark.parametrize("args, reason", [
    (("decide", "nope.toml", "--json"), "nope.toml: no such file"),
    (("decide", "--json"), "Missing argument 'FILE'"),
    (("attack", CLASSES / "h4.toml", "--generator", "nope", "--horizon", "3", "--json"), "unknown generator 'nope'"),
    (("verify", CLASSES / "h4.toml", "--generator", "telltale", "--notion", "nope", "--json"), "'nope' is not one of"),
    (("check", "nope.json", "--json"), "nope.json: no such file"),
    (("threshold", CLASSES / "h4.toml", "--horizon", "0", "--json"), "horizon"),
], ids=["missing-file", "usage", "unknown-generator", "bad-choice", "check-missing", "out-of-range"])
def test_json_failures_are_one_document_on_stdout(args, reason):
    """Under --json a failure still prints exactly one JSON document on stdout (a script parses stdout
    either way), with the one line on stderr and exit 2."""
    res = run(*args)
    assert res.exit_code == 2, res.output
    doc = json.loads(res.stdout)
    assert doc["result"] == "error" and reason in doc["reason"], doc
    assert reason in _one_line(res.stderr)


def test_a_failure_without_json_prints_nothing_on_stdout():
    res = run("decide", "nope.toml")
    assert res.exit_code == 2 and res.stdout == "" and "no such file" in _one_line(res.stderr)


# ---- fuzz ----------------------------------------------------------------------------------------

def _fuzz(examples: int, seed: int, tmp_path: Path, seconds: int) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "hostile_fuzz.py"), str(examples), str(seed),
                           str(tmp_path)], capture_output=True, text=True, timeout=seconds,
                          preexec_fn=_limit_memory, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0 and f"ok {examples} examples" in done.stdout, (done.stdout + done.stderr)[-3000:]


def test_fuzz_small(tmp_path):
    _fuzz(5, 22, tmp_path, 300)


@pytest.mark.slow
def test_fuzz_large(tmp_path):
    _fuzz(400, 2022, tmp_path, 3000)
