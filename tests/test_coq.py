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
