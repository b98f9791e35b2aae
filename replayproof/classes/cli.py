"""`replayproof info`: describe a class (cells, UUS, inclusions, C(H))."""
from __future__ import annotations

import click

from ..output import BudgetBar, emit_json, quiet_option, timeout_option


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@timeout_option(60)
@quiet_option
def info(file: str, as_json: bool, timeout: int, quiet: bool = False) -> None:
    """Describe a class: hypotheses, exact cells, UUS, inclusions, closure dimension.

    Cells are computed exactly with z3 (every signature's cell is empty, finite with all its
    elements listed, or infinite with samples).

    \b
    Example:  replayproof info encodings/classes/h4.toml
    """
    from .classfile import load
    from .info import class_info, render_info
    with BudgetBar("info: deriving the cells, seconds used of --timeout", timeout, quiet):
        data = class_info(load(file, timeout_ms=timeout * 1000))
    emit_json(data) if as_json else click.echo(render_info(data))
