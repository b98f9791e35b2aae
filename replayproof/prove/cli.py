"""`replayproof prove`: a Coq proof that a class is not properly generatable in the limit with replay."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError
from ..output import timeout_option


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--coq", "out", required=True, type=click.Path(dir_okay=False), metavar="OUT.v",
              help="Write the Coq file here.")
@click.option("--check", is_flag=True,
              help="Compile OUT.v with coqc against the bundled development; print 'proved' or the first "
                   "Coq error (exit 1).")
@timeout_option(60)
def prove(file: str, out: str, check: bool, timeout: int) -> None:
    """Write a Coq proof that no proper generator generates the class in the limit with replay.

    The file instantiates the theorem `obstruction` of the bundled Coq development
    (proofs/coq/Replay.v, docs/proofs.md) with the class's predicates, a point x0 and a group
    of targets per first answer; finite facts are checked by vm_compute, residual equalities
    by lia. A generatable class has no obstruction: exit 1, no file. Predicates too large for
    lia: exit 2, no file.

    \b
    Example:  replayproof prove encodings/classes/h4.toml --coq h4.v --check
    """
    from .run import NothingToProve, check_text, instance_text, require_coqc
    if not out.endswith(".v"):
        raise InputError(f"--coq {out}: a Coq file name must end in .v")
    if check:
        require_coqc()
    try:
        text = instance_text(file, timeout_ms=timeout * 1000)
    except NothingToProve as exc:  # a legitimate answer, not an error
        click.echo(str(exc))
        raise click.exceptions.Exit(exc.exit_code) from None
    target = Path(out)
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"--coq {out}: cannot write: {exc.strerror}") from None
    if not check:
        click.echo(f"wrote {out} (check it with --check, or with coqc as in docs/proofs.md)")
        return
    verdict = check_text(text, target.stem)
    click.echo(verdict.message)
    if not verdict.proved:
        raise click.exceptions.Exit(1)
