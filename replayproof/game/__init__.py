"""Proper generation in the limit as a finite game on cells: exact decision and certificates.

Modules: `arena` (the reduced game), `solve` (backward induction), `build` (the winner's
strategy as a certificate), `certificate` (the independent checker: kernel + graphs only),
`oracle` (a brute-force solver for differential tests), `solve_reference` (the solver before
the bitmask rewrite, a baseline for tests and benchmarks), `draw` (Graphviz), `cli` (`decide`).
The mathematics is in docs/game.md.
"""
