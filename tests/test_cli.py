"""The command line as a user meets it: output, JSON, one-line errors and exit codes."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from replayproof.cli import cli
from conftest import CLASSES


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


def test_info_json_on_h4():
    res = run("info", CLASSES / "h4.toml", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert [h["name"] for h in data["hypotheses"]] == ["h1-", "h2-", "h1+", "h2+"]
    assert data["uus"] is True and data["closure_dimension"] == 3
    cells = {tuple(c["signature"]): c for c in data["cells"]}
    assert cells[("h1-", "h2-")]["size"] == "inf"
    assert cells[("h1-", "h1+", "h2+")] == {"signature": ["h1-", "h1+", "h2+"], "size": "1", "elements": [1]}


def test_info_text_on_sep51():
    res = run("info", CLASSES / "sep51.toml")
    assert res.exit_code == 0
    assert "closure dimension C(H) = 6" in res.output
    assert "h5 < h6" in res.output and "UUS: yes" in res.output


def _bad(tmp_path, text):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    res = run("info", path)
    return path, res


@pytest.mark.parametrize("text, message", [
    ('[[hypothesis]]\nname = "a"\npredicate = "x >"\n', "hypothesis 'a': expected a number"),
    ('[[hypothesis]]\nname = "a"\npredicate = "y > 0"\n', "hypothesis 'a': unknown name 'y'"),
    ('[[hypothesis]]\nname = "a"\npredicate = "__import__(\'os\').system(\'true\')"\n', "unknown name '__import__'"),
    ('[[hypothesis]]\nname = "a"\npredicate = "x.real > 0"\n', "attribute access is not allowed"),
    ('name = "empty"\n', "no hypotheses"),
    ('hypothesis = []\n', "the class is empty"),
    ('[[hypothesis]]\nname = "h{n}"\nparams = { n = "1..1000000000" }\npredicate = "x < n"\n',
     "expands to 1000000000 hypotheses"),
    ('[[hypothesis]]\nname = "big"\npredicate = "x in 0..1000000000000"\n', "with more than 2000 elements"),
    ('[[hypothesis]]\nname = "a"\npredicate = "x > 0"\n[[hypothesis]]\nname = "a"\npredicate = "x > 1"\n',
     "used twice"),
    ('[[hypothesis]\n', "not valid TOML"),
    ('hypotheses = ["a"]\n[[cell]]\nmembers = ["b"]\nsize = 1\n', "unknown hypothesis 'b'"),
    ('hypotheses = ["a"]\n[[cell]]\nmembers = ["a"]\nsize = -1\n', "size must be"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, text, message):
    path, res = _bad(tmp_path, text)
    assert res.exit_code == 2, res.output
    assert message in res.output
    assert str(path) in res.output
    assert len(res.output.strip().splitlines()) == 1
    assert "Traceback" not in res.output


def test_missing_file():
    res = run("info", "no/such/file.toml")
    assert res.exit_code == 2 and "no such file" in res.output


def test_non_uus_class_is_reported_not_rejected(tmp_path):
    path = tmp_path / "fin.toml"
    path.write_text('[[hypothesis]]\nname = "fin"\npredicate = "x in 0..3"\n'
                    '[[hypothesis]]\nname = "pos"\npredicate = "x > 0"\n')
    res = run("info", path, "--json")
    assert res.exit_code == 0
    data = json.loads(res.output)
    assert data["uus"] is False and data["finite_supports"] == ["fin"]
    assert "UUS: NO" in run("info", path).output


def test_installed_command_runs():
    """The console script works as a newcomer runs it (a subprocess, not the test runner)."""
    out = subprocess.run([sys.executable, "-m", "replayproof", "info", str(CLASSES / "h4.toml")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "closure dimension C(H) = 3" in out.stdout
    bad = subprocess.run([sys.executable, "-m", "replayproof", "info", str(CLASSES / "nope.toml")],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


def test_committed_certificates_check_from_any_directory(tmp_path):
    """Certificates name their class relative to the repository, so `check` works wherever it runs."""
    certs = sorted((CLASSES.parent.parent / "counterexamples").glob("*.json"))
    assert len(certs) >= 6
    for cert in certs:
        out = subprocess.run([sys.executable, "-m", "replayproof", "check", str(cert)], cwd=tmp_path,
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 0 and out.stdout.startswith("valid"), (cert.name, out.stdout, out.stderr)
