"""Sweep summaries: counts, certified minimal separations, and a plot."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..trusted.errors import InputError
from .run import SweepResult, parse_cells


def certify_minimal(result: SweepResult) -> list[dict[str, Any]]:
    """Re-decide the smallest separating classes with certificates (the game both ways, the criterion with
    replay) and re-check those with the kernel."""
    from ..trusted.certificates import check
    from ..classes.classfile import realized_class
    from ..classes.criterion import criterion
    from ..game import criterion_build
    from ..game.build import certificate
    from ..game.solve import solve
    out = []
    for row in result.minimal:
        table = parse_cells(row.cells, row.n)
        cls = realized_class(f"sweep-{row.n}-{row.code}", table)
        verdicts = []
        for replay in (True, False):
            sol = solve(table, replay=replay)
            verdicts.append(check(certificate(cls, sol, None)).valid
                            and sol.verdict == (row.replay if replay else row.standard))
        crit = criterion_build.certificate(cls, criterion(table), None)
        verdicts.append(check(crit).valid and crit["verdict"] == row.replay)
        out.append({"code": row.code, "cells": row.cells, "nonempty_cells": row.nonempty_cells,
                    "replay": row.replay, "standard": row.standard,
                    "check": "all valid" if all(verdicts) else "CHECK FAILED"})
    return out


def summary(result: SweepResult, checked: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON summary of a sweep."""
    from ..trusted.classes import cells as C
    return {"size": result.n, "cards": [C.format_size(c) for c in result.cards], "classes": result.total,
            "decided_now": result.decided_now, "seconds": round(result.seconds, 3),
            "classes_per_second": round(result.decided_now / result.seconds, 1) if result.seconds else None,
            "counts": result.counts, "replay_changes": result.replay_changes,
            "minimal_separations": checked}


PLOT_SUFFIXES = (".png", ".pdf", ".svg")


def check_plot_path(path: str | Path) -> None:
    """InputError unless `path` ends in a format matplotlib writes (checked before the sweep runs)."""
    if Path(path).suffix.lower() not in PLOT_SUFFIXES:
        raise InputError(f"--plot {path}: the plot file must end in {', '.join(PLOT_SUFFIXES)}")


def plot_counts(result: SweepResult, path: Path) -> None:
    """Bar chart of verdict pairs by number of non-empty cells."""
    check_plot_path(path)
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    pairs = sorted({pair for _, pair in result.by_cells})
    sizes = sorted({cells for cells, _ in result.by_cells})
    fig, ax = plt.subplots(figsize=(7, 3.5))
    bottom = [0] * len(sizes)
    for pair in pairs:
        counts = [result.by_cells.get((s, pair), 0) for s in sizes]
        ax.bar([str(s) for s in sizes], counts, bottom=bottom, label=f"standard {pair.replace('->', '/ replay')}")
        bottom = [b + c for b, c in zip(bottom, counts)]
    ax.set_xlabel("non-empty cells")
    ax.set_ylabel("classes")
    ax.set_title(f"proper generation in the limit, {result.n} hypotheses")
    ax.margins(y=0.25)
    ax.legend(fontsize=7, loc="upper right")
    fig.tight_layout()
    try:
        fig.savefig(path, dpi=90)
    except OSError as exc:
        raise InputError(f"{path}: cannot write the plot: {exc}") from None
    finally:
        plt.close(fig)
