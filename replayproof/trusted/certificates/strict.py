"""Strict structural checks of certificates against the package's JSON schemas, by hand and fast.

One schema file per kind (`schema/<kind>.schema.json`, copied to docs/schema/). This module
interprets the subset of JSON Schema 2020-12 those files use, so `check` needs no jsonschema:
type, enum, const, required, properties, additionalProperties, items, minItems, maxItems,
uniqueItems, minimum, maximum, pattern, $ref (to #/$defs), allOf, anyOf, not, if/then/else. Every message names the
field: "at nodes/3/present: expected array, got string".
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

SCHEMAS = Path(__file__).resolve().parent / "schema"

_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}
_PYTHON = {**{name: (t,) for name, t in _TYPES.items()}, "integer": (int,), "number": (int, float)}


class StructureError(Exception):
    """A certificate that does not have its kind's shape; the message names the field."""


@lru_cache(maxsize=1)
def kinds() -> frozenset[str]:
    """Every kind that has a schema file in the package."""
    return frozenset(p.name[: -len(".schema.json")] for p in SCHEMAS.glob("*.schema.json"))


@lru_cache(maxsize=None)
def schema(kind: str) -> dict[str, Any]:
    """The parsed schema of one kind (read once per process)."""
    path = SCHEMAS / f"{kind}.schema.json"
    if not path.exists():
        raise KeyError(f"no schema for certificate kind {kind!r}")
    return json.loads(path.read_text(encoding="utf-8"))


def validate(kind: str, cert: Any) -> str | None:
    """None when `cert` has the shape of `kind`, else one line naming the first bad field."""
    try:
        _compiled(kind)(cert, ())
    except StructureError as exc:
        return str(exc)
    return None


def _name(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    for name, t in _TYPES.items():
        if isinstance(value, t):
            return name
    return type(value).__name__


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _show(value: Any) -> str:
    return json.dumps(value)[:60]


def _where(path: tuple) -> str:
    """A path kept as nested pairs (parent, key) while validating, formatted only for a message."""
    keys: list[str] = []
    while path:
        path, key = path
        keys.append(str(key))
    return "/".join(reversed(keys)) or "(top level)"


Check = Callable[[Any, tuple], None]


@lru_cache(maxsize=None)
def _compiled(kind: str) -> Check:
    """The schema of `kind` turned into nested closures once per process."""
    root = schema(kind)
    refs: dict[str, Check] = {}

    def ref(name: str) -> Check:
        def run(value: Any, path: tuple) -> None:
            refs[name](value, path)
        return run

    for name, sub in root.get("$defs", {}).items():  # `ref` resolves lazily: a def may name a later one
        refs[name] = _compile(sub, ref)
    return _compile(root, ref)


def _compile(s: dict[str, Any], ref: Callable[[str], Check]) -> Check:
    steps: list[Check] = []
    if "$ref" in s:
        target = s["$ref"]
        if not target.startswith("#/$defs/"):
            raise KeyError(f"unsupported $ref {target!r}")
        steps.append(ref(target[len("#/$defs/"):]))
    is_obj = any(k in s for k in ("properties", "required", "additionalProperties"))
    is_arr = any(k in s for k in ("items", "minItems", "maxItems", "uniqueItems"))
    # a lone object/array type is checked by that keyword's own step (one closure call less per value)
    own = s.get("type") == "object" and is_obj or s.get("type") == "array" and is_arr
    if "type" in s and not own:
        types = s["type"] if isinstance(s["type"], list) else [s["type"]]
        py = tuple(t for name in types for t in _PYTHON[name])
        boolean = "boolean" in types  # a bool is an int to Python, never a number to JSON Schema

        def typed(value: Any, path: tuple) -> None:
            if not isinstance(value, py) or (isinstance(value, bool) and not boolean):
                raise StructureError(f"at {_where(path)}: expected {' or '.join(types)}, got {_name(value)}")
        steps.append(typed)
    if "const" in s:
        const = s["const"]

        def is_const(value: Any, path: tuple) -> None:
            if not _same(value, const):
                raise StructureError(f"at {_where(path)}: must be {_show(const)}, not {_show(value)}")
        steps.append(is_const)
    if "enum" in s:
        options = s["enum"]

        def one_of(value: Any, path: tuple) -> None:
            if not any(_same(value, e) for e in options):
                raise StructureError(f"at {_where(path)}: must be one of {', '.join(map(_show, options))}, "
                                     f"not {_show(value)}")
        steps.append(one_of)
    if is_obj:
        steps.append(_compile_object(s, ref, own))
    if is_arr:
        steps.append(_compile_array(s, ref, own))
    if "minimum" in s:
        low = s["minimum"]

        def at_least(value: Any, path: tuple) -> None:
            if _number(value) and value < low:
                raise StructureError(f"at {_where(path)}: must be at least {low}, not {value}")
        steps.append(at_least)
    if "maximum" in s:
        high = s["maximum"]

        def at_most(value: Any, path: tuple) -> None:
            if _number(value) and value > high:
                raise StructureError(f"at {_where(path)}: must be at most {high}, not {_show(value)}")
        steps.append(at_most)
    if "pattern" in s:
        # JSON Schema patterns are ECMA-262: "$" ends the string, where Python's also matches before a final newline
        # ("inf\n" passed as a cell size and then crashed the checker)
        pattern, text = re.compile(re.sub(r"(?<!\\)\$", r"\\Z", s["pattern"])), s["pattern"]

        def matches(value: Any, path: tuple) -> None:
            if isinstance(value, str) and not pattern.search(value):
                raise StructureError(f"at {_where(path)}: {_show(value)} does not match {text}")
        steps.append(matches)
    steps += [_compile(sub, ref) for sub in s.get("allOf", ())]
    if "anyOf" in s:
        alternatives = [_compile(sub, ref) for sub in s["anyOf"]]

        def any_of(value: Any, path: tuple) -> None:
            if not any(_passes(alt, value, path) for alt in alternatives):
                raise StructureError(f"at {_where(path)}: matches none of the allowed forms")
        steps.append(any_of)
    if "not" in s:
        forbidden, why = _compile(s["not"], ref), s["not"].get("description", "has a forbidden form")

        def is_not(value: Any, path: tuple) -> None:
            if _passes(forbidden, value, path):
                raise StructureError(f"at {_where(path)}: {why}")
        steps.append(is_not)
    if "if" in s:
        cond = _compile(s["if"], ref)
        then = _compile(s["then"], ref) if "then" in s else None
        other = _compile(s["else"], ref) if "else" in s else None

        def branch(value: Any, path: tuple) -> None:
            chosen = then if _passes(cond, value, path) else other
            if chosen is not None:
                chosen(value, path)
        steps.append(branch)

    def run(value: Any, path: tuple) -> None:
        for step in steps:
            step(value, path)
    return steps[0] if len(steps) == 1 else run


def _compile_object(s: dict[str, Any], ref: Callable[[str], Check], typed: bool) -> Check:
    """The object keywords; a value of another type is refused here when `typed`, else left to `type`."""
    props = {k: _compile(v, ref) for k, v in s.get("properties", {}).items()}
    required = list(s.get("required", ()))
    extra = s.get("additionalProperties", True)
    extra_check = _compile(extra, ref) if isinstance(extra, dict) else None

    def obj(value: Any, path: tuple) -> None:
        if not isinstance(value, dict):
            if typed:
                raise StructureError(f"at {_where(path)}: expected object, got {_name(value)}")
            return
        for key in required:
            if key not in value:
                raise StructureError(f"at {_where(path)}: missing field {key!r}")
        for key, item in value.items():
            check = props.get(key)
            if check is not None:
                check(item, (path, key))
            elif extra is False:
                raise StructureError(f"at {_where((path, key))}: unknown field {key!r}")
            elif extra_check is not None:
                extra_check(item, (path, key))
    return obj


def _compile_array(s: dict[str, Any], ref: Callable[[str], Check], typed: bool) -> Check:
    """The array keywords; a value of another type is refused here when `typed`, else left to `type`."""
    least = s.get("minItems", 0)
    most = s.get("maxItems")
    unique = s.get("uniqueItems", False)
    items = _compile(s["items"], ref) if "items" in s else None
    strings = s.get("items") == {"type": "string"}  # the common case (hypothesis names), checked inline

    def arr(value: Any, path: tuple) -> None:
        if not isinstance(value, list):
            if typed:
                raise StructureError(f"at {_where(path)}: expected array, got {_name(value)}")
            return
        if len(value) < least:
            raise StructureError(f"at {_where(path)}: needs at least {least} item(s), got {len(value)}")
        if most is not None and len(value) > most:
            raise StructureError(f"at {_where(path)}: at most {most} item(s), got {len(value)}")
        if strings:
            for k, item in enumerate(value):
                if not isinstance(item, str):
                    raise StructureError(f"at {_where((path, k))}: expected string, got {_name(item)}")
            if unique and len(set(value)) == len(value):
                return
        elif items is not None:
            for k, item in enumerate(value):
                items(item, (path, k))
        if unique:
            keys = [v if isinstance(v, str) else json.dumps(v, sort_keys=True) for v in value]
            if len(set(keys)) != len(keys):
                dup = next(v for k, v in zip(keys, value) if keys.count(k) > 1)
                raise StructureError(f"at {_where(path)}: {_show(dup)} is listed twice")
    return arr


def _passes(check: Check, value: Any, path: tuple) -> bool:
    try:
        check(value, path)
    except StructureError:
        return False
    return True


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b
