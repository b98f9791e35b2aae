"""Forgery harness for the replay-variant certificates (issue 24): semantic edits of the committed
H4 certificates (budget 1 adversary, budget 0 generator) and of certificates built here under a delay,
noise and omissions. Every edit that `check` still accepts must state a true claim, confirmed by routes
that share no code with the checker: the variants engine (variants/solve.py) re-deciding the edited
model on the edited class, and on small classes the brute-force Zielonka oracle (variants/oracle.py),
which plays delays out instead of using Lemma D. An accepted edit whose claim is refuted fails.
The default run takes a few edits per certificate; `-m slow` runs the whole catalogue of the built
certificates and, of each H4 one, every model and class edit and a stride of 1,500 others.
"""
from __future__ import annotations

import copy
from typing import Callable, Iterator

import pytest

from replayproof.trusted.certificates import check, read
from replayproof.trusted.classes import cells as C
from replayproof.trusted.certificates.variant import Variant
from conftest import ROOT

COMMITTED = ROOT / "counterexamples"
Edit = tuple[str, Callable[[dict], None]]
ADV = "replay-variant-adversary"

NOISY = ("h1+h2:1;h1+h2+h3:inf;h1+h3:1", 3)   # docs/variants.md claim 7: one noise input defeats it
TWO = ("h1:1;h1+h2:inf;h2:1", 2)               # core + a, core + b: one omission defeats it
# name -> (class: a bundled file or (cells, n), model): certificates built in-process by decide_variant
BUILT = {
    "triangle-budget1-delay2": ("triangle", Variant(1, 2)),
    "noisy-noise1": (NOISY, Variant(0, 1, 1)),
    "two-omit1": (TWO, Variant(0, 1, 0, 1)),
    "noisy-unbounded-delay2-generator": (NOISY, Variant(None, 2)),
    "triangle-budget0-omit0-generator": ("triangle", Variant(0, 1)),
}
STEMS = ["h4_budget1_adversary", "h4_budget0_generator", *BUILT]


# ---------------------------------------------------------------- the certificates

_CACHE: dict[str, dict] = {}


def original(stem: str) -> dict:
    """A committed certificate, or one built by the variants engine (class embedded: path null)."""
    if stem not in _CACHE:
        if stem in BUILT:
            from replayproof.classes.classfile import realized_class
            from replayproof.sweep.run import parse_cells
            from replayproof.variants.decide import decide_variant
            spec, variant = BUILT[stem]
            if isinstance(spec, str):
                from conftest import bundled
                cls = bundled(spec)
                cert = decide_variant(cls, None, variant).certificate
            else:
                cls = realized_class(stem.split("-")[0], parse_cells(*spec))
                cert = decide_variant(cls, None, variant).certificate
            assert cert["class"]["path"] is None  # the class travels with the certificate
            _CACHE[stem] = cert
        else:
            _CACHE[stem] = dict(read(COMMITTED / f"{stem}.json"))
    return copy.deepcopy(_CACHE[stem])


def run_check(cert: dict):
    return check(cert, COMMITTED / "x.json")  # relative class paths are read from counterexamples/


# ---------------------------------------------------------------- independent routes

def class_table(cert: dict):
    """The class the certificate names, loaded by the engines' loader (cells by the solver), or its
    embedded cells."""
    from replayproof import load
    block = cert["class"]
    if block["path"] is None:
        names = block["hypotheses"]
        sizes = {frozenset(names.index(h) for h in c["signature"]): C.INF if c["size"] == "inf" else int(c["size"])
                 for c in block["cells"]}
        return C.make_table(names, sizes)
    return load((COMMITTED / block["path"]).resolve()).table


_SOLVED: dict[tuple, bool] = {}


def adversary_wins(table, v: Variant, thorough: bool) -> bool:
    """The engine's verdict (delay by Lemma D) and, on small classes or when `thorough`, the
    brute-force oracle's with the delay played out, which must agree."""
    from replayproof.variants.oracle import solve_budget_brute
    from replayproof.variants.solve import solve
    key = (tuple(sorted((tuple(sorted(c.signature)), str(c.size)) for c in table.cells)), tuple(table.names),
           v, thorough)
    if key not in _SOLVED:
        wins = solve(table, v.budget, v.noise, v.omit).adversary_wins
        if thorough or table.n <= 3:
            brute = solve_budget_brute(table, v.budget, limit=3_000_000, delay=v.delay, noise=v.noise, omit=v.omit)
            assert brute == wins, (v, "engine and brute-force oracle disagree")
        _SOLVED[key] = wins
    return _SOLVED[key]


def claim_holds(cert: dict, thorough: bool = False) -> bool:
    """Whether an accepted certificate's claim (its verdict, on its class, under its model) is true."""
    v = Variant.from_json(cert["model"])
    return adversary_wins(class_table(cert), v, thorough) == (cert["kind"] == ADV)


# ---------------------------------------------------------------- catalogue of semantic edits

MODELS = [{"replay_budget": b, "replay_delay": 1, "noise": 0, "omit": 0} for b in (0, 1, 2, 3, None)] + \
    [{"replay_budget": b, "replay_delay": d, "noise": 0, "omit": 0} for b in (0, 1, None) for d in (2, 3)] + \
    [{"replay_budget": b, "replay_delay": 1, "noise": k, "omit": 0} for b in (0, 1, None) for k in (1, 2)] + \
    [{"replay_budget": b, "replay_delay": d, "noise": 0, "omit": i} for b in (0, 1, None) for d in (1, 2)
     for i in (1, 2)] + [{"replay_budget": 0, "replay_delay": 1, "noise": 1, "omit": 1}]


def _words(m: dict) -> str:
    return "model " + ",".join(f"{k}={v}" for k, v in m.items())


def _items(c: dict) -> list[dict]:
    return c.get("nodes") or c.get("states")


def _move_loop(items: list[dict], src: int, dst: int) -> None:
    """Node dst plays node src's loop (its records kept): the loop moved to another place."""
    items[dst].pop("element", None)
    items[dst].update({f: copy.deepcopy(items[src][f]) for f in ("move", "present", "enumerates", "wrong", "next")})


def edits(c: dict) -> Iterator[Edit]:  # noqa: C901 - one catalogue
    names = c["class"]["hypotheses"]
    cells = [cl["signature"] for cl in c["class"]["cells"]]
    for m in MODELS:
        if m != c["model"]:
            yield _words(m), lambda x, m=m: x.update(model=dict(m))
    for sibling in ("h4_cells.toml", "h4.toml", "triangle.toml", "sep51.toml"):
        yield f"class -> {sibling}", lambda x, s=sibling: x["class"].update(path=f"../encodings/classes/{s}")
    yield "class embedded", lambda x: x["class"].update(path=None)
    yield "class cell sizes inf", lambda x: [cl.update(size="inf") for cl in x["class"]["cells"]]
    yield "kind swapped", lambda x: x.update(kind="replay-variant-generator" if x["kind"] == ADV else ADV)
    items = _items(c)
    ids = [it["id"] for it in items]
    sample = ids[:3] + ids[3::9]
    if c["kind"] == ADV:
        for other in sample:
            yield f"root {other}", lambda x, o=other: x.update(root=o)
        for k, nd in enumerate(items):
            nid = nd["id"]
            for h in names:
                for rec in ("legal_for", "answers_so_far"):
                    if h in nd[rec]:
                        yield f"{nid}: {rec} without {h}", lambda x, k=k, h=h, r=rec: _items(x)[k][r].remove(h)
                    else:
                        yield f"{nid}: {rec} with {h}", lambda x, k=k, h=h, r=rec: _items(x)[k][r].append(h)
            for key in nd["next"]:
                yield f"{nid}: successor for {key} dropped", lambda x, k=k, key=key: _items(x)[k]["next"].pop(key)
                for other in sample + [nid]:
                    if other != nd["next"][key]:
                        yield (f"{nid}: successor for {key} -> {other}",
                               lambda x, k=k, key=key, o=other: _items(x)[k]["next"].update({key: o}))
            if nd["move"] == "step":
                yield f"{nid}: element flipped", lambda x, k=k: _items(x)[k].update(
                    element="repeat" if _items(x)[k]["element"] == "new" else "new")
                for sig in cells:
                    if sig != nd["present"]:
                        yield f"{nid}: step presents {sig}", lambda x, k=k, s=sig: _items(x)[k].update(present=list(s))
                yield f"{nid}: step becomes a loop", lambda x, k=k: _items(x)[k].update(
                    move="loop", present=[s for s, cl in zip(cells, x["class"]["cells"]) if cl["size"] == "inf"],
                    enumerates=list(_items(x)[k]["legal_for"]),
                    wrong={a: _items(x)[k]["legal_for"][0] for a in _items(x)[k]["answers_so_far"]})
                loops = [j for j, it in enumerate(items) if it["move"] == "loop"]
                if loops:
                    j = loops[k % len(loops)]
                    yield f"{nid}: loop of {ids[j]} moved here", lambda x, k=k, j=j: _move_loop(_items(x), j, k)
            else:
                for h in names:
                    if h in nd["enumerates"]:
                        yield f"{nid}: enumerates without {h}", lambda x, k=k, h=h: _items(x)[k]["enumerates"].remove(h)
                    else:
                        yield f"{nid}: enumerates with {h}", lambda x, k=k, h=h: _items(x)[k]["enumerates"].append(h)
                for j in range(len(nd["present"])):
                    yield f"{nid}: loop drops cell {j}", lambda x, k=k, j=j: _items(x)[k]["present"].pop(j)
                for sig in cells:
                    if sig not in nd["present"]:
                        yield f"{nid}: loop adds {sig}", lambda x, k=k, s=sig: _items(x)[k]["present"].append(list(s))
                for a, t in nd["wrong"].items():
                    for h in names:
                        if h != t:
                            yield f"{nid}: {a} blamed on {h}", lambda x, k=k, a=a, h=h: _items(x)[k]["wrong"].update({a: h})
                yield f"{nid}: loop becomes a step", lambda x, k=k: _items(x)[k].update(
                    move="step", present=_items(x)[k]["present"][0], element="repeat",
                    next={h: _items(x)[k]["next"].get(h, _items(x)[k]["id"]) for h in x["class"]["hypotheses"]})
    else:
        for other in sample:
            yield f"start {other}", lambda x, o=other: x.update(start=o)
        for k, st in enumerate(items):
            sid = st["id"]
            for h in names:
                if h != st["answer"]:
                    yield f"{sid}: answer {h}", lambda x, k=k, h=h: _items(x)[k].update(answer=h)
            yield f"{sid}: answer null", lambda x, k=k: _items(x)[k].update(answer=None)
            for j, edge in enumerate(st["on"]):
                yield f"{sid}: edge {j} dropped", lambda x, k=k, j=j: _items(x)[k]["on"].pop(j)
                for other in sample + [sid]:
                    if other != edge["to"]:
                        yield (f"{sid}: edge {j} -> {other}",
                               lambda x, k=k, j=j, o=other: _items(x)[k]["on"][j].update(to=o))
                for sig in cells:
                    if sig != edge["cell"]:
                        yield (f"{sid}: edge {j} on cell {sig}",
                               lambda x, k=k, j=j, s=sig: _items(x)[k]["on"][j].update(cell=list(s)))
                flip = {"new": "repeat", "repeat": "new", "any": "new"}[edge["element"]]
                yield f"{sid}: edge {j} element {flip}", lambda x, k=k, j=j, f=flip: _items(x)[k]["on"][j].update(element=f)


# The default run: a few edits per certificate, the kinds the issue names (model up/down, delay, noise,
# omissions, retargeted successors, a moved loop, changed cells and answers, a dropped target, a sibling class).
QUICK = {
    "model replay_budget=0,replay_delay=1,noise=0,omit=0", "model replay_budget=2,replay_delay=1,noise=0,omit=0",
    "model replay_budget=None,replay_delay=1,noise=0,omit=0", "model replay_budget=1,replay_delay=2,noise=0,omit=0",
    "model replay_budget=0,replay_delay=2,noise=0,omit=0", "model replay_budget=0,replay_delay=1,noise=1,omit=0",
    "model replay_budget=0,replay_delay=1,noise=0,omit=1", "model replay_budget=1,replay_delay=1,noise=0,omit=0",
    "class -> h4_cells.toml", "class -> triangle.toml", "class embedded",
    "n1: successor for h1- -> n0", "n5: successor for h2- -> n5", "n3: loop of n19 moved here",
    "n2: step presents ['h1+', 'h2+']", "n1: element flipped", "n4: legal_for without h1-",
    "s1: answer h2+", "s2: edge 0 -> s0", "s1: edge 0 on cell ['h1+', 'h2+']", "s3: edge 2 element new",
    "n1: step becomes a loop",
}


def quick_labels(stem: str, labels: list[str]) -> set[str]:
    """The quick subset: the named edits, plus for the built certificates the first loop's target
    dropped and its first blame moved."""
    chosen = {lb for lb in labels if lb in QUICK}
    extra = [lb for lb in labels if ": enumerates without" in lb][:1] + [lb for lb in labels if " blamed on " in lb][:1]
    return chosen | set(extra)


SLOW_EDITS = 1500   # per certificate in the slow run (the H4 catalogues hold about 10,000 edits each)
GLOBAL = ("model ", "class", "kind", "root", "start")


def run_catalogue(stem: str, quick: bool) -> tuple[int, int, list[str]]:
    """(edits tried, edits accepted, refuted accepted edits) for one certificate."""
    base = original(stem)
    assert run_check(base).valid and claim_holds(base)
    catalogue = list(edits(base))
    keep = quick_labels(stem, [lb for lb, _ in catalogue]) if quick else None
    if not quick and len(catalogue) > SLOW_EDITS:  # the H4 certificates: every model/class edit and a stride of the rest
        stride = len(catalogue) // SLOW_EDITS + 1
        keep = {lb for k, (lb, _) in enumerate(catalogue) if k % stride == 0 or lb.startswith(GLOBAL)}
    tried = accepted = 0
    refuted: list[str] = []
    for label, edit in catalogue:
        if keep is not None and label not in keep:
            continue
        cert = original(stem)
        try:
            edit(cert)
        except (IndexError, KeyError, ValueError):
            continue  # the edit does not apply to this certificate
        if cert == base:
            continue
        tried += 1
        result = run_check(cert)
        if not result.valid:
            continue
        accepted += 1
        if not claim_holds(cert, thorough=not quick):
            refuted.append(f"{stem}: {label}: accepted ({result.message[:100]}) but the claim is refuted")
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
    assert tried >= 50, tried
    assert not refuted, refuted


def test_the_routes_refute_what_they_should():
    """The independent routes are not vacuous: each refutes a known-false claim."""
    adv, gen = original("h4_budget1_adversary"), original("h4_budget0_generator")
    assert claim_holds(adv) and not claim_holds({**adv, "model": {**adv["model"], "replay_budget": 0}})
    assert claim_holds(gen) and not claim_holds({**gen, "model": {**gen["model"], "omit": 1}})
    noisy = original("noisy-noise1")
    assert claim_holds(noisy) and not claim_holds({**noisy, "model": {**noisy["model"], "noise": 0}})
