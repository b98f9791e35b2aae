"""The finite characterization (Li and Zhang), re-exported for the game layer.

The pure function lives in the class layer (`replayproof.classes.criterion`) so that `info`
can explain verdicts without importing the game; docs/game.md, "The characterization".
"""
from __future__ import annotations

from ..classes.criterion import (CanonicalGenerator, Choice, Criterion, Lattice, Obstruction, cell_masks,
                                 criterion, find_obstruction, generatable_signatures, groups, inside, profiles)

__all__ = ["CanonicalGenerator", "Choice", "Criterion", "Lattice", "Obstruction", "cell_masks", "criterion",
           "find_obstruction", "generatable_signatures", "groups", "inside", "profiles"]
