"""The package's shape: layers point down, no import circle, engines never print or import the CLI."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

PKG = Path(__file__).resolve().parent.parent / "replayproof"

# Lower layers may never import higher ones (by top-level subpackage / module name).
LAYERS = [
    {"errors"},
    {"classes"},
    {"kernel"},
    {"certificates", "generators"},
    {"game", "attack", "threshold", "sweep", "paper", "collapse", "theorems", "verify", "prove", "explore", "variants"},
    {"output", "cli", "__init__", "__main__"},
]


def _modules() -> dict[str, Path]:
    out = {}
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(PKG.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Every package module that `name` imports, at module level or inside functions."""
    is_pkg = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "replayproof"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_pkg else name.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod.split(".")[0] != "replayproof":
                continue
            for a in node.names:
                found.add(f"{mod}.{a.name}" if f"{mod}.{a.name}" in known else mod)
    return {m for m in found if m in known and m != name}


def _graph() -> nx.DiGraph:
    mods = _modules()
    g = nx.DiGraph()
    g.add_nodes_from(mods)
    for name, path in mods.items():
        for dep in _imports(name, path, set(mods)):
            g.add_edge(name, dep)
    return g


def _layer(module: str) -> int:
    parts = module.split(".")
    key = parts[1] if len(parts) > 1 else "__init__"
    if parts[-1] == "cli" or key in ("output", "cli"):
        return len(LAYERS) - 1
    return next(i for i, names in enumerate(LAYERS) if key in names)


def test_no_import_circle():
    g = _graph()
    cycles = list(nx.simple_cycles(g))
    assert not cycles, f"import circles: {cycles[:3]}"


def test_layers_point_down():
    bad = [(a, b) for a, b in _graph().edges if _layer(b) > _layer(a)]
    assert not bad, f"imports that point up a layer: {bad}"


def test_only_shells_import_the_cli_and_output():
    bad = [(a, b) for a, b in _graph().edges
           if b in ("replayproof.cli", "replayproof.output") and not (a.endswith(".cli") or a == "replayproof.cli"
                                                                     or a == "replayproof.__main__")]
    assert not bad, f"engines importing the command line: {bad}"


def test_engines_never_print():
    offenders = []
    for name, path in _modules().items():
        if name.endswith(".cli") or name in ("replayproof.cli", "replayproof.output"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                f = node.func
                if (isinstance(f, ast.Name) and f.id == "print") or (isinstance(f, ast.Attribute) and f.attr == "echo"):
                    offenders.append(f"{name}:{node.lineno}")
    assert not offenders, f"engines that print: {offenders}"


def test_top_level_keeps_kernel_api_errors_cli():
    top = sorted(p.stem for p in PKG.glob("*.py"))
    assert top == ["__init__", "__main__", "cli", "errors", "kernel", "output"]


@pytest.mark.slow
def test_every_module_imports_in_isolation():
    names = sorted(n for n in _modules() if n != "replayproof.__main__")  # that one runs the CLI
    code = ("import importlib, sys\nfor n in sys.argv[1:]:\n"
            "    importlib.import_module(n)\n")
    failed = []
    for n in names:  # one fresh interpreter each: the import order cannot hide a circle
        r = subprocess.run([sys.executable, "-c", code, n], capture_output=True, text=True)
        if r.returncode:
            failed.append(f"{n}: {r.stderr.strip().splitlines()[-1]}")
    assert not failed, failed
