"""Class files: the checks both domains (integers, strings) share -- the file's name, description and
keys, and its [[hypothesis]] tables with their names and parameter families
(`params = { n = "1..6" }` expands one entry into many hypotheses)."""
from __future__ import annotations

import itertools
import math
import re
from pathlib import Path
from typing import Any, Iterator

from ..errors import InputError

MAX_HYPOTHESES = 64
RANGE = re.compile(r"^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
HYPOTHESIS_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_+\-']*$")


def header(data: dict[str, Any], source: str, error: type[InputError], keys: set[str],
           expected: str) -> tuple[str, str]:
    """The class's name (by default the file's stem) and description, once every key is one of `keys`."""
    extra = sorted(set(data) - keys)
    if extra:
        raise error(f"{source}: unknown key {extra[0]!r} ({expected})")
    name, description = data.get("name", Path(source).stem), data.get("description", "")
    if not isinstance(name, str) or not isinstance(description, str):
        raise error(f"{source}: 'name' and 'description' must be strings")
    return name, description


def check_name(name: str, seen: set[str], where: str, source: str, error: type[InputError]) -> None:
    """A new hypothesis name: valid (HYPOTHESIS_NAME) and not among those `seen` (then added to them)."""
    if not isinstance(name, str) or not HYPOTHESIS_NAME.match(name):
        raise error(f"{where}: {name!r} is not a valid hypothesis name "
                    "(letters, digits, _ + - ', starting with a letter or _)")
    if name in seen:
        raise error(f"{source}: hypothesis name {name!r} is used twice")
    seen.add(name)


def hypotheses(raw: Any, source: str, error: type[InputError], keys: tuple[str, ...], shape: str,
               reserved: frozenset[str] = frozenset(), minimum: int | None = None
               ) -> Iterator[tuple[dict, dict[str, int], str, str]]:
    """(table, parameter values, name, label for messages) of every hypothesis the [[hypothesis]]
    tables define, in order, families expanded (each parameter mentioned in the name as {p}), names
    checked; `keys` are the domain's keys besides name and params, `shape` how it says them."""
    if not isinstance(raw, list) or not raw:
        raise error(f"{source}: the class is empty ([[hypothesis]] must list at least one hypothesis)")
    seen: set[str] = set()
    for k, entry in enumerate(raw, 1):
        where = f"{source}: hypothesis #{k}"
        if not isinstance(entry, dict):
            raise error(f"{where}: must be a table with name and {shape}")
        extra = sorted(set(entry) - {"name", "params", *keys})
        if extra:
            raise error(f"{where}: unknown key {extra[0]!r} (expected name, {' or '.join(keys)}, params)")
        template = entry.get("name")
        if not isinstance(template, str) or not template:
            raise error(f"{where}: missing 'name'")
        where = f"{source}: hypothesis {template!r}"
        for params in param_space(entry.get("params", {}), where, len(seen), error, reserved, minimum):
            name = template
            for p, v in params.items():
                if "{" + p + "}" not in template:
                    raise error(f"{where}: the name must mention parameter {p} as {{{p}}}, e.g. \"h{{{p}}}\"")
                name = name.replace("{" + p + "}", str(v))
            check_name(name, seen, where, source, error)
            yield entry, params, name, f"{source}: hypothesis {name!r}"


def param_space(params: Any, where: str, already: int, error: type[InputError], reserved: frozenset[str] = frozenset(),
                minimum: int | None = None) -> list[dict[str, int]]:
    """All assignments of a family's parameters (each 'a..b' or a list of integers, at least `minimum`),
    at most MAX_HYPOTHESES in the class counting the `already` defined; `error` names the file's error type."""
    if not isinstance(params, dict):
        raise error(f"{where}: params must be a table such as {{ n = \"1..6\" }}")
    axes: list[list[int]] = []
    for pname, spec in params.items():
        if not _NAME.match(pname) or pname in reserved:
            raise error(f"{where}: {pname!r} cannot be a parameter name")
        if isinstance(spec, str) and (m := RANGE.match(spec)):
            lo, hi = int(m.group(1)), int(m.group(2))
            if hi < lo:
                raise error(f"{where}: parameter {pname} range {spec!r} is empty")
            if hi - lo + 1 > MAX_HYPOTHESES:
                raise error(f"{where}: parameter {pname} range {spec!r} expands to {hi - lo + 1} "
                            f"hypotheses; at most {MAX_HYPOTHESES} are allowed")
            axis = list(range(lo, hi + 1))
        elif isinstance(spec, list) and spec and all(isinstance(v, int) and not isinstance(v, bool) for v in spec):
            axis = list(spec)
        else:
            raise error(f"{where}: parameter {pname} must be a range \"a..b\" or a list of integers")
        if minimum is not None and min(axis) < minimum:
            raise error(f"{where}: parameter {pname} takes values below {minimum}")
        axes.append(axis)
    total = math.prod(len(axis) for axis in axes)
    if already + total > MAX_HYPOTHESES:
        if not axes:  # a plain hypothesis, one too many
            raise error(f"{where}: the class has more than {MAX_HYPOTHESES} hypotheses "
                        f"(at most {MAX_HYPOTHESES} are allowed)")
        before = f" after {already} earlier ones ({already + total} in all)" if already else ""
        raise error(f"{where}: the parameters expand to {total} hypotheses{before}; "
                    f"at most {MAX_HYPOTHESES} are allowed in a class")
    return [dict(zip(params, combo)) for combo in itertools.product(*axes)]
