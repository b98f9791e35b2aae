"""One self-contained HTML file: the template, the stylesheet and the script inline, the data
embedded as JSON (gzip + base64 above COMPRESS_ABOVE bytes, unpacked by the browser's own
DecompressionStream). No network, no CDN; it works from file://."""
from __future__ import annotations

import base64
import gzip
import html
import json
import re
from pathlib import Path
from typing import Any

ASSETS = Path(__file__).resolve().parent / "assets"
COMPRESS_ABOVE = 200_000  # bytes of JSON


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _script_safe(text: str) -> str:
    """JSON inside <script>: '<' only occurs inside JSON strings, where \\u003c is the same
    character, so nothing in the data can end the element or open a comment."""
    return text.replace("<", "\\u003c")


def render(data: dict[str, Any], title: str) -> str:
    """The page: data embedded as application/json (plain or gzip+base64)."""
    raw = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    if len(raw.encode("utf-8")) > COMPRESS_ABOVE:
        packed = base64.b64encode(gzip.compress(raw.encode("utf-8"), compresslevel=6, mtime=0)).decode("ascii")
        embed = f'<script type="application/octet-stream" id="rp-data" data-encoding="gzip+base64">{packed}</script>'
    else:
        embed = f'<script type="application/json" id="rp-data">{_script_safe(raw)}</script>'
    parts = {"TITLE": html.escape(title), "CSS": _asset("explore.css"), "DATA": embed,
             "JS": _asset("explore.js").replace("</script", "<\\/script")}
    # one pass: a placeholder-like text inside the data is never substituted again
    return re.sub(r"\{\{(TITLE|CSS|DATA|JS)\}\}", lambda m: parts[m.group(1)], _asset("template.html"))
