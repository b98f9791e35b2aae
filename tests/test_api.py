"""The Python API mirrors the command line: the same verdicts, certificates the checker accepts."""
from __future__ import annotations

import replayproof as rp
from conftest import CLASSES


def test_api_mirrors_the_commands_on_h4():
    h4 = rp.load(CLASSES / "h4.toml")
    lasso = rp.verify_generator(h4, "telltale")                 # replayproof verify ... --generator telltale
    assert lasso.verdict == "defeated" and rp.check(lasso.certificate).valid
    assert rp.verify_generator(h4, "telltale", replay=False).verdict == "verified-canonical"
    burn = rp.verify_generator(h4, "burn-in:closure", "uniform", {n: 4 for n in h4.names})
    assert burn.verdict == "verified-canonical" and rp.check(burn.certificate).valid
    decision = rp.decide(h4)                                     # replayproof decide
    assert decision.verdict == "not-generatable" and decision.check.valid
    assert [m.d_star for m in rp.optimal_threshold(h4).modes] == [4, 4]   # replayproof threshold


def test_api_names_survive_importing_the_engines():
    import replayproof.threshold.compute  # noqa: F401  (a submodule import must not shadow an API name)
    import replayproof.verify.engine  # noqa: F401
    assert callable(rp.verify_generator) and callable(rp.optimal_threshold) and callable(rp.decide)
    assert set(rp.__all__) <= set(dir(rp))


def test_api_decides_under_adversary_models_like_the_command():
    """decide_model mirrors `decide --replay-budget/--noise/--omit [--method]`, replay_number mirrors `budget`."""
    import pytest
    from pathlib import Path
    h4 = rp.load(str(CLASSES / "h4.toml"))
    assert rp.replay_number(h4).number == 1
    assert rp.decide_model(h4, replay_budget=1).verdict == "not-generatable"
    assert rp.decide_model(h4, replay_budget=0).check.valid
    point = rp.load(str(Path(__file__).resolve().parent.parent / "counterexamples" / "finite_noise_point.toml"))
    dec = rp.decide_model(point, replay_budget=0, noise="finite", method="both")
    assert dec.verdict == "not-generatable" and dec.certificate["kind"] == "finite-variant-adversary"
    assert rp.decide_model(point, replay_budget=0, noise=3, method="criterion").verdict == "generatable"
    for kwargs, needle in [({"replay_budget": 1, "method": "criterion"}, "no criterion is known"),
                           ({"noise": -1}, "negative"), ({"replay_budget": 0, "method": "oracle"}, "unknown method"),
                           ({"noise": "finite", "replay_delay": 2}, "delay")]:
        with pytest.raises(rp.InputError, match=needle):
            rp.decide_model(point, **kwargs)
