"""User generator code runs in its own process (issue 22): budgets hold, exits and prints are contained."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from conftest import CLASSES, ROOT, bundled
from replayproof.generators.under_test import UnderTest
from replayproof.cli import cli
from replayproof.trusted.errors import SolverUnknown
from replayproof.generators import GeneratorError, resolve

HOSTILE = ROOT / "tests" / "attack_user" / "hostile.py"
EO = CLASSES / "even_odd.toml"
ATTACK = ["attack", EO, "--threshold", 2, "--horizon", 4]
VERIFY = ["verify", EO, "--threshold", 2]


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


def shell(*args, limit=60):
    """The real command in a fresh process (an endless generator or os._exit must not take pytest with it)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.monotonic()
    res = subprocess.run([sys.executable, "-m", "replayproof", *map(str, args)], capture_output=True, text=True,
                         timeout=limit, env=env, cwd=ROOT)
    return res, time.monotonic() - start


@pytest.mark.parametrize("command", [ATTACK, pytest.param(VERIFY, marks=pytest.mark.slow)])
def test_an_endless_generator_is_unknown_at_the_budget(command):
    res, seconds = shell(*command, "--generator", f"{HOSTILE}:loop", "--timeout", 1, "--json")
    assert res.returncode == 3, res.stderr
    assert json.loads(res.stdout)["result"] == "unknown"
    assert seconds < 15  # 1 s budget + interpreter and solver start-up on a busy machine


@pytest.mark.parametrize("name, how", [("exit0", r"sys.exit(0)"), ("exit3", "sys.exit(3)"),
                                       ("interrupt", "KeyboardInterrupt")])
def test_an_exiting_generator_is_the_generators_failure(name, how):
    for command in (ATTACK, VERIFY):
        res = run(*command, "--generator", f"{HOSTILE}:{name}")
        assert res.exit_code == 2, res.output
        assert f"generator '{HOSTILE}:{name}'" in res.stderr and f"exited ({how})" in res.stderr
        assert res.stdout == ""


def test_os_exit_in_a_generator_is_its_failure():
    res, _ = shell(*ATTACK, "--generator", f"{HOSTILE}:hard_exit")
    assert res.returncode == 2 and "exited (status 0" in res.stderr and res.stdout == ""


@pytest.mark.parametrize("command", [ATTACK, VERIFY])
def test_what_a_generator_prints_never_reaches_our_output(command):
    res = run(*command, "--generator", f"{HOSTILE}:chatty", "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["result"] == "defeated"
    assert "hello" not in res.stdout and "kept apart" in res.stderr


def test_two_answers_to_one_input_are_warned_about():
    res = run(*ATTACK, "--generator", f"{HOSTILE}:flaky", "--adversary", "echo")
    assert "must be deterministic" in res.stderr and "answered 2, then 4, on the same observed (0,)" in res.stderr
    quiet = run(*ATTACK, "--generator", f"{ROOT / 'tests' / 'attack_user' / 'gens.py'}:stale")
    assert quiet.exit_code == 0 and "deterministic" not in quiet.stderr


def test_the_runner_raises_unknown_at_the_deadline_and_stays_failed():
    cls = bundled("even_odd")
    gen = resolve(f"{HOSTILE}:loop", cls, deadline=time.monotonic() + 60)
    gen.process.deadline = time.monotonic() + 0.5  # loaded; now a budget that the call outlives
    runner = UnderTest(gen, cls)
    start = time.monotonic()
    with pytest.raises(SolverUnknown, match="time budget ran out"):
        runner.answer((0,))
    assert time.monotonic() - start < 5
    gen = resolve(f"{HOSTILE}:exit3", cls)
    with pytest.raises(GeneratorError, match=r"exited \(sys.exit\(3\)\)"):
        UnderTest(gen, cls).answer((0,))
    with pytest.raises(GeneratorError, match="exited"):
        gen.fn((1,))  # a dead worker answers nothing more
