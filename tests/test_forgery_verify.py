"""Forgery harness for `verify-invariant` and `verify-lasso` (issue 21).

Semantic edits are applied to committed (and freshly built) certificates; every edited certificate
that `check` still accepts has its claim confirmed by an independent route: the exploration engine
(`verify_generator`) on the edited inputs, with the recorded machine when the generator is not
bundled, and for invariants also the brute-force oracle at a small horizon on the recorded machine.
An accepted edit whose claim is refuted fails the test.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Callable, Hashable

import pytest

from replayproof.attack.brute import brute_force
from replayproof.generators.under_test import UnderTest
from replayproof.attack.space import make_game
from replayproof.trusted.certificates import check
from replayproof.classes.classfile import load
from replayproof.trusted.generators.base import Generator
from replayproof.trusted.generators.library import BUNDLED
from replayproof.trusted.kernel import Mode
from replayproof.verify.concrete import machine_function
from replayproof.verify.engine import verify_generator
from replayproof.trusted.generators.base import PROPER
from replayproof.trusted.generators.models import STALE
from conftest import CLASSES, ROOT

CE = ROOT / "counterexamples"
GENERATOR_NAMES = ("closure", "burn-in:closure", "telltale", "sep51-standard", "my_gen.json", "user.py:g")
SIBLING = {"h4.toml": ("h4_cells.toml", "H4-cells"), "attack_zero_odd.toml": ("even_odd.toml", None)}


def _load_cert(path: Path) -> dict[str, Any]:
    cert = json.loads(path.read_text())
    cert["class"]["path"] = str((path.parent / cert["class"]["path"]).resolve())
    return cert


# ---------------------------------------------------------------- the edits

Edit = Callable[[dict], "dict | None"]


def _set(**kw) -> Edit:
    return lambda c: {**copy.deepcopy(c), **kw}


def _retarget(spec: str) -> Edit:
    def go(c):
        if c["generator"] == spec:
            return None
        return {**copy.deepcopy(c), "generator": spec, "burn_in": 2 if spec.startswith("burn-in:") else None,
                "canonical": spec.split(":")[-1] in BUNDLED, "bundled": spec.split(":")[-1] in BUNDLED}
    return go


def _thresholds(fn) -> Edit:
    def go(c):
        c = copy.deepcopy(c)
        out = fn(c["thresholds"], c["class"]["hypotheses"])
        if out is None:
            return None
        c["thresholds"] = out
        return c
    return go


def _notion(notion: str) -> Edit:
    def go(c):
        if c["notion"] == notion:
            return None
        c = copy.deepcopy(c)
        c["notion"] = notion
        names = c["class"]["hypotheses"]
        c["thresholds"] = {} if notion == "proper-limit" else \
            {n: max(c["thresholds"].values(), default=2) for n in names}
        return c
    return go


def _cycle(fn) -> Edit:
    def go(c):
        if c["kind"] != "verify-lasso":
            return None
        c = copy.deepcopy(c)
        out = fn(c)
        return c if out is not False else None
    return go


def _move_step(c) -> bool:
    """Move the last cycle step to another cell (the machine gets the matching row)."""
    step = c["cycle"][-1]
    cells = [cell["signature"] for cell in c["class"]["cells"]]
    other = next(s for s in cells if s != step["cell"])
    rows = c["machine"]["rows"]
    for row in rows:
        if row["cell"] == step["cell"] and row["how"] == step["how"]:
            rows.append({**row, "cell": other})
            break
    step["cell"] = other
    return True


def _resize(make_finite: bool) -> Edit:
    def go(c):
        c = copy.deepcopy(c)
        for cell in c["class"]["cells"]:
            if (cell["size"] == "inf") == make_finite:
                cell["size"] = "2" if make_finite else "inf"
                return c
        return None
    return go


def _sibling(c):
    path = Path(c["class"]["path"])
    if path.name not in SIBLING:
        return None
    c = copy.deepcopy(c)
    name, cname = SIBLING[path.name]
    c["class"]["path"] = str(CLASSES / name)
    if cname:
        c["class"]["name"] = cname
    return c


EDITS: dict[str, Edit] = {
    **{f"generator={g}": _retarget(g) for g in GENERATOR_NAMES},
    **{f"notion={n}": _notion(n) for n in ("uniform", "non-uniform", "proper-limit")},
    "drop a threshold": _thresholds(lambda t, names: {k: v for k, v in list(t.items())[1:]} if t else None),
    "add a threshold": _thresholds(lambda t, names: None if t else {names[0]: 1}),
    "raise one threshold": _thresholds(lambda t, names: {**t, names[0]: t[names[0]] + 1} if t else None),
    "lower every threshold": _thresholds(lambda t, names: {k: v - 1 for k, v in t.items()}
                                         if t and min(t.values()) > 1 else None),
    "flip replay": lambda c: {**copy.deepcopy(c), "replay": not c["replay"]},
    "flip canonical": lambda c: {**copy.deepcopy(c), "canonical": not c["canonical"]},
    "burn-in d + 1": lambda c: {**copy.deepcopy(c), "burn_in": c["burn_in"] + 1} if c["burn_in"] else None,
    "finite cell made infinite": _resize(False),
    "infinite cell made finite": _resize(True),
    "sibling class": _sibling,
    "move a cycle step to another cell": _cycle(_move_step),
    "shorten the cycle": _cycle(lambda c: len(c["cycle"]) > 1 and c["cycle"].pop(0) and True),
    "lengthen the cycle": _cycle(lambda c: c["cycle"].append(c["cycle"][0])),
    "cycle into the prefix": _cycle(lambda c: c["prefix"].extend(c["cycle"])),
    "unroll 2": _cycle(lambda c: c.__setitem__("unroll", 2)),
    "other target": _cycle(lambda c: c.__setitem__("target", next(n for n in c["class"]["hypotheses"]
                                                                   if n != c["target"]))),
}


# ---------------------------------------------------------------- independent confirmation

class _Recorded:
    """The certificate's rows as a model for the engine (missing rows: back to the start, first answer)."""

    def __init__(self, cert: dict, cls, kind: str):
        self.kind, self.spec, self.canonical, self.bundled = kind, cert["generator"], cert["canonical"], False
        self._start = cert["machine"]["start"]
        self.rows: dict[tuple[str, int, str], tuple[tuple[str, int], ...]] = {}
        sigs = [c.signature for c in cls.table.cells]
        for row in cert["machine"]["rows"]:
            c = sigs.index(frozenset(cls.index(n) for n in row["cell"]))
            opts = row["options"] if "options" in row else [[row["to"], row["answer"]]]
            self.rows[(row["state"], c, row["how"])] = tuple((to, self._answer(cls, sigs, a)) for to, a in opts)

    def _answer(self, cls, sigs, a) -> int:
        if self.kind == PROPER:
            return cls.index(a)
        return STALE if a == "stale" else sigs.index(frozenset(cls.index(n) for n in a["fresh"]))

    def start(self) -> Hashable:
        return self._start

    def step(self, q, cell: int, how: str):
        return self.rows.get((q, cell, how), ((self._start, 0 if self.kind == PROPER else STALE),))


def confirm(cert: dict) -> str:
    """The edited claim, re-decided without the checker; AssertionError when it is refuted."""
    cls = load(cert["class"]["path"])
    spec, notion, replay = cert["generator"], cert["notion"], cert["replay"]
    ths = {cls.index(n): d for n, d in cert["thresholds"].items()} or None
    base = spec
    while base.startswith("burn-in:"):
        base = base[len("burn-in:"):]
    model = None if base in BUNDLED else _Recorded(cert, cls, cert["answers"])
    r = verify_generator(cls, spec, notion, ths, replay, model=model, burn_in=cert["burn_in"], timeout=30)
    if cert["kind"] == "verify-lasso":
        assert r.verdict == "defeated", f"accepted lasso, but the engine says {r.verdict}"
        return r.verdict
    want = "verified-canonical" if (model is None or cert["canonical"]) else "verified"
    assert r.verdict == want, f"accepted invariant ({want}), but the engine says {r.verdict}"
    if model is not None and len(model.rows) == sum(1 for o in model.rows.values() if len(o) == 1) \
            and not cert["canonical"] and notion != "proper-limit":
        d = max(ths.values())
        fn = machine_function(lambda q, c, how: model.step(q, c, how)[0], model.start(), cls, model.kind == PROPER)
        kind = model.kind
        gen = Generator("recorded", kind, lambda obs: cls.names[fn(obs)] if kind == PROPER else fn(obs))
        # uniform at the largest d: a defeat there defeats every threshold of the claim
        game = make_game(cls, Mode(replay=replay, proper=kind == PROPER), "uniform", 3, min(d, 3), None, 0)
        brute = brute_force(game, UnderTest(gen, cls), max_streams=20_000)
        assert d > 3 or not brute.defeated, f"accepted invariant, but brute force defeats at {brute.found}"
    return r.verdict


# ---------------------------------------------------------------- the harness

def _run(certs: list[dict], edits: dict[str, Edit]) -> tuple[int, int, list[str]]:
    tried = accepted = 0
    confirmed = []
    for cert in certs:
        assert check(cert).valid, check(cert).message
        for name, edit in edits.items():
            forged = edit(cert)
            if forged is None:
                continue
            tried += 1
            try:
                res = check(forged)
            except Exception as exc:  # noqa: BLE001 - a crash is a finding too
                pytest.fail(f"{cert['kind']} / {name}: check crashed: {exc!r}")
            if res.valid:
                accepted += 1
                confirmed.append(f"{cert['kind']} {cert['generator']} / {name}: {confirm(forged)}")
    return tried, accepted, confirmed


def _committed() -> list[dict]:
    return [_load_cert(CE / "verify_h4_telltale.json"), _load_cert(CE / "verify_zero_odd_guard.json")]


DEFAULT = ["generator=closure", "generator=my_gen.json", "generator=telltale", "notion=non-uniform",
           "notion=uniform", "drop a threshold", "add a threshold", "lower every threshold", "flip replay",
           "flip canonical", "finite cell made infinite", "infinite cell made finite", "sibling class",
           "move a cycle step to another cell", "shorten the cycle", "lengthen the cycle", "other target"]


def test_forged_verify_certificates_are_rejected_or_true():
    tried, accepted, confirmed = _run(_committed(), {k: EDITS[k] for k in DEFAULT})
    assert tried >= 25, tried
    # the accepted ones are true claims (confirmed above); most forgeries are rejected
    assert accepted <= tried // 2, confirmed


@pytest.mark.slow
def test_forged_verify_certificates_are_rejected_or_true_slow():
    zo = str(CLASSES / "attack_zero_odd.toml")
    h4 = str(CLASSES / "h4.toml")
    built = [verify_generator(load(zo), "burn-in:closure", "uniform", {h: 2 for h in range(3)}, True, source=zo),
             verify_generator(load(zo), "closure", "uniform", {h: 3 for h in range(3)}, False, source=zo),
             verify_generator(load(h4), "telltale", "proper-limit", None, False, source=h4)]
    certs = _committed() + [r.certificate for r in built]
    for c in certs[2:]:
        c["class"]["path"] = str(Path(c["class"]["path"]).resolve()) if Path(c["class"]["path"]).is_absolute() \
            else str((ROOT / c["class"]["path"]).resolve())
    tried, accepted, confirmed = _run(certs, EDITS)
    assert tried >= 70, tried
