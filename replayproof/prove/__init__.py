"""Proofs a proof assistant checks: the Coq development and its instantiation for a class."""
