"""Output helpers shared by every command family: stable JSON on stdout.

Only command-line shells (`cli.py` modules) import this; engines return data and never print.
"""
from __future__ import annotations

import json
from typing import Any

import click


def emit_json(data: Any) -> None:
    """Print one JSON document, key order as built (stable across runs)."""
    click.echo(json.dumps(data, indent=2, sort_keys=False))
