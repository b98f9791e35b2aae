"""Fuzz driver for tests/test_hostile.py, run in a subprocess under a memory limit.

Random bytes, random TOML and random JSON (mostly mutated real certificates) go to `info`,
`decide`, `check` and `verify`; every run must end with an exit code in {0, 1, 2, 3} and no
traceback text. Usage: python tests/hostile_fuzz.py EXAMPLES SEED WORKDIR
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings, strategies as st

from replayproof.cli import cli

ROOT = Path(__file__).resolve().parent.parent
H4 = str(ROOT / "encodings" / "classes" / "h4_cells.toml")  # by cells: no solver per run
CERTS = sorted((ROOT / "counterexamples").glob("*.json"))
KEYS = ["name", "description", "domain", "alphabet", "max_states", "hypothesis", "hypotheses", "cell",
        "predicate", "regex", "dfa", "params", "members", "size", "start", "accept", "transitions", "n"]
PREDICATE_BITS = ["x", "1", "0", "-3", "10", "1000000007", "+", "-", "*", "%", "==", "<=", ">", "and", "or",
                  "not", "in", "{", "}", "(", ")", "..", ",", "true", "n"]
REGEX_BITS = ["a", "b", "*", "+", "?", "|", "(", ")", "{", "}", "{3}", "{2,5}", "{1000000}", "[ab]", ".", "&", "^"]


def _toml_value(depth: int = 2) -> st.SearchStrategy[str]:
    scalars = st.one_of(
        st.integers(-10**12, 10**12).map(str),
        st.sampled_from(['"inf"', '"integers"', '"strings"', '"ab"', "true", "1e400", "nan"]),
        st.lists(st.sampled_from(PREDICATE_BITS), max_size=12).map(lambda t: json.dumps(" ".join(t))),
        st.lists(st.sampled_from(REGEX_BITS), max_size=10).map(lambda t: json.dumps("".join(t))),
        st.text(max_size=12).map(json.dumps),
    )
    if depth == 0:
        return scalars
    inner = _toml_value(depth - 1)
    return st.one_of(
        scalars,
        st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.dictionaries(st.sampled_from(KEYS), inner, max_size=3).map(
            lambda d: "{" + ", ".join(f"{k} = {v}" for k, v in d.items()) + "}"),
    )


@st.composite
def toml_text(draw) -> str:
    """Class-file-like TOML: top-level keys, then [[hypothesis]] / [[cell]] tables; sometimes invalid."""
    lines = [f"{k} = {draw(_toml_value(1))}" for k in draw(st.lists(st.sampled_from(KEYS), max_size=4, unique=True))]
    if draw(st.integers(0, 4)) == 0:  # a long sum or deep nesting, inside the 10,000-character limit
        terms = draw(st.integers(1, 1500))
        lines += ["[[hypothesis]]", 'name = "long"', draw(st.sampled_from([
            f'predicate = "{" + ".join(["x"] * terms)} >= 0"', f'predicate = "{"(" * terms}x{")" * terms} == 0"',
            f'predicate = "x{" % 2" * terms} == 0"']))]
    for _ in range(draw(st.integers(0, 4))):
        lines.append(draw(st.sampled_from(["[[hypothesis]]", "[[cell]]", "[hypothesis]", "[[hypothesis.params]]"])))
        for k in draw(st.lists(st.sampled_from(KEYS), max_size=4, unique=True)):
            lines.append(f"{k} = {draw(_toml_value(1))}")
    return "\n".join(lines) + "\n"


JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=False),
                      st.text(max_size=8), st.sampled_from(["h1-", "h2+", "inf", "new", "repeat", "stale"]))
JSON_ANY = st.recursive(JSON_LEAF, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                            st.dictionaries(st.text(max_size=6), inner, max_size=4)),
                        max_leaves=12)


def _paths(doc, prefix=()):
    yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(doc, list):
        for i, v in enumerate(doc[:3]):
            yield from _paths(v, prefix + (i,))


@st.composite
def json_text(draw) -> str:
    """A real certificate with one field replaced, deleted or duplicated, or plain random JSON."""
    if draw(st.booleans()):
        return json.dumps(draw(JSON_ANY))
    if draw(st.integers(0, 5)) == 0:  # nesting far beyond any certificate's
        depth = draw(st.integers(65, 100_000))
        return "[" * depth + "]" * depth
    doc = json.loads(draw(st.sampled_from(CERTS)).read_text())
    if isinstance(doc.get("class"), dict) and doc["class"].get("path"):  # the cert moves: keep its class findable
        doc["class"]["path"] = str((ROOT / "counterexamples" / doc["class"]["path"]).resolve())
    elif isinstance(doc.get("class"), str):
        doc["class"] = str((ROOT / "counterexamples" / doc["class"]).resolve())
    paths = [p for p in _paths(doc) if p]
    path = draw(st.sampled_from(paths))
    parent = doc
    for k in path[:-1]:
        parent = parent[k]
    if draw(st.booleans()) and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = draw(JSON_ANY)
    return json.dumps(doc)


RAW_LIBRARY_TEXT = ("parethesis", "{upper_bound}", "Token:", "RecursionError")


def _run(args: list[str]) -> None:
    res = CliRunner().invoke(cli, args, catch_exceptions=True)
    out = res.output
    assert res.exit_code in (0, 1, 2, 3), (args, res.exit_code, out[-500:], repr(res.exception))
    assert "Traceback" not in out and "internal error" not in out, (args, out[-500:])
    assert not any(t in out for t in RAW_LIBRARY_TEXT), (args, out[-500:])


def main(examples: int, seed: int, workdir: Path) -> None:
    common = settings(max_examples=examples, deadline=None, database=None, derandomize=False,
                      suppress_health_check=list(HealthCheck))

    @common
    @given(data=st.binary(max_size=300), suffix=st.sampled_from([".toml", ".json"]))
    def raw(data: bytes, suffix: str) -> None:
        f = workdir / f"raw{suffix}"
        f.write_bytes(data)
        _run(["info", str(f)])
        _run(["check", str(f)])
        _run(["verify", H4, "--generator", str(f), "--notion", "proper-limit", "--timeout", "5"])

    @common
    @given(text=toml_text())
    @example(text='[[hypothesis]]\nname = "a"\npredicate = "' + " + ".join(["x"] * 1000) + ' >= 0"\n')
    @example(text='domain = "strings"\nalphabet = "ab"\n[[hypothesis]]\nname = "h"\nregex = "a{3,1}"\n')
    def toml(text: str) -> None:
        f = workdir / "class.toml"
        f.write_text(text)
        _run(["info", str(f), "--timeout", "2"])
        _run(["decide", str(f), "--timeout", "2"])

    @common
    @given(text=json_text())
    @example(text="[" * 100_000 + "]" * 100_000)
    def certificates(text: str) -> None:
        f = workdir / "cert.json"
        f.write_text(text)
        _run(["check", str(f)])
        _run(["verify", H4, "--generator", str(f), "--notion", "proper-limit", "--timeout", "5"])

    for test in (raw, toml, certificates):
        settings_seed = __import__("hypothesis").seed(seed)
        settings_seed(test)()
    print(f"ok {examples} examples x 3 families")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        main(int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) > 3 else Path(tmp))
