"""`prove` as data: the Coq file for what `decide` finds about a class, and Coq's verdict on a file."""
from __future__ import annotations

from dataclasses import dataclass

from ..classes.classfile import load
from ..trusted.classes.model import FiniteClass, Hypothesis
from ..trusted.errors import InputError
from ..game.criterion import find_obstruction
from .compare import first_difference
from .coqc import COQCHK_UNSAFE, Audit, audit, coqc_binary, coqchk_binary
from .coqfile import PROOFS, SEPARATION, WITH_REPLAY, WITHOUT_REPLAY, Claim, audit_text, obstruction_lines, render
from .instance import build_instance, check_lia_size
from .table import points, table_lines


@dataclass(frozen=True)
class Verdict:
    """What Coq said about a file: proved, or why not, as one line."""

    proved: bool
    message: str


@dataclass(frozen=True)
class Planned:
    """The claim prove makes about a class and the file that proves it."""

    cls: FiniteClass
    claim: Claim
    text: str


def load_integer_class(path: str, timeout_ms: int = 20_000) -> FiniteClass:
    """The class in `path`; classes of words are refused (docs/proofs.md says why)."""
    cls = load(path, timeout_ms=timeout_ms)
    if not all(isinstance(h, Hypothesis) for h in cls.hypotheses):
        raise InputError(f"{path}: prove handles classes over the integers (predicates on x); "
                         f"{cls.name!r} is a class of words, which it refuses (why: docs/proofs.md, "
                         "'Classes of words: refused')")
    return cls


def claim_for(cls: FiniteClass, replay: bool = True) -> Claim:
    """The claim prove makes: what `decide` finds (with replay by the criterion; without, always generatable)."""
    if not replay:
        return WITHOUT_REPLAY
    return WITH_REPLAY if find_obstruction(cls.table) is None else SEPARATION


def plan(path: str, replay: bool = True, timeout_ms: int = 20_000) -> Planned:
    """The claim about the class in `path` and the Coq file proving it; raises when none can be written."""
    cls = load_integer_class(path, timeout_ms)
    claim = claim_for(cls, replay)
    lines = table_lines(cls, points(cls))
    if claim is SEPARATION:
        inst = build_instance(cls, find_obstruction(cls.table))
        check_lia_size(cls, inst)
        lines += ["", *obstruction_lines(cls, inst)]
    if claim is WITH_REPLAY:
        lines += ["", "(** Li and Zhang's criterion: every listed point has a good first answer (computed). *)",
                  "Lemma criterion_holds : criterion N L pts = true.", "Proof. vm_compute. reflexivity. Qed."]
    return Planned(cls, claim, render(cls, claim, path, lines, PROOFS[claim.name]))


def instance_text(path: str, replay: bool = True, timeout_ms: int = 20_000) -> str:
    """The Coq file prove writes for the class in `path`."""
    return plan(path, replay, timeout_ms).text


def require_coq() -> None:
    """Raise InputError when coqc or coqchk is not installed."""
    if coqc_binary() is None or coqchk_binary() is None:
        raise InputError("checking needs coqc and coqchk, which are not installed (e.g. apt-get install coq)")


def check_text(text: str, cls: FiniteClass, claim: Claim, name: str) -> Verdict:
    """Compile a claim file, have Coq match its theorem against the claim restated from the class, and read
    the theorem's assumptions with Print Assumptions and with coqchk: proved only if all three agree."""
    return judge(audit(text, audit_text(cls, claim, "Checked.Claim")), cls, claim, f"{name}.v")


def judge(result: Audit, cls: FiniteClass, claim: Claim, where: str) -> Verdict:
    """The verdict on an audited file: it compiled, its theorem has the claim's type, Print Assumptions of
    that theorem alone is closed, and coqchk lists no axiom outside the standard library (both needed)."""
    if not result.compiled.ok:
        error = result.compiled.first_error()
        if 'File "./Audit.v"' in error:
            error = error.split(": ", 1)[1] if ": " in error else error
            return Verdict(False, f"{where}: Coq's audit rejects it: {claim.name} does not have the type of the "
                                  f"claim restated from class {cls.name!r}: {error}")
        return Verdict(False, f"{where}: " + error.replace('File "./Claim.v", ', ""))
    printed = ("nothing readable" if result.assumptions is None
               else ", ".join(sorted(result.assumptions)) or "Closed under the global context")
    if result.coqchk is None:
        chk = f"coqchk failed: {' '.join(result.coqchk_output.split())[:200]}"
    else:
        unsafe = [f"{k}: {', '.join(result.coqchk[k])}" for k in COQCHK_UNSAFE if result.coqchk[k]]
        chk = "coqchk: " + ("; ".join(unsafe) if unsafe else "no axioms")
    closed = result.assumptions == frozenset()
    checked = chk == "coqchk: no axioms"
    if not closed or not checked:
        return Verdict(False, f"{where}: the proof of {claim.name} rests on assumptions: "
                              f"Print Assumptions {claim.name}: {printed}; {chk}")
    return Verdict(True, f"proved: {claim.words} (class {cls.name!r}); Print Assumptions {claim.name}: "
                         f"Closed under the global context; coqchk: no axioms")


def check_file(file_v: str, class_path: str, replay: bool = True, timeout_ms: int = 20_000) -> Verdict:
    """Check a .v file on disk against the class: the statement prove would write, then Coq."""
    cls = load_integer_class(class_path, timeout_ms)
    claim = claim_for(cls, replay)
    try:
        with open(file_v, encoding="utf-8") as f:
            text = f.read()
    except OSError as exc:
        raise InputError(f"{file_v}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"{file_v}: not UTF-8 text") from None
    name = file_v.rsplit("/", 1)[-1].removesuffix(".v")
    differs = first_difference(text, cls, claim, f"{name}.v")
    if differs:
        return Verdict(False, differs)
    require_coq()
    return check_text(text, cls, claim, name)
