"""The closure-dimension adversary: no generator reaches threshold C(H), certified by the kernel."""
from __future__ import annotations

import copy

import pytest

from replayproof.classes.cells import closure_dimension
from replayproof.trusted.certificates import check
from replayproof.trusted.kernel import Mode, judge
from replayproof.threshold.lowerbound import certificate
from conftest import CLASSES, bundled


@pytest.mark.parametrize("name, d", [("h4", 3), ("sep51", 6)])
def test_bundled_lower_bounds_check(name, d):
    cls = bundled(name)
    cert = certificate(cls, str(CLASSES / f"{name}.toml"))
    assert cert["refutes_threshold"] == d == closure_dimension(cls.table)
    result = check(cert)
    assert result.valid, result.message


@pytest.mark.parametrize("name", ["even_odd", "chain", "halves"])
def test_no_lower_bound_when_closure_dimension_is_zero(name):
    cls = bundled(name)
    assert closure_dimension(cls.table) == 0
    assert certificate(cls, str(CLASSES / f"{name}.toml")) is None


def test_every_answer_after_the_stream_is_wrong_for_some_target(h4):
    """The claim the certificate encodes, checked directly on a window of answers."""
    cert = certificate(h4, str(CLASSES / "h4.toml"))
    targets = [h4.index(n) for n in cert["targets"]]
    stream = cert["stream"]
    for g in range(-30, 31):
        verdicts = [judge(h4, t, stream, [g] * len(stream), Mode(replay=True)).rounds[-1].correct for t in targets]
        assert not all(verdicts), g


@pytest.mark.parametrize("mutate, message", [
    (lambda c: c["answers"][0].update(target=c["answers"][0]["cell"][0]), "is correct for"),
    (lambda c: c["stream"].pop(), "distinct examples"),
    (lambda c: c["stream"].__setitem__(0, 99), "not legal for target"),
    (lambda c: c["answers"].pop(), "no target is given"),
    (lambda c: c["cells"].pop(), "in the certificate"),
])
def test_mutated_certificates_are_rejected(h4, mutate, message):
    cert = copy.deepcopy(certificate(h4, str(CLASSES / "h4.toml")))
    mutate(cert)
    result = check(cert)
    assert not result.valid and message in result.message, result.message
