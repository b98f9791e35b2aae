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
