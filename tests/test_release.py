"""A release as a researcher meets it: `python -m build` makes an sdist and a wheel that pass
`twine check` and carry the bundled examples as real files; the wheel, installed into a fresh
virtual environment and run from an empty directory (no repository on the path), decides H4,
re-checks a certificate it just exported and reproduces Theorem 7.3."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
import tarfile
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

from replayproof.trusted.classes import bundled
from conftest import ROOT

pytestmark = pytest.mark.slow


def _run(args, cwd=None, env=None, timeout=900) -> subprocess.CompletedProcess:
    res = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert res.returncode == 0, f"{' '.join(map(str, args))}: exit {res.returncode}\n{res.stdout}\n{res.stderr}"
    return res


def _setuptools_builds_here() -> bool:
    """The pyproject needs setuptools >= 77 (PEP 639 licence); else `build` fetches one (isolated, from PyPI)."""
    try:
        return int(version("setuptools").split(".")[0]) >= 77
    except Exception:
        return False


def _bundled_members() -> set[str]:
    """What the package must carry: every bundled file, under replayproof/ (computed from the repository)."""
    out = set()
    for spec in bundled.KINDS.values():
        root = ROOT / spec.folder
        out |= {f"replayproof/{spec.folder}/{p.relative_to(root).as_posix()}"
                for p in root.rglob("*") if p.is_file() and p.suffix in spec.suffixes}
    return out


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    pytest.importorskip("build", reason="needs `build` (pip install -e '.[test]')")
    out = tmp_path_factory.mktemp("dist")
    isolation = ["--no-isolation"] if _setuptools_builds_here() else []
    _run([sys.executable, "-m", "build", *isolation, "--outdir", out, ROOT])
    return out


def test_sdist_and_wheel_pass_twine_check_and_carry_real_files(dist):
    pytest.importorskip("twine", reason="needs `twine` (pip install -e '.[test]')")
    (wheel,), (sdist,) = dist.glob("*.whl"), dist.glob("*.tar.gz")
    res = _run([sys.executable, "-m", "twine", "check", "--strict", wheel, sdist])
    assert res.stdout.count("PASSED") == 2, res.stdout
    want = _bundled_members() | {"replayproof/py.typed"}
    with zipfile.ZipFile(wheel) as z:
        infos = {i.filename: i for i in z.infolist()}
    assert want <= set(infos), sorted(want - set(infos))
    assert not any(stat.S_ISLNK(infos[n].external_attr >> 16) for n in want)
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in infos)
    with tarfile.open(sdist) as t:
        members = {m.name.split("/", 1)[1]: m for m in t.getmembers() if "/" in m.name}
    assert want <= set(members), sorted(want - set(members))
    assert all(members[n].isfile() for n in want), [n for n in want if not members[n].isfile()]
    assert {"LICENSE", "CITATION.cff", "CHANGELOG.md"} <= set(members)


def test_the_wheel_works_in_a_fresh_venv_from_an_empty_directory(dist, tmp_path):
    (wheel,) = dist.glob("*.whl")
    venv = tmp_path / "venv"
    # The dependencies are reused from this interpreter's site-packages (no network); the wheel's
    # replayproof must shadow any editable install there, which the first check below confirms.
    _run([sys.executable, "-m", "venv", "--system-site-packages", venv])
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "REPLAYPROOF_DEBUG")}
    _run([python, "-m", "pip", "install", "--no-index", "--no-input", wheel], env=env)
    empty = tmp_path / "empty"
    empty.mkdir()

    def replayproof(*args: str) -> str:
        return _run([bindir / "replayproof", *args], cwd=empty, env=env).stdout

    where = _run([python, "-c", "import replayproof; print(replayproof.__file__)"], cwd=empty, env=env).stdout
    assert Path(where.strip()).resolve().is_relative_to(venv.resolve()), where

    listed = replayproof("examples")
    for name in bundled.names("classes"):
        assert f"  {name} " in listed, name
    assert replayproof("decide", "h4").startswith("not-generatable: H4 (h4), proper generation in the limit with replay")
    assert replayproof("decide", "strings/triangle").startswith("not-generatable: triangle-strings")
    assert "certificate written to g.json" in replayproof("decide", "h4", "--no-replay", "--export", "g.json")
    checked = replayproof("check", "g.json")
    assert checked.startswith("valid: generatable") and str(venv.resolve()) in checked, checked
    assert replayproof("verify", "h4", "--generator", "telltale", "--notion", "proper-limit").startswith(
        "defeated: telltale on h4")
    assert replayproof("theorems", "--only", "T7.3").startswith("T7.3  reproduced")
    assert sorted(p.name for p in empty.iterdir()) == ["g.json"]
