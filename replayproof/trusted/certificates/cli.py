"""`replayproof check`: re-verify a certificate with the kernel."""
from __future__ import annotations

import click

from ..output import emit_json


@click.command()
@click.argument("certificate", type=click.Path(dir_okay=False))
@click.option("--html", "html", type=click.Path(dir_okay=False), metavar="FILE",
              help="Also write one self-contained HTML page to see and play the result (docs/explore.md).")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON.")
def check(certificate: str, as_json: bool, html: str | None = None) -> None:
    """Re-verify a certificate with the trusted kernel, never with the solver that made it.

    Prints "valid" and what the certificate proves, or "invalid" and the first failing step
    (exit code 1), then the class it was checked against. A relative class path in the
    certificate is read from the certificate's directory. Generators are re-run only when
    their name is in replayproof's own table of bundled generators; no code named in a
    certificate is ever imported.

    \b
    Example:  replayproof check counterexamples/h4_replay.json
    """
    from . import check as run_check, read
    result = run_check(doc := read(certificate), source=certificate)
    if html:
        from ...explore import write_html
        write_html(html, doc, source=certificate, checked=result)
    if as_json:
        emit_json({"certificate": certificate, "kind": result.kind, "valid": result.valid, "message": result.message,
                   "checked_against": result.against})
    else:
        click.echo(("valid: " if result.valid else "invalid: ") + result.message)
        if result.against:
            click.echo(f"checked against: {result.against}")
    if not result.valid:
        raise click.exceptions.Exit(1)
