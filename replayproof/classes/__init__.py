"""The class layer's tools over the trusted definitions (trusted/classes/): the solver's exact cells,
the SMT-LIB encoding, Li and Zhang's criterion, thresholds and the `info` summary.
"""
