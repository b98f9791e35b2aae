"""The "no behaviour change" snapshot of issue 26: what `check`, `info`, `decide`, `threshold`,
`verify` and `theorems` print as JSON on committed certificates and bundled classes, timings
dropped. `python tests/behaviour.py --write` records it in tests/data/behaviour.json; the test
(tests/test_behaviour.py) recomputes it and compares."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "behaviour.json"
TIMING = {"seconds", "elapsed", "time", "ms", "wall", "timings", "method_seconds"}

CLASSES = ["h4", "h4_cells", "even_odd", "sep51", "triangle", "strings/h4"]
COMMANDS = ([["info", c, "--json"] for c in CLASSES] + [["decide", c, "--json"] for c in CLASSES]
            + [["threshold", "h4", "--json"],
               ["verify", "h4", "--generator", "telltale", "--notion", "proper-limit", "--json"]])
THEOREMS = [["theorems", "--only", "T7.3", "--json", "-q"], ["theorems", "--only", "T7.1", "--json", "-q"]]


def _strip(value):
    """Drop timing fields (they change run to run), recursively."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in TIMING}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def run(args: list[str]) -> dict:
    """One command's exit code and JSON output (timings dropped), run in-process."""
    from replayproof.cli import cli
    out = CliRunner().invoke(cli, args, catch_exceptions=False)
    try:
        body = _strip(json.loads(out.stdout))
    except ValueError:
        body = out.stdout
    return {"exit": out.exit_code, "json": body}


def certificates() -> list[Path]:
    return sorted((ROOT / "counterexamples").glob("*.json")) + sorted(
        (ROOT / "replayproof" / "counterexamples").glob("*.json"))


def snapshot(theorems: bool = True) -> dict[str, dict]:
    """Command line -> its result; certificate paths relative to the repository."""
    out = {}
    for cert in certificates():
        rel = cert.relative_to(ROOT).as_posix()
        out[f"check {rel}"] = run(["check", str(cert), "--json"])
    for args in COMMANDS + (THEOREMS if theorems else []):
        out[" ".join(args)] = run(args)
    return json.loads(json.dumps(out).replace(str(ROOT), "<ROOT>"))


if __name__ == "__main__":
    snap = snapshot()
    if "--write" in sys.argv:
        DATA.write_text(json.dumps(snap, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps({k: v["exit"] for k, v in snap.items()}, indent=1))
