"""Running `coqc` on the bundled Coq development (package data) and on files that import it."""
from __future__ import annotations

import atexit
import functools
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: The development's Coq library name: files import it with `From Replay Require Import Replay.`
LIBRARY = "Replay"
#: The development, in dependency order (the only copy; proofs/coq links here).
DEVELOPMENT = ("Replay.v", "Concrete.v", "Cells.v")
CLOSED = "Closed under the global context"


@dataclass(frozen=True)
class CoqRun:
    """The outcome of compiling files with coqc: success and everything it printed."""

    ok: bool
    output: str

    def first_error(self) -> str:
        """The first error, as one line: its location and message."""
        lines = self.output.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("Error"):
                where = next((w for w in reversed(lines[:i]) if w.startswith("File ")), "")
                message = " ".join(x.strip() for x in lines[i:i + 4] if x.strip() and not x.startswith("File "))
                return f"{where.rstrip(':')}: {message}" if where else message
        return " ".join(self.output.split())[:300] or "coqc failed without a message"


def development_dir() -> Path:
    """The directory holding the development's .v files."""
    return Path(__file__).resolve().parent / "coq"


def coqc_binary() -> str | None:
    """The coqc executable on PATH, or None when Coq is not installed."""
    return shutil.which("coqc")


def _coq_name(stem: str) -> str:
    """A file stem Coq accepts as a module name."""
    name = re.sub(r"\W", "_", stem)
    return name if re.match(r"[A-Za-z_]", name) else f"M_{name}"


def _run(binary: str, lib: Path, where: Path, name: str, timeout: float, extra: tuple[str, ...] = ()) -> CoqRun:
    """Compile one file in `where` with the development's library (and `extra` flags) on the load path."""
    try:
        res = subprocess.run([binary, "-q", "-Q", str(lib), LIBRARY, *extra, name], cwd=where,
                             capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return CoqRun(False, f"Error: coqc timed out after {timeout:g} s on {name}")
    return CoqRun(res.returncode == 0, res.stdout + res.stderr)


@functools.lru_cache(maxsize=None)
def _compiled_library(binary: str) -> tuple[Path, CoqRun]:
    """The development compiled once per process, in a scratch directory removed at exit."""
    tmp = Path(tempfile.mkdtemp(prefix="replayproof-coqlib-"))
    atexit.register(shutil.rmtree, tmp, True)
    lib = tmp / LIBRARY
    lib.mkdir()
    outputs = []
    for name in DEVELOPMENT:
        shutil.copyfile(development_dir() / name, lib / name)
        run = _run(binary, lib, lib, name, 600.0)
        outputs.append(run.output)
        if not run.ok:
            return lib, CoqRun(False, "\n".join(outputs))
    return lib, CoqRun(True, "\n".join(outputs))


def compile_with_development(sources: dict[str, str], timeout: float = 600.0) -> CoqRun:
    """Compile the development, then each source (name -> text) in order, in a scratch directory."""
    binary = coqc_binary()
    if binary is None:
        return CoqRun(False, "coqc not found: install Coq (e.g. apt-get install coq)")
    lib, built = _compiled_library(binary)
    if not built.ok:
        return built
    outputs = [built.output]
    with tempfile.TemporaryDirectory(prefix="replayproof-coq-") as tmp:
        for stem, text in sources.items():
            name = _coq_name(stem) + ".v"
            (Path(tmp) / name).write_text(text)
            run = _run(binary, lib, Path(tmp), name, timeout)
            outputs.append(run.output)
            if not run.ok:
                return CoqRun(False, "\n".join(outputs))
    return CoqRun(True, "\n".join(outputs))


def axioms_used(output: str) -> frozenset[str] | None:
    """The axioms in `output`, which must be exactly one `Print Assumptions` answer (empty when closed).

    None when the output is anything else: text around the answer (another lemma's answer, a message
    of the file) is never read as the answer, so a file cannot print some closed lemma's assumptions.
    """
    text = output.strip()
    if text == CLOSED:
        return frozenset()
    if not text.startswith("Axioms:"):
        return None
    return frozenset(m.group(1) for m in re.finditer(r"^(\S+) :", text.split("Axioms:", 1)[1], re.MULTILINE))


def coqchk_binary() -> str | None:
    """The coqchk executable on PATH (Coq's independent checker), or None."""
    return shutil.which("coqchk")


#: What coqchk -o lists besides axioms; each must be <none> for a proof that trusts nothing extra.
COQCHK_UNSAFE = ("Axioms", "Constants/Inductives relying on type-in-type",
                 "Constants/Inductives relying on unsafe (co)fixpoints", "Inductives whose positivity is assumed")


def coqchk_report(output: str) -> dict[str, tuple[str, ...]] | None:
    """coqchk -o's context summary: for each unsafe category, the names it lists outside Coq's standard
    library (which prove admits: it is Coq's, compiled by the distribution); None if absent."""
    if "CONTEXT SUMMARY" not in output:
        return None
    summary = output.split("CONTEXT SUMMARY", 1)[1]
    report = {}
    for item in re.split(r"^\* ", summary, flags=re.MULTILINE)[1:]:
        head, _, body = item.partition(":")
        names = tuple(x for x in body.split() if x != "<none>" and not x.startswith("Coq."))
        report[head.strip()] = names
    if any(k not in report for k in COQCHK_UNSAFE):
        return None
    return report


@dataclass(frozen=True)
class Audit:
    """A claim file audited: compiled, its theorem's type matched by Coq, its assumptions read twice."""

    compiled: CoqRun                         # the claim file and the audit file, compiled with coqc
    assumptions: frozenset[str] | None      # Print Assumptions of the audited theorem only
    coqchk: dict[str, tuple[str, ...]] | None  # coqchk -o on the compiled audit file and its dependencies
    coqchk_output: str


#: The library name under which the claim and audit files are compiled.
CHECKED = "Checked"


def audit(claim_text: str, audit_source: str, timeout: float = 600.0) -> Audit:
    """Compile the claim as Checked.Claim, then the audit file (which requires it), then run coqchk."""
    binary, checker = coqc_binary(), coqchk_binary()
    if binary is None or checker is None:
        missing = CoqRun(False, "coqc and coqchk are needed: install Coq (e.g. apt-get install coq)")
        return Audit(missing, None, None, "")
    lib, built = _compiled_library(binary)
    if not built.ok:
        return Audit(built, None, None, "")
    with tempfile.TemporaryDirectory(prefix="replayproof-audit-") as tmp:
        where = Path(tmp)
        flags = ("-Q", str(where), CHECKED)
        (where / "Claim.v").write_text(claim_text)
        (where / "Audit.v").write_text(audit_source)
        claim = _run(binary, lib, where, "Claim.v", timeout, flags)
        if not claim.ok:
            return Audit(claim, None, None, "")
        audited = _run(binary, lib, where, "Audit.v", timeout, flags)
        if not audited.ok:
            return Audit(audited, None, None, "")
        try:
            mods = [a for m in (*(f"{LIBRARY}.{d[:-2]}" for d in DEVELOPMENT), f"{CHECKED}.Claim",
                                f"{CHECKED}.Audit") for a in ("-norec", m)]
            res = subprocess.run([checker, "-silent", "-o", "-Q", str(lib), LIBRARY, "-Q", str(where), CHECKED,
                                  *mods], cwd=where, capture_output=True, text=True, timeout=timeout)
            chk_out = res.stdout + res.stderr
            chk = coqchk_report(chk_out) if res.returncode == 0 else None
        except subprocess.TimeoutExpired:
            chk_out, chk = f"coqchk timed out after {timeout:g} s", None
    return Audit(audited, axioms_used(audited.output), chk, chk_out)
