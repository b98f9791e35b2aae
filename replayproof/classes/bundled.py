"""The bundled examples listed with a line each (`replayproof examples`); names are turned into
files by trusted/classes/bundled.py, which `check` uses."""
from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from ..trusted.classes.bundled import KINDS, names


@dataclass(frozen=True)
class Example:
    """A bundled file: its name, its path in the installed package and a one-line description."""

    kind: str
    name: str
    path: Path
    description: str


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
