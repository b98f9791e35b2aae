"""`collapse logic --model transformer` (issue 28): the optional neural model, its missing-extra
error, seeded reproducibility, and the shared loop interface. The torch tests are marked slow
(importing torch alone takes 2-9 s here) and skip without torch."""
from __future__ import annotations

import json
import sys

import numpy as np
import pytest
from click.testing import CliRunner

from replayproof.cli import cli
from replayproof.collapse.logic import NGramSpec, evaluate, real_expressions, run_logic
from replayproof.collapse.transformer import TransformerSpec, available

needs_torch = pytest.mark.skipif(not available(), reason="torch not installed: pip install "
                                 "'replayproof[neural]' (torch==2.13.0)")
TINY = TransformerSpec(layers=1, heads=2, dim=16, steps=15, batch_tokens=512)


def test_missing_torch_is_one_line_naming_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)     # `import torch` now raises ImportError
    assert not available()
    res = CliRunner().invoke(cli, ["collapse", "logic", "--model", "transformer", "--n", "20",
                                   "--generations", "1"], prog_name="replayproof")
    assert res.exit_code == 2, res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in res.output
    assert "replayproof[neural]" in lines[0] and "torch==2.13.0" in lines[0]


@pytest.mark.parametrize("args, needle", [
    (["--threads", "2"], "--threads applies only to --model transformer"),
    (["--model", "transformer", "--order", "3"], "--order applies only to --model ngram"),
    (["--config", "full"], "--config applies only to --preset paper"),
    (["--preset", "paper", "--config", "full,spiral"], "unknown configuration 'spiral'"),
])
def test_model_options_are_checked(args, needle):
    res = CliRunner().invoke(cli, ["collapse", "logic", *args], prog_name="replayproof")
    assert res.exit_code == 2, res.output
    assert needle in res.output and len(res.output.strip().splitlines()) == 1


def test_spec_rejects_bad_sizes():
    with pytest.raises(ValueError):
        TransformerSpec(dim=30, heads=4)
    with pytest.raises(ValueError):
        TransformerSpec(steps=0)


@pytest.mark.slow
@needs_torch
def test_parameter_count_and_seeded_samples():
    data = real_expressions(np.random.default_rng(0), 80, 3)
    a = TINY.fit(data, 3, np.random.default_rng(5), 64)
    b = TINY.fit(data, 3, np.random.default_rng(5), 64)
    assert sum(p.numel() for p in a.net.parameters()) == TINY.parameter_count(64)
    assert TransformerSpec().parameter_count(256) == 217_544    # the default: ~0.22M
    sa = a.sample(np.random.default_rng(9), 40, 0.8, 64)
    assert sa == b.sample(np.random.default_rng(9), 40, 0.8, 64)   # same seeds, same samples
    assert sa != a.sample(np.random.default_rng(10), 40, 0.8, 64)
    assert all(len(s) <= 65 and all(-1 <= t < 8 for t in s) for s in sa)
    cut = [s for s in sa if s and s[-1] == -1]
    assert all(len(s) == 65 for s in cut)          # a cut sample is max_len tokens and -1
    c = TINY.fit(data, 3, np.random.default_rng(6), 64)
    assert c.sample(np.random.default_rng(9), 40, 0.8, 64) != sa   # the fit is seeded too


@pytest.mark.slow
@needs_torch
def test_transformer_runs_the_same_cycles_as_the_count_model():
    kw = dict(cycles=("full", "expanding"), generations=2, n=40, max_depth=3, z3_sample=3,
              seed=1)
    t = run_logic(model=TINY, **kw)
    g = run_logic(model=NGramSpec(2), **kw)
    assert t.model["model"] == "transformer" and t.model["parameters"] == TINY.parameter_count(64)
    assert g.model == {"model": "ngram", "order": 2, "context": "parser"}
    for rt, rg in zip(t.cycles, g.cycles):
        assert len(rt.generations) == len(rg.generations) == 3
        # the data cycle is the model's business only through its samples: same training sizes
        assert [s.train_size for s in rt.generations] == [s.train_size for s in rg.generations]
        assert all(s.z3_agreed == s.z3_checked for s in rt.generations)
    assert t.cycle("expanding").generations[-1].train_size == 40 * 3
    assert t.to_dict() == run_logic(model=TINY, **kw).to_dict()    # reproducible


@pytest.mark.slow
@needs_torch
def test_cli_paper_preset_with_the_transformer_json():
    res = CliRunner().invoke(cli, ["collapse", "logic", "--preset", "paper", "--model",
                                   "transformer", "--train-steps", "10", "--n", "20",
                                   "--generations", "1", "--config", "full,balanced", "--json",
                                   "-q"], prog_name="replayproof")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["model"]["model"] == "transformer" and data["model"]["steps"] == 10
    assert [c["label"] for c in data["configs"]] == ["full", "balanced"]
    rows = {r["key"]: r for r in data["comparison"]}
    assert rows["balanced"]["lab"] is not None and rows["balanced"]["match"] is None  # 1 < 50
    assert rows["incremental"]["lab"] is None and rows["incremental"]["match"] is None
    side = {r["key"]: r for r in data["side_by_side"]}       # the count model, same settings
    count = {r["key"]: r for r in data["count_model_run"]["comparison"]}
    assert data["count_model_run"]["model"]["model"] == "ngram"
    for key, row in side.items():
        assert row["transformer"] == rows[key]["lab"] and row["count_model"] == count[key]["lab"]
        assert row["paper"] == rows[key]["paper"]


@pytest.mark.slow
@needs_torch
def test_default_transformer_learns_the_grammar():
    """300 steps of the default network on real data: most samples parse (an untrained one
    emits random tokens, of which almost none parse)."""
    data = real_expressions(np.random.default_rng(0), 1000, 5)
    spec = TransformerSpec(steps=300)
    model = spec.fit(data, 5, np.random.default_rng(1), 256)
    samples = model.sample(np.random.default_rng(2), 500, 1.0, 256)
    valid = np.mean([not (s and s[-1] == -1) and evaluate(s) is not None for s in samples])
    untrained = TransformerSpec(steps=1, lr=1e-6).fit(data, 5, np.random.default_rng(1), 256)
    raw = untrained.sample(np.random.default_rng(2), 500, 1.0, 256)
    raw_valid = np.mean([not (s and s[-1] == -1) and evaluate(s) is not None for s in raw])
    assert valid > 0.5 > 0.1 > raw_valid
