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
