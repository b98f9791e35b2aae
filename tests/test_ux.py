"""What a new user meets (issue 22): plain words after `decide`, one error style, one --timeout."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import CLASSES, bundled
from replayproof.classes.criterion import find_obstruction
from replayproof.cli import cli


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


def _plain(output: str) -> dict[str, str]:
    lines = output.strip().splitlines()[-4:]
    return {line.split(":", 1)[0]: line.split(":", 1)[1] for line in lines}


@pytest.mark.parametrize("name", ["h4", "triangle"])
def test_decide_says_in_four_lines_what_was_asked_the_answer_why_and_what_next(name):
    res = run("decide", CLASSES / f"{name}.toml")
    assert res.exit_code == 0, res.output
    plain = _plain(res.output)
    assert list(plain) == ["asked", "answer", "why", "next"]
    assert "hidden target" in plain["asked"] and "replays" in plain["asked"]
    assert plain["answer"].strip().startswith("no generator can")
    cls = bundled(name)
    ob = find_obstruction(cls.table)
    first = cls.names[0]
    group = [cls.names[k] for k in sorted(ob.groups[0])]
    x0 = next(iter(cls.cell_elements(ob.profile)))
    assert f"shows {x0} " in plain["why"] and f"first names {first}, it replays elements of {first}" in plain["why"]
    assert "the rest of " + " or ".join(group) in plain["why"]
    assert f"--png" in plain["next"] and f"prove {CLASSES / f'{name}.toml'}" in plain["next"]


def test_a_generatable_verdict_explains_itself_too():
    plain = _plain(run("decide", CLASSES / "shield.toml").output)
    assert plain["answer"].strip().startswith("yes")
    assert "safe first answer" in plain["why"] and "--export g.json" in plain["next"]
    plain = _plain(run("decide", CLASSES / "h4.toml", "--no-replay").output)
    assert "20 states" in plain["why"] and "--no-replay" in plain["next"]


def test_decide_json_and_quiet_have_no_summary():
    res = run("decide", CLASSES / "h4.toml", "--json")
    data = json.loads(res.output)
    assert data["verdict"] == "not-generatable" and "asked" not in res.output
    quiet = run("decide", CLASSES / "h4.toml", "--quiet")
    assert quiet.exit_code == 0 and "asked:" not in quiet.output and quiet.output.startswith("not-generatable")


def test_verify_and_attack_say_replay_of_round_alike():
    res = run("verify", CLASSES / "h4.toml", "--generator", "telltale", "--notion", "proper-limit")
    assert res.exit_code == 0, res.output
    assert "replay of round 1" in res.output and "replay of 1 " not in res.output


COMMANDS_WITH_TIMEOUT = ["info", "decide", "prove", "threshold", "attack", "verify"]


@pytest.mark.parametrize("command", COMMANDS_WITH_TIMEOUT)
def test_timeout_is_the_wall_clock_budget_in_seconds_everywhere(command):
    text = " ".join(run(command, "--help").output.split())
    assert "--timeout SECONDS" in text and "Wall-clock budget in seconds for the whole command" in text
    assert "cell query" not in text


def test_the_timeout_bounds_the_whole_command_and_says_unknown(tmp_path):
    path = tmp_path / "hard.toml"  # huge periods: deriving the cells needs far more than 1 s
    path.write_text("".join(f'[[hypothesis]]\nname = "h{i}"\npredicate = "x % {p} == {i % p} or x > {1000 + i}"\n'
                            for i, p in enumerate([1000003, 1000033, 1000037, 1000039, 999983, 999979] * 2)))
    import time
    start = time.monotonic()
    res = run("info", path, "--timeout", 1)
    assert time.monotonic() - start < 10
    assert res.exit_code == 3, res.output
    assert res.stderr.startswith("replayproof: unknown: the time budget (--timeout) ran out")


@pytest.mark.parametrize("args, names", [
    (["collapse", "logic", "--seed", "-1"], "'--seed'"),
    (["decide"], "'FILE'"),
    (["decide", CLASSES / "h4.toml", "--timeout", "0"], "'--timeout'"),
    (["attack", CLASSES / "h4.toml", "--generator", "closure"], "'--horizon'"),
    (["nosuchcommand"], "'nosuchcommand'"),
])
def test_usage_errors_are_our_one_line_naming_the_option(args, names):
    res = run(*args)
    assert res.exit_code == 2
    assert res.stderr.startswith("replayproof: error: ") and names in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and "Usage:" not in res.output


def test_prove_on_a_generatable_class_answers_without_error_prefix(tmp_path):
    """A generatable class is not an error: prove writes the positive theorem (issue 23)."""
    res = run("prove", CLASSES / "even_odd.toml", "--coq", tmp_path / "x.v")
    assert res.exit_code == 0, res.output
    assert "error" not in res.output and (tmp_path / "x.v").exists()


def test_too_many_plain_hypotheses_says_so(tmp_path):
    path = tmp_path / "h65.toml"
    path.write_text("".join(f'[[hypothesis]]\nname = "h{i}"\npredicate = "x >= {i}"\n' for i in range(65)))
    res = run("info", path)
    assert res.exit_code == 2 and "more than 64 hypotheses" in res.stderr and "expand" not in res.stderr


def test_help_texts_a_new_user_looks_for():
    top = run("--help").output
    assert "Examples:" in top and "replayproof decide encodings/classes/h4.toml" in top
    verify = " ".join(run("verify", "--help").output.split())
    assert "--notion [uniform|non-uniform|proper-limit] uniform: one threshold d" in verify


def test_progress_bars_stay_off_when_stderr_is_not_a_terminal():
    res = run("sweep", "--size", "3")
    assert res.exit_code == 0 and res.stderr == ""


def test_a_progress_bar_shows_on_a_terminal_and_not_with_quiet():
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios
    from conftest import ROOT

    def stderr_on_tty(*args):
        m, s = pty.openpty()
        fcntl.ioctl(s, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
        p = subprocess.Popen([sys.executable, "-m", "replayproof", *map(str, args)], stdout=subprocess.DEVNULL,
                             stderr=s, env=dict(os.environ, PYTHONPATH=str(ROOT)))
        os.close(s)
        out = b""
        while True:
            try:
                chunk = os.read(m, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        assert p.wait(timeout=60) == 0
        return out.decode(errors="replace")

    sweep = stderr_on_tty("sweep", "--size", 3)
    assert "deciding every class of 3 hypotheses" in sweep and "size 3 (estimated total)" not in sweep
    args = ["attack", CLASSES / "attack_zero_odd.toml", "--generator", "closure", "--threshold", 2, "--horizon", 4]
    assert stderr_on_tty(*args, "--quiet") == ""  # (the attack's bar itself: benchmarks aside, seen by hand)


def test_ci_runs_the_readme_test_command_then_the_slow_set():
    from conftest import ROOT
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = next(line.split("#")[0].strip() for line in readme.splitlines() if "pytest" in line)
    assert command.endswith('python -m pytest -q -m "not slow" -n auto')
    assert "under 2 minutes" in readme and "python -m pytest -q -m slow" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert command in ci and ci.index(command) < ci.index("python -m pytest -q -m slow")
    assert '-ne 5' in ci and "apt-get install -y -qq coq" in ci  # 'no tests' is not a failure; Coq stays
