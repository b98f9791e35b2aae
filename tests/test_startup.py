"""Start-up stays light: the command group loads no solver, plotting or numeric library."""
from __future__ import annotations

import subprocess
import sys

import click

from conftest import ROOT

HEAVY = ("numpy", "matplotlib", "networkx", "jsonschema", "z3", "pysmt")


def test_importing_the_cli_loads_no_heavy_library():
    code = ("import sys, replayproof.cli; "
            f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_lazy_families_show_their_own_help_line():
    """The copied one-line help of lazily loaded families matches the commands themselves."""
    from replayproof.cli import _LAZY, cli
    ctx = click.Context(cli)
    for name, (_, _, text) in _LAZY.items():
        real = cli.get_command(ctx, name)
        assert real is not None and real.name == name
        assert real.get_short_help_str(200) == click.Command(name, help=text).get_short_help_str(200), name
