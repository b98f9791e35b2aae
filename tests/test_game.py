"""Proper generation in the limit (issue 3): H4 both ways, certificates, mutations, the command."""
from __future__ import annotations

import copy
import json

import pytest
from click.testing import CliRunner

from replayproof.trusted.certificates import check, read

from replayproof.output import relocate
from replayproof.cli import cli
from replayproof.game.build import certificate
from replayproof.game.solve import solve
from conftest import CLASSES, ROOT, bundled

H4 = str(CLASSES / "h4.toml")
COMMITTED = ROOT / "counterexamples"


def cert_for(name: str, replay: bool) -> dict:
    cls = bundled(name)
    return certificate(cls, solve(cls.table, replay), str(CLASSES / f"{name}.toml"))


@pytest.mark.parametrize("name", ["h4", "h4_cells"])
def test_h4_theorem_7_3_both_ways(name):
    cls = bundled(name)
    assert solve(cls.table, replay=True).verdict == "not-generatable"
    assert solve(cls.table, replay=False).verdict == "generatable"
    for replay in (True, False):
        result = check(cert_for(name, replay))
        assert result.valid, result.message


def test_h4_adversary_has_the_papers_shape():
    """Present 0; after a negative first answer, present the positive infinite cell and loop
    enumerating both positive members (and symmetrically)."""
    cert = cert_for("h4", True)
    nodes = {nd["id"]: nd for nd in cert["nodes"]}
    root = nodes[cert["root"]]
    assert root["move"] == "step" and root["present"] == ["h1-", "h2-", "h1+", "h2+"]  # the element 0
    for first, other_side in [("h1-", ["h1+", "h2+"]), ("h2-", ["h1+", "h2+"]),
                              ("h1+", ["h1-", "h2-"]), ("h2+", ["h1-", "h2-"])]:
        node = nodes[root["next"][first]]
        assert node["move"] == "step" and node["present"] == other_side
        loop = nodes[node["next"][first]]
        assert loop["move"] == "loop" and loop["enumerates"] == other_side


@pytest.mark.parametrize("stem, name, replay, verdict", [
    ("h4_replay", "h4", True, "not-generatable"),
    ("h4_no_replay", "h4", False, "generatable"),
    ("sep51_replay", "sep51", True, "generatable"),
])
def test_committed_certificates_recheck_and_are_current(stem, name, replay, verdict):
    data = read(COMMITTED / f"{stem}.json")
    assert data["verdict"] == verdict and data["replay"] is replay
    result = check(data)
    assert result.valid, result.message
    fresh = relocate(cert_for(name, replay), COMMITTED / f"{stem}.json")
    assert data == json.loads(json.dumps(fresh)), "regenerate with the commands in counterexamples/README.md"


def test_check_command_on_committed_certificate():
    out = CliRunner().invoke(cli, ["check", str(COMMITTED / "h4_replay.json")])
    assert out.exit_code == 0, out.output
    assert out.output.startswith("valid: not-generatable with replay")


def test_swapped_modes_are_rejected():
    """A certificate must not prove the opposite theorem: each H4 certificate fails in the other mode."""
    gen = cert_for("h4", False)
    gen["replay"] = True
    result = check(gen)
    assert not result.valid and "records legal" in result.message
    adv = cert_for("h4", True)
    adv["replay"] = False
    result = check(adv)
    assert not result.valid
    assert result.message == ("node n5 (answers so far {h1-}, legal for {h1+, h2+}, no replay): loop input -2 "
                              "is illegal for h1+: input -2 is not in the target")


def _node(cert, nid):
    return next(nd for nd in cert["nodes"] if nd["id"] == nid)


def _mutations():
    def present_wrong_cell(c):
        _node(c, "n0")["present"] = ["h1+", "h2+"]

    def drop_branch(c):
        del _node(c, "n1")["next"]["h2+"]

    def drop_loop_cell(c):
        _node(c, "n5")["present"].remove(["h1-", "h2-", "h1+"])

    def enumerate_illegal(c):
        _node(c, "n5")["enumerates"].append("h1-")

    def blame_other_target(c):
        _node(c, "n6")["wrong"]["h1-"] = "h2-"

    def loop_branches_on_old_answer(c):
        _node(c, "n5")["next"]["h1-"] = "n5"

    def wrong_size(c):
        c["class"]["cells"][1]["size"] = "2"

    def no_root(c):
        del c["root"]

    return [
        (present_wrong_cell, "node n1 (answers so far {h1-}, legal for {h1+, h2+}, unbounded replay): records "
         "answers so far {h1-} and legal for {h1-, h2-, h1+, h2+}"),
        (drop_branch, "node n1 (answers so far {h1-}, legal for {h1-, h2-, h1+, h2+}, unbounded replay): no "
         "successor for answer h2+"),
        (drop_loop_cell, "node n5 (answers so far {h1-}, legal for {h1+, h2+}, unbounded replay): claims to "
         "enumerate h1+, but 1 element(s) of its finite cells are never presented (at most 0 may be omitted)"),
        (enumerate_illegal, "node n5 (answers so far {h1-}, legal for {h1+, h2+}, unbounded replay): claims to "
         "enumerate h1-, but the play is not legal for it"),
        (blame_other_target, "node n6 (answers so far {h1-, h2-}, legal for {h1+, h2+}, unbounded replay): answer "
         "h1- is claimed wrong for h2-, which the loop does not enumerate"),
        (loop_branches_on_old_answer, "node n5 (answers so far {h1-}, legal for {h1+, h2+}, unbounded replay): "
         "answer h1- is already in O, so the loop must absorb it"),
        (wrong_size, "class: cell {h1-, h2-, h1+} has size 1 in encodings/classes/h4.toml but 2 in the certificate"),
        (no_root, "malformed certificate: at (top level): missing field 'root'"),
    ]


@pytest.mark.parametrize("mutate, message", _mutations(), ids=lambda v: getattr(v, "__name__", "msg"))
def test_mutated_adversary_certificate_is_rejected_precisely(mutate, message):
    cert = copy.deepcopy(cert_for("h4", True))
    mutate(cert)
    result = check(cert)
    assert not result.valid
    assert result.message == message


def test_mutated_generator_certificates_are_rejected_precisely():
    base = cert_for("h4", False)
    cert = copy.deepcopy(base)
    victim = cert["states"][1]
    dropped = victim["on"].pop()
    result = check(cert)
    assert not result.valid
    assert result.message.startswith(f"state {victim['id']} (answer ")
    assert result.message.endswith("no transition for an input from cell {" + ", ".join(dropped["cell"]) + "}")
    # One changed answer: the machine's bookkeeping no longer matches what it output.
    cert = copy.deepcopy(base)
    st = next(s for s in cert["states"] if s["answer"] == "h1-" and s["legal_for"])
    st["answer"] = "h2-"
    result = check(cert)
    assert not result.valid
    assert f"but state {st['id']} records legal" in result.message and "answer h2-" in result.message


def test_a_generator_that_answers_wrongly_forever_is_rejected():
    """A consistent but losing machine: after s9 it moves to a copy answering h1- forever, which is
    wrong for the only target left (h2-): the cycle check names the state, target and answer."""
    cert = copy.deepcopy(cert_for("h4", False))
    s9 = next(s for s in cert["states"] if s["id"] == "s9")
    assert (s9["answer"], s9["answers_so_far"], s9["legal_for"]) == ("h2-", ["h1-", "h2-"], ["h2-"])
    bad = copy.deepcopy(s9)
    bad["id"], bad["answer"] = "s9b", "h1-"
    for edge in s9["on"] + bad["on"]:
        if edge["to"] == "s9":
            edge["to"] = "s9b"
    cert["states"].append(bad)
    result = check(cert)
    assert not result.valid
    assert result.message == ("state s9b: the adversary can stay on a cycle through it forever while enumerating "
                              "h2- legally without replay, and answer h1- is wrong for h2-")


def test_checker_never_imports_the_solver():
    source = (ROOT / "replayproof" / "trusted" / "certificates" / "strategy.py").read_text()
    assert "from ..game" not in source
    for module in ("solve", "arena", "oracle", "build"):
        assert f"from .{module}" not in source and f"game.{module}" not in source


# ---------------------------------------------------------------- command line

def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_decide_prints_verdicts_and_exports(tmp_path):
    out = run("decide", H4, "--notion", "proper-limit", "--export", str(tmp_path / "c.json"))
    assert out.exit_code == 0, out.output
    assert out.output.startswith("not-generatable: H4")
    assert "certificate re-checked by the kernel: valid" in out.output
    assert check(read(tmp_path / "c.json")).valid
    out = run("decide", H4, "--no-replay", "--json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["verdict"] == "generatable" and data["certificate"]["valid"] is True


def test_decide_rejects_other_notions_in_one_line():
    out = run("decide", H4, "--notion", "uniform")
    assert out.exit_code == 2
    assert out.output.strip().count("\n") == 0
    assert "'proper-limit'" in out.output


def test_decide_help_teaches():
    out = run("decide", "--help")
    assert out.exit_code == 0
    for word in ("not-generatable", "generatable", "Example", "h4.toml", "--no-replay"):
        assert word in out.output


def test_decide_draws_dot(tmp_path):
    out = run("decide", H4, "--dot", str(tmp_path / "g.dot"))
    assert out.exit_code == 0, out.output
    text = (tmp_path / "g.dot").read_text()
    assert text.startswith("digraph") and "loop: enumerate {h1+, h2+} forever" in text


def test_png_without_graphviz_draws_with_matplotlib(tmp_path, monkeypatch):
    import struct
    from replayproof.game import draw
    monkeypatch.setattr(draw.shutil, "which", lambda name: None)  # as on a fresh machine: no Graphviz
    cert = cert_for("h4", replay=True)
    png = tmp_path / "g.png"
    assert draw.write_png(cert, png) == "matplotlib"
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    assert width > 800 and height > 200
    dot = draw.to_dot(cert)
    pic = draw.picture(cert)
    assert len(pic.nodes) == len(cert["nodes"]) == 29
    for node_id, label, _ in pic.nodes:  # every node of the picture is in the DOT, with its label
        assert f'"{node_id}" [' in dot and label.split("\n")[0] in dot
    assert set(draw.layers(pic)) == {n["id"] for n in cert["nodes"]}
