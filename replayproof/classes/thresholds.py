"""`--thresholds "h=d,h2=d2"`: per-target thresholds named by a class's hypotheses (attack, verify)."""
from __future__ import annotations

from ..trusted.errors import InputError
from ..trusted.classes.model import FiniteClass


def parse_thresholds(text: str, cls: FiniteClass) -> dict[int, int]:
    """--thresholds "h=d,h2=d2" as {hypothesis index: d}."""
    out: dict[int, int] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, eq, value = part.partition("=")
        if not eq:
            raise InputError(f"--thresholds: {part!r} is not name=d")
        try:
            h = cls.index(name.strip())
        except KeyError as exc:
            raise InputError(f"--thresholds: {exc.args[0]}") from None
        try:
            out[h] = int(value)
        except ValueError:
            raise InputError(f"--thresholds: threshold {value!r} for {name.strip()} is not an integer") from None
    if not out:
        raise InputError("--thresholds: give at least one name=d")
    return out
