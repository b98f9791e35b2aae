"""Run a sweep: decide every enumerated class with and without replay, resumably, in parallel."""
from __future__ import annotations

import csv
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from ..classes import cells as C
from ..errors import InputError
from .enumerate import SweepClass, enumerate_classes

FIELDS = ["code", "n", "cells", "nonempty_cells", "replay", "standard", "replay_changes"]
BATCH = 200


@dataclass(frozen=True)
class Row:
    code: int
    n: int
    cells: str
    nonempty_cells: int
    replay: str
    standard: str

    @property
    def replay_changes(self) -> bool:
        return self.replay != self.standard


@dataclass(frozen=True)
class SweepResult:
    n: int
    cards: tuple[float, ...]
    rows: tuple[Row, ...]
    seconds: float
    decided_now: int          # classes decided in this run (the rest were resumed from the CSV)
    minimal: tuple[Row, ...] = field(default=())

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(f"{r.standard} -> {r.replay}" for r in self.rows))


def cells_text(table: C.CellTable) -> str:
    """A compact, parseable cell vector: 'h1+h2:inf;h1:1' (signature:size, non-empty cells)."""
    return ";".join("+".join(table.names[h] for h in sorted(c.signature)) + ":" + C.format_size(c.size)
                    for c in table.cells)


def parse_cells(text: str, n: int) -> C.CellTable:
    """Inverse of cells_text."""
    names = tuple(f"h{i + 1}" for i in range(n))
    sizes: dict[frozenset[int], float] = {}
    for part in filter(None, text.split(";")):
        sig, size = part.split(":")
        sizes[frozenset(names.index(h) for h in sig.split("+"))] = C.INF if size == "inf" else int(size)
    return C.make_table(names, sizes)


def decide_pair(table: C.CellTable) -> tuple[str, str]:
    """Verdicts (with replay, without replay) for proper generation in the limit."""
    from ..game.solve import solve
    return solve(table, replay=True).verdict, solve(table, replay=False).verdict


def _decide_batch(batch: Sequence[tuple[int, int, str]]) -> list[Row]:
    """Worker entry point: plain tuples in, rows out (cheap to ship to processes or Dask)."""
    rows = []
    for code, n, text in batch:
        table = parse_cells(text, n)
        rep, std = decide_pair(table)
        rows.append(Row(code, n, text, len(table.cells), rep, std))
    return rows


def _batches(classes: Iterable[SweepClass], done: set[int]) -> Iterator[list[tuple[int, int, str]]]:
    batch: list[tuple[int, int, str]] = []
    for c in classes:
        if c.code in done:
            continue
        batch.append((c.code, c.n, cells_text(c.table)))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def read_rows(path: Path, n: int) -> dict[int, Row]:
    """Rows already decided in a CSV from an earlier (possibly interrupted) run of the same size."""
    if not path.exists():
        return {}
    rows: dict[int, Row] = {}
    try:
        with path.open(newline="") as fh:
            for rec in csv.DictReader(fh):
                if int(rec["n"]) == n:
                    rows[int(rec["code"])] = Row(int(rec["code"]), n, rec["cells"], int(rec["nonempty_cells"]),
                                                 rec["replay"], rec["standard"])
    except (KeyError, ValueError, csv.Error) as exc:
        raise InputError(f"{path}: not a sweep CSV this command wrote ({exc}); use another --out") from None
    return rows


def run_sweep(n: int, cards: Sequence[float], out: Path | None = None, workers: int = 1,
              scheduler: str | None = None, progress: Callable[[int], None] | None = None,
              total_hint: Callable[[int], None] | None = None) -> SweepResult:
    """Decide every class of the sweep; rows already in `out` are kept, new ones appended."""
    start = time.perf_counter()
    classes = list(enumerate_classes(n, cards))
    done = read_rows(out, n) if out else {}
    todo = [c for c in classes if c.code not in done]
    if total_hint:
        total_hint(len(todo))
    writer_fh = None
    if out:
        fresh = not out.exists() or out.stat().st_size == 0
        try:
            writer_fh = out.open("a", newline="")
        except OSError as exc:
            raise InputError(f"{out}: cannot write: {exc}") from None
        writer = csv.DictWriter(writer_fh, fieldnames=FIELDS)
        if fresh:
            writer.writeheader()
    new: list[Row] = []
    try:
        for rows in _map_batches(list(_batches(todo, set())), workers, scheduler):
            new.extend(rows)
            if writer_fh:
                for r in rows:
                    writer.writerow({**r.__dict__, "replay_changes": int(r.replay_changes)})
                writer_fh.flush()
            if progress:
                progress(len(rows))
    finally:
        if writer_fh:
            writer_fh.close()
    by_code = {**done, **{r.code: r for r in new}}
    rows = tuple(by_code[c.code] for c in classes if c.code in by_code)
    minimal = tuple(sorted((r for r in rows if r.replay_changes), key=lambda r: (r.n, r.nonempty_cells, r.code))[:3])
    return SweepResult(n, tuple(cards), rows, time.perf_counter() - start, len(new), minimal)


def _map_batches(batches: list, workers: int, scheduler: str | None) -> Iterator[list[Row]]:
    if scheduler:
        yield from _map_dask(batches, scheduler)
    elif workers <= 1:
        for b in batches:
            yield _decide_batch(b)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            yield from pool.map(_decide_batch, batches)


def _map_dask(batches: list, scheduler: str) -> Iterator[list[Row]]:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise InputError("--scheduler needs the 'distributed' package: pip install 'replayproof[cluster]'") from None
    try:
        client = Client(scheduler, timeout="5s")
    except OSError as exc:
        raise InputError(f"--scheduler {scheduler}: cannot connect: {exc}") from None
    try:
        futures = client.map(_decide_batch, batches, pure=False)
        for fut in as_completed(futures):
            yield fut.result()
    finally:
        client.close()
