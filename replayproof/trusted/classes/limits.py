"""Caps on what the tool reads, so a hostile input is refused in one line instead of eating memory.

Every file the tool reads goes through `read_text` (the limits are listed in docs/limits.md);
`json_depth` bounds the nesting of a parsed JSON document without recursing.
"""
from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any, Callable

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from ..errors import InputError

MB = 1 << 20
CLASS_FILE = 1 * MB        # a class file (TOML)
CERTIFICATE = 64 * MB      # a certificate (JSON)
JSON_DEPTH = 64            # nesting of arrays/objects in any JSON document the tool reads
# the caps of files only the engines read (machine, matrix, sweep CSV, user generator): replayproof/classes/limits.py


def check_file(path: str | Path, limit: int, what: str) -> Path:
    """`path` if it is a regular file of at most `limit` bytes, else InputError naming it (never opens it)."""
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path}: is a directory, not a {what}")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: not a regular file (a device, FIFO or socket cannot be a {what})")
    if info.st_size > limit:
        raise InputError(f"{path}: {_size(info.st_size)}, larger than the {_size(limit)} limit for a {what} "
                         "(docs/limits.md)")
    return path


def read_text(path: str | Path, limit: int, what: str) -> str:
    """The UTF-8 text of a regular file of at most `limit` bytes; InputError naming the file otherwise.

    Checked before reading (devices, FIFOs and oversized files are never opened for reading) and
    while reading (a file that grows past the limit is still refused).
    """
    path = check_file(path, limit, what)
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise InputError(f"{path}: larger than the {_size(limit)} limit for a {what} (docs/limits.md)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def parse(text: str, source: str, fmt: str = "json", *,
          hook: Callable[[list[tuple[str, Any]]], Any] | None = None) -> Any:
    """Parse JSON or TOML text, refusing documents nested deeper than JSON_DEPTH.

    InputError("SOURCE: not valid JSON: ...") for malformed text; the parser's own RecursionError
    on absurd nesting becomes the same one-line "nested too deeply" refusal.
    """
    try:
        if fmt == "toml":
            data = tomllib.loads(text)
        else:
            data = json.loads(text, object_pairs_hook=hook) if hook else json.loads(text)
    except RecursionError:
        raise InputError(f"{source}: not valid {fmt.upper()}: nested deeper than {JSON_DEPTH} levels") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{source}: not valid TOML: {exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{source}: not valid JSON: line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except ValueError as exc:  # e.g. an integer literal longer than Python's int limit
        raise InputError(f"{source}: not valid {fmt.upper()}: {exc}") from None
    if json_depth(data) > JSON_DEPTH:
        raise InputError(f"{source}: not valid {fmt.upper()}: nested deeper than {JSON_DEPTH} levels")
    return data


def json_depth(data: Any, limit: int = JSON_DEPTH) -> int:
    """The nesting depth of a parsed JSON value (a scalar is 0), counted without recursion.

    Stops and returns limit + 1 as soon as the depth exceeds `limit`.
    """
    deepest, todo = 0, [(data, 0)]
    while todo:
        value, depth = todo.pop()
        if isinstance(value, (list, dict)):
            depth += 1
            if depth > limit:
                return limit + 1
            deepest = max(deepest, depth)
            todo.extend((v, depth) for v in (value.values() if isinstance(value, dict) else value))
    return deepest


def _size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n} bytes"
