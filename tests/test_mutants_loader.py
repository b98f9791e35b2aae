"""benchmarks/mutants.py loads every benchmarks/mutants_*.py list of plain tuples, and refuses a malformed one."""
from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import ROOT


def _loader():
    spec = importlib.util.spec_from_file_location("_mutants_under_test", ROOT / "benchmarks" / "mutants.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_extra_files_are_loaded_and_a_missing_one_is_no_error(tmp_path):
    m = _loader()
    assert m.load_extra(tmp_path) == []  # no mutants_*.py at all (the verify helper's file absent)
    (tmp_path / "mutants_x.py").write_text(
        'MUTANTS = [("x: one", "replayproof/trusted/kernel.py", "a", "b", ("tests/test_kernel.py",))]\n'
        'EQUIVALENT = [("x: two", "replayproof/trusted/kernel.py", "c", "d", "no verdict can change")]\n')
    got = m.load_extra(tmp_path)
    assert [(x.name, x.tests, x.equivalent) for x in got] == [
        ("x: one", ("tests/test_kernel.py",), ""), ("x: two", (), "no verdict can change")]


@pytest.mark.parametrize("rows", ['[("x", "f", "a", "b")]', '[("x", "f", "a", "b", "tests/t.py")]', '{}'])
def test_a_malformed_file_is_named(tmp_path, rows):
    (tmp_path / "mutants_bad.py").write_text(f"MUTANTS = {rows}\n")
    with pytest.raises(SystemExit, match="mutants_bad.py"):
        _loader().load_extra(tmp_path)


def test_every_mutant_snippet_occurs_once_and_names_are_unique():
    assert len(_loader().all_mutants()) >= 100
