"""Parameter families in class files: `params = { n = "1..6" }` expands one entry into many hypotheses."""
from __future__ import annotations

import itertools
import math
import re
from typing import Any

from ..errors import InputError

MAX_HYPOTHESES = 64
RANGE = re.compile(r"^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


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
