"""Bundled examples by name (trusted/classes/bundled.py): every command accepts them from any directory,
a path wins over a name, an unknown name is one line with close names (exit 2)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from replayproof.classes.bundled import examples
from replayproof.trusted.classes import bundled
from replayproof.classes.classfile import load
from replayproof.cli import cli
from replayproof.trusted.errors import InputError
from conftest import ROOT


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """Work from an empty directory, far from the repository's encodings/."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _repo_files(folder: str, suffixes: tuple[str, ...]) -> set[str]:
    root = ROOT / folder
    return {p.relative_to(root).with_suffix("").as_posix() for p in root.rglob("*") if p.suffix in suffixes}


def test_the_package_sees_every_file_of_the_repository_folders():
    for kind, spec in bundled.KINDS.items():
        assert set(bundled.names(kind)) == _repo_files(spec.folder, spec.suffixes), kind
    assert {"h4", "strings/triangle", "strings/h4"} <= set(bundled.names("classes"))


def test_every_bundled_file_has_a_one_line_description():
    for e in examples():
        assert e.description and "\n" not in e.description, (e.kind, e.name)
        assert e.description != "(unreadable)", e.name


def test_a_name_in_every_spelling_finds_the_bundled_file(elsewhere):
    want = bundled.names("classes")["strings/triangle"]
    for ref in ("strings/triangle", "strings/triangle.toml", "encodings/classes/strings/triangle.toml"):
        assert bundled.find(ref) == want


def test_a_path_wins_over_a_name(elsewhere):
    (elsewhere / "h4").write_text('name = "mine"\nhypotheses = ["a", "b"]\n\n[[cell]]\nmembers = ["a"]\nsize = 2\n'
                                  '\n[[cell]]\nmembers = ["a", "b"]\nsize = "inf"\n')
    assert load("h4").name == "mine"
    assert load("h4.toml").name == "H4"  # no such path here: the bundled class


def test_unknown_name_is_one_line_with_close_names(elsewhere):
    with pytest.raises(InputError, match="close names: strings/triangle"):
        bundled.find("strings/triangel")
    res = run("decide", "h5")
    assert res.exit_code == 2
    assert res.output.strip().splitlines() == [
        "replayproof: error: h5: no such file, and no bundled class of that name "
        "(close names: h4; `replayproof examples` lists them)"]
    res = run("verify", "h4", "--generator", "zero_odd_gard", "--threshold", "2")
    assert res.exit_code == 2 and len(res.output.strip().splitlines()) == 1


def test_examples_lists_every_bundled_file(elsewhere):
    res = run("examples")
    assert res.exit_code == 0, res.output
    for e in examples():
        assert f"  {e.name}" in res.output and e.description in res.output
    data = json.loads(run("examples", "--json").output)
    assert {d["name"] for d in data if d["kind"] == "classes"} == set(bundled.names("classes"))


def test_decide_by_name_exports_a_certificate_that_checks_from_elsewhere(elsewhere):
    res = run("decide", "h4", "--export", "h4.json")
    assert res.exit_code == 0, res.output
    assert res.output.startswith("not-generatable: H4 (h4)")
    cert = json.loads((elsewhere / "h4.json").read_text())
    assert cert["class"]["path"].endswith("encodings/classes/h4.toml")
    res = run("check", "h4.json")
    assert res.exit_code == 0 and res.output.startswith("valid:"), res.output


def test_verify_and_check_by_name(elsewhere):
    res = run("verify", "attack_zero_odd", "--generator", "zero_odd_guard", "--threshold", "2")
    assert res.exit_code == 0 and res.output.startswith("verified: zero_odd_guard on attack_zero_odd"), res.output
    res = run("check", "h4_replay")
    assert res.exit_code == 0 and res.output.startswith("valid: not-generatable"), res.output
    res = run("info", "h4_cells", "--json")
    assert res.exit_code == 0 and json.loads(res.output)["closure_dimension"] == 3


def test_attack_and_prove_by_name(elsewhere):
    res = run("attack", "h4", "--generator", "telltale", "--notion", "proper-limit", "--settle", "3",
              "--horizon", "6", "--export", "a.json")
    assert res.exit_code == 0, res.output
    res = run("check", "a.json")
    assert res.exit_code == 0 and res.output.startswith("valid:"), res.output
    res = run("prove", "triangle", "--coq", "t.v")
    assert res.exit_code == 0 and (elsewhere / "t.v").read_text().count("obstruction") > 0, res.output
