"""Strict structural checks of certificates against the package's JSON schemas, by hand and fast.

One schema file per kind (`schema/<kind>.schema.json`, copied to docs/schema/). This module
interprets the subset of JSON Schema 2020-12 those files use, so `check` needs no jsonschema:
type, enum, const, required, properties, additionalProperties, items, minItems, uniqueItems,
minimum, pattern, $ref (to #/$defs), allOf, anyOf, not, if/then/else. Every message names the
field: "at nodes/3/present: expected array, got string".
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

SCHEMAS = Path(__file__).resolve().parent / "schema"

_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


class StructureError(Exception):
    """A certificate that does not have its kind's shape; the message names the field."""


def kinds() -> list[str]:
    """Every kind that has a schema file in the package."""
    return sorted(p.name[: -len(".schema.json")] for p in SCHEMAS.glob("*.schema.json"))


@lru_cache(maxsize=None)
def schema(kind: str) -> dict[str, Any]:
    """The parsed schema of one kind (read once per process)."""
    path = SCHEMAS / f"{kind}.schema.json"
    if not path.exists():
        raise KeyError(f"no schema for certificate kind {kind!r}")
    return json.loads(path.read_text(encoding="utf-8"))


def validate(kind: str, cert: Any) -> str | None:
    """None when `cert` has the shape of `kind`, else one line naming the first bad field."""
    root = schema(kind)
    try:
        _check(cert, root, root, "")
    except StructureError as exc:
        return str(exc)
    return None


def fields(cert: Any, required: dict[str, Any], optional: dict[str, Any] | None = None, where: str = "") -> None:
    """Raise StructureError unless `cert` is an object with exactly these fields and types.

    For kinds without a schema file: `required`/`optional` map a field to a Python type (or a
    tuple of types); bool is never an int here.
    """
    optional = optional or {}
    if not isinstance(cert, dict):
        raise StructureError(f"at {where or '(top level)'}: expected object, got {_name(cert)}")
    for key in cert:
        if key not in required and key not in optional:
            raise StructureError(f"at {_at(where, key)}: unknown field {key!r}")
    for key, want in {**required, **optional}.items():
        if key not in cert:
            if key in required:
                raise StructureError(f"at {where or '(top level)'}: missing field {key!r}")
            continue
        types = want if isinstance(want, tuple) else (want,)
        value = cert[key]
        if not any(_is(value, t) for t in types):
            raise StructureError(f"at {_at(where, key)}: expected {' or '.join(t.__name__ for t in types)}, "
                                 f"got {_name(value)}")


def _is(value: Any, t: type) -> bool:
    if t is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if t is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, t)


def _at(where: str, key: str | int) -> str:
    return f"{where}/{key}" if where else str(key)


def _name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    for name, t in _TYPES.items():
        if isinstance(value, t):
            return name
    return type(value).__name__


def _type_ok(value: Any, t: str) -> bool:
    if t == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if t == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, _TYPES[t])


def _show(value: Any) -> str:
    return json.dumps(value)[:60]


@lru_cache(maxsize=None)
def _pattern(p: str) -> re.Pattern[str]:
    return re.compile(p)


def _check(value: Any, s: dict[str, Any], root: dict[str, Any], where: str) -> None:
    here = where or "(top level)"
    if "$ref" in s:
        ref = s["$ref"]
        if not ref.startswith("#/$defs/"):
            raise KeyError(f"unsupported $ref {ref!r}")
        _check(value, root["$defs"][ref[len("#/$defs/"):]], root, where)
    if "type" in s:
        types = s["type"] if isinstance(s["type"], list) else [s["type"]]
        if not any(_type_ok(value, t) for t in types):
            raise StructureError(f"at {here}: expected {' or '.join(types)}, got {_name(value)}")
    if "const" in s and not _same(value, s["const"]):
        raise StructureError(f"at {here}: must be {_show(s['const'])}, not {_show(value)}")
    if "enum" in s and not any(_same(value, e) for e in s["enum"]):
        raise StructureError(f"at {here}: must be one of {', '.join(map(_show, s['enum']))}, not {_show(value)}")
    if isinstance(value, dict):
        _object(value, s, root, where)
    if isinstance(value, list):
        if len(value) < s.get("minItems", 0):
            raise StructureError(f"at {here}: needs at least {s['minItems']} item(s), got {len(value)}")
        if s.get("uniqueItems"):
            keys = [json.dumps(v, sort_keys=True) for v in value]
            if len(set(keys)) != len(keys):
                dup = next(v for k, v in zip(keys, value) if keys.count(k) > 1)
                raise StructureError(f"at {here}: {_show(dup)} is listed twice")
        if "items" in s:
            for k, item in enumerate(value):
                _check(item, s["items"], root, _at(where, k))
    if "minimum" in s and _type_ok(value, "number") and value < s["minimum"]:
        raise StructureError(f"at {here}: must be at least {s['minimum']}, not {value}")
    if "pattern" in s and isinstance(value, str) and not _pattern(s["pattern"]).search(value):
        raise StructureError(f"at {here}: {_show(value)} does not match {s['pattern']}")
    for sub in s.get("allOf", ()):
        _check(value, sub, root, where)
    if "anyOf" in s and not any(_passes(value, sub, root, where) for sub in s["anyOf"]):
        raise StructureError(f"at {here}: matches none of the allowed forms")
    if "not" in s and _passes(value, s["not"], root, where):
        raise StructureError(f"at {here}: {s['not'].get('description', 'has a forbidden form')}")
    if "if" in s:
        branch = s.get("then") if _passes(value, s["if"], root, where) else s.get("else")
        if branch is not None:
            _check(value, branch, root, where)


def _object(value: dict[str, Any], s: dict[str, Any], root: dict[str, Any], where: str) -> None:
    props = s.get("properties", {})
    for key in s.get("required", ()):
        if key not in value:
            raise StructureError(f"at {where or '(top level)'}: missing field {key!r}")
    extra = s.get("additionalProperties", True)
    for key, item in value.items():
        if key in props:
            _check(item, props[key], root, _at(where, key))
        elif extra is False:
            raise StructureError(f"at {_at(where, key)}: unknown field {key!r}")
        elif isinstance(extra, dict):
            _check(item, extra, root, _at(where, key))


def _passes(value: Any, s: dict[str, Any], root: dict[str, Any], where: str) -> bool:
    try:
        _check(value, s, root, where)
    except StructureError:
        return False
    return True


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b
