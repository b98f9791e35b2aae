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
DEVELOPMENT = ("Replay.v", "Concrete.v")
#: Axioms of Coq's standard library that a classical proof may use; anything else is a failure.
STANDARD_AXIOMS = frozenset({
    "Coq.Logic.Classical_Prop.classic",
    "Coq.Logic.FunctionalExtensionality.functional_extensionality_dep",
    "Coq.Logic.ProofIrrelevance.proof_irrelevance",
    "Coq.Logic.Eqdep.Eq_rect_eq.eq_rect_eq",
    "Coq.Logic.IndefiniteDescription.constructive_indefinite_description",
    "Coq.Logic.ClassicalEpsilon.constructive_indefinite_description",
    "Coq.Logic.PropExtensionality.propositional_extensionality",
})
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


def _run(binary: str, lib: Path, where: Path, name: str, timeout: float) -> CoqRun:
    """Compile one file in `where` with the development's library on the load path."""
    try:
        res = subprocess.run([binary, "-q", "-Q", str(lib), LIBRARY, name], cwd=where,
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
    """The axioms `Print Assumptions` listed (empty when closed), or None if it printed nothing."""
    if CLOSED in output:
        return frozenset()
    if "Axioms:" not in output:
        return None
    after = output.split("Axioms:", 1)[1]
    return frozenset(m.group(1) for m in re.finditer(r"^(\S+) :", after, re.MULTILINE))
