"""The size caps of files only the engines read (docs/limits.md); `check` reads none of them. Each goes
through the room's one reader, trusted/classes/limits.py, which holds the caps `check` itself enforces."""
from __future__ import annotations

from ..trusted.classes.limits import MB

MACHINE_FILE = 64 * MB     # a machine file for `verify` (TOML or JSON; may be a decide certificate)
MATRIX_FILE = 16 * MB      # a transition matrix for `collapse chain` (JSON or CSV)
SWEEP_CSV = 16384 * MB     # a sweep results file read back to resume (size 5: 18.7 million rows)
GENERATOR_FILE = 1 * MB    # a user generator's Python file (file.py:function)
