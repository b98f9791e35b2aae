"""Markovian generation chains: exact analysis against closed forms, simulation against exact."""
from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from replayproof.collapse.chain import (analyse_chain, builtin_chain, expected_distinct,
                                        load_matrix, run_chain, stationary_distribution)
from replayproof.collapse.cli import collapse
from replayproof.trusted.errors import InputError


def ruin(N: int, p: float) -> np.ndarray:
    """Gambler's ruin on 0..N: up with p, down with 1 - p, 0 and N absorbing."""
    P = np.zeros((N + 1, N + 1))
    P[0, 0] = P[N, N] = 1.0
    for i in range(1, N):
        P[i, i + 1], P[i, i - 1] = p, 1 - p
    return P


@pytest.mark.parametrize("p", [0.5, 0.3])
def test_two_absorbing_states_match_the_gamblers_ruin_formulas(p):
    N = 6
    a = analyse_chain(ruin(N, p))
    assert [a.classes[k].states for k in a.closed] == [(0,), (N,)]
    assert a.closed_sizes() == (1, 1)
    assert a.transient_states == tuple(range(1, N))
    i = np.arange(1, N)
    if p == 0.5:
        win = i / N
        steps = i * (N - i)
    else:
        r = (1 - p) / p
        win = (1 - r ** i) / (1 - r ** N)
        steps = i / (1 - 2 * p) - N / (1 - 2 * p) * win
    absorption = np.array(a.absorption)
    np.testing.assert_allclose(absorption[:, 1], win, atol=1e-12)
    np.testing.assert_allclose(absorption[:, 0], 1 - win, atol=1e-12)
    np.testing.assert_allclose(a.expected_steps, steps, atol=1e-10)
    # from the uniform start: mean of the per-state figures (absorbing states contribute 0 steps)
    assert a.expected_steps_from_start == pytest.approx(steps.sum() / (N + 1), abs=1e-12)
    assert a.limit_support == 2


def test_stationary_distribution_and_period_closed_forms():
    a, b = 0.2, 0.7
    pi = stationary_distribution(np.array([[1 - a, a], [b, 1 - b]]))
    np.testing.assert_allclose(pi, [b / (a + b), a / (a + b)], atol=1e-12)
    # a 3-cycle fed by a transient state: one closed class of period 3, uniform stationary law
    P = np.array([[0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [0.5, 0.5, 0, 0]], dtype=float)
    P = np.array([[0, 0.5, 0.5, 0], [0, 0, 1, 0], [0, 0, 0, 1], [0, 1, 0, 0]], dtype=float)
    an = analyse_chain(P, np.array([1.0, 0, 0, 0]))
    (k,) = an.closed
    assert an.classes[k].states == (1, 2, 3) and an.classes[k].period == 3
    np.testing.assert_allclose(an.classes[k].stationary, [1 / 3] * 3, atol=1e-12)
    assert an.expected_steps == (1.0,)
    assert [c.closed for c in an.classes] == [False, True]


def test_expected_distinct_formula():
    # two equally likely states and two draws: 1 * 1/2 + 2 * 1/2 = 1.5
    assert expected_distinct(np.array([0.5, 0.5]), 2) == pytest.approx(1.5)
    assert expected_distinct(np.array([1.0, 0.0]), 50) == pytest.approx(1.0)


def test_builtin_chain_simulation_agrees_with_the_exact_figures():
    r = run_chain(states=30, walkers=2000, steps=30, seed=0)
    a = r.analysis
    assert a.closed_sizes() == (1, 5, 1, 3)
    assert sum(a.class_probability) == pytest.approx(1.0, abs=1e-12)
    assert sum(a.limit) == pytest.approx(1.0, abs=1e-12)
    for k in a.closed:
        c = a.classes[k]
        sub = np.array(r.matrix)[np.ix_(c.states, c.states)]
        np.testing.assert_allclose(np.array(c.stationary) @ sub, c.stationary, atol=1e-12)
    assert all(c.inside for c in r.states_at_end)
    assert all(lo <= s <= hi for s, (lo, hi) in zip(r.class_simulated, r.class_ci))
    assert r.entered_all and r.entry_steps_ci[0] <= a.expected_steps_from_start \
        <= r.entry_steps_ci[1]
    assert r.all_inside
    assert r.transient_left < 1e-6          # so the class frequencies estimate the limit too
    assert r.distinct_simulated[0] == 30 and r.distinct_simulated[-1] == a.limit_support == 10
    assert r.distinct_limit == pytest.approx(10.0, abs=1e-6)


def test_simulation_check_can_fail():
    """The agreement test has teeth: a wrong 'exact' matrix is caught."""
    P, labels = builtin_chain(12, seed=3)
    r = run_chain(P, labels, walkers=4000, steps=5, seed=1)
    assert r.all_inside
    Q = P.copy()
    row = int(np.argmax(Q.max(axis=1) < 1))           # a row with at least two successors
    Q[row] = np.roll(Q[row], 1)
    bad = analyse_chain(Q, np.full(12, 1 / 12))
    assert bad.class_probability != r.analysis.class_probability or \
        bad.limit != r.analysis.limit


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_user_matrix_json_and_csv(tmp_path):
    js = write(tmp_path, "m.json", json.dumps({"states": ["a", "b", "c"],
                                               "matrix": [[0.5, 0.5, 0], [0, 1, 0], [0, 0, 1]]}))
    P, labels = load_matrix(js)
    assert labels == ("a", "b", "c") and P[0, 1] == 0.5
    csv = write(tmp_path, "m.csv", "x,y\n0.25,0.75\n1,0\n")
    P, labels = load_matrix(csv)
    assert labels == ("x", "y") and P.tolist() == [[0.25, 0.75], [1.0, 0.0]]
    plain = write(tmp_path, "p.csv", "1,0\n0.5,0.5\n")
    assert load_matrix(plain)[1] == ("0", "1")


@pytest.mark.parametrize("name, text, needle", [
    ("a.json", "[[0.5, 0.5], [0.2, 0.7]]", "row 1 sums to"),
    ("b.json", "[[1, 0, 0], [0, 1, 0]]", "row 0 has 3 entries, expected 2"),
    ("c.json", "[[1.5, -0.5], [0, 1]]", "row 0, column 1: -0.5 is negative"),
    ("d.json", "[[1, 0], [0, \"x\"]]", "row 1, column 1: 'x' is not a number"),
    ("e.json", "{\"matrix\": [[1]], \"states\": [\"a\", \"b\"]}", "2 state names for 1 rows"),
    ("f.json", "[[1, 0]", "not valid JSON"),
    ("g.csv", "0.5,0.5\n0.5,0.5000001\n", "row 1 sums to"),
    ("h.csv", "1,0\nzero,1\n", "row 1, column 0: 'zero' is not a number"),
    ("i.txt", "1", "must end in .json or .csv"),
    ("j.json", "[[NaN]]", "is not finite"),
    ("k.json", "5", "must be a list of rows"),
    ("l.csv", "", "the matrix is empty"),
])
def test_bad_matrix_files_are_one_line_errors(tmp_path, name, text, needle):
    path = write(tmp_path, name, text)
    with pytest.raises(InputError) as exc:
        load_matrix(path)
    assert needle in str(exc.value) and path in str(exc.value)
    res = CliRunner().invoke(collapse, ["chain", "--matrix", path])
    assert res.exit_code == 2, res.output
    assert needle in res.output and "Traceback" not in res.output


def test_row_tolerance_is_1e_9(tmp_path):
    ok = write(tmp_path, "ok.json", "[[0.5, 0.5000000005], [0, 1]]")
    assert load_matrix(ok)[0].shape == (2, 2)
    bad = write(tmp_path, "bad.json", "[[0.5, 0.500000002], [0, 1]]")
    with pytest.raises(InputError, match="row 0 sums to"):
        load_matrix(bad)


def test_cli_chain_json_is_reproducible_and_exact(tmp_path):
    runner = CliRunner()
    args = ["chain", "--states", "12", "--walkers", "300", "--steps", "12", "--seed", "5",
            "--json"]
    one, two = runner.invoke(collapse, args), runner.invoke(collapse, args)
    assert one.exit_code == 0, one.output
    assert one.stdout == two.stdout
    data = json.loads(one.stdout)
    ex = data["exact"]
    assert data["experiment"] == "chain" and data["n_states"] == 12
    assert sum(ex["closed_class_sizes"]) == ex["limit_support_size"]
    assert sum(ex["limit_distribution"].values()) == pytest.approx(1.0, abs=1e-5)
    other = runner.invoke(collapse, args[:-2] + ["6", "--json"])
    assert json.loads(other.stdout)["matrix"] != data["matrix"]


def test_cli_chain_user_matrix_table_and_plot(tmp_path):
    P = ruin(4, 0.5).tolist()
    path = write(tmp_path, "ruin.json", json.dumps({"states": list("ABCDE"), "matrix": P}))
    png = tmp_path / "chain.png"
    res = CliRunner().invoke(collapse, ["chain", "--matrix", path, "--start", "C",
                                        "--walkers", "500", "--steps", "40",
                                        "--plot", str(png)])
    assert res.exit_code == 0, res.output
    assert "2 closed" in res.output and "exact 4.0000" in res.output   # i(N - i) = 2 * 2
    assert "agrees with the exact analysis: yes" in res.output
    assert png.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize("args, needle", [
    (["chain", "--start", "zz"], "neither 'uniform'"),
    (["chain", "--start", "99"], "not in 0..29"),
    (["chain", "--states", "2"], "--states"),
    (["chain", "--walkers", "1"], "--walkers"),
    (["chain", "--confidence", "1"], "--confidence"),
    (["chain", "--matrix", "/nonexistent/m.json"], "no such file"),
    (["chain", "--plot", "x.gif"], "must end in"),
])
def test_cli_chain_bad_parameters(args, needle):
    res = CliRunner().invoke(collapse, args)
    assert res.exit_code == 2, res.output
    assert needle in res.output and "Traceback" not in res.output


def test_logic_rewriter_chain_closed_forms():
    """Simplification only: True and False absorb; a depth-1 text with k nodes needs k rewrites."""
    from replayproof.collapse.chain import logic_rewrite_chain
    from replayproof.collapse.logic import evaluate
    P, labels = logic_rewrite_chain(1, simplify=1.0)
    assert P.shape == (12, 12) and np.allclose(P.sum(axis=1), 1.0, atol=1e-12)
    a = analyse_chain(P)
    assert [labels[a.classes[k].states[0]] for k in a.closed] == ["True", "False"]
    steps = dict(zip((labels[s] for s in a.transient_states), a.expected_steps))
    assert steps["( True and False )"] == pytest.approx(3.0)    # geometric, 1 node in 3
    assert steps["( not True )"] == pytest.approx(2.0)
    absorb = dict(zip((labels[s] for s in a.transient_states), a.absorption))
    assert absorb["( not True )"] == pytest.approx((0.0, 1.0))  # the value decides the class
    # with expansion too, nothing is transient: each value is one closed class of 151 texts
    P, labels = logic_rewrite_chain(2, simplify=0.5)
    b = analyse_chain(P)
    assert b.closed_sizes() == (151, 151) and b.transient_states == ()
    toks = {"(": 0, ")": 1, "True": 2, "False": 3, "and": 4, "or": 5, "not": 6}
    for k, value in zip(b.closed, (True, False)):
        assert all(evaluate([toks[w] for w in labels[s].split()]) is value
                   for s in b.classes[k].states)


def test_cli_chain_logic_model():
    res = CliRunner().invoke(collapse, ["chain", "--model", "logic", "--simplify", "1",
                                        "--walkers", "400", "--steps", "30"])
    assert res.exit_code == 0, res.output
    assert "The iteration ends in 2 of 302 texts" in res.output
    assert "agrees with the exact analysis: yes" in res.output
