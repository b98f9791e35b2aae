"""See and play a verdict: one self-contained HTML page per certificate (docs/explore.md).

`page` renders any certificate kind (a playable adversary or generator strategy, a lasso to step
through, a defeat trace as a timeline, a readable view of the others) with the class and the
verdict in words; `write_html` writes it. The page's judge mirrors `replayproof.trusted.kernel`; what it
shows comes from the certificate and the kernel's check of it, never from a solver.
"""
from __future__ import annotations

import html as _html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..trusted.errors import InputError

if TYPE_CHECKING:
    from ..trusted.certificates import CheckResult
    from ..trusted.classes.model import FiniteClass


def page(cert: dict[str, Any] | None, *, cls: FiniteClass | None = None, source: str | Path | None = None,
         checked: CheckResult | None = None, text: str | None = None) -> str:
    """The HTML of one certificate (None: the class alone). `source`: the file it was read from;
    `cls`: the class it was built from in-process; `checked`: its check, run here when None;
    `text`: the terminal's words for the verdict (default: `replayproof check`'s)."""
    from . import data as D
    from .render import render
    if cert is not None:
        if source is None:
            source = getattr(cert, "path", None)
        if checked is None:
            from ..trusted.certificates import check
            checked = check(cert, source, cls=cls)
        if cls is None:
            cls = D.load_for(cert, source)
    if cls is None:
        raise InputError("explore: nothing to show (no certificate and no class)")
    payload = D.payload(cert, cls, checked, text)
    what = cert["kind"] if cert is not None else "class"
    return render(payload, f"replayproof: {cls.name}: {what}")


def write_html(path: str | Path, cert: dict[str, Any] | None, **kw: Any) -> int:
    """Write `page(cert, **kw)` to path; returns its size in bytes."""
    text = page(cert, **kw)
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write the HTML page: {exc}") from None
    return len(text.encode("utf-8"))


def decision_text(dec: Any, name: str, file: str) -> str:
    """The words `replayproof decide` prints for a Decision (kept equal by tests/test_explore.py)."""
    mode = "with replay" if dec.replay else "without replay"
    how = {"game": "by the game", "criterion": "by the criterion",
           "both": "by the game and the criterion, which agree"}[dec.method]
    lines = [f"{dec.verdict}: {name} ({file}), proper generation in the limit {mode} ({how})"]
    checked = [(dec.certificate, dec.check)] + ([(dec.criterion_certificate, dec.criterion_check)]
                                                if dec.criterion_certificate is not None else [])
    for c, _ in checked:
        detail = c["summary"].split(": ", 1)[1]
        if c["kind"] == "proper-limit-adversary":
            lines.append(f"  one adversary strategy defeats every proper generator: {detail}")
        elif c["kind"] == "proper-limit-generator":
            lines.append(f"  a proper generator wins against every target and enumeration: {detail}")
        else:
            lines.append(f"  {c['summary']}")
        lines.append(f"  certificate re-checked by the kernel: valid ({c['kind']})")
    return "\n".join(lines)


def write_decision(path: str | Path, dec: Any, cls: FiniteClass, file: str) -> int:
    """`decide --html`: the decision's certificate with the terminal's words (its plain-words summary too)."""
    from ..game.plain import in_short
    text = "\n".join([decision_text(dec, cls.name, file), *in_short(cls, dec, file)])
    return write_html(path, dec.certificate, cls=cls, checked=dec.check, text=text)


def attack_certificate(outcome: Any, spec: str = "(in-process generator)", bundled: bool = False,
                       burn_in: int | None = None, source: str | None = None) -> dict[str, Any] | None:
    """The defeat-trace certificate of an attack's outcome (None when nothing was defeated): the
    fields of attack.certificate.certificate (tests/test_explore.py compares them), built here
    because the search, whose Outcome shows this page, may not import that module's checker."""
    if outcome.found is None:
        return None
    from ..generators.elements import real
    from ..classes.classfile import class_path
    from ..trusted.classes import cells as C
    game, found = outcome.game, outcome.found
    cls, proper = game.cls, game.mode.proper
    return {"kind": "defeat-trace", "class": class_path(source or cls.source), "class_name": cls.name,
            "cells": [{"signature": [cls.names[h] for h in sorted(c.signature)], "size": C.format_size(c.size)}
                      for c in cls.table.cells],
            "generator": spec, "bundled": bundled, "burn_in_threshold": burn_in, "notion": game.notion,
            "replay": game.mode.replay, "proper": proper,
            "threshold": None if game.notion == "proper-limit" else game.threshold(found.target),
            "settle": game.settle, "horizon": game.horizon, "target": cls.names[found.target],
            "inputs": [real(cls, x) for x in found.inputs],
            "answers": [cls.names[a] for a in found.answers] if proper else [real(cls, a) for a in found.answers],
            "failing_round": found.round}


def write_attack(path: str | Path, outcome: Any, cls: FiniteClass, spec: str, bundled: bool,
                 burn_in: int | None, file: str, text: str) -> int:
    """`attack --html`: the defeat trace (or, when none was found, the class) with the terminal's words."""
    cert = attack_certificate(outcome, spec, bundled, burn_in, file)
    return write_html(path, cert, cls=cls, text=text)


def notebook(cert: dict[str, Any] | None, **kw: Any) -> str:
    """The page inside an iframe (srcdoc), so a notebook runs its script in isolation: `_repr_html_`."""
    doc = page(cert, **kw)
    return (f'<iframe srcdoc="{_html.escape(doc, quote=True)}" style="width:100%;height:640px;border:1px solid #ccc" '
            'title="replayproof explorer"></iframe>')
