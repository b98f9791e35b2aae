"""The Coq development (replayproof/prove/coq, linked as proofs/coq): it checks, and rests on no axioms."""
from __future__ import annotations

from pathlib import Path

import pytest

from replayproof.prove.coqc import (CoqRun, STANDARD_AXIOMS, axioms_used, compile_with_development,
                                    development_dir)

@pytest.mark.coq
def test_obstruction_checks_without_axioms():
    run = compile_with_development({"Assumptions": (development_dir() / "Assumptions.v").read_text()})
    assert run.ok, run.output
    axioms = axioms_used(run.output)
    assert axioms is not None, run.output
    assert axioms <= STANDARD_AXIOMS, f"non-standard axioms: {sorted(axioms - STANDARD_AXIOMS)}"


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
