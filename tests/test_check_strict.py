"""Strict certificate loading: one schema per kind, shipped in the package, copied to docs/schema;
duplicate keys, unknown fields and wrong types are rejected naming the field; every committed
certificate has its kind's shape and checks."""
from __future__ import annotations

import copy
import json

import pytest

from replayproof.trusted.certificates import check, read, strict
from replayproof.trusted.errors import InputError
from conftest import ROOT

COMMITTED = sorted((ROOT / "counterexamples").glob("*.json"))
KINDS = ["criterion-obstruction", "criterion-witness", "defeat-trace", "finite-variant-adversary", "finite-variant-generator",
         "proper-limit-adversary",
         "proper-limit-generator", "query-trap-run", "replay-variant-adversary", "replay-variant-generator",
         "uniform-lower-bound", "verify-invariant", "verify-lasso"]
ONE_OF_EACH = {read(p)["kind"]: p for p in COMMITTED}


def test_one_schema_per_kind_and_docs_hold_identical_copies():
    assert sorted(strict.kinds()) == KINDS == sorted(ONE_OF_EACH)
    docs = sorted(p.name for p in (ROOT / "docs" / "schema").glob("*.json"))
    assert docs == [f"{k}.schema.json" for k in KINDS], "copy replayproof/trusted/certificates/schema/*.json to docs/schema/"
    for name in docs:
        assert (ROOT / "docs" / "schema" / name).read_bytes() == (strict.SCHEMAS / name).read_bytes(), name


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_every_committed_certificate_has_its_kinds_shape_and_checks(path):
    data = read(path)
    assert strict.validate(data["kind"], data) is None
    result = check(data)
    assert result.valid, result.message
    assert result.against.startswith("class ")


@pytest.mark.parametrize("kind", KINDS)
def test_unknown_fields_and_wrong_types_are_named(kind):
    data = read(ONE_OF_EACH[kind])
    extra = copy.deepcopy(data)
    extra["bogus"] = 1
    assert check(extra).message == "malformed certificate: at bogus: unknown field 'bogus'"
    typed = copy.deepcopy(data)
    key = {"defeat-trace": "inputs", "uniform-lower-bound": "stream", "query-trap-run": "answers"}.get(kind)
    if key:
        typed[key][0] = "1"
        # elements are words only in classes of strings; a T7.1 run's instances are always integers
        want = f"at {key}/0: expected integer, got {'string' if kind == 'query-trap-run' else 'str'}"
    else:
        typed["class"]["cells"][0]["size"] = 1
        want = "at class/cells/0/size: expected string, got integer"
    assert check(typed).message == f"malformed certificate: {want}"
    missing = copy.deepcopy(data)
    field = "rows" if kind == "query-trap-run" else "class"  # the run's table stands where a class file would
    del missing[field]
    assert check(missing).message == f"malformed certificate: at (top level): missing field '{field}'"


# Kind-specific forgeries of the newer kinds: (path to a field, forged value, the one-line message).
DEEP = {
    "criterion-obstruction": (("groups", "h1"), "h2", "at groups/h1: expected array, got string"),
    "criterion-witness": (("generator", "states", 0, "on", 0, "cell"), "h1",
                          "at generator/states/0/on/0/cell: expected array, got string"),
    "verify-invariant": (("invariant", 0, 1), ["0"], "at invariant/0/1: matches none of the allowed forms"),
    "verify-lasso": (("cycle", 0, "how"), "echo", 'at cycle/0/how: must be one of "new", "repeat", not "echo"'),
}


@pytest.mark.parametrize("kind", sorted(DEEP))
def test_forged_fields_deep_inside_the_newer_kinds_are_named(kind):
    data = read(ONE_OF_EACH[kind])
    keys, value, want = DEEP[kind]
    forged = copy.deepcopy(data)
    inner = forged
    for key in keys[:-1]:
        inner = inner[key]
    inner[keys[-1]] = value
    assert check(forged).message == f"malformed certificate: {want}"
    name = {"criterion-obstruction": "class", "criterion-witness": "generator"}.get(kind, "machine")
    nested = copy.deepcopy(data)
    nested[name]["bogus"] = 1
    assert check(nested).message == f"malformed certificate: at {name}/bogus: unknown field 'bogus'"


def test_invariant_states_are_typed_by_position_in_the_checker():
    """JSON Schema's subset here has no prefixItems: a state's positions are typed by the checker."""
    data = read(ONE_OF_EACH["verify-invariant"])
    for k, value in [(0, 3), (1, 0), (2, 0), (4, "0"), (4, [0])]:
        forged = copy.deepcopy(data)
        forged["invariant"][0][k] = value
        result = check(forged)
        assert not result.valid and result.message.startswith("invariant[0]: "), (k, result.message)


def test_duplicate_keys_are_input_errors(tmp_path):
    text = (ROOT / "counterexamples" / "lower_h4.json").read_text()
    bad = tmp_path / "dup.json"
    bad.write_text(text.replace('"kind":', '"stream": [1],\n "kind":', 1))
    with pytest.raises(InputError, match=r"dup.json: not a certificate: duplicate key 'stream'"):
        read(bad)


def test_the_hand_validator_agrees_with_jsonschema():
    """The schema files are real JSON Schema 2020-12: jsonschema (a test dependency, never imported
    by check) accepts the same committed certificates and rejects the same forgeries."""
    jsonschema = pytest.importorskip("jsonschema")
    for kind in KINDS:
        schema = strict.schema(kind)
        jsonschema.Draft202012Validator.check_schema(schema)
        v = jsonschema.Draft202012Validator(schema)
        data = json.loads(ONE_OF_EACH[kind].read_text())
        forged = [data, {**data, "bogus": 1}, {**data, "kind": "other"}, {k: x for k, x in data.items() if k != "class"}]
        if kind in DEEP:
            keys, value, _ = DEEP[kind]
            deep = copy.deepcopy(data)
            inner = deep
            for key in keys[:-1]:
                inner = inner[key]
            inner[keys[-1]] = value
            forged.append(deep)
        for cert in forged:
            assert (strict.validate(kind, cert) is None) == v.is_valid(cert), (kind, strict.validate(kind, cert))


def test_freshly_built_certificates_of_the_newer_kinds_validate_both_ways():
    """Both verdicts of the criterion (with and without the canonical generator) on random cell
    tables, and verify's invariants (proper and element-level) and lasso: strict.validate and
    jsonschema accept every one."""
    import itertools
    import random
    from replayproof.trusted.classes import cells as C
    from replayproof.classes.classfile import realized_class
    from replayproof.classes.criterion import criterion
    from replayproof.game import criterion_build
    from replayproof.verify.engine import verify_generator
    from conftest import CLASSES, bundled
    jsonschema = pytest.importorskip("jsonschema")
    rng = random.Random(4)
    certs = []
    for i in range(30):
        n = rng.randint(1, 3)
        sizes = {frozenset(s): 0 if rng.random() < 0.5 else rng.choice([1, 2, C.INF])
                 for k in range(1, n + 1) for s in itertools.combinations(range(n), k)}
        table = C.make_table([f"h{j}" for j in range(n)], sizes)
        if table.cells:
            certs.append(criterion_build.certificate(realized_class(f"r{i}", table), criterion(table), None,
                                                     with_generator=i % 3 != 0))
    for n in (3, 4):  # generalised triangles: not generatable with replay
        sizes = {frozenset(range(n)): C.INF, **{frozenset(range(n)) - {r}: 1 for r in range(n)}}
        table = C.make_table([f"h{j}" for j in range(n)], sizes)
        certs.append(criterion_build.certificate(realized_class(f"tri{n}", table), criterion(table), None))
    h4, zo = str(CLASSES / "h4.toml"), str(CLASSES / "attack_zero_odd.toml")
    runs = [(bundled("h4"), "telltale", "proper-limit", None, True, h4),
            (bundled("h4"), "telltale", "proper-limit", None, False, h4),
            (bundled("attack_zero_odd"), "closure", "uniform", {h: 3 for h in range(3)}, False, zo),
            (bundled("attack_zero_odd"), str(CLASSES.parent / "generators" / "zero_odd_guard.toml"), "uniform",
             {h: 2 for h in range(3)}, True, zo)]
    certs += [verify_generator(cls, spec, notion, th, replay, source=src).certificate
              for cls, spec, notion, th, replay, src in runs]
    seen = {c["kind"] for c in certs} | {"criterion-witness+generator" for c in certs if c.get("generator")
                                         and c["kind"] == "criterion-witness"}
    assert seen >= {"criterion-obstruction", "criterion-witness", "criterion-witness+generator", "verify-invariant",
                    "verify-lasso"}
    validators = {}
    for cert in certs:
        kind = cert["kind"]
        v = validators.setdefault(kind, jsonschema.Draft202012Validator(strict.schema(kind)))
        cert = json.loads(json.dumps(cert))
        assert strict.validate(kind, cert) is None and v.is_valid(cert), (kind, strict.validate(kind, cert))
