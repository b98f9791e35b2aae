"""Forged verify-invariant certificates for a bundled generator whose package model is not exact on the class.

`check` trusts the package's model of a bundled generator on cell-canonical streams (docs/verify.md §4), so
the model must refuse a class it cannot describe. sep51-standard's model used to sample the integers
(-64..64 and a cell's first elements): a hole at 65 or a cell turning negative at -200 slipped through, and
`verified-canonical` certificates of false claims were accepted. Each test builds the certificate the engine
wrote then (the model made without its refusal), checks that `check` now refuses it naming the model, and
confirms with the kernel that a cell-canonical stream defeats the real generator.
"""
from __future__ import annotations

import itertools
import time

from replayproof.classes.classfile import load
from replayproof.trusted.certificates import check
from replayproof.trusted.generators.library import registered
from replayproof.trusted.generators.models import Layout, Sep51Model
from replayproof.trusted.kernel import Mode, judge
from replayproof.verify import build
from replayproof.verify.product import Product, Question, explore

HOLE = """name = "hole65"
[[hypothesis]]
name = "pos"
predicate = "x >= 1 and x != 65"
[[hypothesis]]
name = "neg"
predicate = "x < 0"
"""

MIXED = """name = "mixed"
[[hypothesis]]
name = "A"
predicate = "x >= 1 or x <= -200"
[[hypothesis]]
name = "B"
predicate = "x < 0 and x > -200"
"""


def _forged(tmp_path, text: str, thresholds: dict[str, int]) -> tuple[dict, object]:
    """The invariant the engine exported with the sampled model: cell signs as the samples showed them
    (first cell positive, second negative), no refusal."""
    path = tmp_path / "c.toml"
    path.write_text(text)
    cls = load(path)
    model = Sep51Model.__new__(Sep51Model)
    model.cls, model.spec, model.kind = cls, "sep51-standard", "element"
    model.layout, model.sign = Layout(cls, abs), [1, -1]
    ths = tuple(sorted((cls.names.index(h), d) for h, d in thresholds.items()))
    product = Product(cls, model, Question("non-uniform", True, ths))
    ex = explore(product, 10 ** 5, time.monotonic() + 60, stop_at_bad=True)
    assert not ex.bad, "the sampled model finds no defeat: the engine printed verified-canonical"
    return build.invariant_certificate(cls, product, ex, "sep51-standard", str(path)), cls


def _defeated_on_canonical_stream(cls, target: str, rounds: int) -> int:
    """The real generator on the target's first cell in near-zero order (a cell-canonical stream), judged by
    the kernel: the round of its first wrong answer."""
    h = cls.names.index(target)
    cell = next(c.signature for c in cls.table.cells if c.signature == frozenset({h}))
    inputs = list(itertools.islice(cls.cell_elements(cell), rounds))
    gen = registered("sep51-standard", cls, None)
    answers = [gen.fn(tuple(inputs[:t])) for t in range(1, rounds + 1)]
    trace = judge(cls, h, inputs, answers, Mode(replay=True))
    assert trace.legal and trace.errors
    return trace.errors[0]


def test_sep51_model_refuses_a_hole_beyond_its_sample(tmp_path):
    cert, cls = _forged(tmp_path, HOLE, {"pos": 1, "neg": 1})
    res = check(cert)
    assert not res.valid and "it may answer 65, which lies in no hypothesis" in res.message, res.message
    assert _defeated_on_canonical_stream(cls, "pos", 64) == 64  # 1..64 seen: it answers 65, outside pos


def test_sep51_model_refuses_a_cell_of_both_signs(tmp_path):
    cert, cls = _forged(tmp_path, MIXED, {"A": 1, "B": 200})
    res = check(cert)
    assert not res.valid and "cell ['A'] mixes signs or holds 0" in res.message, res.message
    assert _defeated_on_canonical_stream(cls, "A", 201) == 201  # -200 seen: it answers -1, outside A
