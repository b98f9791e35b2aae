"""The examples bundled with replayproof, addressed by name (`h4`, `strings/triangle`, `zero_odd_guard`).

The files live in the repository's top-level encodings/ and counterexamples/; the package reaches
them through links (replayproof/encodings, replayproof/counterexamples) and wheels carry copies,
so a name works from a clone and from a plain install alike. A path that exists always wins.
"""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

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


@dataclass(frozen=True)
class Example:
    """A bundled file: its name, its path in the installed package and a one-line description."""

    kind: str
    name: str
    path: Path
    description: str


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


def examples() -> list[Example]:
    """Every bundled file with its one-line description, classes first."""
    out = []
    for kind in KINDS:
        for name, path in names(kind).items():
            shown = [f"{name}.py:{fn}" for fn in _functions(path)] if path.suffix == ".py" else [name]
            out += [Example(kind, s, path, _describe(kind, path)) for s in shown]
    return out


def _functions(path: Path) -> list[str]:
    """The public top-level functions of a bundled Python generator (how --generator names them)."""
    import ast
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, SyntaxError):
        return []
    return [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")]


def _describe(kind: str, path: Path) -> str:
    """A class's or machine's `description`, a Python file's first docstring line, a certificate's claim."""
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".py":
            import ast
            doc = ast.get_docstring(ast.parse(text)) or ""
            return " ".join(doc.split("\n\n")[0].split())
        data = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except (OSError, UnicodeDecodeError, ValueError, SyntaxError):
        return "(unreadable)"
    if kind != "certificates":
        return str(data.get("description", ""))
    block = data.get("class")
    ref = block.get("path") if isinstance(block, dict) else block
    parts = [str(data.get("kind", "?")), f"class {Path(ref).stem}" if isinstance(ref, str) else ""]
    if isinstance(data.get("generator"), str):
        parts.append(f"generator {data['generator']}")
    if isinstance(data.get("verdict"), str):
        parts.append(data["verdict"])
    return ", ".join(p for p in parts if p)
