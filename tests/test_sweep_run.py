"""Running sweeps: verdict counts, certified minimal separations, resume, local and Dask workers."""
from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from replayproof.trusted.classes import cells as C
from replayproof.cli import cli
from replayproof.sweep.report import certify_minimal
from replayproof.sweep.run import run_sweep

CARDS = (0, 1, C.INF)


@pytest.fixture(scope="module")
def size3():
    return run_sweep(3, CARDS)


def test_size_two_never_separates():
    result = run_sweep(2, CARDS)
    assert len(result.rows) == 7 and not result.minimal


def test_size_three_has_certified_minimal_separations(size3):
    assert len(size3.rows) == 296
    assert size3.counts["generatable -> not-generatable"] >= 1
    assert all(r.replay_changes is False or (r.standard, r.replay) == ("generatable", "not-generatable")
               for r in size3.rows)             # replay never helps
    smallest = size3.minimal[0]
    assert smallest.n == 3 and smallest.nonempty_cells == min(r.nonempty_cells for r in size3.rows if r.replay_changes)
    assert [c["check"] for c in certify_minimal(size3)] == ["all valid"] * len(size3.minimal)


def test_resume_from_an_interrupted_csv(tmp_path, size3):
    out = tmp_path / "s3.csv"
    run_sweep(3, CARDS, out)
    lines = out.read_text().splitlines()
    out.write_text("\n".join(lines[:101]) + "\n")      # header + 100 rows survive the "interruption"
    resumed = run_sweep(3, CARDS, out)
    assert resumed.decided_now == 296 - 100
    assert [(r.code, r.replay, r.standard) for r in resumed.rows] == [(r.code, r.replay, r.standard) for r in size3.rows]
    with out.open() as fh:
        assert len(list(csv.DictReader(fh))) == 296


def test_local_workers_agree(size3):
    parallel = run_sweep(3, CARDS, workers=2)
    assert parallel.counts == size3.counts and parallel.minimal == size3.minimal


@pytest.mark.slow
def test_dask_local_cluster_agrees(size3):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        result = run_sweep(3, CARDS, scheduler=cluster.scheduler_address)
    assert result.counts == size3.counts and result.minimal == size3.minimal


def test_cli_json_and_plot(tmp_path):
    plot = tmp_path / "s3.png"
    res = CliRunner().invoke(cli, ["sweep", "--size", "3", "--json", "--plot", str(plot)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output[res.output.index("{"):])
    assert data["classes"] == 296 and data["minimal_separations"][0]["check"] == "all valid"
    assert plot.stat().st_size > 1000


@pytest.mark.slow  # waits for the connection timeout
def test_cli_bad_scheduler():
    res = CliRunner().invoke(cli, ["sweep", "--size", "2", "--scheduler", "tcp://127.0.0.1:1"])
    assert res.exit_code == 2 and "cannot connect" in res.output
