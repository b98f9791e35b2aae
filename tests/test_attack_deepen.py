"""Resuming a search at a larger horizon searches only the new rounds, and agrees with a fresh search."""
from __future__ import annotations

from conftest import bundled
from replayproof.attack.brute import brute_force
from replayproof.generators.under_test import UnderTest
from replayproof.attack.search import Search, attack, deepen
from replayproof.attack.space import make_game
from replayproof.generators import resolve
from replayproof.trusted.kernel import Mode


def _game(spec: str, T: int, d: int = 2):
    cls = bundled("attack_zero_odd")
    return make_game(cls, Mode(replay=True), "uniform", T, d, None, 0), UnderTest(resolve(spec, cls, d), cls)


def test_resumed_search_never_searches_a_smaller_round_again():
    game, runner = _game("burn-in:closure", 3)
    search = Search(game, runner, timeout=60)
    first = search.run(2)
    checks = first.checks
    second = search.run(3)
    assert not first.defeated and not second.defeated
    assert first.game.horizon == 2 and second.game.horizon == 3
    # round 3 alone: one z3 check per target (the generator is a term, so no refinement)
    assert second.checks - checks == len(game.targets)
    fresh = attack(*_game("burn-in:closure", 3))
    assert fresh.checks == second.checks


def test_deepen_stops_at_the_first_defeat_and_matches_brute_force():
    game, runner = _game("closure", 4)
    outs = list(deepen(game, runner, [1, 2, 3, 4]))
    assert [o.game.horizon for o in outs] == [1, 2] and outs[-1].defeated and not outs[0].defeated
    brute = brute_force(game.at_horizon(2), UnderTest(runner.gen, game.cls))
    assert brute.defeated and brute.found.round == outs[-1].found.round == 2
