"""Bounded replay attacks on a given generator: z3 + CEGAR search, brute-force oracle, certificates."""
