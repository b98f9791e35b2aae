"""Classes of regular languages: automata cells against brute force and z3, H4 over words, bad input."""
from __future__ import annotations

import functools
import itertools
import json
import re
import textwrap

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from replayproof.trusted.classes import cells as C
from replayproof.classes.cells import canonical_key, closure_dimension
from replayproof.trusted.classes import strings as S
from replayproof.classes.classfile import from_dict, load
from replayproof.cli import cli
from conftest import CLASSES, bundled

WORDS = CLASSES / "strings"
MAX_LEN = 10


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


def words(alphabet: str, max_len: int = MAX_LEN):
    return ["".join(t) for n in range(max_len + 1) for t in itertools.product(alphabet, repeat=n)]


def accepts(dfa, word: str) -> bool:
    """Run one DFA table on a word (the engine reads membership off the product automaton instead)."""
    q = dfa.start
    for ch in word:
        q = dfa.delta[q][dfa.alphabet.index(ch)]
    return q in dfa.accept


def by_length(cls, sig, max_len: int = MAX_LEN) -> list[str]:
    """The engine's words of a cell up to max_len (its shortlex enumeration, cut)."""
    return list(itertools.takewhile(lambda w: len(w) <= max_len, cls.cell_elements(sig)))


# ---------------------------------------------------------------- engine against brute force

@pytest.mark.parametrize("name", ["h4", "triangle", "chain", "finite"])
def test_bundled_cells_match_brute_force_up_to_length_10(name):
    cls = load(WORDS / f"{name}.toml")
    member = []  # membership by Python's re (regex hypotheses) or by running the DFA table: not the engine
    for h in cls.hypotheses:
        if h.text.startswith("dfa"):
            member.append(functools.partial(accepts, h.dfa))
        else:
            member.append(re.compile(h.text).fullmatch)
    brute: dict[frozenset[int], list[str]] = {}
    for w in words(cls.alphabet):
        sig = frozenset(i for i, m in enumerate(member) if m(w))
        if sig:
            brute.setdefault(sig, []).append(w)
    assert set(brute) == {c.signature for c in cls.table.cells}
    for c in cls.table.cells:
        assert by_length(cls, c.signature) == brute[c.signature]
        if not c.infinite:
            assert list(c.elements) == brute[c.signature] and c.size == len(brute[c.signature])


def _random_dfa(draw, alphabet="ab"):
    k = draw(st.integers(1, 3))
    delta = {f"q{q}": {ch: f"q{draw(st.integers(0, k - 1))}" for ch in alphabet} for q in range(k)}
    accept = [f"q{q}" for q in range(k) if draw(st.booleans())]
    return {"start": "q0", "accept": accept, "transitions": delta}


@st.composite
def dfa_classes(draw):
    n = draw(st.integers(2, 4))
    return {"domain": "strings", "alphabet": "ab",
            "hypothesis": [{"name": f"h{i}", "dfa": _random_dfa(draw)} for i in range(n)]}


def brute_table(data) -> C.CellTable:
    """Cells from all words up to length 10, run through the DFA tables as written (no product, no
    minimization). A cell is infinite when one of its words repeats a tuple of states on its run:
    the loop between the repeats can be pumped."""
    tables = [h["dfa"] for h in data["hypothesis"]]
    sizes: dict[frozenset[int], float] = {}
    for w in words("ab"):
        states = [tuple(t["start"] for t in tables)]
        for ch in w:
            states.append(tuple(t["transitions"][q][ch] for t, q in zip(tables, states[-1])))
        sig = frozenset(i for i, (t, q) in enumerate(zip(tables, states[-1])) if q in t["accept"])
        if not sig:
            continue
        pumpable = len(set(states)) < len(states)
        sizes[sig] = C.INF if pumpable or sizes.get(sig) == C.INF else sizes.get(sig, 0) + 1
    return C.make_table([h["name"] for h in data["hypothesis"]], sizes)


def _visible(cls) -> bool:
    """Every cell is finite or has a word of length <= 10 (so brute force up to 10 can see it)."""
    return all(max(map(len, c.elements), default=0) <= MAX_LEN if not c.infinite
               else len(next(iter(cls.cell_elements(c.signature)))) <= MAX_LEN for c in cls.table.cells)


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(dfa_classes())
def test_random_dfa_classes_cells_match_brute_force(data):
    """Same non-empty cells; finite cells of the same size; a cell brute force proves infinite (a
    pumpable word up to length 10) is infinite for the engine. An infinite cell whose pumpable words
    are all longer than 10 looks finite to brute force: only then may the two differ, and only there."""
    cls = from_dict(data, source="<random>")
    if not _visible(cls):
        return
    engine = {c.signature: c.size for c in cls.table.cells}
    brute = {c.signature: c.size for c in brute_table(data).cells}
    assert set(engine) == set(brute)
    for sig, size in engine.items():
        assert size == brute[sig] or (size == C.INF and by_length(cls, sig) and brute[sig] == len(by_length(cls, sig)))
    if all(engine[s] == brute[s] for s in engine):
        assert canonical_key(cls.table) == canonical_key(brute_table(data))


@pytest.mark.slow
@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(dfa_classes())
def test_random_dfa_classes_cells_match_brute_force_many(data):
    test_random_dfa_classes_cells_match_brute_force.hypothesis.inner_test(data)


def test_zero_repeats_are_empty_words():
    """automata-lib 9.2 reads a{0} as a{0,1}; the loader rewrites it, so a{0}b* is b*."""
    for rx, same in [("a{0}b*", "b*"), ("(ab){0,0}b", "b"), ("a(b{0}){0}", "a"), ("a{0,}b", "a*b")]:
        assert [w for w in words("ab", 6) if accepts(S.from_regex(rx, "ab"), w)] == \
               [w for w in words("ab", 6) if re.fullmatch(same, w)]


def test_rank_is_the_shortlex_bijection():
    ws = words("abc", 5)
    assert [S.rank(w, "abc") for w in ws] == list(range(len(ws)))
    assert all(S.unrank(S.rank(w, "abc"), "abc") == w for w in ws)


# ---------------------------------------------------------------- a second engine: z3's regex theory

def _z3_regex(text: str, alphabet: str):
    """z3 regex for the bundled syntax (symbols, |, *, +, ?, (), {n,}): a parser independent of automata-lib."""
    import z3
    pos = 0

    def alt():
        nonlocal pos
        parts = [seq()]
        while pos < len(text) and text[pos] == "|":
            pos += 1
            parts.append(seq())
        return parts[0] if len(parts) == 1 else z3.Union(*parts)

    def seq():
        nonlocal pos
        items = []
        while pos < len(text) and text[pos] not in "|)":
            if text[pos] == "(":
                pos += 1
                atom = alt()
                pos += 1
            else:
                atom = z3.Re(text[pos])
                pos += 1
            while pos < len(text) and text[pos] in "*+?{":
                op = text[pos]
                if op == "{":
                    end = text.index("}", pos)
                    lo = int(text[pos + 1:end].rstrip(","))
                    atom = z3.Concat(*([atom] * lo), z3.Star(atom)) if lo else z3.Star(atom)
                    pos = end + 1
                    continue
                atom = {"*": z3.Star, "+": z3.Plus, "?": z3.Option}[op](atom)
                pos += 1
            items.append(atom)
        if not items:
            return z3.Re("")
        return items[0] if len(items) == 1 else z3.Concat(*items)

    return alt()


@pytest.mark.parametrize("name", ["h4", "finite"])
def test_z3_regex_theory_agrees_on_emptiness_and_finiteness(name):
    import z3
    cls = load(WORDS / f"{name}.toml")
    sigma = z3.Star(z3.Union(*[z3.Re(ch) for ch in cls.alphabet]))
    langs = [_z3_regex(h.text, cls.alphabet) if not h.text.startswith("dfa")
             else z3.Star(z3.Union(z3.Re("b"), z3.Concat(z3.Re("a"), z3.Star(z3.Re("b")), z3.Re("a"))))
             for h in cls.hypotheses]  # finite.toml's DFA: an even number of a's
    sizes = {c.signature: c.size for c in cls.table.cells}
    s = z3.String("s")
    for r in range(1, cls.n + 1):
        for sig in map(frozenset, itertools.combinations(range(cls.n), r)):
            solver = z3.Solver()
            solver.set(timeout=10_000)
            solver.add(z3.InRe(s, sigma))
            solver.add(*[z3.InRe(s, lang) if i in sig else z3.Not(z3.InRe(s, lang)) for i, lang in enumerate(langs)])
            nonempty = solver.check()
            solver.add(z3.Length(s) > MAX_LEN)
            beyond = solver.check()
            assert z3.unknown not in (nonempty, beyond)
            assert (nonempty == z3.sat) == (sig in sizes), sig
            assert (beyond == z3.sat) == (sizes.get(sig) == C.INF), sig


# ---------------------------------------------------------------- H4 over words is H4

def test_h4_over_words_is_h4():
    from replayproof.trusted.certificates import check
    from replayproof.game.solve import solve
    from replayproof.threshold.lowerbound import certificate
    words_h4, ints_h4 = load(WORDS / "h4.toml"), bundled("h4")
    assert canonical_key(words_h4.table) == canonical_key(ints_h4.table)
    assert closure_dimension(words_h4.table) == closure_dimension(ints_h4.table) == 3
    for replay in (True, False):
        assert solve(words_h4.table, replay).verdict == solve(ints_h4.table, replay).verdict
    lower = certificate(words_h4, str(WORDS / "h4.toml"))
    assert lower["refutes_threshold"] == 3 and lower["stream"] == ["", "a", "b"] and check(lower).valid


def test_decide_h4_over_words_cli(tmp_path):
    res = run("decide", WORDS / "h4.toml", "--export", tmp_path / "c.json")
    assert res.exit_code == 0, res.output
    assert res.output.startswith("not-generatable") and "valid (proper-limit-adversary)" in res.output
    assert run("check", tmp_path / "c.json").exit_code == 0
    res = run("decide", WORDS / "h4.toml", "--no-replay", "--json")
    assert json.loads(res.output)["verdict"] == "generatable"


@pytest.mark.slow
def test_threshold_h4_over_words_matches_integers():
    from replayproof.threshold.compute import threshold, to_json
    a = to_json(threshold(load(WORDS / "h4.toml"), str(WORDS / "h4.toml"), horizon=4))
    b = to_json(threshold(bundled("h4"), str(CLASSES / "h4.toml"), horizon=4))
    assert a["closure_dimension"] == b["closure_dimension"] == 3
    assert a["d_star"] == b["d_star"] == {"standard": 4, "replay": 4}


@pytest.mark.slow
@pytest.mark.parametrize("name, replay, verdict", [
    ("triangle", True, "not-generatable"), ("triangle", False, "generatable"),
    ("chain", True, "generatable"), ("chain", False, "generatable"),
    ("finite", True, "generatable"), ("finite", False, "generatable"),
])
def test_bundled_verdicts_as_documented(name, replay, verdict):
    from replayproof.game.decide import run_decide
    _, sol, _, result = run_decide(str(WORDS / f"{name}.toml"), replay)
    assert sol.verdict == verdict and result.valid


# ---------------------------------------------------------------- generators and the attack on words

def test_user_generator_gets_and_returns_words(tmp_path):
    gen = tmp_path / "gen.py"
    gen.write_text(textwrap.dedent('''
        def longest(observed):
            """Answer a word one letter longer than the longest observed, in the same letter."""
            w = max(observed, key=len)
            return (w or "b") + (w[-1:] or "b")

        def number(observed):
            return 3
    '''))
    res = run("attack", WORDS / "h4.toml", "--generator", f"{gen}:longest", "--threshold", "2", "--horizon", "3",
              "--export", tmp_path / "d.json")
    assert res.exit_code == 0, res.output
    assert res.output.startswith("defeated")
    cert = json.loads((tmp_path / "d.json").read_text())
    assert all(isinstance(x, str) for x in cert["inputs"] + cert["answers"])
    assert run("check", tmp_path / "d.json").exit_code == 0
    res = run("attack", WORDS / "h4.toml", "--generator", f"{gen}:number", "--threshold", "2", "--horizon", "2")
    assert res.exit_code == 2 and "returns a word over the alphabet 'ab'" in res.output


def test_bundled_closure_works_on_words():
    from replayproof.trusted.generators.library import closure
    cls = load(WORDS / "h4.toml")
    answer = closure(cls)
    assert answer(("",)) == "a"              # <{''}> is infinite: first fresh word of the closure, shortlex
    assert answer(("", "a", "b")) == "aa"    # V = {h1-, h1+}: <S> = {'', 'a', 'b'} is exhausted


# ---------------------------------------------------------------- bad input

GOOD = 'domain = "strings"\nalphabet = "ab"\n'


@pytest.mark.parametrize("text, message", [
    (GOOD + '[[hypothesis]]\nname = "h"\nregex = "(ab"\n', "hypothesis 'h': invalid regex '(ab'"),
    (GOOD + '[[hypothesis]]\nname = "h"\nregex = "a|c"\n', "hypothesis 'h': invalid regex 'a|c': symbol 'c' (column 3) is not in the alphabet 'ab'"),
    (GOOD + '[[hypothesis]]\nname = "h"\ndfa = { start = "p", accept = ["p"], transitions = { p = { a = "p" } } }\n',
     "hypothesis 'h': dfa: state p is missing transitions for symbol \"b\""),
    (GOOD + 'max_states = 100\n[[hypothesis]]\nname = "h"\nregex = "(a|b)*a(a|b){9}"\n',
     "hypothesis 'h': needs more than 100 DFA states (max_states)"),
    (GOOD + 'max_states = 6\n[[hypothesis]]\nname = "h"\nregex = "(aa)*"\n[[hypothesis]]\nname = "g"\nregex = "(aaa)*"\n',
     "the product of the hypotheses' DFAs needs more than 6 states"),
    ('domain = "strings"\nalphabet = "a*"\n[[hypothesis]]\nname = "h"\nregex = "a"\n', "is regex syntax"),
    ('domain = "reals"\n', "domain must be"),
    (GOOD + '[[hypothesis]]\nname = "h"\nregex = "a"\npredicate = "x > 0"\n', "unknown key 'predicate'"),
])
def test_bad_string_classes_are_one_line_and_exit_2(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    res = run("info", path)
    assert res.exit_code == 2, res.output
    assert message in res.output and str(path) in res.output
    assert len(res.output.strip().splitlines()) == 1 and "Traceback" not in res.output


def test_regex_size_is_bounded_on_automata_libs_own_parse():
    """Unrolled sizes multiply through nested repetitions, add along a concatenation and across |, and
    multiply across & (docs/limits.md); each case is refused before the NFA is built."""
    from replayproof.trusted.classes.strings import AutomatonError, from_regex
    for regex, message in [("(a{400}){400}", "a repetition at column 9 unrolls the regex to more than 100000 symbols"),
                           ("a{900}" * 112, "a concatenation at column 668 makes the regex larger than 100000"),
                           ("(a|b){400}&(a|b){400}", "'&' at column 11 makes the regex larger than 100000")]:
        with pytest.raises(AutomatonError, match=message):
            from_regex(regex, "ab", 1000)


def test_verify_runs_bundled_generators_on_words():
    """verify's models order fresh words in shortlex, and the real generator is replayed on words."""
    from replayproof.trusted.certificates import check
    from replayproof.verify.engine import verify_generator
    from conftest import CLASSES
    cls = load(CLASSES / "strings" / "h4.toml")
    lasso = verify_generator(cls, "telltale", "proper-limit", None, True, source=str(CLASSES / "strings" / "h4.toml"))
    assert lasso.verdict == "defeated" and check(lasso.certificate).valid
    assert "re-computed by the bundled generator telltale" in check(lasso.certificate).message
    closure = verify_generator(cls, "closure", "uniform", {h: 3 for h in range(cls.n)}, True)
    assert closure.verdict == "defeated" and all(isinstance(r.x, str) for r in closure.trace.rounds)
