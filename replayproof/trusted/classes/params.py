"""[[hypothesis]] tables in class files: the checks both domains share, and parameter families
(`params = { n = "1..6" }` expands one entry into many hypotheses)."""
from __future__ import annotations

import itertools
import math
import re
from typing import Any, Iterator

from ..errors import InputError

MAX_HYPOTHESES = 64
RANGE = re.compile(r"^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
HYPOTHESIS_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_+\-']*$")


def entries(raw: Any, source: str, error: type[InputError], keys: tuple[str, ...],
            shape: str) -> Iterator[tuple[dict, str, str]]:
    """(table, name, where) of each [[hypothesis]] table, in order, once the checks both domains share pass."""
    if not isinstance(raw, list) or not raw:
        raise error(f"{source}: the class is empty ([[hypothesis]] must list at least one hypothesis)")
    for k, entry in enumerate(raw, 1):
        where = f"{source}: hypothesis #{k}"
        if not isinstance(entry, dict):
            raise error(f"{where}: must be a table with name and {shape}")
        extra = sorted(set(entry) - {"name", "params", *keys})
        if extra:
            raise error(f"{where}: unknown key {extra[0]!r} (expected name, {' or '.join(keys)}, params)")
        name = entry.get("name")
        if not isinstance(name, str) or not name:
            raise error(f"{where}: missing 'name'")
        yield entry, name, f"{source}: hypothesis {name!r}"


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
