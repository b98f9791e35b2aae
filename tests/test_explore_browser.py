"""The explorer in a real browser (headless Chromium from Debian, Selenium): play the H4 adversary
by clicking, play the adversary against H4's generator, step through the telltale lasso, and
compare the page's judge with kernel.judge on random plays. Every test asserts no console errors."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

import browser
from replayproof import load
from replayproof.trusted import kernel
from replayproof.trusted.certificates import read
from replayproof.explore import write_html

ROOT = Path(__file__).resolve().parent.parent
CE = ROOT / "counterexamples"

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(bool(browser.missing()), reason=browser.missing() or "browser available")]


@pytest.fixture(scope="module")
def drv():
    d = browser.start()
    yield d
    d.quit()


@pytest.fixture
def page(drv, tmp_path):
    """Write a certificate's page to a temporary file and open it from file://."""
    def open_(name, **kw) -> Path:
        path = tmp_path / (f"{Path(name).stem}.html" if isinstance(name, str) else "page.html")
        write_html(path, read(CE / name) if isinstance(name, str) else name, **kw)
        browser.open_page(drv, path)
        return path
    yield open_
    assert browser.console_errors(drv) == []


def _click(drv, css: str) -> None:
    from selenium.webdriver.common.by import By
    drv.find_element(By.CSS_SELECTOR, css).click()


def _rows(drv) -> list[list[str]]:
    return drv.execute_script("return [...document.querySelectorAll('#stream tbody tr')]"
                              ".map(tr => [...tr.children].map(td => td.textContent))")


def test_h4_every_first_answer_loses_in_a_few_clicks(drv, page):
    cert = read(CE / "h4_replay.json")
    page("h4_replay.json")
    names = cert["class"]["hypotheses"]
    for first in names:
        _click(drv, "#restart")
        clicks = 0
        while "you lose" not in drv.execute_script("return document.getElementById('loop-banner').textContent"):
            _click(drv, f'button.answer[data-answer="{first}"]')  # keep answering the first answer
            clicks += 1
            assert clicks <= 12, f"no lost loop after {clicks} clicks starting with {first}"
        banner = drv.execute_script("const b = document.getElementById('loop-banner'); return [b.hidden, b.textContent]")
        assert banner[0] is False and "repeats forever" in banner[1]
        rows = _rows(drv)
        assert len(rows) == clicks and rows[0][4] == first
        marked = drv.execute_script("return document.querySelectorAll('#stream tr.inloop td.wrong.blamed').length")
        assert marked >= 1, "the loop marks no answer wrong for a target it enumerates"
        # every answer in the loop is the first one, wrong for a target the certificate's loop enumerates
        assert all("✗ wrong for" in r[5] for r in rows if "(loop)" in r[6])
        assert "the certificate records the same" in drv.find_element("id", "agree").text
    _click(drv, "#undo")
    assert len(_rows(drv)) == clicks - 1
    body = drv.find_element("tag name", "body")  # the keys: r restart, 2 the second answer, u undo
    body.send_keys("r")
    body.send_keys("2")
    assert [r[4] for r in _rows(drv)] == [names[1]]
    body.send_keys("u")
    assert _rows(drv) == []


def test_h4_generator_page_plays_the_certificate(drv, page):
    """The user is the adversary against H4's generator without replay: the page's answers follow the
    certificate's transitions, and its live targets are the kernel's."""
    cert = read(CE / "h4_no_replay.json")
    cls = load(ROOT / "encodings" / "classes" / "h4.toml")
    page("h4_no_replay.json")
    states = {s["id"]: s for s in cert["states"]}
    cells = [frozenset(c["signature"]) for c in cert["class"]["cells"]]
    page_cells = drv.execute_script("return RP.data.class.cells.map(c => c.sig)")
    order = [cells.index(frozenset(cls.names[h] for h in sig)) for sig in page_cells]
    rng = random.Random(7)
    q = cert["start"]
    for step in range(10):
        k = rng.choice([0, 1, 2, 3, 4, 5, 6] if step else [2])  # first: the cell {all four} (0)
        how = "new" if drv.execute_script(
            f"return !document.querySelector('button.present[data-cell=\"{k}\"][data-how=\"new\"]').disabled") else "repeat"
        _click(drv, f'button.present[data-cell="{k}"][data-how="{how}"]')
        cell = cert["class"]["cells"][order[k]]["signature"]
        q = next(e["to"] for e in states[q]["on"] if e["cell"] == cell)
        assert drv.find_element("id", "gen-answer").text == states[q]["answer"]
        rows = _rows(drv)
        inputs = [int(r[1]) for r in rows]
        answers = [cls.index(r[4]) for r in rows]
        live = [cls.names[h] for h in range(cls.n)
                if kernel.judge(cls, h, inputs, answers, kernel.Mode(replay=False, proper=True)).legal]
        assert drv.find_element("id", "live-targets").text == "{" + ", ".join(live) + "}"
        assert sorted(live) == sorted(states[q]["legal_for"])
        assert "the certificate records the same" in drv.find_element("id", "agree").text


def test_telltale_lasso_step_through(drv, page):
    from replayproof.verify.concrete import Concretizer
    cert = read(CE / "verify_h4_telltale.json")
    cls = load(ROOT / "encodings" / "classes" / "h4.toml")
    page("verify_h4_telltale.json")
    n = drv.execute_script("return RP.data.lasso.rounds.length")
    assert n == len(cert["prefix"]) + cert["unroll"] * len(cert["cycle"])
    assert drv.execute_script("return document.getElementById('loop-banner').hidden") is True
    for t in range(n):
        _click(drv, "#next")
        assert len(_rows(drv)) == t + 1
    _click(drv, "#prev")
    _click(drv, "#next")
    rows = _rows(drv)
    sigs = [c.signature for c in cls.table.cells]
    con = Concretizer(cls, True)
    for m in cert["prefix"] + cert["cycle"] * cert["unroll"]:
        con.present(sigs.index(frozenset(cls.index(h) for h in m["cell"])), m["how"])
    assert [int(r[2]) for r in rows] == con.inputs  # the checker's concretization
    target = cls.index(cert["target"])
    answers = [cls.index(r[5]) for r in rows]
    judged = kernel.judge(cls, target, con.inputs, answers, kernel.Mode(replay=True, proper=True))
    assert judged.legal and [("✓" in r[6]) for r in rows] == [r.correct for r in judged.rounds]
    for j in range(cert["unroll"]):  # every copy of the cycle has a marked wrong answer
        part = [r for r in rows if r[1] == f"cycle {j + 1}"]
        assert len(part) == len(cert["cycle"]) and any("✗" in r[6] for r in part)
    banner = drv.execute_script("const b = document.getElementById('loop-banner'); return [b.hidden, b.textContent]")
    assert banner[0] is False and "repeats forever" in banner[1]


def _agree(drv, cls, plays) -> None:
    """Run the page's judge on the plays and compare every round with kernel.judge."""
    got = drv.execute_script("""
      return arguments[0].map(p => { try { return RP.kernel.judge(p.target, p.inputs, p.answers,
               {replay: p.replay, proper: p.proper}).rounds; } catch (e) { return {error: e.message}; } });""", plays)
    for p, js in zip(plays, got):
        mode = kernel.Mode(replay=p["replay"], proper=p["proper"])
        try:
            want = [[r.t, r.x, r.legal, r.replay_of, r.answer, r.correct, r.distinct, r.why]
                    for r in kernel.judge(cls, p["target"], p["inputs"], p["answers"], mode).rounds]
        except ValueError as exc:
            assert js == {"error": str(exc)}, p
            continue
        assert [[r["t"], r["x"], r["legal"], r["replay_of"], r["answer"], r["correct"], r["distinct"], r["why"]]
                for r in js] == want, p


def _random_plays(rng: random.Random, n: int, pool: list, count: int) -> list[dict]:
    plays = []
    for _ in range(count):
        proper, length = rng.random() < 0.5, rng.randint(1, 9)
        inputs = [rng.choice(pool) for _ in range(length)]
        if proper:
            answers = [rng.randrange(n) if rng.random() > 0.03 else rng.choice([-1, n]) for _ in range(length)]
        else:
            answers = [rng.choice(pool) for _ in range(length)]
        plays.append({"target": rng.randrange(n), "inputs": inputs, "answers": answers, "proper": proper,
                      "replay": rng.random() < 0.7})
    return plays


@pytest.mark.parametrize("name,cls_file", [("h4_replay.json", "h4.toml"), ("sep51_replay.json", "sep51.toml"),
                                           ("attack_zero_odd_closure.json", "attack_zero_odd.toml")])
def test_page_judge_agrees_with_kernel_on_random_plays(drv, page, name, cls_file):
    cls = load(ROOT / "encodings" / "classes" / cls_file)
    page(name)
    pool = [x for x, _ in drv.execute_script("return RP.data.elements")]
    _agree(drv, cls, _random_plays(random.Random(name), cls.n, pool, 300))


def test_page_judge_agrees_on_words(drv, page, tmp_path):
    """A class of words: elements are strings, equality and freshness by the word."""
    from click.testing import CliRunner
    from replayproof.cli import cli
    out = tmp_path / "words.html"
    res = CliRunner().invoke(cli, ["attack", str(ROOT / "encodings/classes/strings/h4.toml"), "--generator", "telltale",
                                   "--notion", "proper-limit", "--settle", "3", "--horizon", "6", "--html", str(out)])
    assert res.exit_code == 0 and res.output.startswith("defeated"), res.output
    browser.open_page(drv, out)
    cls = load(ROOT / "encodings/classes/strings/h4.toml")
    pool = [x for x, _ in drv.execute_script("return RP.data.elements")]
    assert all(isinstance(x, str) for x in pool)
    _agree(drv, cls, _random_plays(random.Random(3), cls.n, pool, 200))
    _click(drv, "#all")
    assert "the generator fails" in drv.find_element("id", "loop-banner").text


def test_every_committed_certificate_opens_cleanly(drv, page):
    for name in sorted(p.name for p in CE.glob("*.json")):
        page(name)
        assert drv.execute_script("return RP.data.check.valid") is True, name
        assert drv.find_element("id", "verdict-text").text.startswith("valid: "), name
        assert browser.console_errors(drv) == [], name
        # nothing was fetched: no resource besides the page itself
        assert drv.execute_script("return performance.getEntriesByType('resource').length") == 0, name


def test_a_large_strategy_is_drawn_lazily(drv, tmp_path):
    """The generalised triangle at N = 10 (5,131 nodes): the page draws a few hundred elements, not
    the strategy, and stays playable."""
    from replayproof.trusted.certificates import check
    from replayproof.trusted.classes.cells import INF, make_table
    from replayproof.classes.classfile import realized_class
    from replayproof.game.build import certificate
    from replayproof.game.solve import solve
    n = 10
    table = make_table([f"h{i}" for i in range(n)],
                       {frozenset(range(n)): INF, **{frozenset(set(range(n)) - {j}): 1 for j in range(n)}})
    cls = realized_class("triangle-10", table)
    cert = certificate(cls, solve(table, True), None)
    path = tmp_path / "tri.html"
    write_html(path, cert, cls=cls, checked=check(cert, cls=cls))
    browser.open_page(drv, path)
    assert drv.execute_script("return RP.data.strategy.nodes.length") == len(cert["nodes"]) > 5000
    assert drv.execute_script("return document.getElementsByTagName('*').length") < 1000
    for _ in range(6):
        _click(drv, 'button.answer[data-answer="h3"]')
    assert drv.execute_script("return document.querySelectorAll('.tree-svg g.row').length") <= 400
    assert drv.execute_script("return document.querySelectorAll('.tree-svg g.current').length") == 1
    assert "the certificate records the same" in drv.find_element("id", "agree").text
    assert browser.console_errors(drv) == []


def test_an_invalid_certificate_gets_a_page_that_says_so(drv, page, tmp_path):
    """`check --html` on a certificate the checker rejects: the page says invalid, plays what is
    there and refuses a move the certificate lacks, without a script error."""
    forged = json.loads((CE / "h4_replay.json").read_text(encoding="utf-8"))
    forged["class"]["path"] = str(ROOT / "encodings" / "classes" / "h4.toml")
    root = next(nd for nd in forged["nodes"] if nd["id"] == forged["root"])
    del root["next"]["h1-"]
    bad = tmp_path / "forged.json"
    bad.write_text(json.dumps(forged), encoding="utf-8")
    page(read(bad), source=bad)
    assert drv.execute_script("return RP.data.check.valid") is False
    assert "no successor for answer h1-" in drv.find_element("id", "verdict-text").text
    _click(drv, 'button.answer[data-answer="h1-"]')
    assert "no move after h1-" in drv.find_element("id", "status").text and _rows(drv) == []
    _click(drv, 'button.answer[data-answer="h2-"]')
    assert len(_rows(drv)) == 1


@pytest.mark.parametrize("cls_file,args", [("h4.toml", []), ("h4.toml", ["--no-replay"]), ("triangle.toml", []),
                                           ("strings/h4.toml", []), ("sep51.toml", []), ("chain.toml", [])])
def test_random_clicks_keep_page_and_certificate_in_agreement(drv, page, tmp_path, cls_file, args):
    """Random answers (or inputs) on decide's pages: after every move the targets the page's judge
    keeps alive are the ones the certificate records at the node or state reached."""
    from click.testing import CliRunner
    from replayproof.cli import cli
    out = tmp_path / "d.html"
    res = CliRunner().invoke(cli, ["decide", str(ROOT / "encodings" / "classes" / cls_file), *args, "--html", str(out)])
    assert res.exit_code == 0, res.output
    browser.open_page(drv, out)
    rng = random.Random(cls_file + "".join(args))
    for _ in range(25):
        n = drv.execute_script("return document.querySelectorAll('button.answer, button.present:not([disabled])').length")
        drv.execute_script("document.querySelectorAll('button.answer, button.present:not([disabled])')[arguments[0]].click()",
                           rng.randrange(n))
        agree = drv.find_element("id", "agree").text
        assert "the certificate records the same" in agree, agree
