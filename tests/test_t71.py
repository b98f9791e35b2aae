"""Theorem 7.1's construction (Algorithm 3) against membership-query generators, and its certificates."""
from __future__ import annotations

import copy
import functools
import json

import pytest

from replayproof.trusted.certificates import check, read
from replayproof.trusted.kernel import Mode, judge
from replayproof.paper import algorithm3 as A
from replayproof.trusted.generators.query import GENERATORS
from replayproof.trusted.certificates.querytable import REFERENCE, QueryTable, TableRow, branch_of
from replayproof.theorems.catalog import t71_certificates
from conftest import ROOT

PROPER = Mode(replay=False, proper=True)
COMMITTED = sorted((ROOT / "counterexamples").glob("t71_*.json"))


def _run(name: str, clocked: bool = False, rounds: int = 30) -> A.Run:
    return A.run(GENERATORS[name], rounds, clocked=clocked, step_budget=2000, name=name)



def outside(table: QueryTable, h: int, g: int) -> int | None:
    """The least column in supp(h) but not in supp(g), by the row rules alone (an oracle independent
    of QueryTable.subset, which the kernel judges with): why answering h is wrong for target g."""
    a, b = table.row(h), table.row(g)
    found = sorted(a.spoilers - b.spoilers)
    if a.kind == "reference" and b.kind != "reference":
        found.append(next(j for j in range(REFERENCE, 3 * len(b.reference_columns) + 4, 3)
                          if j not in b.reference_columns))
    elif a.kind == "trap" and b.kind != "reference":
        found.extend(a.reference_columns - b.reference_columns)
    return min(found, default=None)


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
        assert all(outside(r.table, r.answers[t - 1], 0) is not None for t in errors)
    else:                      # the reference answered from the last trap on over-generalizes
        assert outside(r.table, 0, r.trap) is not None


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


@functools.lru_cache(maxsize=1)
def _fresh() -> dict:
    return t71_certificates()


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_committed_runs_check_and_are_reproduced(path):
    result = check(read(path))
    assert result.valid, result.message
    fresh = _fresh()[path.name]
    assert json.loads(path.read_text()) == json.loads(json.dumps(fresh)), \
        "regenerate with: replayproof theorems --only T7.1 --export counterexamples"


def _independent_errors(cert: dict) -> list[int]:
    """Errors on the recorded target by the row rules alone (no kernel): a witness column per round."""
    table = QueryTable(cert["n"], tuple((r["row"], TableRow(r["kind"], frozenset(r["reference_columns"]),
                                                            frozenset(r["spoilers"]))) for r in cert["rows"]))
    return [t for t, g in enumerate(cert["answers"], 1) if outside(table, g, cert["target"]) is not None]


def _edits(cert: dict):
    """Semantic edits of a valid run: (what, edited certificate)."""
    def edit(fn):
        c = copy.deepcopy(cert)
        fn(c)
        return c
    nonref = next((i for i, g in enumerate(cert["answers"]) if g != 0), 0)
    trap = max((r for r in cert["rows"] if r["kind"] == "trap"), key=lambda r: r["created_round"])
    yield "another bundled generator", edit(lambda c: c.update(generator="smallest" if c["generator"] != "smallest" else "cycle"))
    yield "an answer changed", edit(lambda c: c["answers"].__setitem__(nonref, 0 if c["answers"][nonref] else 1))
    yield "an answer beyond the rows", edit(lambda c: c["answers"].__setitem__(-1, c["n"] + 5))
    yield "branch flipped", edit(lambda c: c.update(branch="trap" if c["branch"] == "reference" else "reference"))
    yield "target moved", edit(lambda c: c.update(target=trap["row"] if c["target"] == 0 else 0))
    yield "an error dropped", edit(lambda c: c["errors"].pop() if c["errors"] else c["errors"].append(1))
    yield "a spoiler moved", edit(lambda c: c["rows"][0]["spoilers"].append(3 * 10 ** 5 + 2))
    spoiled = [r for r in cert["rows"] if r["spoilers"]]
    if len(spoiled) >= 2:
        def swap(c):
            a, b = (next(r for r in c["rows"] if r["row"] == s["row"]) for s in spoiled[:2])
            a["spoilers"][0], b["spoilers"][0] = b["spoilers"][0], a["spoilers"][0]
        yield "two spoilers swapped", edit(swap)
    if cert["answers"][nonref]:
        def reanswer(c):  # answer another unlisted row in a non-reference round; its spoiler moves along
            k = sum(1 for g in c["answers"][:nonref] if g)
            col = sorted(v for r in c["rows"] for v in r["spoilers"])[k]
            old = next(r for r in c["rows"] if col in r["spoilers"])
            listed = {r["row"] for r in c["rows"]}
            new = next(i for i in range(2, c["n"]) if i not in listed)
            old["spoilers"].remove(col)
            if not old["spoilers"] and old["kind"] == "default":
                c["rows"].remove(old)
            c["rows"].append({"row": new, "kind": "default", "created_round": None, "reference_columns": [],
                              "spoilers": [col]})
            c["answers"][nonref] = new
        yield "a non-reference answer moved to another row", edit(reanswer)
    listed = {r["row"] for r in cert["rows"]}
    low = next((r for r in range(1, max(cert["answers"][: trap["created_round"]], default=0) + 1) if r not in listed), None)
    if low is not None:
        yield "the last trap on a row below an answer", edit(
            lambda c: next(r for r in c["rows"] if r["row"] == trap["row"]).update(row=low))
    yield "a trap widened", edit(lambda c: next(r for r in c["rows"] if r is not None and r["row"] == trap["row"])
                                 ["reference_columns"].append(10 ** 6 + 1))
    yield "the last trap moved below an answer", edit(
        lambda c: next(r for r in c["rows"] if r["row"] == trap["row"]).update(row=1))
    yield "clocked flipped", edit(lambda c: c.update(clocked=not c["clocked"]))
    yield "n shrunk", edit(lambda c: c.update(n=max(c["answers"]) + 1))
    yield "a stall invented", edit(lambda c: c.update(stalled_round=len(c["answers"]) + 1))
    yield "an input replaced", edit(lambda c: c["stream"].__setitem__(1, 3 * 10 ** 5))
    yield "a trap's creation round moved", edit(lambda c: next(r for r in c["rows"] if r["row"] == trap["row"]).update(
        created_round=trap["created_round"] + 1))
    yield "the trap on a default row", edit(lambda c: next(r for r in c["rows"] if r["row"] == trap["row"]).update(
        kind="default", created_round=None, reference_columns=[], spoilers=[3 * 10 ** 5 + 2]))
    yield "rounds beyond the bound", edit(lambda c: c.update(rounds=10 ** 9, stalled_round=len(c["answers"]) + 1))
    yield "step budget beyond the bound", edit(lambda c: c.update(step_budget=10 ** 9))
    yield "a round added without a stall", edit(lambda c: c.update(rounds=len(c["answers"]) + 1, stalled_round=None))
    yield "a default row listed", edit(lambda c: c["rows"].append({"row": c["n"] - 1, "kind": "default",
                                                                   "created_round": None, "reference_columns": [],
                                                                   "spoilers": []}))
    yield "the reference given a creation round", edit(lambda c: c["rows"][0].update(created_round=0))
    yield "generator renamed (not bundled)", edit(lambda c: c.update(generator="my_gen"))


def _claim_holds(c: dict) -> bool:
    """The claim of a run, confirmed by brute force over explicit column sets (no checker code): the
    queue's stream, one trap per non-reference answer holding what was shown, one spoiler per such
    answer in round order, legality for the reference and the last trap, and the recorded errors."""
    k = len(c["answers"])
    if not 1 <= c["rounds"] <= 2000 or not 1 <= c["step_budget"] <= 10 ** 6 or k > c["rounds"]:
        return False
    if (c["stalled_round"] is None) != (k == c["rounds"]) or c["stalled_round"] not in (None, k + 1):
        return False
    universal, reference, stream, traps = iter(range(0, 10 ** 7, 3)), iter(range(1, 10 ** 7, 3)), [], []
    stream.append(next(universal))
    for t, g in enumerate(c["answers"], 1):
        stream.append(next(universal) if g == 0 else next(reference))
        if g:
            traps.append((t, sorted(v for v in stream if v % 3 == 1)))
    rows = {r["row"]: r for r in c["rows"]}
    if stream != c["stream"] or len(rows) != len(c["rows"]) or any(g >= c["n"] or g < 0 for g in c["answers"]):
        return False
    if any(not 0 <= i < c["n"] for i in rows) or rows.get(0, {}).get("kind") != "reference":
        return False
    listed = sorted((r["created_round"], i, r["reference_columns"]) for i, r in rows.items() if r["kind"] == "trap")
    if [(t, cols) for t, _, cols in listed] != [(0, [])] + traps:
        return False
    if any(r["kind"] != "trap" and (r["created_round"] is not None or r["reference_columns"]) for r in rows.values()):
        return False
    if any(row <= max([0, *c["answers"][:t]] + [i for u, i, _ in listed if u < t]) for t, row, _ in listed):
        return False
    spoilers = sorted((col, i) for i, r in rows.items() for col in r["spoilers"])
    if [i for _, i in spoilers] != [g for g in c["answers"] if g] or any(col % 3 != 2 for col, _ in spoilers):
        return False
    if any(r["kind"] == "default" and not r["spoilers"] for r in rows.values()) or rows[0]["spoilers"]:
        return False
    horizon = 3 * (len(stream) + max([0] + [v for r in rows.values() for v in r["reference_columns"] + r["spoilers"]])) + 9

    def support(i):
        r = rows.get(i, {"kind": "default", "reference_columns": [], "spoilers": []})
        return {j for j in range(horizon) if j % 3 == 0 or (j % 3 == 1 and (r["kind"] == "reference" or j in r["reference_columns"]))
                or j in r["spoilers"]}
    last = listed[-1][1]
    if not all(x in support(0) and x in support(last) for x in stream[:k]):
        return False
    late = any(g and 4 * t > 3 * k for t, g in enumerate(c["answers"], 1))
    target = 0 if late else last
    wrong = [t for t, g in enumerate(c["answers"], 1) if not support(g) <= support(target)]
    return (c["branch"], c["target"], c["errors"]) == ("reference" if late else "trap", target, wrong)


@pytest.mark.parametrize("name", ["t71_cycle.json", "t71_stall.json",
                                  pytest.param("t71_telltale_clocked.json", marks=pytest.mark.slow)])
@pytest.mark.parametrize("bundled", [True, False], ids=["re-run", "as-recorded"])
def test_forged_runs_are_rejected_or_independently_confirmed(name, bundled):
    cert = json.loads((ROOT / "counterexamples" / name).read_text())
    if not bundled:
        cert["generator"] = "my_gen"  # judged from its recorded answers: only the structural guards stand
    assert _claim_holds(cert)
    for what, forged in _edits(cert):
        result = check(forged)
        if result.valid:  # the claim the checker accepted must hold by an independent route
            assert _claim_holds(forged), f"{what}: accepted, but the claim is false"
            # without a re-run nothing shows which reservation policy made the rows: that flag is as recorded
            free = {"generator renamed (not bundled)"} | (set() if bundled else {"clocked flipped",
                                                                                   "a non-reference answer moved to another row"})
            assert forged == cert or what in free, f"{what}: accepted"
            assert bundled or "answers as recorded" in result.message


def test_a_bundled_name_written_otherwise_is_refused_not_taken_as_recorded():
    """`cycle ` is the bundled `cycle` to a reader: it must be re-run or refused, never judged as recorded."""
    cert = json.loads((ROOT / "counterexamples" / "t71_cycle.json").read_text())
    cert["generator"] = "cycle "
    result = check(cert)
    assert not result.valid and "the package reads and writes this name as 'cycle'" in result.message, result.message


def test_the_kernel_and_the_row_rules_agree_on_every_committed_run():
    for path in COMMITTED:
        cert = json.loads(path.read_text())
        if not cert["answers"]:
            continue
        table = QueryTable(cert["n"], tuple((r["row"], TableRow(r["kind"], frozenset(r["reference_columns"]),
                                                                frozenset(r["spoilers"]))) for r in cert["rows"]))
        trace = judge(table, cert["target"], cert["stream"][: len(cert["answers"])], cert["answers"], PROPER)
        assert list(trace.errors) == _independent_errors(cert) == cert["errors"]


def test_the_schema_bounds_rounds_and_steps():
    """The checker leaves both bounds to the query-trap-run schema, which `check` validates first."""
    cert = json.loads((ROOT / "counterexamples" / "t71_stall.json").read_text())
    for field, value, words in (("rounds", 10 ** 9, "at rounds: must be at most 2000"),
                                ("step_budget", 10 ** 9, "at step_budget: must be at most 1000000")):
        result = check({**cert, field: value})
        assert not result.valid and result.message.startswith(f"malformed certificate: {words}"), result.message
