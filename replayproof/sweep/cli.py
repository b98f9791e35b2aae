"""`replayproof sweep`: classify every small class and report where replay changes the verdict."""
from __future__ import annotations

from pathlib import Path

import click

from ..output import ProgressBar, quiet_option


@click.command()
@click.option("--size", "n", type=click.IntRange(1, 5), required=True,
              help="Number of hypotheses N (1 to 5; size 5 with --cards 0,inf).")
@click.option("--cards", default="0,1,inf", show_default=True,
              help="Cardinalities a cell may take (must include 0 and inf).")
@click.option("--notion", type=click.Choice(["proper-limit"]), default="proper-limit", show_default=True,
              help="The notion decided with and without replay.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="CSV of one row per class; an interrupted run resumes from it.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Local worker processes.")
@click.option("--scheduler", metavar="ADDRESS", help="Run on a Dask distributed scheduler (tcp://host:port).")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), help="Write a PNG of verdict counts.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@quiet_option
@click.option("--model", default="replay", show_default=True, metavar="MODEL",
              help="replay: with vs without replay. budget: the replay number b*(H) of every class replay "
                   "defeats, i.e. the verdict under every replay budget. noise:K / omit:I: K noise inputs (I omissions) "
                   "and no replay against unbounded replay; noise:finite / omit:finite / budget:finite: finitely many, "
                   "against the fixed models (docs/variants.md). Noise and omissions are decided by the criteria "
                   "of docs/variants.md §7c (size 4 in seconds), their separations certified by the games.")
def sweep(n: int, cards: str, notion: str, out: Path | None, workers: int, scheduler: str | None,
          plot: Path | None, as_json: bool, model: str, quiet: bool = False) -> None:
    """Decide every class of N hypotheses given by cell cardinalities, up to isomorphism.

    Keeps one representative per isomorphism class (renaming hypotheses), only UUS classes
    with pairwise distinct supports; decides proper generation in the limit with replay by the
    Li-Zhang criterion (without replay every finite class is generatable, a theorem); prints the counts per verdict pair and the smallest classes where replay changes
    the verdict (fewest hypotheses, then fewest non-empty cells), each with a certificate
    re-checked by the kernel.

    \b
    Examples:  replayproof sweep --size 3 --out sweep3.csv
               replayproof sweep --size 5 --cards 0,inf --workers 2
    """
    from ..output import emit_json
    from .enumerate import parse_cards
    if model in ("noise:finite", "omit:finite", "budget:finite"):
        if out or plot or scheduler or workers != 1:
            raise click.UsageError(f"--model {model} takes no --out, --plot, --scheduler or --workers")
        from ..variants.cli import run_finite_sweep
        run_finite_sweep(n, parse_cards(cards), cards, model, as_json)
        return
    if model.startswith(("noise:", "omit:")):
        if out or plot or scheduler or workers != 1:
            raise click.UsageError("--model noise:K takes no --out, --plot, --scheduler or --workers")
        from ..variants.cli import run_noise_sweep
        run_noise_sweep(n, parse_cards(cards), cards, model, as_json)
        return
    if model not in ("replay", "budget"):
        from ..trusted.errors import InputError
        raise InputError(f"--model {model!r}: use replay, budget, noise:K or omit:I (K, I = 1, 2, ... or finite), "
                                 "or budget:finite")
    if model == "budget":
        if out or plot or scheduler or workers != 1:
            raise click.UsageError("--model budget takes no --out, --plot, --scheduler or --workers")
        from ..variants.cli import run_budget_sweep
        run_budget_sweep(n, parse_cards(cards), cards, as_json)
        return
    from .report import certify_minimal, check_plot_path, plot_counts, summary
    from .run import run_sweep
    card_set = parse_cards(cards)
    if plot:
        check_plot_path(plot)
    with ProgressBar(f"deciding every class of {n} hypotheses", None, quiet, "class") as bar:
        def total_hint(total: int) -> None:  # an estimate made before isomorphic copies are dropped
            bar.describe(f"deciding every class of {n} hypotheses (total estimated)")
            bar.update(0, max(total, 1))

        result = run_sweep(n, card_set, out, workers, scheduler, progress=bar.step, total_hint=total_hint)
    checked = certify_minimal(result)
    if plot:
        plot_counts(result, plot)
    data = summary(result, checked)
    if as_json:
        emit_json(data)
        return
    click.echo(f"size {n}, cardinalities {cards}: {result.total} classes "
               f"({result.decided_now} decided now) in {result.seconds:.1f} s")
    for pair, count in sorted(data["counts"].items()):
        click.echo(f"  {count:>7}  without replay {pair.split(' -> ')[0]:<16} with replay {pair.split(' -> ')[1]}")
    if not checked:
        click.echo("replay never changes the verdict at this size")
    for item in checked:
        click.echo(f"smallest where replay changes the verdict: {item['cells']} "
                   f"(standard {item['standard']}, replay {item['replay']}); certificates: {item['check']}")
