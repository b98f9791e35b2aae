"""Issue 26's constraint: moving checkers and generators between rooms changes no output. The
snapshot (tests/data/behaviour.json, recorded before the move by `python tests/behaviour.py
--write`) is recomputed: every committed certificate's `check --json`, `info`/`decide` on six
bundled classes, `threshold h4`, `verify h4 --generator telltale`, and theorems T7.3 and T7.1."""
from __future__ import annotations

import json

from behaviour import DATA, snapshot


def test_outputs_are_those_recorded_before_the_move():
    recorded = json.loads(DATA.read_text(encoding="utf-8"))
    now = snapshot()
    assert sorted(now) == sorted(recorded)
    changed = [k for k in recorded if now[k] != recorded[k]]
    assert not changed, f"outputs that changed: {changed}"
