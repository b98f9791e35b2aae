"""The Coq development (replayproof/prove/coq, linked as proofs/coq): it checks, and rests on no axioms."""
from __future__ import annotations

from pathlib import Path

import pytest

from replayproof.prove.coqc import CoqRun, axioms_used, compile_with_development, coqchk_report, development_dir

GENERAL_THEOREMS = ("obstruction", "obstruction_by_computation", "generatable_by_table", "sufficiency")


@pytest.mark.coq
def test_general_theorems_check_without_axioms():
    """One term made of the four theorems: its Print Assumptions (the file's only output) covers all four."""
    both = "(" + ", ".join(GENERAL_THEOREMS) + ")"
    run = compile_with_development({"General": "From Replay Require Import Replay Concrete Cells.\n"
                                               f"Definition general := {both}.\nPrint Assumptions general.\n"})
    assert run.ok and axioms_used(run.output) == frozenset(), run.output


@pytest.mark.coq
@pytest.mark.slow
def test_assumptions_file_compiles():
    run = compile_with_development({"Assumptions": (development_dir() / "Assumptions.v").read_text()})
    assert run.ok, run.output
    assert run.output.count("Closed under the global context") == 3


@pytest.mark.coq
@pytest.mark.slow  # tests/test_prove.py corrupts a (smaller) instance file in the default run
def test_a_corrupted_proof_fails():
    text = (development_dir() / "Replay.v").read_text()
    corrupt = text.replace("specialize (Hsub z Hh). congruence.", "specialize (Hsub z Hh).")
    assert corrupt != text
    run = compile_with_development({"Corrupt": corrupt})
    assert not run.ok
    assert "Corrupt.v" in run.first_error() and "incomplete proof" in run.first_error()


def test_proofs_coq_is_the_packaged_development():
    root = Path(__file__).resolve().parent.parent
    assert (root / "proofs" / "coq").resolve() == development_dir()


def test_first_error_is_one_line():
    run = CoqRun(False, 'File "./x.v", line 3, characters 0-4:\nError:\nThe reference foo was not found\n')
    assert run.first_error() == 'File "./x.v", line 3, characters 0-4: Error: The reference foo was not found'
    assert axioms_used("Axioms:\nCoq.Logic.Classical_Prop.classic : forall P : Prop, P \\/ ~ P\n") == \
        frozenset({"Coq.Logic.Classical_Prop.classic"})


def test_assumptions_are_read_from_the_named_theorem_only():
    """Another lemma's 'Closed under the global context' next to the answer is never read as the answer."""
    assert axioms_used("Closed under the global context\n") == frozenset()
    assert axioms_used("Axioms:\nClaim.cheat : False\n") == frozenset({"Claim.cheat"})
    assert axioms_used("Axioms:\nClaim.cheat : False\nClosed under the global context\n") == {"Claim.cheat"}
    assert axioms_used("some message\nClosed under the global context\n") is None
    assert axioms_used("") is None


CHK = """
CONTEXT SUMMARY
===============

* Theory: Set is predicative
  
* Axioms:
    Coq.ssr.ssrunder.Under_rel.Over_rel
    {axiom}
  
* Constants/Inductives relying on type-in-type: <none>
  
* Constants/Inductives relying on unsafe (co)fixpoints: <none>
  
* Inductives whose positivity is assumed: <none>
"""


def test_coqchk_summary_is_read():
    assert coqchk_report(CHK.format(axiom="Checked.Claim.cheat"))["Axioms"] == ("Checked.Claim.cheat",)
    assert coqchk_report(CHK.format(axiom=""))["Axioms"] == ()  # the standard library is admitted
    assert coqchk_report("Checked.Claim has been checked") is None
    assert coqchk_report(CHK.replace("* Inductives whose positivity is assumed: <none>", "")) is None


@pytest.mark.coq
@pytest.mark.slow  # about 1.5 s of Coq; prove's positive proofs depend on it, a disagreement fails them too
def test_coq_criterion_agrees_with_python_on_every_size_3_class():
    """Cells.criterion, evaluated by Coq on each class's cells (point c = cell c), decides all 296 sweep
    classes of size 3 (cells 0/1/inf) as the Python criterion does, the separated ones included."""
    import re

    from replayproof.trusted.classes import cells as C
    from replayproof.classes.criterion import criterion
    from replayproof.sweep.enumerate import enumerate_classes
    tables = [sc.table for sc in enumerate_classes(3, (0, 1, C.INF))]
    assert len(tables) == 296
    coq_rows = []
    for t in tables:
        rows = "; ".join("[" + "; ".join("true" if i in c.signature else "false" for c in t.cells) + "]"
                         for i in range(t.n))
        pts = "; ".join(f"{c}%Z" for c in range(len(t.cells)))
        coq_rows.append(f"criterion {t.n} (Lt [{rows}]) [{pts}]")
    text = ("From Coq Require Import ZArith List.\nFrom Replay Require Import Replay Cells.\nImport ListNotations.\n"
            "Definition Lt (rows : list (list bool)) (i : nat) (z : Z) : bool := nth (Z.to_nat z) (nth i rows []) false.\n"
            f"Eval vm_compute in [{'; '.join(coq_rows)}].\n")
    run = compile_with_development({"CriterionAgrees": text})
    assert run.ok, run.first_error()
    got = [v == "true" for v in re.findall(r"\b(true|false)\b", run.output.split("=", 1)[1])]
    want = [criterion(t).generatable for t in tables]
    assert got == want and 0 < want.count(False) < len(want)
