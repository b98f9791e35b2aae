"""Theorem 7.1's construction (Algorithm 3) against membership-query generators, and its certificates."""
from __future__ import annotations

import copy
import json

import pytest

from replayproof.certificates import check, read
from replayproof.kernel import Mode, judge
from replayproof.paper import algorithm3 as A
from replayproof.paper.query_generators import GENERATORS
from replayproof.paper.querytable import QueryTable, TableRow, branch_of
from replayproof.theorems.catalog import t71_certificates
from conftest import ROOT

PROPER = Mode(replay=False, proper=True)
COMMITTED = sorted((ROOT / "counterexamples").glob("t71_*.json"))


def _run(name: str, clocked: bool = False, rounds: int = 30) -> A.Run:
    return A.run(GENERATORS[name], rounds, clocked=clocked, step_budget=2000, name=name)


@pytest.mark.parametrize("name,clocked,branch", [
    ("reference", False, "trap"), ("smallest", False, "trap"), ("cycle", False, "reference"),
    ("telltale", False, "reference"), ("telltale", True, "trap")])
def test_each_generator_lands_in_one_half_of_the_dichotomy(name, clocked, branch):
    r = _run(name, clocked)
    assert r.branch == branch and A.both_targets_legal(r)
    errors = r.judged().errors
    expected = A.errors_expected(r)
    assert expected and set(expected) <= set(errors)
    if branch == "reference":  # every non-reference answer holds a spoiler outside the reference
        assert set(errors) == set(r.nonreference_rounds)
        assert all(r.table.outside(r.answers[t - 1], 0) is not None for t in errors)
    else:                      # the reference answered from the last trap on over-generalizes
        assert r.table.outside(0, r.trap) is not None


def test_the_trap_holds_every_presented_point_and_shares_one_with_the_reference():
    r = _run("cycle")
    for row, made in r.traps[1:]:
        trap = r.table.row(row)
        shown = set(r.stream[: made + 1])
        assert all(r.table.member(row, x) for x in shown)
        assert r.stream[made] in trap.reference_columns and r.table.member(0, r.stream[made])


def test_the_stalling_generator_shows_the_gap_and_the_clocked_repair():
    printed, clocked = _run("stall", False), _run("stall", True)
    assert printed.stalled_round == clocked.stalled_round == 3
    assert printed.decided_rows == 4 and printed.decided_columns == 9           # nothing more, ever
    assert clocked.decided_rows > 2000 and clocked.decided_columns > 2000        # grows with every step


def test_interface_errors_are_reported_as_the_generators_failure():
    def bad_query(stream):
        yield (-1, 0)
        return 0

    def bad_answer(stream):
        return "h1"
        yield

    for gen, words in ((bad_query, "not a pair"), (bad_answer, "not a row index")):
        with pytest.raises(A.GeneratorFailure, match=words):
            A.run(gen, 3)


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_committed_runs_check_and_are_reproduced(path):
    result = check(read(path))
    assert result.valid, result.message
    fresh = t71_certificates()[path.name]
    assert json.loads(path.read_text()) == json.loads(json.dumps(fresh)), \
        "regenerate with: replayproof theorems --only T7.1 --export counterexamples"


def _independent_errors(cert: dict) -> list[int]:
    """Errors on the recorded target by the row rules alone (no kernel): a witness column per round."""
    table = QueryTable(cert["n"], tuple((r["row"], TableRow(r["kind"], frozenset(r["reference_columns"]),
                                                            frozenset(r["spoilers"]))) for r in cert["rows"]))
    return [t for t, g in enumerate(cert["answers"], 1) if table.outside(g, cert["target"]) is not None]


def _edits(cert: dict):
    """Semantic edits of a valid run: (what, edited certificate)."""
    def edit(fn):
        c = copy.deepcopy(cert)
        fn(c)
        return c
    nonref = next(i for i, g in enumerate(cert["answers"]) if g != 0)
    trap = max((r for r in cert["rows"] if r["kind"] == "trap"), key=lambda r: r["created_round"])
    yield "another bundled generator", edit(lambda c: c.update(generator="smallest"))
    yield "an answer changed", edit(lambda c: c["answers"].__setitem__(nonref, 0))
    yield "branch flipped", edit(lambda c: c.update(branch="trap" if c["branch"] == "reference" else "reference"))
    yield "target moved", edit(lambda c: c.update(target=trap["row"]))
    yield "an error dropped", edit(lambda c: c["errors"].pop())
    yield "a spoiler removed", edit(lambda c: next(r for r in c["rows"] if r["spoilers"])["spoilers"].pop())
    yield "a trap widened", edit(lambda c: next(r for r in c["rows"] if r is not None and r["row"] == trap["row"])
                                 ["reference_columns"].append(10 ** 6 + 1))
    yield "the last trap moved below an answer", edit(
        lambda c: next(r for r in c["rows"] if r["row"] == trap["row"]).update(row=1))
    yield "clocked flipped", edit(lambda c: c.update(clocked=not c["clocked"]))
    yield "n shrunk", edit(lambda c: c.update(n=max(c["answers"]) + 1))
    yield "a stall invented", edit(lambda c: c.update(stalled_round=len(c["answers"]) + 1))
    yield "an input replaced", edit(lambda c: c["stream"].__setitem__(3, 3 * 10 ** 5))
    yield "generator renamed (not bundled)", edit(lambda c: c.update(generator="my_gen"))


def test_forged_runs_are_rejected_or_independently_confirmed():
    cert = json.loads((ROOT / "counterexamples" / "t71_cycle.json").read_text())
    accepted = []
    for what, forged in _edits(cert):
        result = check(forged)
        if result.valid:
            accepted.append(what)
            # the claim the checker accepted must hold by an independent route
            assert _independent_errors(forged) == forged["errors"], what
            assert forged["branch"] == branch_of(forged["answers"]), what
    assert accepted == ["generator renamed (not bundled)"]
    assert "answers as recorded" in check(list(_edits(cert))[-1][1]).message


def test_the_kernel_and_the_row_rules_agree_on_every_committed_run():
    for path in COMMITTED:
        cert = json.loads(path.read_text())
        if not cert["answers"]:
            continue
        table = QueryTable(cert["n"], tuple((r["row"], TableRow(r["kind"], frozenset(r["reference_columns"]),
                                                                frozenset(r["spoilers"]))) for r in cert["rows"]))
        trace = judge(table, cert["target"], cert["stream"][: len(cert["answers"])], cert["answers"], PROPER)
        assert list(trace.errors) == _independent_errors(cert) == cert["errors"]
