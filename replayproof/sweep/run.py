"""Run a sweep: decide every enumerated class with and without replay, streamed, resumably, in parallel.

With replay the verdict is the Li-Zhang criterion (docs/game.md), which reads only which cells are
non-empty, so it is computed once per support pattern. Without replay every finite class is
generatable (a theorem, docs/game.md; tests/test_sweep_run.py re-checks it with the game on samples),
so no solve is run. Classes are streamed: memory holds one enumeration level, not the sweep.
"""
from __future__ import annotations

import csv
import heapq
import os
import time
from functools import lru_cache
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence

import numpy as np

from ..trusted.classes import cells as C
from ..trusted.errors import InputError
from .enumerate import Batch, Space, expand, levels, parent_chunks

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


def replay_generatable(n: int, patterns: np.ndarray) -> np.ndarray:
    """Worker entry point: per support pattern (bit q set = the cell of signature q + 1 is non-empty),
    whether the criterion holds. The criterion vectorised over the batch with numpy; plain arrays in
    and out (cheap to ship to processes or Dask). Differentially tested against
    `classes.criterion.generatable_signatures` (tests/test_criterion.py)."""
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


@lru_cache(maxsize=8)
def _pieces(n: int, cards: tuple[float, ...]) -> tuple[tuple[int, ...], tuple[tuple[str, ...], ...]]:
    """Positions in cells_text order (make_table's order) and the text of each (position, digit)."""
    names = [f"h{i + 1}" for i in range(n)]
    sigs = [[h for h in range(n) if (q + 1) >> h & 1] for q in range(2 ** n - 1)]
    order = tuple(sorted(range(2 ** n - 1), key=lambda q: sigs[q]))
    pieces = tuple(tuple("+".join(names[h] for h in sigs[q]) + ":" + C.format_size(c) for c in cards)
                   for q in range(2 ** n - 1))
    return order, pieces


def _text(n: int, cards: Sequence[float], digits: np.ndarray) -> str:
    """cells_text of one digit vector, without building its table."""
    order, pieces = _pieces(n, tuple(cards))
    d = digits.tolist()
    return ";".join([pieces[q][d[q]] for q in order if d[q]])


def read_rows(path: Path, n: int) -> dict[int, Row]:
    """Rows already decided in a CSV from an earlier (possibly interrupted) run of the same size.

    Nothing is trusted: the header must be this command's, and the sweep (run_sweep) re-decides
    every resumed row and compares its cells with the class of that code before it is counted.
    A path that is not a regular file (e.g. /dev/null) holds nothing to resume.
    """
    from ..classes.limits import SWEEP_CSV
    from ..trusted.classes.limits import check_file
    if not path.exists() or not path.is_file():
        return {}
    check_file(path, SWEEP_CSV, "sweep CSV")
    rows: dict[int, Row] = {}
    foreign = f"{path}: not a sweep CSV this command wrote"
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None:
                return {}
            if header != FIELDS:
                raise InputError(f"{foreign} (header {','.join(header)[:80]!r}, expected {','.join(FIELDS)!r}); "
                                 "use another --out")
            for line, rec in enumerate(reader, 2):
                if len(rec) != len(FIELDS):
                    raise InputError(f"{foreign}: line {line} has {len(rec)} fields, not {len(FIELDS)}; "
                                     "use another --out")
                code, size, cells, nonempty, replay, standard, changes = rec
                if int(size) != n:
                    continue
                row = Row(int(code), n, cells, int(nonempty), replay, standard)
                if int(code) in rows or changes != str(int(row.replay_changes)):
                    raise InputError(f"{foreign}: line {line} is inconsistent; use another --out")
                rows[row.code] = row
    except (ValueError, csv.Error, UnicodeDecodeError) as exc:
        raise InputError(f"{foreign} ({exc}); use another --out") from None
    return rows


def expand_and_decide(space: Space, codes: np.ndarray, last: np.ndarray):
    """Worker entry point: one task of a level, its canonical children, the kept ones and their verdicts."""
    kids, kid_last, batch = expand(space, codes, last)
    return kids, kid_last, batch, replay_generatable(space.n, _patterns(batch))


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
    keep_bytes = out.stat().st_size if out and out.is_file() else None  # what to restore on refusal
    if out:
        fresh = not out.exists() or not out.is_file() or out.stat().st_size == 0
        try:
            writer_fh = out.open("a", newline="", encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{out}: cannot write: {exc.strerror or exc}") from None
        writer = csv.writer(writer_fh)
        if fresh:
            with _writing(out):
                writer.writerow(FIELDS)
                writer_fh.flush()
    by_cells: Counter = Counter()
    smallest: list[tuple[int, int, Row]] = []   # max-heap by (cells, code) via negation: the 3 smallest
    rows: dict[int, Row] = {}
    decided = 0

    def note(row: Row) -> None:
        by_cells[(row.nonempty_cells, f"{row.standard} -> {row.replay}")] += 1
        if row.replay_changes:
            heapq.heappush(smallest, (-row.nonempty_cells, -row.code, row))
            if len(smallest) > 3:
                heapq.heappop(smallest)

    for row in done.values():
        note(row)
    done_codes = np.array(sorted(done), dtype=np.int64)
    seen = 0
    order: list[np.ndarray] = []
    try:
        for batch, verdicts in _decided(n, cards, workers, scheduler):
            if len(done_codes):
                fresh_mask = ~np.isin(batch.codes, done_codes)
                for i in np.nonzero(~fresh_mask)[0].tolist():  # a resumed row is re-decided, never trusted
                    row = done[int(batch.codes[i])]
                    cells = _text(n, cards, batch.digits[i])
                    if row.cells != cells:
                        raise InputError(f"{out}: code {row.code} has cells {row.cells!r}, but class {row.code} "
                                         f"of this sweep is {cells!r}; the file is from another --cards or was "
                                         "edited: use another --out")
                    want = (GEN if verdicts[i] else NOT, GEN, int((batch.digits[i] > 0).sum()))
                    if (row.replay, row.standard, row.nonempty_cells) != want:
                        raise InputError(f"{out}: code {row.code} ({cells}) says replay {row.replay}, standard "
                                         f"{row.standard}; re-deciding it gives replay {want[0]}, standard "
                                         f"{want[1]}. The file was edited or is stale: use another --out")
                    seen += 1
                if keep:
                    order.append(batch.codes)
                batch, verdicts = Batch(batch.codes[fresh_mask], batch.digits[fresh_mask]), verdicts[fresh_mask]
            elif keep:
                order.append(batch.codes)
            if not len(batch.codes):
                continue
            decided += len(batch.codes)
            nonempty = (batch.digits > 0).sum(axis=1)
            if not (keep or writer is not None):  # counts only; Row objects just for separations
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
                    with _writing(out):
                        writer.writerows((r.code, r.n, r.cells, r.nonempty_cells, r.replay, r.standard,
                                          int(r.replay_changes)) for r in new)
                        writer_fh.flush()
            if progress:
                progress(len(batch.codes))
        if seen != len(done):
            raise InputError(f"{out}: {len(done) - seen} row(s) have codes this sweep does not produce; "
                             "the file is from another --cards or was edited: use another --out")
    except InputError:
        if writer_fh and done and keep_bytes is not None:  # a refused resume leaves the file as it was
            try:
                writer_fh.flush()
                os.truncate(out, keep_bytes)
            except OSError:
                pass
        raise
    finally:
        if writer_fh:
            try:
                writer_fh.close()
            except OSError:
                pass  # already reported by _writing, or the run is being interrupted
    if keep:
        rows.update(done)
        ordered = tuple(rows[int(c)] for arr in order for c in arr.tolist() if c in rows)
    else:
        ordered = ()
    minimal = tuple(sorted((r for _, _, r in smallest), key=lambda r: (r.n, r.nonempty_cells, r.code)))
    total = sum(by_cells.values())
    return SweepResult(n, tuple(cards), ordered, time.perf_counter() - start, decided, minimal, total,
                       dict(by_cells))


@contextmanager
def _writing(out: Path | None):
    """Turn a failed write (disk full, /dev/full, closed pipe) into one InputError at the first failure."""
    try:
        yield
    except OSError as exc:
        raise InputError(f"{out}: cannot write: {exc.strerror or exc}") from None


def _decided(n: int, cards: Sequence[float], workers: int,
             scheduler: str | None) -> Iterator[tuple[Batch, np.ndarray]]:
    """(kept batch, replay verdicts) in enumeration order; each level's tasks run on the workers."""
    space = Space.of(n, cards)
    codes, last = levels(space)
    with _mapper(workers, scheduler) as submit:
        while len(codes):
            next_codes, next_last = [], []
            for kids, kid_last, batch, verdicts in _ordered(submit, space, parent_chunks(codes, last), workers):
                next_codes.append(kids)
                next_last.append(kid_last)
                if len(batch.codes):
                    yield batch, verdicts
            codes, last = np.concatenate(next_codes), np.concatenate(next_last)


def _ordered(submit, space: Space, chunks, workers: int):
    """Results of expand_and_decide over the chunks, in order, at most 2 tasks per worker in flight."""
    window: list = []
    for pc, pl in chunks:
        window.append(submit(expand_and_decide, space, pc, pl))
        if len(window) >= 2 * max(workers, 1):
            yield window.pop(0).result()
    for fut in window:
        yield fut.result()


class _Now:
    """A finished future (the 1-worker path runs tasks in the calling process)."""

    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


@contextmanager
def _mapper(workers: int, scheduler: str | None):
    """A submit(fn, *args) -> future function: in-process, a local process pool, or Dask."""
    if scheduler:
        try:
            from distributed import Client
        except ImportError:
            raise InputError("--scheduler needs the 'distributed' package: pip install 'replayproof[cluster]'") from None
        try:
            client = Client(scheduler, timeout="5s")
        except OSError as exc:
            raise InputError(f"--scheduler {scheduler}: cannot connect: {exc}") from None
        try:
            yield lambda fn, *args: client.submit(fn, *args, pure=False)
        finally:
            client.close()
    elif workers <= 1:
        yield lambda fn, *args: _Now(fn(*args))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            yield pool.submit
