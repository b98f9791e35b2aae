"""User generator code in its own process: a wall-clock budget, captured output, exits as failures.

One persistent worker per user generator (generators/worker.py) answers calls over a pipe, so
a call costs a round trip, not a process start (benchmarks/bench_user.py measures the ratio).
"""
from __future__ import annotations

import atexit
import os
import pickle
import subprocess
import sys
import threading
import time
import weakref
from multiprocessing.connection import Connection
from pathlib import Path

from ..trusted.errors import SolverUnknown
from ..trusted.generators.base import GeneratorError

WORKER = Path(__file__).with_name("worker.py")
KEEP_OUTPUT = 64 * 1024      # bytes of the generator's stdout/stderr kept (the rest is read and dropped)
START_TIMEOUT = 60.0         # seconds to import the user's module when no budget is given

_live: "weakref.WeakSet[UserProcess]" = weakref.WeakSet()


class UserProcess:
    """A callable G(observed) backed by a worker process; GeneratorError on misbehaviour,
    SolverUnknown when `deadline` (time.monotonic(), None: no budget) passes during a call."""

    def __init__(self, spec: str, where: str, name: str, cls: object, deadline: float | None = None) -> None:
        self.spec, self.deadline = spec, deadline
        self.output = bytearray()       # what the code printed (first KEEP_OUTPUT bytes)
        self.output_bytes = 0
        self.disagreements: list[tuple[tuple, object, str]] = []  # (observed, first answer, second answer)
        self.calls = 0
        self._dead: str | None = None
        r_in, w_in = os.pipe()          # parent -> worker
        r_out, w_out = os.pipe()        # worker -> parent
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-u", str(WORKER), str(r_in), str(w_out)],
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                pass_fds=(r_in, w_out), close_fds=True,
                env={**os.environ, "PYTHONHASHSEED": "0"})  # set and dict order the same in every run
        finally:
            os.close(r_in)
            os.close(w_out)
        self._send, self._recv = Connection(w_in, readable=False), Connection(r_out, writable=False)
        self._drain = threading.Thread(target=self._read_output, daemon=True)
        self._drain.start()
        _live.add(self)
        try:
            cls_bytes = pickle.dumps(cls)
        except Exception:  # an unpicklable class: only a two-parameter generator would need it
            cls_bytes = pickle.dumps(None)
        self._send.send((list(sys.path), where, name, cls_bytes))
        reply = self._receive("loading", None)
        if reply[0] == "error":
            self.close()
            raise GeneratorError(f"generator {spec!r}: {reply[1]}")
        _, self.kind, self.doc, self.arity = reply

    def __call__(self, observed: tuple) -> object:
        if self._dead is not None:
            raise GeneratorError(self._dead)
        if self.deadline is not None and time.monotonic() >= self.deadline:
            raise SolverUnknown(f"unknown: the time budget ran out before generator {self.spec!r} answered; "
                                "no verdict")
        self.calls += 1
        try:
            self._send.send(("call", tuple(observed)))
        except OSError:
            self._died()
        reply = self._receive("answering", tuple(observed))
        if reply[0] == "ok":
            if reply[2] is not None:
                self.disagreements.append((tuple(observed), reply[1], reply[2]))
            return reply[1]
        if reply[0] == "other":
            return _opaque(reply[1], reply[2])
        raise GeneratorError(reply[1])  # "raised ..."

    def _receive(self, doing: str, observed: tuple | None) -> tuple:
        wait = START_TIMEOUT if self.deadline is None and observed is None else None
        if self.deadline is not None:
            wait = max(0.0, self.deadline - time.monotonic())
        try:
            ready = True if wait is None else self._recv.poll(wait)  # no budget: just wait for the answer
        except OSError:
            ready = True
        if not ready:
            self.close()
            self._dead = f"the time budget ran out while generator {self.spec!r} was {doing}"
            if observed is None and self.deadline is None:
                raise GeneratorError(f"generator {self.spec!r}: importing it took longer than {START_TIMEOUT:g} s")
            raise SolverUnknown(f"unknown: the time budget ran out while generator {self.spec!r} was {doing}"
                                + (f" (round {len(observed)})" if observed is not None else "") + "; no verdict")
        try:
            reply = self._recv.recv()
        except (EOFError, OSError):
            self._died()
        if reply[0] == "exited":
            self.close()
            self._dead = f"generator {self.spec!r} {reply[1]}"
            if observed is None:
                raise GeneratorError(self._dead)
            raise GeneratorError(reply[1])
        return reply

    def _died(self):
        code = self._proc.wait()
        self.close()
        how = f"status {code}" if code >= 0 else f"signal {-code}"
        self._dead = f"generator {self.spec!r} exited ({how}; os._exit or a crash)"
        raise GeneratorError(f"exited ({how}; os._exit or a crash)")

    def _read_output(self) -> None:
        stream = self._proc.stdout
        while chunk := stream.read1(65536) if hasattr(stream, "read1") else stream.read(65536):
            self.output_bytes += len(chunk)
            room = KEEP_OUTPUT - len(self.output)
            if room > 0:
                self.output += chunk[:room]

    def printed(self) -> str:
        """What the generator printed, decoded (at most KEEP_OUTPUT bytes)."""
        self._drain.join(timeout=0.5) if self._proc.poll() is not None else None
        return self.output.decode("utf-8", "replace")

    def close(self) -> None:
        """End the worker (idempotent)."""
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        for c in (self._send, self._recv):
            try:
                c.close()
            except OSError:
                pass
        _live.discard(self)

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass


def _opaque(text: str, type_name: str) -> object:
    """A stand-in for an answer the parent cannot rebuild: prints as the original, named by its type."""
    return type(type_name, (), {"__repr__": lambda self: text})()


@atexit.register
def _close_all() -> None:
    for p in list(_live):
        p.close()
