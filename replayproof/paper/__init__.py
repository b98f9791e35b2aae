"""Executable versions of two results of arXiv 2603.11784: Witness Protection (T6.1) and the T6.6 adversary."""
