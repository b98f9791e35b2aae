"""Writing defeat-trace certificates: a stream, the generator's answers, the target (checked by
trusted/certificates/trace.py)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..classes.classfile import class_path
from ..trusted.certificates.trace import KIND
from ..trusted.classes import cells as C
from ..trusted.classes.model import FiniteClass
from ..generators.elements import real

if TYPE_CHECKING:
    from .search import Found
    from .space import Game


def _cells(cls: FiniteClass) -> list[dict[str, Any]]:
    return [{"signature": [cls.names[h] for h in sorted(c.signature)], "size": C.format_size(c.size)}
            for c in cls.table.cells]


def certificate(game: "Game", found: "Found", spec: str, bundled: bool, burn_in: int | None,
                source: str) -> dict[str, Any]:
    """The JSON certificate of one kernel-judged defeat."""
    cls, proper = game.cls, game.mode.proper
    return {
        "kind": KIND,
        "class": class_path(source),
        "class_name": cls.name,
        "cells": _cells(cls),
        "generator": spec,
        "bundled": bundled,
        "burn_in_threshold": burn_in,
        "notion": game.notion,
        "replay": game.mode.replay,
        "proper": proper,
        "threshold": None if game.notion == "proper-limit" else game.threshold(found.target),
        "settle": game.settle,
        "horizon": game.horizon,
        "target": cls.names[found.target],
        "inputs": [real(cls, x) for x in found.inputs],
        "answers": [cls.names[a] for a in found.answers] if proper else [real(cls, a) for a in found.answers],
        "failing_round": found.round,
    }
