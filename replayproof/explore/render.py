"""One self-contained HTML file: the template, the stylesheet and the script inline, the data
embedded as JSON (gzip + base64 above COMPRESS_ABOVE bytes, unpacked by the browser's own
DecompressionStream). No network, no CDN; it works from file://."""
from __future__ import annotations

import base64
import gzip
import html
import json
from pathlib import Path
from typing import Any

ASSETS = Path(__file__).resolve().parent / "assets"
COMPRESS_ABOVE = 200_000  # bytes of JSON


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _script_safe(text: str) -> str:
    """JSON inside <script>: no '</' can end the element early."""
    return text.replace("</", "<\\/")


def render(data: dict[str, Any], title: str) -> str:
    """The page: data embedded as application/json (plain or gzip+base64)."""
    raw = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    if len(raw.encode("utf-8")) > COMPRESS_ABOVE:
        packed = base64.b64encode(gzip.compress(raw.encode("utf-8"), compresslevel=6, mtime=0)).decode("ascii")
        embed = f'<script type="application/octet-stream" id="rp-data" data-encoding="gzip+base64">{packed}</script>'
    else:
        embed = f'<script type="application/json" id="rp-data">{_script_safe(raw)}</script>'
    return (_asset("template.html")
            .replace("{{TITLE}}", html.escape(title))
            .replace("{{CSS}}", _asset("explore.css"))
            .replace("{{DATA}}", embed)
            .replace("{{JS}}", _asset("explore.js").replace("</script", "<\\/script")))
