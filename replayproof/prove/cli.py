"""`replayproof prove`: Coq proofs of what `decide` finds about a class, and checks of .v files against it."""
from __future__ import annotations

from pathlib import Path

import click

from ..trusted.errors import InputError
from ..output import timeout_option


@click.command()
@click.argument("file", type=click.Path(dir_okay=False), metavar="CLASS")
@click.option("--coq", "out", type=click.Path(dir_okay=False), metavar="OUT.v",
              help="Write the Coq file here (default: print it, unless --check).")
@click.option("--check", is_flag=True,
              help="Compile the file with coqc against the bundled development, match its theorem against the "
                   "claim restated from the class, and read its assumptions (Print Assumptions, coqchk); print "
                   "'proved: ...' or why not, one line (exit 1).")
@click.option("--check-file", "check_file", type=click.Path(dir_okay=False, exists=True), metavar="FILE.v",
              help="Check an existing .v file against CLASS instead of writing one: it must state CLASS (class "
                   "line, N, each h_i, L) and the claim prove makes, and pass the --check checks.")
@click.option("--no-replay", is_flag=True,
              help="Prove what decide --no-replay finds: properly generatable in the limit without replay.")
@timeout_option(60)
def prove(file: str, out: str | None, check: bool, check_file: str | None, no_replay: bool, timeout: int) -> None:
    """Prove in Coq what `decide` finds about CLASS, for the class exactly as written.

    \b
    replay separates the class:   separation, one theorem: properly generatable without
                                  replay, and no proper generator generates it with replay
    generatable with replay:      exists G, proper G /\\ generates_with_replay G
    --no-replay:                  exists G, proper G /\\ generates G (every finite class)

    The file states N and every hypothesis (translated from the class file) and instantiates
    the general theorems of the bundled Coq development (proofs/coq: obstruction, sufficiency,
    generatable_by_table; docs/proofs.md): finite facts by vm_compute, facts about all of Z by
    lia. --check-file ties a file on disk to its class: it must state the class and the claim
    as prove would, Coq must accept its theorem as that claim, and both Print Assumptions and
    coqchk must find no axiom.

    \b
    Examples:
      replayproof prove encodings/classes/h4.toml --check         (separation)
      replayproof prove encodings/classes/even_odd.toml --check   (generatable with replay)
      replayproof prove encodings/classes/h4.toml --coq h4.v
      replayproof prove encodings/classes/h4.toml --check-file h4.v
    """
    from .run import check_file as check_on_disk, check_text, plan, require_coq
    if file.endswith(".v"):
        raise InputError(f"{file} is a Coq file, not a class: check it against its class with "
                         f"`replayproof prove CLASS --check-file {file}`")
    if check_file is not None:
        if out is not None or check:
            raise InputError("--check-file checks an existing file: use it without --coq and --check")
        verdict = check_on_disk(check_file, file, not no_replay, timeout_ms=timeout * 1000)
        click.echo(verdict.message)
        if not verdict.proved:
            raise click.exceptions.Exit(1)
        return
    if out is not None and not out.endswith(".v"):
        raise InputError(f"--coq {out}: a Coq file name must end in .v")
    if check:
        require_coq()
    planned = plan(file, not no_replay, timeout_ms=timeout * 1000)
    if out is not None:
        try:
            Path(out).write_text(planned.text, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"--coq {out}: cannot write: {exc.strerror}") from None
    if not check:
        if out is None:
            click.echo(planned.text, nl=False)
        else:
            click.echo(f"wrote {out} (check it with --check-file, or with coqc as in docs/proofs.md)")
        return
    verdict = check_text(planned.text, planned.cls, planned.claim, Path(out).stem if out else Path(file).stem)
    click.echo(verdict.message)
    if not verdict.proved:
        raise click.exceptions.Exit(1)
