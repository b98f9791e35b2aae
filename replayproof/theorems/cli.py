"""`replayproof theorems`: the paper's results as machine checks."""
from __future__ import annotations

import click

from ..output import ProgressBar, emit_json, quiet_option


@click.command()
@click.option("--only", metavar="ID", help="Run one row, e.g. T7.3.")
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
@click.option("--markdown", is_flag=True, help="Print docs/theorems.md: the rows as a Markdown table, without timings.")
@click.option("--export", "export_dir", metavar="DIR", type=click.Path(file_okay=False),
              help="Also write the certificates of the rows that make them (T7.1's runs) into DIR.")
@quiet_option
def theorems(only: str | None, as_json: bool, markdown: bool, export_dir: str | None, quiet: bool = False) -> None:
    """Reproduce the paper's results (docs/model.md §4) as machine checks.

    Each row runs the check the tool can do for a result (exact game, certified thresholds,
    adversaries judged by the kernel, SMT cores cross-checked by two solvers) and prints
    reproduced / FAILED / unknown / not machine-checkable. Exit 1 if any checkable row failed.

    \b
    Examples:  replayproof theorems --only T7.3
               replayproof theorems --only T7.1 --export t71/   # then: replayproof check t71/t71_cycle.json
    """
    from .catalog import CATALOG, EXPORTS, FAILED, document, run_rows, text, to_json
    if only and only.lower() not in {rid.lower() for rid, _ in CATALOG}:
        raise click.BadParameter(f"{only!r} is not a row (rows: {', '.join(rid for rid, _ in CATALOG)})",
                                 param_hint="--only")
    total = 1 if only else len(CATALOG)
    with ProgressBar("theorems: rows checked", total, quiet, "row") as bar:
        finished = [0]

        def started(rid: str) -> None:  # called as each row starts: the rows before it are done
            bar.describe(f"theorems: checking {rid}")
            bar.update(finished[0], total)
            finished[0] += 1
        rows = run_rows(only, progress=started)
    if export_dir:
        from pathlib import Path

        from ..output import write
        from ..trusted.errors import InputError
        out = Path(export_dir)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"{out}: cannot create the directory: {exc}") from None
        for rid, make in EXPORTS.items():
            if not only or rid.lower() == only.lower():
                for name, cert in make().items():
                    write(cert, out / name)
                    click.echo(f"certificate written to {out / name}", err=True)
    if as_json:
        emit_json(to_json(rows))
    elif markdown:
        click.echo(document(rows), nl=False)
    else:
        click.echo(text(rows))
    if any(r.verdict == FAILED for r in rows):
        raise click.exceptions.Exit(1)
