"""Stable JSON on stdout: the one printer `check --json` uses (the shells' other helpers: output.py)."""
from __future__ import annotations

import json
from typing import Any

import click


def emit_json(data: Any) -> None:
    """Print one JSON document, key order as built (stable across runs)."""
    click.echo(json.dumps(data, indent=2, sort_keys=False))
