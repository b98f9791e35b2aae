"""Sweeps over every small finite class, given by cell cardinalities, up to isomorphism."""
from .enumerate import SweepClass, enumerate_classes

__all__ = ["SweepClass", "enumerate_classes"]
