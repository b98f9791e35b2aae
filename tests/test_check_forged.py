"""Forged certificates of every shape the soundness review found are rejected, each with one precise line."""
from __future__ import annotations

import copy
import json

import pytest

from replayproof.trusted.certificates import check, read
from replayproof.trusted.classes import cells as C
from replayproof.classes.classfile import loads
from replayproof.trusted.kernel import Mode, judge, licence
from conftest import ROOT

COMMITTED = ROOT / "counterexamples"
PROPER = Mode(replay=True, proper=True)


def committed(stem: str) -> dict:
    return copy.deepcopy(read(COMMITTED / f"{stem}.json"))


def rejected(cert: dict, source=None) -> str:
    result = check(cert, source)
    assert not result.valid, result.message
    assert "\n" not in result.message
    return result.message


# ---------------------------------------------------------------- lower bounds

def test_lower_bound_with_a_dropped_target_is_rejected():
    """The review's forgery: one target, ten negatives, threshold 10, answers only outside h1-."""
    cert = committed("lower_h4")
    cert.update(targets=["h1-"], stream=list(range(-3, -13, -1)), refutes_threshold=10,
                answers=[{"cell": ["h2-", "h1+", "h2+"], "target": "h1-"}, {"cell": ["h1+", "h2+"], "target": "h1-"}])
    assert rejected(cert, COMMITTED / "lower_h4.json") == (
        "the cell {h1-, h2-} lies inside every target but the stream does not exhaust it: "
        "the answer -13 is correct for all of ['h1-']")


def test_lower_bound_with_an_unexhausted_common_cell_is_rejected(tmp_path):
    (tmp_path / "ab.toml").write_text('name = "AB"\n[[hypothesis]]\nname = "A"\npredicate = "x <= 0 or x == 5"\n'
                                      '[[hypothesis]]\nname = "B"\npredicate = "x >= 0 or x == -5"\n')
    cert = {"kind": "uniform-lower-bound", "class": "ab.toml", "refutes_threshold": 100, "modes": ["standard", "replay"],
            "stream": list(range(-1, -101, -1)), "targets": ["A"], "answers": [{"cell": ["B"], "target": "A"}],
            "cells": [{"signature": ["A"], "size": "inf"}, {"signature": ["A", "B"], "size": "3"},
                      {"signature": ["B"], "size": "inf"}]}
    (tmp_path / "cert.json").write_text(json.dumps(cert))
    assert rejected(read(tmp_path / "cert.json")) == (
        "the cell {A} lies inside every target but the stream does not exhaust it: "
        "the answer -101 is correct for all of ['A']")


def test_lower_bound_with_no_targets_is_rejected():
    cert = committed("lower_h4")
    cert["targets"] = []
    assert rejected(cert, COMMITTED / "lower_h4.json") == \
        "malformed certificate: at targets: needs at least 1 item(s), got 0"


def test_lower_bound_against_a_relabelled_class_is_rejected():
    cert = committed("lower_h4")
    swap = {"h1-": "h1+", "h1+": "h1-"}
    for c in cert["cells"]:
        c["signature"] = [swap.get(h, h) for h in c["signature"]]
    assert rejected(cert, COMMITTED / "lower_h4.json") == (
        "class: cell {h1-, h2-} has size inf in ../encodings/classes/h4.toml but 0 in the certificate")


# ---------------------------------------------------------------- defeat traces

def _trace(**change) -> dict:
    cert = committed("attack_zero_odd_closure")  # target zero-odd = {0} + odd, uniform threshold 2, replay
    cert.update({"generator": "mine.py:g", **change})  # user code: checked from the recorded answers
    return cert


def test_trace_whose_failing_answer_is_correct_is_rejected():
    assert rejected(_trace(inputs=[0, 1], answers=[1, 3]), COMMITTED / "x.json") == \
        "the answer at round 2 is correct for zero-odd"


def test_trace_below_its_threshold_is_rejected():
    assert rejected(_trace(threshold=3), COMMITTED / "x.json") == \
        "round 2 has 2 distinct examples, fewer than the threshold 3"


def test_replay_licensed_by_its_own_round_is_rejected():
    """Round 2 presents 4 (even, outside the target) and then answers 4: only earlier answers license."""
    assert rejected(_trace(inputs=[0, 4], answers=[2, 4]), COMMITTED / "x.json") == \
        "round 2 is not legal: input 4 is not in the target and is no replay of an earlier answer"


def test_invented_answers_under_a_bundled_name_are_rejected_whatever_the_bundled_flag():
    cert = committed("attack_sep51_h3")
    cert.update(bundled=False, answers=[4, 4, 4, 7])
    assert rejected(cert, COMMITTED / "x.json") == \
        "the bundled generator sep51-standard answers [2, 2, 4, 5], not the recorded answers"


@pytest.mark.parametrize("spec", ["{dir}/evil.py:f", "burn-in:{dir}/evil.py:f"])
def test_a_certificate_naming_user_code_never_runs_it(tmp_path, spec):
    marker = tmp_path / "ran"
    (tmp_path / "evil.py").write_text(f"open({str(marker)!r}, 'w').write('x')\ndef f(observed):\n    return 2\n")
    cert = _trace(generator=spec.format(dir=tmp_path), bundled=True, burn_in_threshold=2)
    assert "is not in the package's table of bundled generators" in rejected(cert, COMMITTED / "x.json")
    cert["bundled"] = False  # the flag must agree with the table (issue 22)
    result = check(cert, COMMITTED / "x.json")
    assert result.valid, result.message
    assert result.message.endswith(f"answers as recorded; generator not re-run ({cert['generator']} is not in "
                                   "the package's table)")
    assert not marker.exists()


# ---------------------------------------------------------------- proper-limit strategies

def test_adversary_strategy_with_a_cycle_of_step_nodes_is_rejected(tmp_path):
    """Consistent bookkeeping, no loop at all: only the acyclicity check stands in the way."""
    step = lambda nid, o, nxt: {"id": nid, "answers_so_far": o, "legal_for": ["a", "b"], "move": "step",  # noqa: E731
                                "present": ["a", "b"], "next": nxt}
    nodes = [step("n0", [], {"a": "n1", "b": "n2"}), step("n1", ["a"], {"a": "n1b", "b": "n3"}),
             step("n1b", ["a"], {"a": "n1", "b": "n3"}), step("n2", ["b"], {"a": "n3", "b": "n2b"}),
             step("n2b", ["b"], {"a": "n3", "b": "n2"}), step("n3", ["a", "b"], {"a": "n3b", "b": "loop"}),
             step("n3b", ["a", "b"], {"a": "n3", "b": "n3"}),
             {"id": "loop", "answers_so_far": ["a", "b"], "legal_for": ["a", "b"], "move": "loop",  # a valid leaf
              "present": [["a"], ["a", "b"], ["b"]], "enumerates": ["a", "b"], "wrong": {"a": "b", "b": "a"},
              "next": {}}]
    cells = [{"signature": s, "size": "inf"} for s in (["a"], ["a", "b"], ["b"])]
    cert = {"kind": "proper-limit-adversary", "format": 1, "notion": "proper-limit", "replay": True,
            "verdict": "not-generatable", "class": {"name": "pair", "path": None, "hypotheses": ["a", "b"],
                                                    "cells": cells}, "root": "n0", "nodes": nodes}
    assert rejected(cert) == ("nodes n1 -> n1b -> n1 form a cycle: a play could follow it forever without "
                              "settling in a loop")


def test_strategy_against_a_relabelled_class_is_rejected():
    cert = committed("h4_replay")
    cert["class"]["hypotheses"] = ["h1+", "h2-", "h1-", "h2+"]
    assert rejected(cert, COMMITTED / "h4_replay.json") == (
        "class: ../encodings/classes/h4.toml has hypotheses ['h1-', 'h2-', 'h1+', 'h2+'], "
        "the certificate ['h1+', 'h2-', 'h1-', 'h2+']")


def test_a_class_file_missing_next_to_the_certificate_is_named(tmp_path):
    cert = committed("h4_replay")
    (tmp_path / "c.json").write_text(json.dumps(cert))
    assert rejected(read(tmp_path / "c.json")) == \
        f"class: file ../encodings/classes/h4.toml not found (relative paths are read from {tmp_path})"


# ---------------------------------------------------------------- kernel

def test_judge_rejects_proper_answers_outside_the_class(h4):
    with pytest.raises(ValueError, match="answer -1 at round 1 is not a hypothesis index"):
        judge(h4, 0, [0], [-1], PROPER)
    # and such an answer never licenses a replay (it is no Python negative index into the class)
    h1m, h2p = h4.index("h1-"), h4.index("h2+")
    assert licence(h4, h1m, 5, [h2p - 4], PROPER) == (False, None)
    assert licence(h4, h1m, 5, [h2p], PROPER) == (True, 1)


def test_finite_cells_are_listed_not_scanned_for():
    """A finite cell far from 0: its elements come from the cell table (the old scan took minutes)."""
    cls = loads('name = "far"\n[[hypothesis]]\nname = "h"\npredicate = "x <= 0 or x == 100000000"\n'
                '[[hypothesis]]\nname = "g"\npredicate = "x <= 0"\n', scan=False)
    far = next(c.signature for c in cls.table.cells if c.size == 1)
    assert list(cls.cell_elements(far)) == [100000000]
    inf = next(c.signature for c in cls.table.cells if c.size == C.INF)
    it = cls.cell_elements(inf)
    assert [next(it) for _ in range(3)] == [0, -1, -2]


def test_a_strategy_node_no_play_reaches_is_rejected():
    cert = committed("h4_replay")
    extra = copy.deepcopy(cert["nodes"][-1])
    extra["id"] = "orphan"
    cert["nodes"].append(extra)
    assert rejected(cert, COMMITTED / "h4_replay.json") == "node orphan is unreachable from the root"


def test_a_class_too_wide_to_scan_is_no_verdict(tmp_path):
    """check never calls a solver: when the periodicity window is too wide it says so (exit 3)."""
    from click.testing import CliRunner
    from replayproof.cli import cli
    (tmp_path / "wide.toml").write_text('name = "wide"\n[[hypothesis]]\nname = "h"\npredicate = "x <= 0 or x == 5000000"\n')
    cert = committed("lower_h4")
    cert.update(**{"class": "wide.toml"})
    (tmp_path / "c.json").write_text(json.dumps(cert))
    out = CliRunner().invoke(cli, ["check", str(tmp_path / "c.json")])
    assert out.exit_code == 3
    assert "wide.toml: cannot derive the cells without a solver (brute-force window 5000002 is too large" in out.output
