"""What the guard-test files (test_checker_guards, test_variant_guards, test_finite_guards) share: a catalogue
of named forgeries, a kind's checker run without the schema in front of it, and the two assertions: a guard
rejects its forgery with its own message, the schema rejects a structural forgery with the schema's."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from replayproof.trusted.certificates import CHECKERS, CheckResult, _load_checkers, check
from replayproof.trusted.certificates.source import origin

Edit = Callable[[dict], None]
Case = tuple[str, Edit, str]  # (base certificate's stem, edit, expected message)


def registrar(table: dict[str, Case]) -> Callable[[str, str, str], Callable[[Edit], Edit]]:
    """A decorator factory that registers an edit of base(stem) under a unique name in `table`."""
    def register(name: str, stem: str, message: str) -> Callable[[Edit], Edit]:
        def deco(edit: Edit) -> Edit:
            assert name not in table, name
            table[name] = (stem, edit, message)
            return edit
        return deco
    return register


def node(cert: dict, nid: str) -> dict:
    return next(n for n in cert.get("nodes", cert.get("states", [])) if n["id"] == nid)


def checker_alone(cert: dict, base: Path) -> CheckResult:
    """The kind's checker itself, without the schema in front of it: the guard under test must reject on its
    own, whatever the schema files catch first."""
    _load_checkers()
    with origin(base):
        return CHECKERS[cert["kind"]](cert)


def assert_guard_rejects(cert: dict, edit: Edit, message: str, base: Path, source: Path) -> None:
    """The base is valid; edited, the full check (schema first) and the checker alone reject it, the latter with
    `message` (contained, or exactly when it starts with "=")."""
    assert checker_alone(cert, base).valid, checker_alone(cert, base).message
    edit(cert)
    full = check(cert, source)
    assert not full.valid, full.message
    result = checker_alone(cert, base)
    assert not result.valid, result.message
    if message.startswith("="):
        assert result.message == message[1:], result.message
    else:
        assert message in result.message, result.message


def assert_schema_rejects(cert: dict, edit: Edit, message: str, source: Path | None, *, prefix: bool = False) -> None:
    """Edited, the full check rejects it as malformed with the schema's `message` (or a message it begins)."""
    edit(cert)
    result = check(cert, source)
    want = f"malformed certificate: {message}"
    assert not result.valid and (result.message.startswith(want) if prefix else result.message == want), result.message
