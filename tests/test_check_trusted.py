"""The trusted base of `replayproof check`: it runs with z3, pysmt, cvc5 and jsonschema unimportable,
for a class given by cells and for predicate classes (cells re-derived by the periodicity scan),
and imports exactly the modules docs/kernel.md lists."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from replayproof.trusted.certificates import _CHECKER_MODULES

from replayproof.output import write
from replayproof.game.build import certificate
from replayproof.game.solve import solve
from conftest import CLASSES, ROOT, bundled

BLOCKED = ("z3", "pysmt", "cvc5", "jsonschema")

# docs/kernel.md, "Trusted base": what `check` imports is one directory, replayproof/trusted/ (and the
# package's own __init__, which imports nothing at load time). No engine package (game, attack, verify,
# threshold, paper, variants, ...) and nothing of classes/ or generators/ outside it is imported at all.
ROOM = "replayproof.trusted"
INCIDENTAL = {"replayproof"}


BLOCKER = f"""
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {BLOCKED!r}:
            raise ImportError('blocked by the test: ' + name)
sys.meta_path.insert(0, Block())
"""


def _run(code: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", BLOCKER + code, *args], capture_output=True, text=True,
                          timeout=120, cwd=ROOT.parent, env=env)


def _cells_class_certificate(tmp_path) -> str:
    cls = bundled("h4_cells")
    path = tmp_path / "h4_cells_replay.json"
    write(certificate(cls, solve(cls.table, True), str(CLASSES / "h4_cells.toml")), path)
    return str(path)


def test_the_command_line_check_runs_without_any_solver(tmp_path):
    cert = _cells_class_certificate(tmp_path)
    out = _run("import runpy; sys.argv = ['replayproof', 'check', sys.argv[1]]\n"
               "runpy.run_module('replayproof', run_name='__main__')", cert)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("valid: not-generatable with replay")
    assert f"checked against: class H4-cells from {CLASSES / 'h4_cells.toml'} (cells given in the file)" in out.stdout


def test_check_imports_exactly_the_trusted_base(tmp_path):
    certs = [_cells_class_certificate(tmp_path)] + [str(p) for p in sorted((ROOT / "counterexamples").glob("*.json"))]
    code = """
import json
from replayproof.trusted.certificates.cli import check
lines = []
for path in sys.argv[1:]:
    try:
        check.main([path], standalone_mode=False)
    except SystemExit as exc:
        lines.append(f'{path}: exit {exc.code}')
print(json.dumps({'bad': lines, 'modules': sorted(m for m in sys.modules if m.startswith('replayproof')),
                  'solvers': sorted(m for m in sys.modules if m.split('.')[0] in %r)}))
""" % (BLOCKED,)
    out = _run(code, *certs)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout.splitlines()[-1])
    assert report["bad"] == [] and report["solvers"] == []
    assert out.stdout.count("valid: ") == len(certs) and "invalid" not in out.stdout
    assert "(cells re-derived by the periodicity scan)" in out.stdout  # the predicate classes
    checkers = {"replayproof.trusted.certificates" + m for m in _CHECKER_MODULES}
    outside = sorted(m for m in report["modules"] if m not in INCIDENTAL and m != ROOM and not m.startswith(ROOM + "."))
    assert outside == [], f"check imports modules outside the trusted room: {outside}"
    assert checkers <= set(report["modules"]) and "replayproof.trusted.kernel" in report["modules"]


@pytest.mark.slow
def test_committed_certificates_check_from_a_non_editable_install(tmp_path):
    """`pip install .` copies the package (schemas included) away from the repository; the class
    paths in certificates are relative to the certificate file, so check still finds them."""
    target = tmp_path / "site"
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                          str(ROOT)], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    if pip.returncode != 0:
        pytest.skip(f"pip install failed (offline?): {pip.stderr.strip().splitlines()[-1:]}")
    assert (target / "replayproof" / "trusted" / "certificates" / "schema" / "defeat-trace.schema.json").exists()
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import replayproof\n"
            "assert replayproof.__file__.startswith(sys.argv[1]), replayproof.__file__\n"
            "from replayproof.trusted.certificates.cli import check\n"
            "for p in sys.argv[2:]:\n"
            "    check.main([p], standalone_mode=False)\n")
    certs = [str(p) for p in sorted((ROOT / "counterexamples").glob("*.json"))]
    out = subprocess.run([sys.executable, "-I", "-c", code, str(target), *certs], capture_output=True, text=True,
                         timeout=300, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("valid: ") == len(certs) and "invalid" not in out.stdout
