"""The process that runs user generator code (file.py:function or module:function), one per generator.

Run as a script by generators/process.py, never imported by replayproof: it speaks a small pickle
protocol on two inherited pipe descriptors, so the user's prints (fds 1 and 2, sent to a pipe the
parent drains) never reach replayproof's own output, and an exit or a hang only ends this process.

    parent -> worker   ("call", observed)
    worker -> parent   ("ready", kind, doc, arity) once, then per call one of
                       ("ok", answer, second) | ("other", repr, type name, None) | ("raised", text) | ("exited", text)
`second` is the repr of a differing answer when the worker called the function twice on the same
input (the first calls and a sample after) and the answers differ: the docs require determinism.
"""
from __future__ import annotations

import importlib
import importlib.util
import inspect
import numbers
import os
import pickle
import signal
import sys
from multiprocessing.connection import Connection

TWICE_FIRST = 16      # call the function twice on each of the first calls ...
TWICE_EVERY = 64      # ... and on every 64th call after them


def _exit_text(exc: BaseException) -> str:
    if isinstance(exc, SystemExit):
        return f"exited (sys.exit({exc.code!r}))"
    return f"exited ({type(exc).__name__})"


def _load(where: str):
    if where.endswith(".py") or "/" in where:
        name = f"_replayproof_user_{abs(hash(os.path.abspath(where)))}"
        spec = importlib.util.spec_from_file_location(name, where)
        if spec is None or spec.loader is None:
            raise ImportError(f"{where} is not a Python file")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return module
    return importlib.import_module(where)


def _arity(fn) -> int:
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return 1
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return 2 if any(p.kind == p.VAR_POSITIONAL for p in params) or len(positional) >= 2 else 1


def _plain(answer: object) -> object:
    """The answer as something the parent can unpickle without the user's code."""
    if isinstance(answer, numbers.Integral) and not isinstance(answer, bool):
        return int(answer)
    if isinstance(answer, str):
        return str(answer)
    if answer is None or isinstance(answer, (bool, float)):
        return answer
    return None


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends this process
    try:  # Linux: die with the parent, even if it is killed while user code loops
        import ctypes
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)
    except Exception:
        pass
    rfd, wfd = int(sys.argv[1]), int(sys.argv[2])
    inbox, outbox = Connection(rfd, writable=False), Connection(wfd, readable=False)
    paths, where, name, cls_bytes = inbox.recv()
    sys.path[:] = paths
    try:
        module = _load(where)
        fn = getattr(module, name, None)
        if fn is None or not callable(fn):
            outbox.send(("error", f"{where} has no function {name!r}"))
            return
        arity = _arity(fn)
        cls = pickle.loads(cls_bytes) if arity == 2 else None
        outbox.send(("ready", getattr(fn, "kind", "auto"), (inspect.getdoc(fn) or "").split("\n")[0], arity))
    except (SystemExit, KeyboardInterrupt) as exc:
        outbox.send(("exited", _exit_text(exc) + f" while importing {where}"))
        return
    except Exception as exc:
        outbox.send(("error", f"cannot import {where}: {type(exc).__name__}: {exc}"))
        return
    calls = 0
    while True:
        try:
            _, observed = inbox.recv()
        except EOFError:
            return
        calls += 1
        twice = calls <= TWICE_FIRST or calls % TWICE_EVERY == 0
        try:
            answer = fn(observed, cls) if arity == 2 else fn(observed)
            second = (fn(observed, cls) if arity == 2 else fn(observed)) if twice else answer
        except (SystemExit, KeyboardInterrupt, GeneratorExit) as exc:
            outbox.send(("exited", _exit_text(exc)))
            return
        except BaseException as exc:
            outbox.send(("raised", f"raised {type(exc).__name__}: {exc}"))
            continue
        plain = _plain(answer)
        if plain is None and answer is not None:
            outbox.send(("other", repr(answer)[:200], type(answer).__name__, None))
            continue
        differs = None if _plain(second) == plain and type(_plain(second)) is type(plain) else repr(second)[:200]
        outbox.send(("ok", plain, differs))


if __name__ == "__main__":
    main()
