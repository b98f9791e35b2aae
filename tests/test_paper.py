"""Regression tests for replayproof.paper: Witness Protection (T6.1) and the Lemma 6.8 adversary (T6.6)."""
from __future__ import annotations

import pytest

from replayproof.classes.classfile import loads
from replayproof.trusted.generators.library import closure
from replayproof.paper import limit_separation as ls
from replayproof.paper.witness import (INVARIANTS, SHIELD_TOML, STREAMS, WitnessProtection, demo, divisors,
                                       members, no_protection, run_wp, sep51_toml, wp_generator, z_order)


@pytest.fixture(scope="module")
def shield():
    return loads(SHIELD_TOML)


@pytest.fixture(scope="module")
def sep51():
    return loads(sep51_toml(6))


def test_z_order_enumerates_integers() -> None:
    assert [z_order(u) for u in range(7)] == [0, 1, -1, 2, -2, 3, -3]


@pytest.mark.slow  # 80 runs; three kernel-judged streams stay in the default run
def test_wp_invariants_hold_on_every_demo_stream() -> None:
    results = demo(rounds=40)
    assert len(results) >= 80
    for r in results:
        rep = r.report
        assert rep.ok, (r.cls, r.stream, rep.target, rep.violations[:3])
        assert rep.replays > 0
        assert rep.max_excluded_ratio <= 1.0
        # converged: the target became replay-critical and every later answer is valid
        assert rep.critical_from is not None, (r.cls, r.stream, rep.target)
        assert all(t < rep.critical_from for t in rep.invalid_rounds)
        if rep.kernel_errors is not None:  # finite classes: the trusted kernel agrees
            assert rep.kernel_legal
            assert rep.kernel_errors == rep.invalid_rounds


@pytest.mark.parametrize("stream", [s if s in ("alternate", "lagged", "random0") else
                                    pytest.param(s, marks=pytest.mark.slow) for s in sorted(STREAMS)])
def test_wp_converges_on_sep51_with_kernel(sep51, stream: str) -> None:
    hs = members(sep51)
    for target in range(sep51.n):
        rep = run_wp(hs, target, 60, stream, finite_class=sep51)
        assert rep.ok and rep.kernel_legal
        assert rep.kernel_errors is not None and all(t <= 20 for t in rep.kernel_errors)


def test_wp_on_membership_only_class() -> None:
    rep = run_wp(divisors(6), 5, 60, "delayed")
    assert rep.ok and rep.kernel_errors is None and rep.critical_from is not None


@pytest.mark.parametrize("stream", ["alternate", "lagged", "delayed"])
def test_mutation_violates_witness_protection_and_errs_forever(shield, stream: str) -> None:
    hs = members(shield)
    good = run_wp(hs, 2, 60, stream, finite_class=shield)
    bad = run_wp(hs, 2, 60, stream, protect=False, finite_class=shield)
    assert good.ok and good.kernel_errors and max(good.kernel_errors) < 15
    assert "witness_protected" in bad.violated()
    assert set(bad.violated()) <= set(INVARIANTS)
    assert bad.kernel_legal and bad.critical_from is None
    assert bad.kernel_errors and max(bad.kernel_errors) > 50 and len(bad.kernel_errors) >= 15


def test_no_protection_constructor() -> None:
    assert no_protection(divisors(2)).protect is False


def test_wp_generator_function_matches_incremental() -> None:
    hs = divisors(4)
    wp = WitnessProtection(hs)
    xs = (0, 4, -8, 12, 24)
    fn = wp_generator(hs)
    for i, x in enumerate(xs, 1):
        assert wp.step(x).answer == fn(xs[:i])


def test_encoding_roundtrip() -> None:
    for z in (-5, 0, 7):
        assert ls.decode(ls.integer(z)) == ("int", z)
    assert ls.decode(ls.marker(3)) == ("marker", 3)
    assert ls.show(ls.marker(0)) == "*1"


def test_lemma67_succeeds_without_replay() -> None:
    """Lemma 6.7's generator is eventually correct on enumerations (no replay) of sample targets."""
    b = 3
    one = ls.h_one(b, frozenset({-7, 10}), 5)
    two = ls.h_two(b, frozenset({9, 20}))
    for lang, extra in ((one, [ls.integer(b), ls.integer(6), ls.integer(10), ls.integer(-7)]),
                        (two, [ls.integer(2), ls.integer(-1), ls.integer(9), ls.integer(20)])):
        stream = [ls.marker(n) for n in range(b)] + extra
        stream += [ls.integer(7 + k) if lang is one else ls.integer(-2 - k) for k in range(20)]
        assert all(lang(x) for x in stream)
        for t in range(len(stream) - 10, len(stream) + 1):
            g = ls.lemma67(tuple(stream[:t]))
            assert lang(g) and g not in stream[:t]
    mk = ls.all_markers()
    for t in range(1, 10):
        g = ls.lemma67(tuple(ls.marker(n) for n in range(t)))
        assert mk(g) and g not in [ls.marker(n) for n in range(t)]


@pytest.mark.parametrize("phases", [3, 8])
def test_adversary_forces_errors_against_lemma67(phases: int) -> None:
    rep = ls.run_adversary(ls.lemma67, phases, patience=3 * phases)
    assert rep.kernel_legal
    assert rep.forced >= phases
    assert rep.q == 1 and rep.tau == 1
    assert all(e.reason for e in rep.phase_errors)


@pytest.mark.parametrize("phases", [1, 5, 12])
def test_adversary_forces_one_error_per_phase(phases: int) -> None:
    rep = ls.run_adversary(ls.learner, phases)
    assert rep.stalled == "" and rep.phases_completed == phases
    assert rep.kernel_legal
    assert [e.phase for e in rep.phase_errors] == list(range(phases))
    assert {e.round for e in rep.phase_errors} <= set(rep.kernel_errors)
    assert rep.forced >= phases
    assert rep.committed.startswith("H2^")


def test_adversary_against_bundled_closure() -> None:
    cls = loads(ls.finite_truncation_toml(2))
    rep = ls.run_adversary(closure(cls), 5, patience=20)
    assert rep.kernel_legal
    assert rep.forced >= 5
