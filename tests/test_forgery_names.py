"""Forged generator names that print as a bundled generator but miss the package's table (common.generator_name).

A name the table misses is judged "as recorded" (answers or machine not re-run), while the message prints the
name: a look-alike of a bundled name ("clоsure" with a Cyrillic о, "Closure"), or a bundled name with an invisible
character (U+200B), made the message read as a claim about the bundled generator, which the play does not
belong to. `check` refuses such a name; each test confirms that the bundled generator's own play differs from the
recorded one (or defeats it where the forgery says verified). Other free names (the Python API's in-process
generators) stay "as recorded".
"""
from __future__ import annotations

import copy
import json

import pytest

from replayproof.paper import algorithm3 as a3
from replayproof.trusted.certificates import check, read
from replayproof.trusted.generators.library import registered
from replayproof.trusted.generators.query import GENERATORS
from replayproof.trusted.kernel import Mode, judge
from replayproof.classes.classfile import load
from conftest import ROOT

CE = ROOT / "counterexamples"
LOOKS = "looks like the package's"


def _cert(name: str) -> dict:
    return copy.deepcopy(read(CE / f"{name}.json"))


@pytest.mark.parametrize("name", ["sep51-\u0455tandard", "Sep51-standard", "sep51_standard", "sep5l-standard",
                                  "Burn-in:sep51-standard"])
def test_a_defeat_trace_under_a_look_alike_of_a_bundled_name(name):
    cert = _cert("attack_sep51_h3")
    cert.update(generator=name, bundled=False, answers=[4, 4, 4, 7])  # answers sep51-standard never gives
    res = check(cert, CE / "x.json")
    assert not res.valid and LOOKS in res.message, res.message
    cls = load(ROOT / "encodings/classes/sep51.toml")
    gen = registered("sep51-standard", cls, None)
    inputs = cert["inputs"]
    assert [gen.fn(tuple(inputs[:t])) for t in range(1, len(inputs) + 1)] != cert["answers"]


def test_a_verified_machine_under_a_look_alike_of_closure():
    """The recorded machine (zero_odd_guard) is verified at d=2; closure itself is defeated at d=2 there."""
    cert = json.loads((CE / "verify_zero_odd_guard.json").read_text())
    cert["class"]["path"] = str((CE / cert["class"]["path"]).resolve())
    cert.update(generator="clo\u0455ure")
    res = check(cert)
    assert not res.valid and LOOKS in res.message, res.message
    cls = load(ROOT / "encodings/classes/attack_zero_odd.toml")
    closure = registered("closure", cls, None)
    inputs = [0, 2]  # 2 replays closure's first answer
    trace = judge(cls, cls.names.index("zero-odd"), inputs, [closure.fn(tuple(inputs[:t])) for t in (1, 2)],
                  Mode(replay=True))
    assert trace.legal and 2 in trace.errors and trace.rounds[-1].distinct >= cert["thresholds"]["zero-odd"]


def test_a_query_run_under_a_bundled_name_with_an_invisible_character():
    """cycle's run renamed "reference" + U+200B printed as a run of the bundled reference generator."""
    cert = _cert("t71_cycle")
    cert["generator"] = "reference\u200b"
    res = check(cert, CE / "x.json")
    assert not res.valid and "U+200B is not a printable character" in res.message, res.message
    real = a3.run(GENERATORS["reference"], cert["rounds"], clocked=cert["clocked"], step_budget=cert["step_budget"])
    assert list(real.answers) != cert["answers"]


@pytest.mark.parametrize("name", ["closure\u200b", "\u202eerusolc", "burn-in:closure\u2060"])
def test_invisible_characters_in_a_trace_generator_name(name):
    cert = _cert("attack_zero_odd_closure")
    cert.update(generator=name, bundled=False, answers=[2, 4])
    res = check(cert, CE / "x.json")
    assert not res.valid and "is not a printable character" in res.message, res.message


def test_a_machine_under_a_user_code_name_is_verified_for_the_learned_model_only():
    """A recorded machine (zero_odd_guard, verified at d=2) under the name of user code that check never runs
    (filter_closure.py, defeated at d=2 on the same class): the machine is verified, not the code."""
    cert = json.loads((CE / "verify_zero_odd_guard.json").read_text())
    cert["class"]["path"] = str((CE / cert["class"]["path"]).resolve())
    spec = "encodings/generators/filter_closure.py:filtered_closure"
    cert["generator"] = spec
    res = check(cert)
    assert res.valid and res.message.startswith("verified-for-learned-model uniform d=2"), res.message
    assert "(every stream)" not in res.message and "no claim about the code" in res.message
    import importlib.util
    where = importlib.util.spec_from_file_location("filter_closure", ROOT / spec.split(":")[0])
    module = importlib.util.module_from_spec(where)
    where.loader.exec_module(module)
    cls = load(ROOT / "encodings/classes/attack_zero_odd.toml")
    inputs = [0, 2]  # 2 replays its first answer; the filter drops it and answers 2 again, already observed
    answers = [module.filtered_closure(tuple(inputs[:t]), cls) for t in (1, 2)]
    trace = judge(cls, cls.names.index("zero-odd"), inputs, answers, Mode(replay=True))
    assert trace.legal and not trace.rounds[-1].correct and trace.rounds[-1].distinct >= 2


def test_a_verified_burn_in_names_its_d():
    """burn-in's d is part of the generator (Algorithm 1 at d=2 is not at d=3): the message names the d rebuilt."""
    import time
    from replayproof.trusted.generators.models import make_model
    from replayproof.verify import build
    from replayproof.verify.product import Product, Question, explore
    path = ROOT / "encodings/classes/attack_zero_odd.toml"
    cls = load(path)
    product = Product(cls, make_model("burn-in:closure", cls, 2), Question("uniform", True, tuple((h, 3) for h in range(cls.n))))
    ex = explore(product, 10 ** 4, time.monotonic() + 30, stop_at_bad=True)
    assert ex.bad is None
    res = check(build.invariant_certificate(cls, product, ex, "burn-in:closure", str(path)))
    assert res.valid and "uniform d=3" in res.message and "model of burn-in:closure with d=2 rebuilt" in res.message, \
        res.message


def test_a_query_run_under_a_look_alike_of_a_bundled_name():
    cert = _cert("t71_cycle")
    cert["generator"] = "r\u0435ference"  # Cyrillic е
    res = check(cert, CE / "x.json")
    assert not res.valid and LOOKS in res.message and "'reference'" in res.message, res.message


@pytest.mark.parametrize("name", ["(in-process generator)", "mygen", "mine.py:g", "closure.json", "telltale2"])
def test_other_free_names_stay_as_recorded(name):
    cert = _cert("attack_zero_odd_closure")
    cert.update(generator=name, bundled=False, answers=[2, 4])
    res = check(cert, CE / "x.json")
    assert res.valid and f"generator not re-run ({name} is not in the package's table)" in res.message, res.message
