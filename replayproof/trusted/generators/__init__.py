"""The bundled generators and their cell-level models: what a generator's name means to the checker.

The engines reach a generator under test through replayproof/generators/ (under_test.py), which
builds on these definitions; user code never runs here.
"""
