"""The forgery harness (issue 21): semantic edits of committed certificates, one catalogue per kind.

Every edit that `check` still accepts must state a true claim, confirmed by a route that shares no
code with the checker: the brute-force game solver (game/oracle.py) for proper-limit claims, the
closure dimension for lower bounds, and for defeat traces the kernel on the recorded trace, the
generator resolved as `attack` resolves it, and the brute-force attack oracle at the failing round.
An accepted edit whose claim is refuted fails the test. The default run takes a few edits per
kind; `-m slow` runs the whole catalogue.
"""
from __future__ import annotations

import copy
import itertools
from typing import Callable, Iterator

import pytest

from replayproof.trusted.certificates import check, read
from replayproof.trusted.classes import cells as C
from replayproof.classes.cells import closure_dimension
from replayproof.trusted.kernel import Mode, judge
from conftest import CLASSES, ROOT

COMMITTED = ROOT / "counterexamples"
Edit = tuple[str, Callable[[dict], None]]


def _set(**fields) -> Callable[[dict], None]:
    return lambda c: c.update(copy.deepcopy(fields))


# ---------------------------------------------------------------- independent routes

def _class(cert: dict):
    """The class the certificate names, loaded by the engines' loader (cells by the solver)."""
    from replayproof import load
    block = cert["class"]
    path = block if isinstance(block, str) else block["path"]
    if path is None:
        names = block["hypotheses"]
        sizes = {frozenset(names.index(h) for h in c["signature"]): C.INF if c["size"] == "inf" else int(c["size"])
                 for c in block["cells"]}
        return C.make_table(names, sizes)
    return load((COMMITTED / path).resolve()).table


_SOLVED: dict[tuple, bool] = {}


def adversary_wins(cert: dict, replay: bool, thorough: bool = False) -> bool:
    """The game's verdict by the reference backward induction (solve_reference, tests only), and when
    `thorough` also by the brute-force Muller-game solver (oracle.py), which must agree."""
    from replayproof.game.oracle import solve_brute
    from replayproof.game.solve_reference import solve_reference
    table = _class(cert)
    key = (tuple(sorted((tuple(sorted(c.signature)), str(c.size)) for c in table.cells)), tuple(table.names),
           replay, thorough)
    if key not in _SOLVED:
        wins = solve_reference(table, replay).adversary_wins
        if thorough and table.n <= 4:  # the Muller-game solver is exponential: small classes only
            assert solve_brute(table, replay) == wins
        _SOLVED[key] = wins
    return _SOLVED[key]


def claim_holds(cert: dict, thorough: bool = False) -> bool:
    """Whether the claim of an accepted certificate is true, by a route independent of its checker."""
    kind = cert["kind"]
    if kind in ("proper-limit-adversary", "criterion-obstruction"):
        return adversary_wins(cert, cert["replay"], thorough)
    if kind in ("proper-limit-generator", "criterion-witness"):
        return not adversary_wins(cert, cert["replay"], thorough)
    if kind == "uniform-lower-bound":  # d* = C(H) + 1 without replay (docs/threshold.md): no lower bound above C(H)
        return cert["refutes_threshold"] <= closure_dimension(_class(cert))
    if kind == "defeat-trace":
        return _trace_holds(cert, thorough)
    raise AssertionError(kind)


def _trace_holds(cert: dict, thorough: bool) -> bool:
    """The kernel judges the recorded trace a counted failure; a bundled generator, resolved as
    `attack` resolves it, gives the recorded answers; brute force finds a defeat by that round."""
    from replayproof import load
    from replayproof.attack.brute import brute_force
    from replayproof.generators.under_test import UnderTest
    from replayproof.attack.space import make_game
    from replayproof.generators import resolve
    cls = load((COMMITTED / cert["class"]).resolve())
    if cls.name != cert["class_name"] or cert["target"] not in cls.names:
        return False
    proper, t = cert["proper"], cert["failing_round"]
    target = cls.names.index(cert["target"])
    answers = [cls.names.index(a) for a in cert["answers"]] if proper else cert["answers"]
    trace = judge(cls, target, cert["inputs"], answers, Mode(replay=cert["replay"], proper=proper))
    if len(trace.rounds) != len(cert["inputs"]) or not trace.legal or trace.rounds[t - 1].correct:
        return False
    d = cert["threshold"]
    if cert["notion"] == "proper-limit" and (not proper or t <= cert["settle"]):
        return False
    if cert["notion"] != "proper-limit" and (d is None or trace.rounds[t - 1].distinct < d):
        return False
    if not cert["bundled"]:
        return True  # a claim about the recorded answers only ("answers as recorded")
    gen = resolve(cert["generator"], cls, cert["burn_in_threshold"])
    if gen.kind != ("proper" if proper else "element"):
        return False  # the claim is about this generator answering what the trace records
    runner = UnderTest(gen, cls)
    if [runner.answer(tuple(cert["inputs"][:k])) for k in range(1, t + 1)] != answers[:t] and proper:
        return False
    if not proper and [runner.real(runner.answer(tuple(cert["inputs"][:k]))) for k in range(1, t + 1)] != answers[:t]:
        return False
    if not thorough:
        return True
    settle = cert["settle"] if cert["notion"] == "proper-limit" else 0
    key = (cert["class"], cert["generator"], cert["burn_in_threshold"], cert["notion"], d, settle, cert["replay"],
           proper, t, target)
    if key not in _BRUTE:
        per = None if cert["notion"] != "non-uniform" else {target: d}
        game = make_game(cls, Mode(replay=cert["replay"], proper=proper), cert["notion"], t,
                         d if cert["notion"] == "uniform" else None, per, settle)
        _BRUTE[key] = brute_force(game, runner, max_streams=200_000).defeated
    return _BRUTE[key]


_BRUTE: dict[tuple, bool] = {}


# ---------------------------------------------------------------- catalogues of semantic edits

def _nodes(c: dict) -> list[dict]:
    return c.get("nodes") or c.get("states") or []


def strategy_edits(c: dict) -> Iterator[Edit]:
    names = c["class"]["hypotheses"]
    yield "flip replay", lambda x: x.update(replay=not x["replay"])
    for sibling in ("h4_cells.toml", "triangle.toml", "h4.toml", "sep51.toml"):
        yield f"class -> {sibling}", lambda x, s=sibling: x["class"].update(path=f"../encodings/classes/{s}")
    for k, nd in enumerate(_nodes(c)):
        for h in names:
            if h in nd["legal_for"]:
                yield f"{nd['id']}: legal_for without {h}", lambda x, k=k, h=h: _nodes(x)[k]["legal_for"].remove(h)
            else:
                yield f"{nd['id']}: legal_for with {h}", lambda x, k=k, h=h: _nodes(x)[k]["legal_for"].append(h)
        yield f"{nd['id']}: legal_for emptied", lambda x, k=k: _nodes(x)[k].update(legal_for=[])
        if "answer" in nd:
            for h in names:
                yield f"{nd['id']}: answer {h}", lambda x, k=k, h=h: _nodes(x)[k].update(answer=h)
            for j, edge in enumerate(nd["on"]):
                for other in _nodes(c)[:6]:
                    yield (f"{nd['id']}: edge {j} retargeted to {other['id']}",
                           lambda x, k=k, j=j, o=other["id"]: _nodes(x)[k]["on"][j].update(to=o))
        for key in nd.get("next", {}):
            for other in _nodes(c)[::5]:
                yield (f"{nd['id']}: successor for {key} moved to {other['id']}",
                       lambda x, k=k, key=key, o=other["id"]: _nodes(x)[k]["next"].update({key: o}))
        for j, edge in enumerate(nd.get("on", [])):
            for cell in c["class"]["cells"]:
                yield (f"{nd['id']}: edge {j} on cell {cell['signature']}",
                       lambda x, k=k, j=j, s=cell["signature"]: _nodes(x)[k]["on"][j].update(cell=list(s)))
        if nd.get("move") == "loop":
            for h in names:
                if h in nd["enumerates"]:
                    yield f"{nd['id']}: enumerates without {h}", lambda x, k=k, h=h: _nodes(x)[k]["enumerates"].remove(h)
            for j in range(len(nd["present"])):
                yield f"{nd['id']}: loop drops cell {j}", lambda x, k=k, j=j: _nodes(x)[k]["present"].pop(j)
            for a, t in nd["wrong"].items():
                for h in names:
                    if h != t:
                        yield (f"{nd['id']}: {a} blamed on {h}",
                               lambda x, k=k, a=a, h=h: _nodes(x)[k]["wrong"].update({a: h}))
        if nd.get("move") == "step":
            for cell in c["class"]["cells"]:
                yield (f"{nd['id']}: step presents {cell['signature']}",
                       lambda x, k=k, s=cell["signature"]: _nodes(x)[k].update(present=list(s)))
            yield f"{nd['id']}: step becomes a loop", lambda x, k=k: _nodes(x)[k].update(
                move="loop", present=[cl["signature"] for cl in x["class"]["cells"]], enumerates=names[:1], wrong={})


def criterion_edits(c: dict) -> Iterator[Edit]:
    names = c["class"]["hypotheses"]
    cells = [cl["signature"] for cl in c["class"]["cells"]]
    yield "flip replay", lambda x: x.update(replay=False)
    yield "class -> h4.toml", lambda x: x["class"].update(path="../encodings/classes/h4.toml")
    if c["kind"] == "criterion-obstruction":
        for sig in cells:
            yield f"profile {sig}", lambda x, s=sig: x.update(profile=list(s))
        for j, h in itertools.product(names, names):
            yield f"group of {j} = [{h}]", lambda x, j=j, h=h: x["groups"].update({j: [h]})
            yield f"group of {j} without {h}", lambda x, j=j, h=h: x["groups"][j].remove(h) if h in x["groups"][j] else None
    else:
        for i, ch in enumerate(c["choices"]):
            for h in names:
                yield f"choice {i}: first answer {h}", lambda x, i=i, h=h: x["choices"][i].update(answer=h)
                for m in range(len(ch["outputs"])):
                    yield (f"choice {i}: output {m} = {h}",
                           lambda x, i=i, m=m, h=h: x["choices"][i]["outputs"][m].update(output=h))
            yield f"choice {i} dropped", lambda x, i=i: x["choices"].pop(i)
        yield "generator dropped", _set(generator=None)
        yield "generator flipped", lambda x: x["generator"].update(replay=False)


def trace_edits(c: dict) -> Iterator[Edit]:
    n = len(c["inputs"])
    for spec in ("closure", "telltale", "sep51-standard", "burn-in:closure", "mine.py:g"):
        bundled = spec != "mine.py:g"
        yield f"generator {spec}", _set(generator=spec, bundled=bundled,
                                        burn_in_threshold=1 if spec.startswith("burn-in") else None)
    yield "user code, same answers", _set(generator="mine.py:g", bundled=False)
    yield "flip replay", lambda x: x.update(replay=not x["replay"])
    yield "flip proper", lambda x: x.update(proper=not x["proper"])
    for notion in ("uniform", "non-uniform", "proper-limit"):
        yield f"notion {notion}", lambda x, v=notion: x.update(notion=v, threshold=None if v == "proper-limit" else
                                                                (x["threshold"] or 1))
    for d in (None, 0, 1, 2, 3, n, n + 1):
        yield f"threshold {d}", _set(threshold=d)
    for s in range(0, n + 1):
        yield f"settle {s}", _set(settle=s)
    for hz in (1, n - 1, n, 64, 65, 10**9):
        yield f"horizon {hz}", _set(horizon=hz)
    for t in range(1, n + 1):
        yield f"failing round {t}", _set(failing_round=t)
    yield "last round dropped", lambda x: (x["inputs"].pop(), x["answers"].pop(), x.update(
        failing_round=min(x["failing_round"], len(x["inputs"]))))
    yield "first round dropped", lambda x: (x["inputs"].pop(0), x["answers"].pop(0), x.update(
        failing_round=max(1, x["failing_round"] - 1)))
    for cell in c["cells"]:
        for h in cell["signature"]:
            yield f"target {h}", _set(target=h)
    yield "class -> even_odd.toml", _set(**{"class": "../encodings/classes/even_odd.toml"})
    for k in range(n):
        for v in (-2, -1, 0, 1, 2, 3):
            yield f"input {k} = {v}", lambda x, k=k, v=v: x["inputs"].__setitem__(k, v)


def lower_edits(c: dict) -> Iterator[Edit]:
    d = c["refutes_threshold"]
    for v in range(0, d + 3):
        yield f"refutes {v}", _set(refutes_threshold=v)
    yield "class -> h4_cells.toml", _set(**{"class": "../encodings/classes/h4_cells.toml"})
    yield "class -> triangle.toml", _set(**{"class": "../encodings/classes/triangle.toml"})
    names = sorted({h for cell in c["cells"] for h in cell["signature"]})
    for h in names:
        yield f"targets + {h}", lambda x, h=h: x["targets"].append(h) if h not in x["targets"] else None
        yield f"targets - {h}", lambda x, h=h: x["targets"].remove(h) if h in x["targets"] else None
        for i in range(len(c["answers"])):
            yield f"answers {i} blamed on {h}", lambda x, i=i, h=h: x["answers"][i].update(target=h)
    for k in range(len(c["stream"])):
        yield f"stream without {k}", lambda x, k=k: (x["stream"].pop(k), x.update(refutes_threshold=len(set(x["stream"]))))
    for v in (-3, -2, 2, 3):
        yield f"stream + {v}", lambda x, v=v: (x["stream"].append(v), x.update(refutes_threshold=len(set(x["stream"]))))
    yield "modes standard only", _set(modes=["standard"])


CATALOGUE = {
    "proper-limit-adversary": strategy_edits, "proper-limit-generator": strategy_edits,
    "criterion-obstruction": criterion_edits, "criterion-witness": criterion_edits,
    "defeat-trace": trace_edits, "uniform-lower-bound": lower_edits,
}
STEMS = ["h4_replay", "h4_no_replay", "sep51_replay", "criterion_triangle", "criterion_even_odd",
         "attack_h4_telltale", "attack_sep51_h3", "attack_zero_odd_closure", "lower_h4"]
# The default run: the edits the issue names, a few per kind (the slow run takes the whole catalogue).
QUICK = {
    "flip replay", "class -> h4_cells.toml", "class -> triangle.toml", "class -> even_odd.toml",
    "n0: legal_for without h1-", "n27: loop drops cell 5", "n27: h1+ blamed on h1-", "n5: enumerates without h2+",
    "s0: legal_for emptied", "s1: answer h2+", "s1: edge 0 retargeted to s0", "n0: step becomes a loop",
    "n5: successor for h2- moved to n5", "s1: edge 0 on cell ['h1+', 'h2+']", "profile ['h1', 'h2']", "group of h1 = [h2]", "group of h1 without h2", "group of h2 = [h1]",
    "choice 0: first answer odd", "choice 1: output 0 = even", "choice 0: output 0 = odd", "choice 0 dropped", "generator flipped",
    "generator telltale", "generator closure", "generator burn-in:closure", "user code, same answers",
    "notion uniform", "notion proper-limit", "threshold 0", "threshold 3", "horizon 65", "horizon 1", "settle 0",
    "target h1-", "refutes 4", "refutes 2", "targets - h1+", "answers 0 blamed on h1-", "stream without 0",
}


def run_catalogue(stem: str, quick: bool) -> tuple[int, int, list[str]]:  # noqa: C901
    """(edits tried, edits accepted, refuted accepted edits) for one committed certificate."""
    original = read(COMMITTED / f"{stem}.json")
    assert check(original).valid
    tried = accepted = 0
    refuted: list[str] = []
    for label, edit in CATALOGUE[original["kind"]](original):
        if quick and label not in QUICK:
            continue
        cert = copy.deepcopy(dict(original))
        try:
            edit(cert)
        except (IndexError, KeyError, ValueError):
            continue  # the edit does not apply to this certificate
        if cert == dict(original):
            continue
        tried += 1
        result = check(cert, COMMITTED / f"{stem}.json")
        if not result.valid:
            continue
        accepted += 1
        if not claim_holds(cert, thorough=not quick):
            refuted.append(f"{stem}: {label}: accepted ({result.message[:120]}) but the claim is refuted")
    return tried, accepted, refuted


@pytest.mark.parametrize("stem", STEMS)
def test_accepted_edits_state_true_claims(stem):
    tried, _, refuted = run_catalogue(stem, quick=True)
    assert tried >= 4, tried
    assert not refuted, refuted


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS)
def test_accepted_edits_state_true_claims_whole_catalogue(stem):
    tried, _, refuted = run_catalogue(stem, quick=False)
    assert tried >= 10, tried
    assert not refuted, refuted


def test_the_oracles_refute_what_they_should():
    """The independent routes are not vacuous: each refutes a known-false claim of its kind."""
    h4 = read(COMMITTED / "h4_replay.json")
    assert claim_holds(h4) and not claim_holds({**h4, "replay": False})  # H4 is generatable without replay
    gen = read(COMMITTED / "h4_no_replay.json")
    assert claim_holds(gen) and not claim_holds({**gen, "replay": True})
    low = read(COMMITTED / "lower_h4.json")
    assert claim_holds(low) and not claim_holds({**low, "refutes_threshold": 4})
    trace = read(COMMITTED / "attack_zero_odd_closure.json")
    assert claim_holds(trace)
    assert not claim_holds({**trace, "threshold": 3})
    assert not claim_holds({**trace, "generator": "telltale"})
