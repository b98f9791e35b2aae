"""replayproof: machine-checked verdicts and certificates for language generation with replay.

The Python API mirrors the command line: `load` a class file, read its cells, judge traces
with the trusted `kernel`.
"""
from .classes.classfile import ClassFileError, load, loads, realized_class
from .classes.cells import INF, Cell, CellTable
from .errors import InputError, ReplayproofError, SolverUnknown
from .classes.info import class_info
from .kernel import Mode, Trace, judge
from .classes.model import FiniteClass, Hypothesis

__all__ = ["load", "loads", "realized_class", "class_info", "judge", "Mode", "Trace", "FiniteClass",
           "Hypothesis", "Cell", "CellTable", "INF", "ClassFileError", "InputError", "ReplayproofError",
           "SolverUnknown"]
