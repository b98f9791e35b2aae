from __future__ import annotations

import functools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CLASSES = ROOT / "encodings" / "classes"


@functools.lru_cache(maxsize=None)
def bundled(name: str):
    """A bundled class, loaded once per test session."""
    from replayproof import load
    return load(CLASSES / f"{name}.toml")


@pytest.fixture
def h4():
    return bundled("h4")


def pytest_collection_modifyitems(config, items):
    """Skip tests marked `coq` when coqc is not installed."""
    import shutil
    if shutil.which("coqc") and shutil.which("coqchk"):
        return
    skip = pytest.mark.skip(reason="coqc or coqchk not found: install Coq (apt-get install coq) to run the Coq checks")
    for item in items:
        if "coq" in item.keywords:
            item.add_marker(skip)


def oracle_share(items: list) -> list:
    """The part of an exhaustive oracle comparison the slow set runs: every fifth item (a deterministic
    stride, so the full run's classes are spread over it), or all of them with REPLAYPROOF_EXHAUSTIVE=1
    (the command in docs/variants.md §8). Keeps CI's slow set near 15 minutes on 2 cores."""
    import os
    return list(items) if os.environ.get("REPLAYPROOF_EXHAUSTIVE") == "1" else list(items)[::5]
