"""The schema reader (certificates/strict.py) reads patterns as JSON Schema does (ECMA-262): "$" ends the string.

Python's "$" also matches before a final newline, so a cell size "inf\\n" passed the schema and then crashed the
checker (internal error, exit 70), and "5\\n" was a second spelling of 5. Both are malformed certificates now.
"""
from __future__ import annotations

import copy
import json

import pytest
from click.testing import CliRunner

from replayproof.cli import cli
from replayproof.trusted.certificates import check, read
from conftest import ROOT

CE = ROOT / "counterexamples"


@pytest.mark.parametrize("size", ["inf\n", "1\n"])
def test_a_cell_size_with_a_final_newline_is_malformed(size, tmp_path):
    cert = copy.deepcopy(read(CE / "lower_h4.json"))
    cert["cells"][1]["size"] = size
    res = check(cert, CE / "x.json")
    assert not res.valid and res.message == \
        f"malformed certificate: at cells/1/size: {json.dumps(size)} does not match ^(inf|[1-9][0-9]*)$", res.message
    cert["class"] = str((CE / cert["class"]).resolve())
    path = tmp_path / "c.json"
    path.write_text(json.dumps(cert))
    run = CliRunner().invoke(cli, ["check", str(path)])
    assert run.exit_code == 1 and run.output.startswith("invalid: malformed certificate: at cells/1/size"), run.output


@pytest.mark.parametrize("kind", [["defeat-trace"], {"kind": 1}, None, 7])
def test_a_certificate_built_in_memory_with_a_kind_that_is_no_string(kind):
    """`check` on a dict (the Python API): a kind that is no string is an input error naming it, not a TypeError."""
    from replayproof.trusted.errors import InputError
    cert = {**copy.deepcopy(read(CE / "attack_zero_odd_closure.json")), "kind": kind}
    with pytest.raises(InputError, match="unknown certificate kind"):
        check(cert)
