"""JSON output shared by the collapse experiments."""
from __future__ import annotations

import math
from typing import Any


def clean(x: Any) -> Any:
    """Round floats to 6 significant digits (NaN becomes null), recursively: stable, diff-friendly JSON."""
    if isinstance(x, float):
        return None if math.isnan(x) else float(f"{x:.6g}")
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    return x
