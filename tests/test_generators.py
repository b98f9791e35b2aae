"""The bundled generators and the loading of user generators."""
from __future__ import annotations

import pytest

from conftest import ROOT, bundled
from replayproof.generators import GeneratorError, resolve
from replayproof.trusted.generators.library import telltales
from replayproof.generators.under_test import UnderTest

USER = ROOT / "tests" / "attack_user" / "gens.py"


def answer(spec, cls_name, observed, d=None):
    cls = bundled(cls_name)
    return UnderTest(resolve(spec, cls, d), cls).answer(tuple(observed))


def test_closure_answers_fresh_element_of_the_closure():
    assert answer("closure", "even_odd", [4]) == 0
    assert answer("closure", "even_odd", [0, 2, -2]) == 4
    assert answer("closure", "even_odd", [1]) == -1
    # <{0}> = {0} is exhausted: guess the first consistent hypothesis (even), nearest 0 fresh
    assert answer("closure", "attack_zero_odd", [0]) == 2
    # nothing consistent after a replayed 2 with 1: fresh element of the union of the supports
    assert answer("closure", "attack_zero_odd", [1, 2]) == 0


def test_sep51_standard_switches_to_negatives():
    assert answer("sep51-standard", "sep51", [1, 2, 3]) == 4
    assert answer("sep51-standard", "sep51", [2]) == 1
    assert answer("sep51-standard", "sep51", [1, -1]) == -2


def test_telltales_and_the_telltale_generator():
    chain = bundled("chain")  # c_k = {x >= -k}: one element of c_k minus c_j for every j < k
    assert telltales(chain) == (frozenset(), frozenset({-1}), frozenset({-1, -2}), frozenset({-1, -2, -3}))
    assert answer("telltale", "chain", [5]) == chain.index("c0")
    assert answer("telltale", "chain", [5, -1]) == chain.index("c1")  # T_c1 = {-1} shown
    assert answer("telltale", "chain", [5, -3]) == chain.index("c3")  # no tell-tale: first consistent


def test_burn_in_answers_x1_until_d_distinct():
    assert answer("burn-in:closure", "attack_zero_odd", [0, 0, 0], d=2) == 0
    assert answer("burn-in:closure", "attack_zero_odd", [0, 1], d=2) == -1
    with pytest.raises(GeneratorError, match="needs --threshold"):
        resolve("burn-in:closure", bundled("even_odd"))
    with pytest.raises(GeneratorError, match="proper"):
        resolve("burn-in:telltale", bundled("h4"), 2)


def test_user_generators_by_path_and_module(monkeypatch):
    assert answer(f"{USER}:same_parity", "even_odd", [3, 1]) == -1
    assert answer(f"{USER}:with_class", "halves", [-5]) == -1
    monkeypatch.syspath_prepend(str(ROOT / "tests" / "attack_user"))
    assert answer("gens:stale", "even_odd", [7, 9]) == 7


@pytest.mark.parametrize("spec, observed, message", [
    ("boom", [0, 1], r"round 2, observed \(0, 1\): raised ZeroDivisionError: boom"),
    ("bad_type", [0], r"round 1, observed \(0,\): returned 1.5 \(float\)"),
    ("unknown_name", [0], "unknown hypothesis name 'nope'"),
])
def test_user_errors_name_round_and_observed(spec, observed, message):
    with pytest.raises(GeneratorError, match=message):
        answer(f"{USER}:{spec}", "even_odd", observed)


def test_kind_is_fixed_by_the_first_answer():
    cls = bundled("even_odd")
    runner = UnderTest(resolve(f"{USER}:text", cls), cls)
    assert runner.answer((0,)) == 2 and runner.kind == "element"
    with pytest.raises(GeneratorError, match=r"round 2, observed \(0, 1\): returned 'h9' \(str\)"):
        runner.answer((0, 1))


def test_user_load_errors():
    with pytest.raises(GeneratorError, match="cannot import"):
        resolve(f"{ROOT / 'tests' / 'attack_user' / 'broken.py'}:f", bundled("even_odd"))
    with pytest.raises(GeneratorError, match="no function 'missing'"):
        resolve(f"{USER}:missing", bundled("even_odd"))
    with pytest.raises(GeneratorError, match="no such file"):
        resolve("nowhere/x.py:f", bundled("even_odd"))
    with pytest.raises(GeneratorError, match="unknown generator"):
        resolve("closur", bundled("even_odd"))


# ------------------------------------------------------------ the generator under test (issue 26)
@pytest.mark.parametrize("spec, form, learned", [
    ("closure", "bundled", False), ("telltale", "bundled", False),
    ("burn-in:closure", "burn-in", False), (f"burn-in:{USER}:stale", "burn-in", True),
    ("encodings/generators/zero_odd_guard.toml", "machine", False), ("zero_odd_guard", "machine", False),
    (f"{USER}:stale", "user", True), ("replayproof.paper.witness:protected", "user", True),
    ("no-such-generator", "unknown", False),
])
def test_every_form_of_the_generator_under_test_is_named(spec, form, learned):
    from replayproof.generators import under_test
    assert (under_test.form(spec), under_test.learned(spec)) == (form, learned)


def test_the_generator_under_test_runs_and_models_its_forms():
    """runner answers plays on concrete elements for every runnable form; model exists for the exact forms only."""
    from replayproof.trusted.errors import InputError
    from replayproof.generators.under_test import model, runner
    h4, zero_odd = bundled("h4"), bundled("attack_zero_odd")
    assert runner("closure", zero_odd).answer((0,)) == 2
    assert runner("burn-in:closure", zero_odd, 2).gen.spec.startswith("burn-in:")
    user = runner(f"{USER}:stale", zero_odd)
    try:
        assert user.answer((3,)) == 3 and not user.gen.bundled
    finally:
        user.gen.process.close()
    assert model("telltale", h4).canonical and model("burn-in:closure", zero_odd, 2).bundled
    assert not model(str(ROOT / "encodings/generators/zero_odd_guard.toml"), zero_odd).canonical
    with pytest.raises(InputError, match="user code"):
        model(f"{USER}:stale", zero_odd)


@pytest.mark.parametrize("spec", ["gen.py:f", "dir/gen.py:f", "mod:f", "pkg.mod:f", "m.json", "m.toml", "dir/m.json",
                                  "burn-in:gen.py:f", "closure", "burn-in:closure", "zero_odd_guard", "a.py:b.json",
                                  "x:y.toml"])
def test_the_checker_and_verify_agree_on_which_names_are_learned_user_code(spec):
    """The checker may not import the engines, so machine.py restates under_test.learned: the two must agree
    on every form verify writes (burn-in:module:f is refused by verify, so it writes no such certificate)."""
    from replayproof.generators.under_test import learned
    from replayproof.trusted.certificates.machine import _user_code
    assert _user_code(spec) == learned(spec)
