"""`replayproof prove`: Coq instances of the obstruction for not-generatable classes."""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from replayproof.classes.classfile import load
from replayproof.trusted.classes.expr import holds, parse
from replayproof.trusted.classes.model import Hypothesis
from replayproof.cli import cli
from replayproof.game.criterion import find_obstruction
from replayproof.prove.coqc import compile_with_development
from replayproof.prove.coqfile import predicate_definitions
from replayproof.prove.instance import build_instance
from replayproof.prove.coqc import COQCHK_UNSAFE, Audit, CoqRun
from replayproof.prove.run import check_text, instance_text, judge, plan
from replayproof.prove.translate import coq_bool

from conftest import CLASSES, bundled

H4_MUTATED = (CLASSES / "h4.toml").read_text().replace('"x >= 0 or x == -2"', '"x >= 0"')

# Every construct of the predicate language, with negative numbers and mod of negatives.
EDGE_PREDICATES = [
    "x % 3 == 1", "(2 * x - 7) % 5 != 0", "-x > 4 and x >= -9", "x not in {-2, 0, 5}", "x in -3..4",
    "not (x in {})", "x in {}", "true", "false", "3 * (x + 1) - x < 10 or x % 7 in 2..4",
    "(x + 1000000000000) % 11 == 0", "x * -4 <= 12", "(x % 3 + 2 * x) % 5 == 2", "(-3 * x + 1) % 4 in {0, 3}",
]
POINTS = list(range(-40, 41)) + [-10**12, -999_999, 999_999, 10**12 + 5]


def test_translation_shape():
    assert coq_bool(parse("x <= 0 or x in {1, 2}")) == "((x <=? 0) || ((x =? 1) || (x =? 2)))"
    assert coq_bool(parse("x > -2")) == "((-2) <? x)"
    assert coq_bool(parse("x % 4 != 1")) == "negb (((x mod 4) mod 4) =? 1)"  # x written as x mod 4
    assert coq_bool(parse("(x % 3 + x) % 5 == 0")) == "(((((x mod 3) mod 3) + x) mod 5) =? 0)"  # nested: literal


def test_h4_instance_data(h4):
    inst = build_instance(h4, find_obstruction(h4.table))
    assert all(h4.member(k, inst.x0) for g in inst.groups for k in g)
    for j, row in enumerate(inst.witnesses):
        for h, (k, z) in enumerate(row):
            assert k in inst.groups[j] and h4.member(h, z) and not h4.member(k, z)


def test_the_claim_is_what_decide_finds(tmp_path):
    """Replay separates H4 (separation); one changed predicate makes it generatable with replay; without
    replay every class is generatable. The file states the matching theorem."""
    src = tmp_path / "h4_mutated.toml"
    src.write_text(H4_MUTATED)
    assert find_obstruction(bundled("h4").table) is not None
    assert "Theorem separation :" in instance_text(str(CLASSES / "h4.toml"))
    assert find_obstruction(load(src).table) is None
    assert "Theorem generatable_with_replay :" in instance_text(str(src))
    assert "Theorem generatable :" in instance_text(str(CLASSES / "h4.toml"), replay=False)


def test_classes_of_words_are_refused(tmp_path):
    out = tmp_path / "w.v"
    res = CliRunner().invoke(cli, ["prove", str(CLASSES / "strings" / "triangle.toml"), "--coq", str(out)])
    assert res.exit_code == 2 and "classes over the integers" in res.output and not out.exists()


def test_predicates_too_large_for_lia_are_refused(tmp_path):
    big = lambda lo: "{" + ", ".join(str(v) for v in range(lo, lo + 30)) + "}"  # noqa: E731
    src = tmp_path / "wide.toml"
    src.write_text("\n".join(f'[[hypothesis]]\nname = "{n}"\npredicate = "x <= 0 or x in {big(a)} or x in {big(b)}"'
                             for n, a, b in (("ab", 100, 200), ("ac", 100, 300), ("bc", 200, 300))))
    out = tmp_path / "wide.v"
    res = CliRunner().invoke(cli, ["prove", str(src), "--coq", str(out)])
    assert res.exit_code == 2 and "lia handles at most" in res.output and not out.exists()
    assert len(res.output.strip().splitlines()) == 1


def _assert_coq_agrees_pointwise(families: list[tuple[Hypothesis, ...]]) -> None:
    """Coq evaluates each family's predicates (as prove writes them) on POINTS; Python must agree."""
    pts = "[" + "; ".join(f"({p})%Z" for p in POINTS) + "]"
    lines = ["From Coq Require Import ZArith List Bool.", "Import ListNotations."]
    tables = []
    for c, hyps in enumerate(families):
        lines += [f"Module C{c}."] + predicate_definitions(SimpleNamespace(hypotheses=hyps)) + [f"End C{c}."]
        tables.append(f"map (fun x => [{'; '.join(f'C{c}.h_{i} x' for i in range(len(hyps)))}]) {pts}")
    lines.append("Eval vm_compute in [" + "; ".join(tables) + "].")
    run = compile_with_development({"Pointwise": "\n".join(lines) + "\n"})
    assert run.ok, run.first_error()
    value = run.output.split("=", 1)[1].rsplit(":", 1)[0]
    got = [t == "true" for t in re.findall(r"\b(true|false)\b", value)]
    want = [holds(h.predicate, x) for hyps in families for x in POINTS for h in hyps]
    assert len(got) == len(want) and got == want


@pytest.mark.coq
def test_translation_agrees_with_python_pointwise():
    """The classes prove handles, and every construct of the language (edge cases)."""
    edge = tuple(Hypothesis(f"e{i}", parse(t), t) for i, t in enumerate(EDGE_PREDICATES))
    _assert_coq_agrees_pointwise([bundled(n).hypotheses for n in ("h4", "triangle", "h4_cells")] + [edge])


@pytest.mark.coq
@pytest.mark.slow
def test_translation_agrees_with_python_pointwise_on_every_bundled_class():
    _assert_coq_agrees_pointwise([bundled(p.stem).hypotheses for p in sorted(CLASSES.glob("*.toml"))])


@pytest.mark.coq
def test_a_corrupted_instance_fails_coqc(h4):
    text = instance_text(str(CLASSES / "h4.toml"))
    assert "(x =? 2)" in text
    corrupt = text.replace("(x =? 2)", "(x =? 7)", 1)  # h2- now holds 7 instead of 2: its residual changes
    planned = plan(str(CLASSES / "h4.toml"))
    verdict = check_text(corrupt, planned.cls, planned.claim, "h4")
    assert not verdict.proved and "h4.v" in verdict.message and "\n" not in verdict.message


# --- A .v file on disk checked against its class (issue 23) -------------------------------------------

def _check_file(tmp_path, text: str, cls: str = "h4", name: str = "h4.v"):
    f = tmp_path / name
    f.write_text(text)
    return CliRunner().invoke(cli, ["prove", str(CLASSES / f"{cls}.toml"), "--check-file", str(f)])


def _class_and_statement(cls: str = "h4", replay: bool = True) -> tuple[str, str]:
    """The generated file up to the class's definitions, and its theorem's statement (proofs left out)."""
    text = instance_text(str(CLASSES / f"{cls}.toml"), replay=replay)
    _, theorem = text.rsplit("Theorem ", 1)
    return text.split("(** pts:", 1)[0], theorem.split("Proof.", 1)[0]


def _one_line_rejection(res) -> str:
    assert res.exit_code == 1, res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == 1, res.output
    return lines[0]


def test_check_file_rejects_n_changed(tmp_path):
    """N := 0 makes 'no proper generator succeeds' vacuous: the file no longer states the class."""
    text = instance_text(str(CLASSES / "h4.toml"))
    bad = re.sub(r"Definition N : nat := \d+\.", "Definition N : nat := 0.", text)
    assert bad != text
    line = _one_line_rejection(_check_file(tmp_path, bad))
    assert "N := 0" in line and "4 hypotheses" in line


def test_check_file_rejects_a_changed_predicate(tmp_path):
    text = instance_text(str(CLASSES / "h4.toml"))
    bad = text.replace("(x =? 2)", "(x =? 7)", 1)
    assert bad != text
    line = _one_line_rejection(_check_file(tmp_path, bad))
    assert "h_1" in line and "h2-" in line


def test_check_file_rejects_a_file_about_another_class(tmp_path):
    text = instance_text(str(CLASSES / "triangle.toml"))
    line = _one_line_rejection(_check_file(tmp_path, text, cls="h4"))
    assert "triangle" in line and "H4" in line


@pytest.mark.coq
def test_check_file_rejects_an_added_axiom(tmp_path):
    """`Axiom cheat : False`, the theorem by `destruct cheat`, and the assumptions of another, closed lemma
    printed: Print Assumptions of the named theorem and coqchk both see the axiom."""
    head, statement = _class_and_statement()
    cheat = (head + "Axiom cheat : False.\n\nTheorem " + statement + "Proof. destruct cheat. Qed.\n\n"
             "Lemma closed_one : 1 = 1. Proof. reflexivity. Qed.\nPrint Assumptions closed_one.\n")
    line = _one_line_rejection(_check_file(tmp_path, cheat))
    assert "cheat" in line and "coqchk" in line and "Print Assumptions" in line


@pytest.mark.coq
def test_check_file_rejects_a_notation_the_text_comparison_misses(tmp_path):
    """Notations re-binding N and L after the definitions leave every compared line intact (and make the
    claim easy); Coq's audit, which restates the class and types the theorem against it, rejects the file."""
    head, statement = _class_and_statement(replay=False)
    trick = (head + "Module Import Trick.\nNotation N := 1%nat.\nNotation L := (fun (_ : nat) (_ : Z) => true).\n"
             "End Trick.\n\nTheorem " + statement + "Proof. exists (fun _ => 0%nat). split; [intro; lia |].\n"
             "intros k s _ _. exists 1%nat. intros t _ _ z _. reflexivity. Qed.\n")
    f = tmp_path / "h4.v"
    f.write_text(trick)
    res = CliRunner().invoke(cli, ["prove", str(CLASSES / "h4.toml"), "--no-replay", "--check-file", str(f)])
    line = _one_line_rejection(res)
    assert line.startswith("h4.v: Coq's audit rejects it") and "proper 1 G" in line


@pytest.mark.coq
@pytest.mark.slow
@pytest.mark.parametrize("replay", [True, False], ids=["replay", "no-replay"])
@pytest.mark.parametrize("name", sorted(p.stem for p in CLASSES.glob("*.toml")))
def test_prove_check_proves_every_bundled_class_both_ways(name, replay):
    """What decide finds, proved: separation or generatability with replay; generatability without."""
    args = ["prove", str(CLASSES / f"{name}.toml"), "--check"] + ([] if replay else ["--no-replay"])
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    separated = find_obstruction(bundled(name).table) is not None
    want = ("separation" if separated else "generatable_with_replay") if replay else "generatable"
    assert res.output.startswith("proved: ") and f"Print Assumptions {want}: Closed" in res.output


def test_proved_needs_print_assumptions_and_coqchk_both():
    """Each reading of the assumptions can veto: Print Assumptions of the theorem (it sees the standard
    library's axioms, which coqchk admits) and coqchk (independent of coqc)."""
    planned = plan(str(CLASSES / "even_odd.toml"))
    ok = CoqRun(True, "")
    clean = {k: () for k in COQCHK_UNSAFE}
    judged = lambda assumptions, chk: judge(Audit(ok, assumptions, chk, ""), planned.cls, planned.claim, "e.v")  # noqa: E731
    assert judged(frozenset(), clean).proved
    classic = judged(frozenset({"Coq.Logic.Classical_Prop.classic"}), clean)
    assert not classic.proved and "classic" in classic.message
    cheat = judged(frozenset(), {**clean, "Axioms": ("Checked.Claim.cheat",)})
    assert not cheat.proved and "Checked.Claim.cheat" in cheat.message
    assert not judged(None, clean).proved and not judged(frozenset(), None).proved


def test_check_file_rejects_a_weaker_theorem(tmp_path):
    """Only the second half of the separation: the file states less than what decide finds."""
    text = instance_text(str(CLASSES / "h4.toml"))
    bad = text.replace("  (exists G, proper N G /\\ generates N L G) /\\\n", "  ")
    assert bad != text
    line = _one_line_rejection(_check_file(tmp_path, bad))
    assert "theorem separation states" in line


def _sweep_separations():
    """The sweep classes replay separates: 6 of size 3 (cells 0/1/inf) and 17 of size 4 (cells 0/inf)."""
    from replayproof.trusted.classes import cells as C
    from replayproof.classes.criterion import criterion
    from replayproof.sweep.enumerate import enumerate_classes
    return [(n, sc) for n, cards in ((3, (0, 1, C.INF)), (4, (0, C.INF)))
            for sc in enumerate_classes(n, cards) if not criterion(sc.table).generatable]


@pytest.mark.coq
@pytest.mark.slow
def test_the_23_sweep_separations_prove(tmp_path):
    """Each realized in the integers (period arithmetic) and proved: the separation, both halves."""
    from replayproof.classes.classfile import cells_toml
    found = _sweep_separations()
    assert [n for n, _ in found].count(3) == 6 and [n for n, _ in found].count(4) == 17
    for n, sc in found:
        path = tmp_path / f"s{n}_{sc.code}.toml"
        path.write_text(cells_toml(f"s{n}_{sc.code}", sc.table))
        planned = plan(str(path))
        assert planned.claim.name == "separation"
        verdict = check_text(planned.text, planned.cls, planned.claim, path.stem)
        assert verdict.proved, (path.stem, verdict.message)


def test_a_coq_file_in_place_of_the_class_names_check_file(tmp_path):
    f = tmp_path / "h4.v"
    f.write_text("(* nothing *)\n")
    res = CliRunner().invoke(cli, ["prove", str(f), "--check"])
    assert res.exit_code == 2 and "--check-file" in res.output and len(res.output.strip().splitlines()) == 1
