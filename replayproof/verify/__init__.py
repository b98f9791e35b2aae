"""Verify a given generator at every horizon: exact product exploration, lassos and invariants (docs/verify.md)."""
