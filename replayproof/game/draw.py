"""Graphviz pictures of certificates: the adversary's tree of loops or the generator's machine."""
from __future__ import annotations

import shutil
import subprocess
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..errors import InputError


def _set(names: list[str]) -> str:
    return "{" + ", ".join(names) + "}"


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(cert: dict[str, Any]) -> str:
    """The certificate's strategy graph in the DOT language (docs/game.md, "Reading the picture")."""
    lines = [f"digraph {_q(cert['class']['name'] + ' ' + cert['verdict'])} {{", "  rankdir=TB;",
             '  node [fontname="Helvetica", fontsize=10]; edge [fontname="Helvetica", fontsize=9];',
             f"  label={_q(cert['class']['name'] + ': ' + cert['verdict'] + (' with' if cert['replay'] else ' without') + ' replay')};"]
    if cert["kind"].endswith("adversary"):
        for nd in cert["nodes"]:
            head = f"{nd['id']}  O={_set(nd['answers_so_far'])}  A={_set(nd['legal_for'])}"
            if nd["move"] == "step":
                body = f"present one element of {_set(nd['present'])}"
                lines.append(f"  {_q(nd['id'])} [shape=box, label={_q(head + chr(10) + body)}];")
            else:
                wrong = "\n".join(f"{a} wrong for {t}" for a, t in nd["wrong"].items())
                body = f"loop: enumerate {_set(nd['enumerates'])} forever\n{wrong}"
                lines.append(f"  {_q(nd['id'])} [shape=doubleoctagon, style=filled, fillcolor=mistyrose, "
                             f"label={_q(head + chr(10) + body)}];")
                lines.append(f"  {_q(nd['id'])} -> {_q(nd['id'])} [style=dashed, label={_q('answer in O')}];")
            grouped: dict[str, list[str]] = defaultdict(list)
            for ans, child in nd["next"].items():
                grouped[child].append(ans)
            for child, answers in grouped.items():
                lines.append(f"  {_q(nd['id'])} -> {_q(child)} [label={_q(', '.join(answers))}];")
    else:
        for st in cert["states"]:
            said = st["answer"] if st["answer"] is not None else "(start)"
            label = f"{st['id']}: answer {said}\nO={_set(st['answers_so_far'])}  A={_set(st['legal_for'])}"
            shape = "doublecircle" if st["id"] == cert["start"] else ("box" if st["legal_for"] else "plaintext")
            lines.append(f"  {_q(st['id'])} [shape={shape}, label={_q(label)}];")
            grouped = defaultdict(list)
            for edge in st["on"]:
                grouped[edge["to"]].append(_set(edge["cell"]))
            for to, cells in grouped.items():
                lines.append(f"  {_q(st['id'])} -> {_q(to)} [label={_q(chr(10).join(cells))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_dot(cert: dict[str, Any], path: str | Path) -> None:
    """Write the DOT picture of a certificate."""
    try:
        Path(path).write_text(to_dot(cert), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write the picture: {exc}") from None


def require_dot() -> str:
    """The Graphviz `dot` program, or a clear error when it is not installed."""
    exe = shutil.which("dot")
    if exe is None:
        raise InputError("--png needs the Graphviz 'dot' program, which is not on PATH "
                         "(install graphviz, or use --dot FILE and render it elsewhere)")
    return exe


def write_png(cert: dict[str, Any], path: str | Path) -> None:
    """Render the picture with Graphviz `dot`."""
    exe = require_dot()
    done = subprocess.run([exe, "-Tpng", "-o", str(path)], input=to_dot(cert), text=True,
                          capture_output=True, check=False)
    if done.returncode != 0:
        raise InputError(f"{path}: dot failed: {done.stderr.strip()}")
