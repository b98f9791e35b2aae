"""Strict certificate loading: one schema per kind, shipped in the package, copied to docs/schema;
duplicate keys, unknown fields and wrong types are rejected naming the field; every committed
certificate has its kind's shape and checks."""
from __future__ import annotations

import copy
import json

import pytest

from replayproof.certificates import check, read, strict
from replayproof.errors import InputError
from conftest import ROOT

COMMITTED = sorted((ROOT / "counterexamples").glob("*.json"))
KINDS = ["defeat-trace", "proper-limit-adversary", "proper-limit-generator", "uniform-lower-bound"]
ONE_OF_EACH = {read(p)["kind"]: p for p in COMMITTED}


def test_one_schema_per_kind_and_docs_hold_identical_copies():
    assert sorted(strict.kinds()) == KINDS == sorted(ONE_OF_EACH)
    docs = sorted(p.name for p in (ROOT / "docs" / "schema").glob("*.json"))
    assert docs == [f"{k}.schema.json" for k in KINDS], "copy replayproof/certificates/schema/*.json to docs/schema/"
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
    key = {"defeat-trace": "inputs", "uniform-lower-bound": "stream"}.get(kind)
    if key:
        typed[key][0] = "1"
        want = f"at {key}/0: expected integer, got str"  # elements are words only in classes of strings
    else:
        typed["class"]["cells"][0]["size"] = 1
        want = "at class/cells/0/size: expected string, got integer"
    assert check(typed).message == f"malformed certificate: {want}"
    missing = copy.deepcopy(data)
    del missing["class"]
    assert check(missing).message == "malformed certificate: at (top level): missing field 'class'"


def test_duplicate_keys_are_input_errors(tmp_path):
    text = (ROOT / "counterexamples" / "lower_h4.json").read_text()
    bad = tmp_path / "dup.json"
    bad.write_text(text.replace('"kind":', '"stream": [1],\n "kind":', 1))
    with pytest.raises(InputError, match=r"dup.json: not a certificate: duplicate key 'stream'"):
        read(bad)


def test_fields_helper_for_kinds_without_a_schema_file():
    strict.fields({"kind": "k", "n": 3}, required={"kind": str, "n": int})
    with pytest.raises(strict.StructureError, match="at n: expected int, got boolean"):
        strict.fields({"kind": "k", "n": True}, required={"kind": str, "n": int})
    with pytest.raises(strict.StructureError, match="at x: unknown field 'x'"):
        strict.fields({"kind": "k", "n": 1, "x": 0}, required={"kind": str, "n": int})
    with pytest.raises(strict.StructureError, match=r"at \(top level\): missing field 'n'"):
        strict.fields({"kind": "k"}, required={"kind": str, "n": int}, optional={"m": (int, type(None))})


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
        for cert in forged:
            assert (strict.validate(kind, cert) is None) == v.is_valid(cert), (kind, strict.validate(kind, cert))
