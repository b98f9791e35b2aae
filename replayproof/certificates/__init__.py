"""Certificates: JSON documents that an independent check re-verifies with the kernel.

Every certificate has a "kind"; each kind has one checker, registered here, which must use
only the kernel, the class's exact cells and plain graph reasoning, never the solver that
produced the certificate.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..errors import InputError


@dataclass(frozen=True)
class CheckResult:
    valid: bool
    kind: str
    message: str  # "valid: ..." summary, or the first failing step


ROOT = Path(__file__).resolve().parent.parent.parent  # the repository: class paths in certificates are relative to it


def class_path(source: str | None) -> str | None:
    """How a certificate names its class file: relative to the repository root when inside it."""
    if not source:
        return None
    p = Path(source).resolve()
    try:
        return p.relative_to(ROOT).as_posix()
    except ValueError:
        return str(p)


def class_file(name: str) -> Path:
    """The class file a certificate names, found wherever `check` runs (relative = repository root)."""
    p = Path(name)
    return p if p.is_absolute() else ROOT / p


Checker = Callable[[dict[str, Any]], CheckResult]
CHECKERS: dict[str, Checker] = {}


def register(kind: str) -> Callable[[Checker], Checker]:
    """Decorator: make `check` dispatch certificates of this kind to the function."""
    def deco(fn: Checker) -> Checker:
        CHECKERS[kind] = fn
        return fn
    return deco


def read(path: str | Path) -> dict[str, Any]:
    """Read a certificate file; malformed files are input errors."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a readable JSON certificate: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("kind"), str):
        raise InputError(f"{path}: a certificate is a JSON object with a \"kind\" field")
    return data


def check(data: dict[str, Any], source: str = "<certificate>") -> CheckResult:
    """Re-verify a certificate with its kind's checker."""
    _load_checkers()
    kind = data.get("kind")
    if kind not in CHECKERS:
        raise InputError(f"{source}: unknown certificate kind {kind!r} (known: {', '.join(sorted(CHECKERS)) or 'none'})")
    return CHECKERS[kind](data)


def write(data: dict[str, Any], path: str | Path) -> None:
    """Write a certificate as stable, diff-friendly JSON."""
    try:
        Path(path).write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write the certificate: {exc}") from None


def _load_checkers() -> None:
    """Import the modules that register checkers (kept lazy: they may import heavier code)."""
    import importlib
    for module in _CHECKER_MODULES:
        importlib.import_module(module, __package__)


# Modules whose import registers a checker (see `register`).
_CHECKER_MODULES: list[str] = ["..threshold.lowerbound", "..game.certificate", "..game.criterion_certificate",
                             "..attack.certificate"]
