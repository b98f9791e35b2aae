"""Graphviz pictures of certificates: the adversary's tree of loops or the generator's machine."""
from __future__ import annotations

import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..trusted.errors import InputError


def _set(names: list[str]) -> str:
    return "{" + ", ".join(names) + "}"


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


@dataclass(frozen=True)
class Picture:
    """A certificate's strategy graph, ready to draw: labelled nodes and labelled edges."""

    title: str
    nodes: tuple[tuple[str, str, str], ...]       # (id, label, style): style is box, loop, start, state, sink
    edges: tuple[tuple[str, str, str], ...]       # (source, target, label)
    root: str


def picture(cert: dict[str, Any]) -> Picture:
    """The strategy graph of a proper-limit certificate (docs/game.md, "Reading the picture")."""
    title = cert["class"]["name"] + ": " + cert["verdict"] + (" with" if cert["replay"] else " without") + " replay"
    nodes: list[tuple[str, str, str]] = []
    edges: list[tuple[str, str, str]] = []
    if cert["kind"].endswith("adversary"):
        root = cert["root"]
        for nd in cert["nodes"]:
            head = f"{nd['id']}  O={_set(nd['answers_so_far'])}  A={_set(nd['legal_for'])}"
            if nd["move"] == "step":
                nodes.append((nd["id"], head + "\n" + f"present one element of {_set(nd['present'])}", "box"))
            else:
                wrong = "\n".join(f"{a} wrong for {t}" for a, t in nd["wrong"].items())
                nodes.append((nd["id"], head + "\n" + f"loop: enumerate {_set(nd['enumerates'])} forever\n{wrong}",
                              "loop"))
                edges.append((nd["id"], nd["id"], "answer in O"))
            grouped: dict[str, list[str]] = defaultdict(list)
            for ans, child in nd["next"].items():
                grouped[child].append(ans)
            edges += [(nd["id"], child, ", ".join(answers)) for child, answers in grouped.items()]
    else:
        root = cert["start"]
        for st in cert["states"]:
            said = st["answer"] if st["answer"] is not None else "(start)"
            label = f"{st['id']}: answer {said}\nO={_set(st['answers_so_far'])}  A={_set(st['legal_for'])}"
            style = "start" if st["id"] == root else ("state" if st["legal_for"] else "sink")
            nodes.append((st["id"], label, style))
            grouped = defaultdict(list)
            for edge in st["on"]:
                grouped[edge["to"]].append(_set(edge["cell"]))
            edges += [(st["id"], to, "\n".join(cells)) for to, cells in grouped.items()]
    return Picture(title, tuple(nodes), tuple(edges), root)


_DOT_SHAPE = {"box": "shape=box", "loop": "shape=doubleoctagon, style=filled, fillcolor=mistyrose",
              "start": "shape=doublecircle", "state": "shape=box", "sink": "shape=plaintext"}


def to_dot(cert: dict[str, Any]) -> str:
    """The certificate's strategy graph in the DOT language."""
    pic = picture(cert)
    lines = [f"digraph {_q(pic.title.replace(': ', ' ', 1))} {{", "  rankdir=TB;",
             '  node [fontname="Helvetica", fontsize=10]; edge [fontname="Helvetica", fontsize=9];',
             f"  label={_q(pic.title)};"]
    lines += [f"  {_q(i)} [{_DOT_SHAPE[style]}, label={_q(label)}];" for i, label, style in pic.nodes]
    lines += [f"  {_q(a)} -> {_q(b)} [{'style=dashed, ' if a == b else ''}label={_q(label)}];"
              for a, b, label in pic.edges]
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_dot(cert: dict[str, Any], path: str | Path) -> None:
    """Write the DOT picture of a certificate."""
    try:
        Path(path).write_text(to_dot(cert), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write the picture: {exc}") from None


PNG_SUFFIXES = (".png",)


def check_png_path(path: str | Path) -> None:
    """InputError unless `path` ends in .png (checked before any work, and again when writing)."""
    if Path(path).suffix.lower() not in PNG_SUFFIXES:
        raise InputError(f"--png {path}: the picture file must end in {', '.join(PNG_SUFFIXES)}")


def write_png(cert: dict[str, Any], path: str | Path) -> str:
    """Render the picture as PNG: with Graphviz `dot` when installed, else with networkx and
    matplotlib (no system package needed). Returns which renderer drew it."""
    check_png_path(path)
    exe = shutil.which("dot")
    if exe is not None:
        done = subprocess.run([exe, "-Tpng", "-o", str(path)], input=to_dot(cert), text=True,
                              capture_output=True, check=False)
        if done.returncode == 0:
            return "graphviz"
    _draw_matplotlib(picture(cert), Path(path))
    return "matplotlib"


def layers(pic: Picture) -> dict[str, tuple[float, int]]:
    """A layered layout: depth by breadth-first distance from the root, nodes of one depth side by side."""
    import networkx as nx
    g = nx.DiGraph()
    g.add_nodes_from(i for i, _, _ in pic.nodes)
    g.add_edges_from((a, b) for a, b, _ in pic.edges if a != b)
    depth = nx.single_source_shortest_path_length(g, pic.root)
    last = max(depth.values(), default=0)
    for i, _, _ in pic.nodes:  # unreachable nodes (never in a valid certificate) go to the bottom
        depth.setdefault(i, last + 1)
    rows: dict[int, list[str]] = defaultdict(list)
    for i, _, _ in pic.nodes:
        rows[depth[i]].append(i)
    return {i: (k - (len(row) - 1) / 2, d) for d, row in rows.items() for k, i in enumerate(row)}


def _draw_matplotlib(pic: Picture, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    pos = layers(pic)
    width = max((sum(1 for p in pos.values() if p[1] == d) for d in {p[1] for p in pos.values()}), default=1)
    height = max((p[1] for p in pos.values()), default=0) + 1
    fig, ax = plt.subplots(figsize=(max(6.0, 3.2 * width), max(4.0, 1.9 * height)))
    colour = {"loop": "mistyrose", "start": "lightyellow", "sink": "white"}
    for a, b, label in pic.edges:
        (xa, ya), (xb, yb) = pos[a], pos[b]
        if a == b:
            ax.annotate(label, (xa + 0.42, -ya), fontsize=6, color="grey", ha="left", va="center")
            continue
        ax.annotate("", xy=(xb, -yb + 0.22), xytext=(xa, -ya - 0.22),
                    arrowprops={"arrowstyle": "->", "color": "grey", "lw": 0.7, "shrinkA": 0, "shrinkB": 0})
        ax.text((xa + xb) / 2, -(ya + yb) / 2, label, fontsize=6, color="dimgrey", ha="center", va="center",
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8})
    for i, label, style in pic.nodes:
        x, y = pos[i]
        ax.text(x, -y, label, fontsize=6.5, ha="center", va="center",
                bbox={"boxstyle": "round,pad=0.3" if style in ("state", "start") else "square,pad=0.3",
                      "fc": colour.get(style, "aliceblue"), "ec": "black", "lw": 1.4 if style == "loop" else 0.8})
    xs = [p[0] for p in pos.values()] or [0]
    ax.set_xlim(min(xs) - 0.8, max(xs) + 0.8)
    ax.set_ylim(-height + 0.4, 0.6)
    ax.set_title(pic.title, fontsize=10)
    ax.axis("off")
    try:
        fig.savefig(path, dpi=110, bbox_inches="tight")
    except OSError as exc:
        raise InputError(f"{path}: cannot write the picture: {exc}") from None
    finally:
        plt.close(fig)
