"""Regular languages over a finite alphabet: DFAs, their product, and the exact cells it defines.

Regular expressions are parsed by automata-lib (a Thompson NFA, symbols checked against the
alphabet); determinization, the product of a class's DFAs and everything read off it are here,
with a state cap so that a catastrophic regex is an input error, not a hang. Math: docs/strings.md.
"""
from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping, Sequence

MAX_STATES = 10_000       # default cap on the states of one DFA and of the product (class key max_states)
MAX_FINITE_CELL = 10_000  # a finite cell is listed in full; more strings than this is refused
SAMPLES = 3               # shortlex samples kept for an infinite cell
REGEX_SYNTAX = set("|*+?(){},.&^[]-")  # automata-lib's operators; every other character is a symbol
MAX_UNROLLED = 100_000    # symbols of a regex once its {n,m} repetitions are unrolled (Thompson NFA size)


class AutomatonError(ValueError):
    """A regex or DFA table that cannot be used; the message names the problem (not the file)."""


@dataclass(frozen=True)
class Dfa:
    """A complete DFA over `alphabet`: states 0..k-1, delta[q][i] = successor on alphabet[i]."""

    alphabet: str
    start: int
    accept: frozenset[int]
    delta: tuple[tuple[int, ...], ...]


def check_alphabet(alphabet: object) -> str:
    """The alphabet as a string of distinct symbols, none of them regex syntax or whitespace."""
    if not isinstance(alphabet, str) or not alphabet:
        raise AutomatonError("'alphabet' must be a non-empty string of symbols, e.g. \"ab\"")
    if len(set(alphabet)) != len(alphabet):
        raise AutomatonError(f"the alphabet {alphabet!r} repeats a symbol")
    bad = [c for c in alphabet if c in REGEX_SYNTAX or c.isspace() or c == "\\"]
    if bad:
        raise AutomatonError(f"the alphabet symbol {bad[0]!r} is regex syntax or whitespace; "
                             "use letters or digits")
    return alphabet


def from_regex(text: str, alphabet: str, max_states: int = MAX_STATES) -> Dfa:
    """The minimal DFA of a regex (automata-lib syntax: | * + ? () {n,m} . [ab] & ^)."""
    from automata.base.exceptions import AutomatonException, RegexException
    from automata.fa.nfa import NFA
    try:
        tokens = check_regex(text, alphabet, max_states)
    except AutomatonError as exc:
        raise AutomatonError(f"invalid regex {text[:60]!r}: {exc}") from None
    try:
        nfa = NFA.from_regex(_zero_repeats(tokens), input_symbols=set(alphabet))
    except (AutomatonException, RegexException, ValueError, IndexError, KeyError, RecursionError) as exc:
        raise AutomatonError(f"invalid regex {text!r}: {exc or type(exc).__name__}") from None
    return minimize(_determinize(nfa, alphabet, max_states))


_LONE = {"{": "does not start a repetition {n}, {n,} or {n,m}", "[": "is never closed by ']'"}


def _tokens(text: str, alphabet: str, max_states: int) -> list[tuple[int, Any]]:
    """(column, token) for each of automata-lib's regex tokens. Refused here, naming the column: a
    symbol outside the alphabet, a syntax character out of place, an empty character class, and a
    negative, inverted or too large repetition count (above max_states)."""
    from automata.regex.parser import get_regex_lexer
    lexer, out, pos = get_regex_lexer(frozenset(alphabet), itertools.count()), [], 0
    while pos < len(text):
        col, found = pos + 1, lexer.tokens.get_token(text, pos)
        word = found[1].group() if found else text[pos]
        if word[0] == "{" and len(word) > 1:  # automata-lib's repetition token {n}, {n,}, {n,m}
            if len(word) > 40:  # more digits than any count up to max_states (and int() refuses 4,300)
                raise AutomatonError(f"repetition {word[:20]}... at column {col} exceeds max_states = {max_states}")
            low_s, high_s = found[1].group(1), found[1].group(2)
            if low_s.startswith("-") or (high_s or "").startswith("-"):
                raise AutomatonError(f"repetition {word} at column {col} has a negative count")
            low = int(low_s) if low_s else 0
            high = low if high_s is None else (int(high_s) if high_s else None)
            if high is not None and high < low:
                raise AutomatonError(f"repetition {word} at column {col}: the upper bound {high} is below "
                                     f"the lower bound {low}")
            if max(low, high or 0) > max_states:
                raise AutomatonError(f"repetition count {max(low, high or 0)} at column {col} exceeds "
                                     f"max_states = {max_states}")
        else:
            bad = next((i for i, ch in enumerate(word) if ch not in REGEX_SYNTAX and ch not in alphabet), None)
            if bad is not None:
                raise AutomatonError(f"symbol {word[bad]!r} (column {col + bad}) is not in the alphabet {alphabet!r}")
            if word in ("[]", "[^]"):
                raise AutomatonError(f"the character class at column {col} is empty")
            if word in "}],-[{":
                why = _LONE.get(word, "is out of place (not inside {n,m} or [...])")
                raise AutomatonError(f"{word!r} at column {col} {why}")
        out.append((col, found[0](found[1])))
        pos = found[1].end()
    return out


def _name(token: Any) -> str:
    """How a message names an operator token (a concatenation has no text)."""
    if token.text.startswith("{"):
        return "a repetition"
    return repr(token.text) if token.text else "a concatenation"


def check_regex(text: str, alphabet: str, max_states: int = MAX_STATES) -> list[tuple[int, Any]]:
    """The regex's tokens (_tokens); a malformed or oversized regex is refused in one line naming the
    column, before any NFA is built.

    Their order is checked here (as automata-lib's validate_tokens does) so that messages are ours.
    Size: more than MAX_UNROLLED symbols once the repetitions are unrolled (an upper bound on the
    Thompson NFA, & and ^ counted as products; _unrolled) is refused at once, as building the NFA
    first would take minutes and gigabytes.
    """
    from automata.regex.postfix import InfixOperator, LeftParen, PostfixOperator, RightParen
    tokens = _tokens(text, alphabet, max_states)
    opens: list[int] = []
    prev = None
    for col, tok in tokens:
        nothing_before = prev is None or isinstance(prev, (InfixOperator, LeftParen))
        if isinstance(tok, InfixOperator) and nothing_before:
            raise AutomatonError(f"{_name(tok)} at column {col} has nothing on its left")
        if isinstance(tok, PostfixOperator) and nothing_before:
            before = ("at the start" if prev is None else
                      "right after '('" if isinstance(prev, LeftParen) else "after an operator")
            raise AutomatonError(f"{_name(tok)} at column {col} repeats nothing ({before})")
        if isinstance(tok, RightParen):
            if isinstance(prev, InfixOperator):
                raise AutomatonError(f"the operator before ')' at column {col} has nothing on its right")
            if not opens:
                raise AutomatonError(f"')' at column {col} closes no '('")
            opens.pop()
        elif isinstance(tok, LeftParen):
            opens.append(col)
        prev = tok
    if isinstance(prev, InfixOperator):
        raise AutomatonError(f"the regex ends with an operator: {text[-1]!r} at column {len(text)} "
                             "has nothing on its right")
    if opens:
        raise AutomatonError(f"'(' at column {opens[-1]} is never closed")
    _unrolled(tokens)
    return tokens


def _unrolled(tokens: list[tuple[int, Any]]) -> None:
    """Refuse a well-formed regex whose size exceeds MAX_UNROLLED, evaluated on automata-lib's own
    postfix order: a symbol is 1, | and concatenation add, & and ^ multiply, a repetition multiplies
    by its largest count."""
    from automata.regex.parser import ConcatToken, UnionToken, add_concat_and_empty_string_tokens
    from automata.regex.postfix import Literal, PostfixOperator, tokens_to_postfix
    column, sizes, col = {id(tok): c for c, tok in tokens}, [], 1
    for tok in tokens_to_postfix(add_concat_and_empty_string_tokens([t for _, t in tokens], itertools.count())):
        col = column.get(id(tok), col)  # an inserted concatenation: the column of the token before it
        if isinstance(tok, Literal):
            sizes.append(1)
            continue
        right = sizes.pop()
        if isinstance(tok, PostfixOperator):
            size = right * max(getattr(tok, "lower_bound", 1), getattr(tok, "upper_bound", 1) or 1, 1)
            too_large = "unrolls the regex to more than"
        else:
            left = sizes.pop()
            size = left + right if isinstance(tok, (UnionToken, ConcatToken)) else max(left, 1) * max(right, 1)
            too_large = "makes the regex larger than"
        if size > MAX_UNROLLED:
            raise AutomatonError(f"{_name(tok)} at column {col} {too_large} {MAX_UNROLLED} symbols (docs/limits.md)")
        sizes.append(size)


def _zero_repeats(tokens: list[tuple[int, Any]]) -> str:
    """The regex with X{0}, X{0,0}, X{} and X{,0} written as () (automata-lib 9.2 reads them as X{0,1})."""
    from automata.regex.postfix import LeftParen, PostfixOperator, RightParen
    out: list[Any] = []
    for _, tok in tokens:
        if not (isinstance(tok, PostfixOperator) and getattr(tok, "upper_bound", None) == 0):
            out.append(tok)
            continue
        depth = 0
        while True:  # drop X: a symbol or a group back to its '(', with the repetitions after it
            dropped = out.pop()
            depth += isinstance(dropped, RightParen) - isinstance(dropped, LeftParen)
            if depth == 0 and not isinstance(dropped, PostfixOperator):
                break
        out += [LeftParen("("), RightParen(")")]
    return "".join(t.text for t in out)


def _explore(start: Any, successors: Callable[[Any], Iterator[Any]], max_states: int,
             too_many: str) -> tuple[list, tuple[tuple[int, ...], ...]]:
    """Breadth-first search from `start`: the states in order of discovery and the table of their
    successors by index; AutomatonError(too_many) once more than max_states states are found."""
    index, order, delta = {start: 0}, [start], []
    while len(delta) < len(order):
        row = []
        for nxt in successors(order[len(delta)]):
            if nxt not in index:
                if len(order) >= max_states:
                    raise AutomatonError(too_many)
                index[nxt] = len(order)
                order.append(nxt)
            row.append(index[nxt])
        delta.append(tuple(row))
    return order, tuple(delta)


def _determinize(nfa, alphabet: str, max_states: int) -> Dfa:
    """Subset construction, refused beyond max_states states."""
    moves: Mapping = nfa.transitions

    def closure(states: frozenset) -> frozenset:
        out, todo = set(states), list(states)
        while todo:
            for r in moves.get(todo.pop(), {}).get("", ()):
                if r not in out:
                    out.add(r)
                    todo.append(r)
        return frozenset(out)

    def successors(here: frozenset) -> Iterator[frozenset]:
        return (closure(frozenset(r for q in here for r in moves.get(q, {}).get(ch, ()))) for ch in alphabet)

    order, delta = _explore(closure(frozenset([nfa.initial_state])), successors, max_states,
                            f"needs more than {max_states} DFA states (max_states)")
    accept = frozenset(i for i, s in enumerate(order) if s & nfa.final_states)
    return Dfa(alphabet, 0, accept, delta)


def from_table(table: object, alphabet: str) -> Dfa:
    """A DFA given as {start, accept, transitions = {state: {symbol: state}}}, every transition required:
    the states, symbols and transitions are checked by automata-lib's DFA (its message names them)."""
    from automata.base.exceptions import AutomatonException
    from automata.fa.dfa import DFA
    if not isinstance(table, dict) or set(table) - {"start", "accept", "transitions"}:
        raise AutomatonError("'dfa' must be a table with keys start, accept, transitions")
    trans, start, accept = table.get("transitions"), table.get("start"), table.get("accept", [])
    if not isinstance(trans, dict) or not trans or not all(
            isinstance(row, dict) and all(isinstance(to, str) for to in row.values()) for row in trans.values()):
        raise AutomatonError("dfa.transitions must be a table {state = {symbol = state, ...}, ...}")
    if not isinstance(start, str) or not isinstance(accept, list) or not all(isinstance(a, str) for a in accept):
        raise AutomatonError("dfa.start must be a state name and dfa.accept a list of state names")
    try:
        dfa = DFA(states=set(trans), input_symbols=set(alphabet), transitions=trans, initial_state=start,
                  final_states=set(accept))
    except AutomatonException as exc:
        raise AutomatonError(f"dfa: {exc}") from None
    return _minimal(dfa, alphabet)


def minimize(dfa: Dfa) -> Dfa:
    """The minimal complete DFA, states in BFS order (_minimal)."""
    from automata.fa.dfa import DFA
    return _minimal(DFA(states=set(range(len(dfa.delta))), input_symbols=set(dfa.alphabet), initial_state=dfa.start,
                        transitions={q: dict(zip(dfa.alphabet, row)) for q, row in enumerate(dfa.delta)},
                        final_states=set(dfa.accept)), dfa.alphabet)


def _minimal(dfa: Any, alphabet: str) -> Dfa:
    """automata-lib's minify of a complete DFA (reachable part, Hopcroft), states renumbered in BFS order."""
    m = dfa.minify()
    order, delta = _explore(m.initial_state, lambda q: (m.transitions[q][ch] for ch in alphabet),
                            len(dfa.states), "")  # minify never adds states
    return Dfa(alphabet, 0, frozenset(i for i, q in enumerate(order) if q in m.final_states), delta)


@dataclass(frozen=True)
class Product:
    """The reachable product of a class's DFAs: state 0 is the start; sig[q] = hypotheses accepting at q."""

    alphabet: str
    delta: tuple[tuple[int, ...], ...]
    sig: tuple[frozenset[int], ...]

    def run(self, word: str) -> int | None:
        q = 0
        for ch in word:
            i = self.alphabet.find(ch)
            if i < 0:
                return None
            q = self.delta[q][i]
        return q


def product(dfas: Sequence[Dfa], max_states: int = MAX_STATES) -> Product:
    """The reachable part of the product automaton, refused beyond max_states states."""
    alphabet = dfas[0].alphabet
    def successors(here: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
        return (tuple(d.delta[q][i] for d, q in zip(dfas, here)) for i in range(len(alphabet)))

    order, delta = _explore(tuple(d.start for d in dfas), successors, max_states,
                            f"the product of the hypotheses' DFAs needs more than {max_states} states (max_states)")
    sig = tuple(frozenset(h for h, (d, q) in enumerate(zip(dfas, s)) if q in d.accept) for s in order)
    return Product(alphabet, delta, sig)


@functools.lru_cache(maxsize=16)
def _pumped(p: Product) -> tuple[bool, ...]:
    """pumped[q]: infinitely many words reach q, i.e. q is reachable from a state on a cycle."""
    import networkx as nx
    g = nx.DiGraph((q, r) for q, row in enumerate(p.delta) for r in row)
    cyclic = [q for comp in nx.strongly_connected_components(g) for q in comp if len(comp) > 1 or q in p.delta[q]]
    g.add_edges_from((-1, q) for q in cyclic)  # -1: a source before every state on a cycle
    pumped = nx.descendants(g, -1) if cyclic else set()
    return tuple(q in pumped for q in range(len(p.delta)))


def cell_sizes(p: Product) -> dict[frozenset[int], float]:
    """Every non-empty signature's cell size (math.inf when infinite), empty signature included."""
    pumped = _pumped(p)
    sizes: dict[frozenset[int], float] = {}
    for q, s in enumerate(p.sig):
        if pumped[q]:
            sizes[s] = float("inf")
    import networkx as nx
    count = [0] * len(p.delta)  # words reaching q, for the states only finitely many words reach
    count[0] = 1
    dag = nx.DiGraph((q, r) for q, row in enumerate(p.delta) if not pumped[q] for r in row if not pumped[r])
    dag.add_nodes_from(q for q in range(len(p.delta)) if not pumped[q])  # they form a DAG from 0
    for q in nx.topological_sort(dag):
        for r in p.delta[q]:
            if not pumped[r]:
                count[r] += count[q]
    for q, s in enumerate(p.sig):
        if not pumped[q] and sizes.get(s) != float("inf"):
            sizes[s] = sizes.get(s, 0) + count[q]
    return sizes


def shortlex(p: Product, signature: frozenset[int]) -> Iterator[str]:
    """The words whose signature is `signature`, in shortlex order (length, then alphabet order).

    Endless for an infinite cell; stops after the longest word of a finite one (no word is longer
    than the number of product states)."""
    targets = [q for q, s in enumerate(p.sig) if s == signature]
    if not targets:
        return
    k = len(p.alphabet)
    reach = [q in targets for q in range(len(p.delta))]  # can[q]: a target is reachable in exactly L steps
    layers = [reach]
    pumped = _pumped(p)
    finite = not any(pumped[q] for q in targets)
    for length in itertools.count():
        if finite and length >= len(p.delta):
            return
        while len(layers) <= length:
            prev = layers[-1]
            layers.append([any(prev[r] for r in p.delta[q]) for q in range(len(p.delta))])
        yield from _words(p, k, layers, 0, length, "")


def _words(p: Product, k: int, layers: list[list[bool]], q: int, left: int, prefix: str) -> Iterator[str]:
    if not layers[left][q]:
        return
    if left == 0:
        yield prefix
        return
    for i in range(k):
        yield from _words(p, k, layers, p.delta[q][i], left - 1, prefix + p.alphabet[i])


def rank(word: str, alphabet: str) -> int:
    """The word's position in the shortlex order of all words (bijective base-k numeration)."""
    k, n = len(alphabet), 0
    for ch in word:
        n = n * k + alphabet.index(ch) + 1
    return n


def unrank(n: int, alphabet: str) -> str:
    """The n-th word in shortlex order (0 is the empty word)."""
    k, out = len(alphabet), []
    while n > 0:
        n -= 1
        out.append(alphabet[n % k])
        n //= k
    return "".join(reversed(out))
