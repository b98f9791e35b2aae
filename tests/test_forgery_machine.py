"""verify-invariant states whose indices lie outside the class: refused with one line, never an internal error."""
from __future__ import annotations

import json

from click.testing import CliRunner

from replayproof.cli import cli
from replayproof.trusted.certificates import check
from conftest import ROOT

CE = ROOT / "counterexamples"


def test_an_invariant_state_with_a_live_target_beyond_the_class(tmp_path):
    cert = json.loads((CE / "verify_zero_odd_guard.json").read_text())
    cert["class"]["path"] = str((CE / cert["class"]["path"]).resolve())
    cert["invariant"].append(["s0", [0, 0, 0], [], [99], 0])  # a junk state: hypothesis 99 of a class of 3
    res = check(cert)
    assert not res.valid and res.message == "invariant[10]: live [99] names a hypothesis index beyond the class's 3", \
        res.message
    path = tmp_path / "c.json"
    path.write_text(json.dumps(cert))
    run = CliRunner().invoke(cli, ["check", str(path)])
    assert run.exit_code == 1 and run.output.startswith("invalid: invariant[10]: live [99]"), run.output
