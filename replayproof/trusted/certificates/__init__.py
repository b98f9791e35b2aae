"""Certificates: JSON documents that an independent check re-verifies with the kernel.

Every certificate has a "kind"; each kind has one checker, registered here, which must use
only the kernel, the class's exact cells (never a solver's) and plain graph reasoning. Kinds
with a schema file in `schema/` are structurally validated (strict.py) before their checker
runs. Trusted base and how a new kind plugs in: docs/kernel.md.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ..errors import InputError

if TYPE_CHECKING:  # annotations only: `replayproof --help` need not load the class layer
    from ..classes.model import FiniteClass


@dataclass(frozen=True)
class CheckResult:
    valid: bool
    kind: str
    message: str      # "valid: ..." summary, or the first failing step
    against: str = ""  # the class the check validated against ("class H4 from ... (...)")


Checker = Callable[[dict[str, Any]], CheckResult]
CHECKERS: dict[str, Checker] = {}


def register(kind: str) -> Callable[[Checker], Checker]:
    """Decorator: make `check` dispatch certificates of this kind to the function. The function returns
    its result, or raises `common.Reject` at the first failing step (`source.ClassMismatch` for its class):
    the invalid result with that message."""
    def deco(fn: Checker) -> Checker:
        from .common import Reject  # a checker module has loaded them (and the class layer) already
        from .source import ClassMismatch

        def run(cert: dict[str, Any]) -> CheckResult:
            try:
                return fn(cert)
            except (Reject, ClassMismatch) as exc:
                return CheckResult(False, kind, str(exc))
        CHECKERS[kind] = run
        return run
    return deco


class Document(dict):
    """A certificate read from a file: a plain dict that remembers its path (class paths are relative to it)."""

    path: Path | None = None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise InputError(f"duplicate key {key!r}")
        out[key] = value
    return out


def read(path: str | Path) -> Document:
    """Read a certificate file strictly: malformed JSON and duplicate keys are input errors.
    `path` may name a bundled certificate instead (`h4_replay`: trusted/classes/bundled.py); a path wins."""
    from ..classes.bundled import find
    from ..classes.limits import CERTIFICATE, parse, read_text
    path = find(path, "certificates")
    text = read_text(path, CERTIFICATE, "certificate")
    try:
        data = parse(text, str(path), hook=_no_duplicates)
    except InputError as exc:  # malformed or too deeply nested JSON, or a duplicate key
        why = str(exc).removeprefix(f"{path}: ")
        raise InputError(f"{path}: not a readable JSON certificate: {why}" if why != str(exc)
                         else f"{path}: not a certificate: {why}") from None
    if not isinstance(data, dict) or not isinstance(data.get("kind"), str):
        raise InputError(f"{path}: a certificate is a JSON object with a \"kind\" field")
    doc = Document(data)
    doc.path = path
    return doc


def check(data: dict[str, Any], source: str | Path | None = None, *, cls: FiniteClass | None = None) -> CheckResult:
    """Re-verify a certificate with its kind's checker.

    `source`: the file it was read from (default: where `read` found it); relative class paths
    are read from its directory, or from the working directory for a certificate built in memory. `cls`: in-process only, the class the certificate
    was just built from, whose cells are then reused instead of re-derived.
    """
    from . import strict
    from .source import origin
    _load_checkers()
    if source is None:
        source = getattr(data, "path", None)
    kind = data.get("kind")
    label = str(source) if source is not None else "<certificate>"
    if not isinstance(kind, str) or kind not in CHECKERS:  # a dict built in memory may have any kind (read: a string)
        raise InputError(f"{label}: unknown certificate kind {kind!r} (known: {', '.join(sorted(CHECKERS)) or 'none'})")
    if kind in strict.kinds():
        problem = strict.validate(kind, data)
        if problem:
            return CheckResult(False, kind, f"malformed certificate: {problem}")
    if source is not None and not Path(source).exists():  # a bundled certificate's name (see `read`)
        from ..classes.bundled import find
        with contextlib.suppress(InputError):
            source = find(source, "certificates")
    base = Path(source).resolve().parent if source is not None else Path.cwd()
    with origin(base, cls) as o:
        result = CHECKERS[kind](data)
    return replace(result, against=result.against or o.used)


def _load_checkers() -> None:
    """Import the modules that register checkers (lazy: only `check` needs them)."""
    import importlib
    for module in _CHECKER_MODULES:
        importlib.import_module(module, __package__)


# Modules whose import registers a checker (see `register`); docs/kernel.md lists what they import.
_CHECKER_MODULES: list[str] = [".lowerbound", ".strategy", ".trace", ".criterion", ".machine", ".query",
                               ".replay_variant", ".finite_variant"]
