"""The explorer's pages without a browser: one self-contained file, the terminal's words, the
certificate's data as its view plays it (tests/test_explore_browser.py runs them in Chromium)."""
from __future__ import annotations

import base64
import gzip
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from replayproof.trusted.certificates import read
from replayproof.cli import cli
from replayproof.explore import glossary, page, write_html

ROOT = Path(__file__).resolve().parent.parent
CE = ROOT / "counterexamples"
H4 = str(ROOT / "encodings" / "classes" / "h4.toml")


def embedded(html: str) -> dict:
    """The page's data, plain JSON or gzip+base64, as its script reads it."""
    m = re.search(r'<script type="application/(json|octet-stream)" id="rp-data"( data-encoding="gzip\+base64")?>(.*?)</script>',
                  html, re.S)
    assert m, "no embedded data"
    text = m.group(3)
    if m.group(2):
        return json.loads(gzip.decompress(base64.b64decode(text)))
    return json.loads(text)


def assert_self_contained(html: str) -> None:
    """No resource from the network: no src/href to another location, no link/import/fetch."""
    assert not re.search(r'\b(src|href)\s*=\s*["\']?(https?:|//|file:)', html, re.I)
    assert not re.search(r"<link\b|<iframe\b|<img\b|@import|\bfetch\(|XMLHttpRequest|\bimport\(", html)
    assert html.count("<script") == 2  # the data and the code, both inline


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("name", sorted(p.name for p in CE.glob("*.json")))
def test_every_committed_certificate_has_a_self_contained_page(name):
    html = page(read(CE / name))
    assert_self_contained(html)
    data = embedded(html)
    assert data["check"]["valid"] is True and data["kind"] == read(CE / name)["kind"]
    if data["kind"] == "query-trap-run":  # T7.1's table is a countable class, not a cell table: a round list
        assert data["view"] == "query" and data["cert"]["errors"] == read(CE / name)["errors"]
        return
    assert data["class"]["cells"] and data["elements"]
    # every element the page may present carries the signature the class gives it
    from replayproof.explore.data import load_for
    cls = load_for(read(CE / name), CE / name)
    sigs = [frozenset(c["sig"]) for c in data["class"]["cells"]]
    for x, c in data["elements"]:
        assert (sigs[c] if c >= 0 else frozenset()) == cls.signature(x), (name, x)


def test_decide_html_says_what_the_terminal_says(tmp_path):
    out = tmp_path / "h4.html"
    res = run("decide", H4, "--html", str(out))
    assert res.exit_code == 0, res.output
    data = embedded(out.read_text(encoding="utf-8"))
    assert data["text"] == res.output.rstrip("\n")
    assert data["view"] == "adversary" and len(data["strategy"]["nodes"]) == 29
    res = run("decide", H4, "--no-replay", "--html", str(out))
    assert embedded(out.read_text(encoding="utf-8"))["view"] == "generator"


def test_check_html_says_what_the_terminal_says_even_when_invalid(tmp_path):
    out = tmp_path / "c.html"
    res = run("check", str(CE / "h4_replay.json"), "--html", str(out))
    assert res.exit_code == 0
    assert embedded(out.read_text(encoding="utf-8"))["text"] == res.output.rstrip("\n")
    forged = json.loads((CE / "h4_replay.json").read_text(encoding="utf-8"))
    loop = next(nd for nd in forged["nodes"] if nd["move"] == "loop")
    loop["wrong"] = {b: b for b in loop["wrong"]}  # blame each answer on itself: the kernel finds them correct
    bad = tmp_path / "forged.json"
    forged["class"]["path"] = str(ROOT / "encodings" / "classes" / "h4.toml")
    bad.write_text(json.dumps(forged), encoding="utf-8")
    res = run("check", str(bad), "--html", str(out))
    assert res.exit_code == 1 and res.output.startswith("invalid: ")
    data = embedded(out.read_text(encoding="utf-8"))
    assert data["check"]["valid"] is False and data["text"] == res.output.rstrip("\n")


def test_verify_html_lasso_is_the_checkers_concretization(tmp_path):
    out = tmp_path / "v.html"
    res = run("verify", H4, "--generator", "telltale", "--notion", "proper-limit", "--html", str(out))
    assert res.exit_code == 0 and res.output.startswith("defeated")
    data = embedded(out.read_text(encoding="utf-8"))
    assert data["text"] == res.output.rstrip("\n") and data["view"] == "lasso"
    lasso = data["lasso"]
    cert = read(CE / "verify_h4_telltale.json")
    assert (lasso["prefix"], lasso["cycle"]) == (len(cert["prefix"]), len(cert["cycle"]))
    from replayproof import load
    from replayproof.trusted import kernel
    cls = load(H4)
    judged = kernel.judge(cls, lasso["target"], [r["x"] for r in lasso["rounds"]], [r["answer"] for r in lasso["rounds"]],
                          kernel.Mode(replay=True, proper=True))
    assert judged.legal and not all(r.correct for r in judged.rounds[lasso["prefix"]:])


def test_attack_outcome_certificate_matches_the_attack_checkers(tmp_path):
    """explore builds the defeat trace of an Outcome itself (the search may not import the checker):
    it must be the certificate `attack --export` writes."""
    from replayproof import load
    from replayproof.attack.certificate import certificate
    from replayproof.generators.under_test import UnderTest
    from replayproof.attack.search import attack
    from replayproof.attack.space import make_game
    from replayproof.generators import resolve
    from replayproof.explore import attack_certificate
    from replayproof.trusted.kernel import Mode
    cls = load(H4)
    runner = UnderTest(resolve("telltale", cls, None), cls)
    game = make_game(cls, Mode(replay=True, proper=True), "proper-limit", 5, None, None, 3)
    outcome = attack(game, runner, 60.0)
    assert outcome.found is not None
    assert attack_certificate(outcome, "telltale", True, None, H4) == certificate(game, outcome.found, "telltale", True, None, H4)
    html = outcome._repr_html_()
    assert html.startswith("<iframe srcdoc=") and "defeat-trace" in html


def test_decision_repr_html_is_the_page_in_an_iframe(h4):
    import html as H
    import replayproof as rp
    dec = rp.decide(h4, method="game")
    frame = dec._repr_html_()
    m = re.fullmatch(r'<iframe srcdoc="(.*)" style="[^"]*" title="replayproof explorer"></iframe>', frame, re.S)
    doc = H.unescape(m.group(1))
    assert_self_contained(doc)
    data = embedded(doc)
    assert data["view"] == "adversary" and data["text"].startswith("not-generatable: H4 (")


def test_large_payloads_are_compressed_and_decode(monkeypatch):
    from replayproof.explore import render
    monkeypatch.setattr(render, "COMPRESS_ABOVE", 1000)
    html = page(read(CE / "h4_replay.json"))
    assert 'data-encoding="gzip+base64"' in html
    monkeypatch.setattr(render, "COMPRESS_ABOVE", 10 ** 9)
    assert embedded(html) == embedded(page(read(CE / "h4_replay.json")))


def test_glossary_points_at_sections_that_exist():
    for _, _, ref, _ in glossary.ENTRIES:
        file, _, anchor = ref.partition("#")
        text = (ROOT / file).read_text(encoding="utf-8")
        if anchor:
            heads = {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in re.findall(r"^#+ (.*)$", text, re.M)}
            assert anchor in heads, ref


def test_html_to_an_unwritable_place_is_one_line_error(tmp_path):
    res = run("check", str(CE / "lower_h4.json"), "--html", str(tmp_path / "no" / "such" / "dir.html"))
    assert res.exit_code == 2 and "cannot write the HTML page" in res.output


def test_write_html_reports_its_size(tmp_path):
    size = write_html(tmp_path / "x.html", read(CE / "lower_h4.json"))
    assert size == len((tmp_path / "x.html").read_bytes()) and size < 100_000


def test_hostile_text_in_a_class_stays_data():
    """A description or predicate text that looks like markup or a placeholder is shown, never run."""
    from replayproof import loads
    evil = "</script><script>alert(1)</script><!-- {{JS}} {{DATA}}"
    cls = loads(f'name = "evil"\ndescription = "{evil}"\n[[hypothesis]]\nname = "a"\npredicate = "x >= 0"\n'
                '[[hypothesis]]\nname = "b"\npredicate = "x <= 0"\n')
    html = page(None, cls=cls)
    assert_self_contained(html)
    assert embedded(html)["class"]["description"] == evil


def test_attack_html_without_a_defeat_shows_the_class_and_the_words(tmp_path):
    out = tmp_path / "a.html"
    res = run("attack", str(ROOT / "encodings/classes/attack_zero_odd.toml"), "--generator", "burn-in:closure",
              "--threshold", "2", "--horizon", "3", "--html", str(out))
    assert res.exit_code == 0 and res.output.startswith("not-defeated-within 3")
    data = embedded(out.read_text(encoding="utf-8"))
    assert data["view"] == "class" and data["text"] == res.output.rstrip("\n") and data["kind"] is None
    res = run("attack", str(ROOT / "encodings/classes/attack_zero_odd.toml"), "--generator", "closure",
              "--threshold", "2", "--horizon", "3", "--adversary", "echo", "--html", str(out))
    assert res.exit_code == 2 and "--html" in res.output
