"""The package's shape: layers point down, no import circle, engines never print or import the CLI."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

PKG = Path(__file__).resolve().parent.parent / "replayproof"
ROOM = "replayproof.trusted"  # the trusted room: kernel, class re-derivation, models, reader, schemas, checkers
ENGINES = {"game", "attack", "verify", "threshold", "sweep", "prove", "collapse", "paper", "variants", "explore",
           "theorems"}

# Lower layers may never import higher ones (by top-level subpackage, or trusted.<subpackage>).
LAYERS = [
    {"trusted", "trusted.errors"},
    {"trusted.classes"},
    {"trusted.kernel"},
    {"trusted.generators"},
    {"trusted.certificates"},
    {"classes", "generators"},
    {"game", "attack", "threshold", "sweep", "paper", "collapse", "theorems", "verify", "prove", "explore", "variants"},
    {"trusted.output"},
    {"output", "cli", "__init__", "__main__"},
]


def _modules(pkg: Path = PKG) -> dict[str, Path]:
    out = {}
    for path in pkg.rglob("*.py"):
        rel = path.relative_to(pkg.parent).with_suffix("")
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


def _graph(pkg: Path = PKG) -> nx.DiGraph:
    mods = _modules(pkg)
    g = nx.DiGraph()
    g.add_nodes_from(mods)
    for name, path in mods.items():
        for dep in _imports(name, path, set(mods)):
            g.add_edge(name, dep)
    return g


def _layer(module: str) -> int:
    parts = module.split(".")
    key = parts[1] if len(parts) > 1 else "__init__"
    if key == "trusted" and len(parts) > 2:
        key = f"trusted.{parts[2]}"
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
    shells = ("replayproof.cli", "replayproof.output", "replayproof.__main__")
    bad = [(a, b) for a, b in _graph().edges
           if b in ("replayproof.cli", "replayproof.output", "replayproof.trusted.output")
           and not (a.endswith(".cli") or a in shells)]
    assert not bad, f"engines importing the command line: {bad}"


def test_engines_never_print():
    offenders = []
    for name, path in _modules().items():
        if name.endswith(".cli") or name in ("replayproof.cli", "replayproof.output", "replayproof.trusted.output"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                f = node.func
                if (isinstance(f, ast.Name) and f.id == "print") or (isinstance(f, ast.Attribute) and f.attr == "echo"):
                    offenders.append(f"{name}:{node.lineno}")
    assert not offenders, f"engines that print: {offenders}"


def test_top_level_keeps_api_and_cli():
    top = sorted(p.stem for p in PKG.glob("*.py"))
    assert top == ["__init__", "__main__", "cli", "output"]


def _room(g: nx.DiGraph) -> list[str]:
    """The room's modules, without its command-line shell (`certificates.cli`, a shell like every cli.py)."""
    return sorted(m for m in g if _in_room(m) and not m.endswith(".cli"))


def _in_room(module: str) -> bool:
    return module == ROOM or module.startswith(ROOM + ".")


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_the_trusted_room_imports_no_engine():
    """Nothing the room reaches is an engine module."""
    g = _graph()
    bad = sorted({(m, d) for m in _room(g) for d in nx.descendants(g, m) if _package(d) in ENGINES})
    assert _room(g) and not bad, f"the trusted room reaches engines: {bad}"


def test_the_trusted_room_is_closed():
    """The trusted base is one directory: the room (its shell included) imports only the room, and
    no solver (z3, pysmt, cvc5) at all, not even inside a function."""
    g = _graph()
    # The one door out: `check --html` draws a page from the already-checked result (explore/), after
    # the verdict and without changing it. Nothing else the room reaches lies outside it.
    door = [(a, b) for a, b in g.edges if _in_room(a) and not _in_room(b)]
    assert door == [("replayproof.trusted.certificates.cli", "replayproof.explore")], door
    g.remove_edges_from(door)
    room = [m for m in g if _in_room(m)]
    bad = sorted({(m, d) for m in room for d in nx.descendants(g, m) if not _in_room(d)})
    assert room and not bad, f"the trusted room reaches outside replayproof/trusted/: {bad}"
    solvers = []
    for name, path in _modules().items():
        if _in_room(name):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    mods = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                    solvers += [f"{name}:{node.lineno}" for m in mods if m.split(".")[0] in ("z3", "pysmt", "cvc5")]
    assert not solvers, f"the trusted room imports a solver: {solvers}"


def test_verify_does_not_import_attack():
    """verify runs generators through generators/ (runner, machine, models), never through attack/."""
    g = _graph()
    verify = [m for m in g if _package(m) == "verify"]
    bad = sorted({(m, d) for m in verify for d in nx.descendants(g, m) if _package(d) == "attack"})
    assert verify and not bad, f"verify reaches attack: {bad}"


def test_engines_reach_a_generator_only_through_under_test():
    """The generator under test has one entry point (generators/under_test.py): no engine imports the
    form-specific loaders (resolve: names and user code; process/worker: the user-code process)."""
    g = _graph()
    loaders = {"replayproof.generators.resolve", "replayproof.generators.process", "replayproof.generators.worker"}
    bad = sorted((a, b) for a, b in g.edges if b in loaders and _package(a) in ENGINES)
    assert not bad, f"engines loading a generator form directly: {bad}"


def test_docs_give_every_room_file_a_paragraph():
    """docs/kernel.md names the room as the trusted base and has a paragraph for each of its files."""
    text = (PKG.parent / "docs" / "kernel.md").read_text(encoding="utf-8")
    assert "the trusted base is one directory, `replayproof/trusted/`" in text
    missing = [rel for rel in room_lines() if f"**`{rel}`**" not in text]
    assert not missing, f"files of the trusted room without a paragraph in docs/kernel.md: {missing}"


def room_lines(pkg: Path = PKG) -> dict[str, int]:
    """Lines of every file of the trusted room (its command-line shell included), by path below trusted/."""
    room = pkg / "trusted"
    return {p.relative_to(room).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
            for p in sorted(room.rglob("*.py"))}


def package_layers(pkg: Path = PKG) -> list[list[str]]:
    """Packages by floor (every cli.py counted as "shells"): floor 0 imports no other package; each
    floor imports only floors below it."""
    g = _graph(pkg)
    room = {m: "shells" if m.endswith(".cli") or _package(m) in ("cli", "__main__") else _package(m) for m in g}
    top = nx.DiGraph()
    top.add_nodes_from(set(room.values()))
    top.add_edges_from((room[a], room[b]) for a, b in g.edges if room[a] != room[b])
    dag = nx.condensation(top)  # packages importing each other (lazily, module by module) share a floor
    label = {c: "+".join(sorted(dag.nodes[c]["members"])) for c in dag}
    floor: dict[int, int] = {}
    for c in reversed(list(nx.topological_sort(dag))):
        floor[c] = 1 + max((floor[d] for d in dag.successors(c)), default=-1)
    return [sorted(label[c] for c in floor if floor[c] == k) for k in range(max(floor.values()) + 1)]


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


if __name__ == "__main__":  # python tests/test_structure.py [PACKAGE_DIR]: the evidence for docs/kernel.md
    pkg = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else PKG
    for k, floor in enumerate(package_layers(pkg)):
        print(f"floor {k}: {' '.join(floor)}")
    lines = room_lines(pkg)
    print(f"trusted/: {sum(lines.values())} lines in {len(lines)} files: "
          + ", ".join(f"{n} {c}" for n, c in lines.items()))
