"""Forgery harness for the finitely-many certificates (docs/variants.md §7): semantic edits of the committed
certificates of the issue's example and of certificates built here (the smallest separations, generators).
Every edit `check` still accepts must state a true claim, confirmed by routes that share no code with the
checker: the engine (variants/finite.py) re-deciding the edited model on the edited class and the
brute-force Zielonka oracle (variants/oracle_finite.py). The default run takes about 12 edits per certificate;
`-m slow` about 400 (all of them for the small certificates).
"""
from __future__ import annotations

import copy
from typing import Callable, Iterator

import pytest

from replayproof.trusted.certificates import check, read
from replayproof.trusted.certificates.variant import FiniteVariant
from replayproof.trusted.classes import cells as C
from conftest import ROOT

COMMITTED = ROOT / "counterexamples"
F = "finite"
Edit = tuple[str, Callable[[dict], None]]
BUILT = {   # name -> (cells, n, model)
    "noise-sep": ("h1+h2:inf;h1+h2+h3:inf;h1+h3:1", 3, FiniteVariant(0, F, 0)),
    "budget-sep": ("h1+h2:inf;h1+h2+h3:inf;h1+h3:1;h2+h3:1", 3, FiniteVariant(F, 0, 0)),
    "omit-sep": ("h1:1;h1+h2:inf;h1+h2+h3:inf;h1+h3:1;h2+h3:1", 3, FiniteVariant(0, 0, F)),
    "point-replays-generator": ("h1:1;h1+h2:inf;h2:inf", 2, FiniteVariant(F, 0, 0)),
    "replay-only-noise-generator": ("h1+h2:inf;h1+h2+h3:1;h1+h3:inf;h2+h3:inf", 3, FiniteVariant(0, F, 0)),
}
STEMS = ["finite_noise_point_adversary", "finite_noise_nested_generator", *BUILT]
_CACHE: dict[str, dict] = {}


def original(stem: str) -> dict:
    if stem not in _CACHE:
        if stem in BUILT:
            from replayproof.classes.classfile import realized_class
            from replayproof.sweep.run import parse_cells
            from replayproof.variants.decide import decide_finite
            cells, n, variant = BUILT[stem]
            cls = realized_class(stem, parse_cells(cells, n))
            _CACHE[stem] = decide_finite(cls, None, variant).certificate
        else:
            _CACHE[stem] = read(COMMITTED / f"{stem}.json")
    return _CACHE[stem]


def _source(stem: str):
    return None if stem in BUILT else COMMITTED / f"{stem}.json"


# ---------------------------------------------------------------- edits

def edits(cert: dict) -> Iterator[Edit]:
    names = cert["class"]["hypotheses"]
    cells = [c["signature"] for c in cert["class"]["cells"]]
    for key, values in (("replay_budget", [0, 1, 2, None, F]), ("noise", [0, 1, 2, F]), ("omit", [0, 1, 2, F])):
        for v in values:
            if cert["model"][key] != v:
                yield f"model {key}={v}", lambda c, key=key, v=v: c["model"].__setitem__(key, v)
    if cert["class"]["path"] is None:
        for i, cell in enumerate(cert["class"]["cells"]):
            for size in ("1", "2", "inf"):
                if cell["size"] != size:
                    yield f"cell {i} size {size}", lambda c, i=i, size=size: c["class"]["cells"][i].__setitem__("size", size)
    if cert["kind"] == "finite-variant-adversary":
        ids = [nd["id"] for nd in cert["nodes"]]
        for k, nd in enumerate(cert["nodes"]):
            for b in nd["next"]:
                for other in ids:
                    if other != nd["next"][b]:
                        yield f"node {k} next {b}->{other}", lambda c, k=k, b=b, o=other: c["nodes"][k]["next"].__setitem__(b, o)
            if nd["move"] == "step":
                for cell in cells:
                    if cell != nd["present"]:
                        yield f"node {k} present {cell}", lambda c, k=k, cell=cell: c["nodes"][k].__setitem__("present", cell)
                yield f"node {k} element flip", lambda c, k=k: c["nodes"][k].__setitem__(
                    "element", "repeat" if c["nodes"][k]["element"] == "new" else "new")
                continue
            qids = [q["id"] for q in nd["states"]]
            for j, q in enumerate(nd["states"]):
                for cell in cells:
                    if cell != q["present"]:
                        yield f"node {k} q{j} present {cell}", \
                            lambda c, k=k, j=j, cell=cell: c["nodes"][k]["states"][j].__setitem__("present", cell)
                for a in q["stay"]:
                    for other in qids:
                        if other != q["stay"][a]:
                            yield f"node {k} q{j} on {a}->{other}", \
                                lambda c, k=k, j=j, a=a, o=other: c["nodes"][k]["states"][j]["stay"].__setitem__(a, o)
            for h in names:
                if h not in nd["answers_so_far"]:
                    yield f"node {k} answers +{h}", lambda c, k=k, h=h: c["nodes"][k]["answers_so_far"].append(h)
    else:
        sids = [s["id"] for s in cert["states"]]
        for k, st in enumerate(cert["states"]):
            for h in names:
                if st["answer"] is not None and h != st["answer"]:
                    yield f"state {k} answer {h}", lambda c, k=k, h=h: c["states"][k].__setitem__("answer", h)
            for e, edge in enumerate(st["on"]):
                for other in sids[:12]:
                    if other != edge["to"]:
                        yield f"state {k} edge {e}->{other}", \
                            lambda c, k=k, e=e, o=other: c["states"][k]["on"][e].__setitem__("to", o)


def _table(cert: dict, stem: str) -> C.CellTable:
    block = cert["class"]
    if block["path"] is not None:
        from replayproof.classes.classfile import load
        return load(COMMITTED / block["path"]).table
    names = block["hypotheses"]
    sizes = {frozenset(names.index(h) for h in c["signature"]): C.INF if c["size"] == "inf" else int(c["size"])
             for c in block["cells"]}
    return C.make_table(names, sizes)


def confirm(cert: dict, stem: str, what: str) -> None:
    """An accepted edit: its claim re-decided by the engine and the oracle."""
    from replayproof.variants.finite import solve_finite
    from replayproof.variants.oracle_finite import solve_finite_brute
    variant = FiniteVariant.from_json(cert["model"])
    table = _table(cert, stem)
    want = cert["verdict"] == "not-generatable"
    assert solve_finite(table, variant).adversary_wins == want, f"{stem}: accepted edit {what} is refuted by the engine"
    assert solve_finite_brute(table, variant.budget, variant.noise, variant.omit) == want, \
        f"{stem}: accepted edit {what} is refuted by the oracle"


def run(stem: str, edits_wanted: int) -> tuple[int, int]:
    base = original(stem)
    assert check(base, _source(stem)).valid
    tried = accepted = 0
    stride = max(1, sum(1 for _ in edits(base)) // edits_wanted)
    for i, (what, edit) in enumerate(edits(base)):
        if i % stride:
            continue
        cert = copy.deepcopy(base)
        edit(cert)
        tried += 1
        if check(cert, _source(stem)).valid:
            accepted += 1
            confirm(cert, stem, what)
    return tried, accepted


@pytest.mark.parametrize("stem", STEMS)
def test_semantic_edits_are_rejected_or_confirmed(stem):
    tried, _ = run(stem, 12)
    assert tried >= 10


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS)
def test_every_semantic_edit_is_rejected_or_confirmed(stem):
    tried, accepted = run(stem, 400)
    assert tried >= 10 and accepted < tried
