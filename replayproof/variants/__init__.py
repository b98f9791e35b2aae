"""Adversary models beyond the paper's (docs/variants.md): replay budgets and replay delays, decided
exactly on the cells of a finite class, with certificates the kernel re-checks under the named model."""
