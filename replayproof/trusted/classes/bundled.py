"""The examples bundled with replayproof, addressed by name (`h4`, `strings/triangle`, `zero_odd_guard`).

The files live in the repository's top-level encodings/ and counterexamples/; the package reaches
them through links (replayproof/encodings, replayproof/counterexamples) and wheels carry copies,
so a name works from a clone and from a plain install alike. A path that exists always wins.
Listing them with descriptions (`replayproof examples`) is the engines' job: replayproof/classes/bundled.py.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

PACKAGE = Path(__file__).resolve().parent.parent.parent  # replayproof/


@dataclass(frozen=True)
class Kind:
    """One kind of bundled file: where it lives, which suffixes a name may omit, how to call it."""

    folder: str          # relative to the package (and to the repository root)
    suffixes: tuple[str, ...]
    noun: str


KINDS = {
    "classes": Kind("encodings/classes", (".toml",), "class"),
    "generators": Kind("encodings/generators", (".toml", ".json", ".py"), "generator file"),
    "certificates": Kind("counterexamples", (".json",), "certificate"),
}


def names(kind: str) -> dict[str, Path]:
    """{name: path} of the bundled files of one kind; a name is the path below its folder, without suffix."""
    k = KINDS[kind]
    root = PACKAGE / k.folder
    if not root.is_dir():
        return {}
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in k.suffixes)
    return {p.relative_to(root).with_suffix("").as_posix(): p for p in files}


def find(ref: str | Path, kind: str = "classes") -> Path:
    """The file `ref` names: `ref` itself when that path exists, else the bundled file of that name.

    A name may carry its suffix and the repository folder (`h4`, `h4.toml`, `encodings/classes/h4.toml`).
    Unknown: an InputError (exit 2) naming the closest bundled names.
    """
    path = Path(ref)
    if path.exists():
        return path
    k = KINDS[kind]
    key = str(ref).strip().replace("\\", "/")
    for prefix in (k.folder + "/", "./" + k.folder + "/"):
        if key.startswith(prefix):
            key = key[len(prefix):]
    if Path(key).suffix in k.suffixes:
        key = key[: -len(Path(key).suffix)]
    table = names(kind)
    if key in table:
        return table[key]
    close = difflib.get_close_matches(key, list(table), n=4, cutoff=0.5)
    hint = f"close names: {', '.join(close)}; " if close else ""
    raise InputError(f"{ref}: no such file, and no bundled {k.noun} of that name "
                     f"({hint}`replayproof examples` lists them)")
