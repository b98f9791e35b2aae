"""Run a sweep: decide every enumerated class with and without replay, streamed, resumably, in parallel.

With replay the verdict is the Li-Zhang criterion (docs/game.md), which reads only which cells are
non-empty, so it is computed once per support pattern. Without replay every finite class is
generatable (a theorem, docs/game.md; tests/test_sweep_run.py re-checks it with the game on samples),
so no solve is run. Classes are streamed: memory holds one enumeration level, not the sweep.
"""
from __future__ import annotations

import csv
import heapq
import time
from collections import Counter
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import numpy as np

from ..classes import cells as C
from ..classes.criterion import generatable_signatures
from ..errors import InputError
from .enumerate import Batch, enumerate_batches

FIELDS = ["code", "n", "cells", "nonempty_cells", "replay", "standard", "replay_changes"]
BATCH = 20_000          # classes per worker task
KEEP_ROWS_UP_TO = 3     # result.rows holds every class only for sweeps this small
GEN, NOT = "generatable", "not-generatable"


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
    rows: tuple[Row, ...]     # every class in enumeration order when kept (small sweeps), else ()
    seconds: float
    decided_now: int          # classes decided in this run (the rest were resumed from the CSV)
    minimal: tuple[Row, ...] = field(default=())
    total: int = 0
    by_cells: dict[tuple[int, str], int] = field(default_factory=dict)  # (non-empty cells, pair) -> count

    @property
    def counts(self) -> dict[str, int]:
        out: Counter = Counter()
        for (_, pair), k in self.by_cells.items():
            out[pair] += k
        return dict(out)

    @property
    def replay_changes(self) -> int:
        return sum(k for (_, pair), k in self.by_cells.items() if pair == f"{GEN} -> {NOT}")


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
    """Verdicts (with replay, without replay): the criterion, and the no-replay theorem."""
    sigs = [sum(1 << h for h in c.signature) for c in table.cells]
    return (GEN if generatable_signatures(table.n, sigs) else NOT), GEN


def replay_generatable(n: int, patterns: np.ndarray) -> np.ndarray:
    """Worker entry point: per support pattern (bit q set = the cell of signature q + 1 is non-empty),
    whether the criterion holds. The criterion vectorised over the batch with numpy; plain arrays in
    and out (cheap to ship to processes or Dask). Differentially tested against
    `classes.criterion.generatable_signatures` and the game (tests/test_criterion_diff.py)."""
    patterns = np.asarray(patterns, dtype=np.int64)
    m = 2 ** n - 1
    inside = [sum(1 << (q - 1) for q in range(1, m + 1) if q >> h & 1) for h in range(n)]
    masks = [patterns & np.int64(v) for v in inside]          # per h: the non-empty cells inside h
    ok_all = np.ones(len(patterns), dtype=bool)
    for q in range(1, m + 1):
        present = (patterns >> np.int64(q - 1)) & 1 == 1
        if not present.any():
            continue
        members = [k for k in range(n) if q >> k & 1]
        good = np.zeros(len(patterns), dtype=bool)
        for j in range(n):
            res = {k: masks[k] & ~masks[j] for k in members}
            good_j = np.ones(len(patterns), dtype=bool)
            for k in members:
                meet = np.full(len(patterns), -1, dtype=np.int64)
                for k2 in members:
                    meet &= np.where(res[k2] == res[k], masks[k2], np.int64(-1))
                lower = np.zeros(len(patterns), dtype=bool)
                for h in range(n):
                    lower |= (masks[h] & ~meet) == 0
                good_j &= lower
            good |= good_j
        ok_all &= good | ~present
    return ok_all


def _patterns(batch: Batch) -> np.ndarray:
    m = batch.digits.shape[1]
    return ((batch.digits > 0).astype(np.int64) * (np.int64(1) << np.arange(m, dtype=np.int64))).sum(axis=1)


def _text(n: int, cards: Sequence[float], digits: np.ndarray) -> str:
    names = [f"h{i + 1}" for i in range(n)]
    parts = []
    for q, d in enumerate(digits.tolist()):
        if d:
            parts.append("+".join(names[h] for h in range(n) if (q + 1) >> h & 1) + ":" + C.format_size(cards[d]))
    return ";".join(sorted(parts, key=lambda s: [names.index(h) for h in s.split(":")[0].split("+")]))


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


def _split(batches: Iterable[Batch], done: set[int]) -> Iterator[Batch]:
    """Re-chunk to BATCH classes per task, dropping classes already decided."""
    for b in batches:
        if done:
            keep = ~np.isin(b.codes, np.fromiter(done, dtype=np.int64, count=len(done)))
            b = Batch(b.codes[keep], b.digits[keep])
        for start in range(0, len(b.codes), BATCH):
            yield Batch(b.codes[start:start + BATCH], b.digits[start:start + BATCH])


def run_sweep(n: int, cards: Sequence[float], out: Path | None = None, workers: int = 1,
              scheduler: str | None = None, progress: Callable[[int], None] | None = None,
              total_hint: Callable[[int], None] | None = None, keep_rows: bool | None = None) -> SweepResult:
    """Decide every class of the sweep; rows already in `out` are kept, new ones appended."""
    from .enumerate import check_size, estimated_classes
    start = time.perf_counter()
    check_size(n, cards)
    keep = n <= KEEP_ROWS_UP_TO if keep_rows is None else keep_rows
    done = read_rows(out, n) if out else {}
    if total_hint:
        total_hint(estimated_classes(n, cards))
    writer_fh = writer = None
    if out:
        fresh = not out.exists() or out.stat().st_size == 0
        try:
            writer_fh = out.open("a", newline="")
        except OSError as exc:
            raise InputError(f"{out}: cannot write: {exc}") from None
        writer = csv.DictWriter(writer_fh, fieldnames=FIELDS)
        if fresh:
            writer.writeheader()
    by_cells: Counter = Counter()
    smallest: list[tuple[int, int, Row]] = []   # max-heap by (cells, code) via negation: the 3 smallest
    rows: dict[int, Row] = {}
    order: list[int] = []
    decided = 0

    def note(row: Row) -> None:
        by_cells[(row.nonempty_cells, f"{row.standard} -> {row.replay}")] += 1
        if row.replay_changes:
            heapq.heappush(smallest, (-row.nonempty_cells, -row.code, row))
            if len(smallest) > 3:
                heapq.heappop(smallest)

    for row in done.values():
        note(row)
    try:
        seen_codes: list[np.ndarray] = []
        tasks = _split(_recording(enumerate_batches(n, cards), seen_codes if keep else None), set(done))
        for batch, verdicts in _map_batches(n, tasks, workers, scheduler):
            decided += len(batch.codes)
            nonempty = (batch.digits > 0).sum(axis=1)
            # Most classes only update counts; Row objects are built when needed.
            need_rows = keep or writer is not None
            if not need_rows:
                pairs = np.stack([nonempty, verdicts.astype(np.int64)], axis=1)
                uniq, cnt = np.unique(pairs, axis=0, return_counts=True)
                for (cells, gen), k in zip(uniq.tolist(), cnt.tolist()):
                    by_cells[(cells, f"{GEN} -> {GEN if gen else NOT}")] += k
                for i in np.nonzero(~verdicts)[0].tolist():
                    row = Row(int(batch.codes[i]), n, _text(n, cards, batch.digits[i]), int(nonempty[i]), NOT, GEN)
                    heapq.heappush(smallest, (-row.nonempty_cells, -row.code, row))
                    if len(smallest) > 3:
                        heapq.heappop(smallest)
            else:
                new = [Row(int(c), n, _text(n, cards, d), int(k), GEN if v else NOT, GEN)
                       for c, d, k, v in zip(batch.codes, batch.digits, nonempty, verdicts)]
                for row in new:
                    note(row)
                if keep:
                    rows.update((r.code, r) for r in new)
                if writer is not None:
                    writer.writerows({**r.__dict__, "replay_changes": int(r.replay_changes)} for r in new)
                    writer_fh.flush()
            if progress:
                progress(len(batch.codes))
    finally:
        if writer_fh:
            writer_fh.close()
    if keep:
        rows.update(done)
        ordered = tuple(rows[int(c)] for arr in seen_codes for c in arr if int(c) in rows)
    else:
        ordered = ()
    minimal = tuple(sorted((r for _, _, r in smallest), key=lambda r: (r.n, r.nonempty_cells, r.code)))
    total = sum(by_cells.values())
    return SweepResult(n, tuple(cards), ordered, time.perf_counter() - start, decided, minimal, total,
                       dict(by_cells))


def _recording(batches: Iterable[Batch], sink: list[np.ndarray] | None) -> Iterator[Batch]:
    """Pass batches through, remembering their codes (enumeration order) when asked."""
    for b in batches:
        if sink is not None:
            sink.append(b.codes)
        yield b


def _map_batches(n: int, tasks: Iterator[Batch], workers: int,
                 scheduler: str | None) -> Iterator[tuple[Batch, np.ndarray]]:
    """(batch, replay verdicts) in enumeration order; at most 2 tasks per worker in flight."""
    if scheduler:
        yield from _map_dask(n, tasks, scheduler)
    elif workers <= 1:
        for b in tasks:
            yield b, replay_generatable(n, _patterns(b))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            window: list[tuple[Batch, Future]] = []
            for b in tasks:
                window.append((b, pool.submit(replay_generatable, n, _patterns(b))))
                if len(window) >= 2 * workers:
                    head, fut = window.pop(0)
                    yield head, fut.result()
            for head, fut in window:
                yield head, fut.result()


def _map_dask(n: int, tasks: Iterator[Batch], scheduler: str) -> Iterator[tuple[Batch, np.ndarray]]:
    try:
        from distributed import Client
    except ImportError:
        raise InputError("--scheduler needs the 'distributed' package: pip install 'replayproof[cluster]'") from None
    try:
        client = Client(scheduler, timeout="5s")
    except OSError as exc:
        raise InputError(f"--scheduler {scheduler}: cannot connect: {exc}") from None
    try:
        window: list[tuple[Batch, Future]] = []
        for b in tasks:
            window.append((b, client.submit(replay_generatable, n, _patterns(b), pure=False)))
            if len(window) >= 8:
                head, fut = window.pop(0)
                yield head, fut.result()
        for head, fut in window:
            yield head, fut.result()
    finally:
        client.close()
