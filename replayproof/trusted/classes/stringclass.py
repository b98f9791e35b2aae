"""Classes of regular languages (`domain = "strings"`): the class file section, membership by DFA.

A StringClass is a FiniteClass whose elements are words over its alphabet; every reader of the
cell table works unchanged, and member / signature / cell_elements go through the automata
(replayproof/trusted/classes/strings.py) instead of the integer evaluator. No solver is involved.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from . import cells as C
from . import strings as S
from ..errors import InputError
from .model import FiniteClass
from .params import header, hypotheses

KEYS = {"name", "description", "domain", "alphabet", "max_states", "hypothesis"}


@dataclass(frozen=True)
class StringHypothesis:
    name: str
    dfa: S.Dfa
    text: str  # the regex as written, or "dfa (k states)"


@dataclass(frozen=True)
class StringClass(FiniteClass):
    """A finite class of regular languages over `alphabet`; elements are str."""

    alphabet: str = ""
    automaton: S.Product | None = None

    domain = "strings"

    def member(self, h: int, x: object) -> bool:
        """x in supp(h): x is a word over the alphabet that h's DFA accepts (read off the product)."""
        return h in self.signature(x)

    def signature(self, x: object) -> frozenset[int]:
        q = self.automaton.run(x) if isinstance(x, str) else None
        return frozenset() if q is None else self.automaton.sig[q]

    def cell_elements(self, signature: frozenset[int]) -> Iterator[str]:
        """The cell's words in shortlex order (endless for an infinite cell)."""
        if not signature:
            return iter(())
        return S.shortlex(self.automaton, signature)

    def rank(self, word: str) -> int:
        return S.rank(word, self.alphabet)

    def unrank(self, n: int) -> str:
        return S.unrank(n, self.alphabet)

    def is_element(self, x: object) -> bool:
        """x is a word over the alphabet (the domain X of this class)."""
        return isinstance(x, str) and all(ch in self.alphabet for ch in x)


def from_dict(data: dict[str, Any], source: str, error: type[InputError]) -> StringClass:
    """Build a string class from parsed TOML (classfile.from_dict dispatches here)."""
    name, description = header(data, source, error, KEYS, f"a strings class has: {', '.join(sorted(KEYS))}")
    try:
        alphabet = S.check_alphabet(data.get("alphabet"))
    except S.AutomatonError as exc:
        raise error(f"{source}: {exc}") from None
    max_states = data.get("max_states", S.MAX_STATES)
    if not isinstance(max_states, int) or isinstance(max_states, bool) or not 1 <= max_states <= 10_000_000:
        raise error(f"{source}: max_states must be an integer from 1 to 10000000, not {max_states!r}")
    hyps = _hypotheses(data.get("hypothesis"), alphabet, max_states, source, error)
    try:
        automaton = S.product([h.dfa for h in hyps], max_states)
    except S.AutomatonError as exc:
        raise error(f"{source}: {exc}") from None
    table = _table([h.name for h in hyps], automaton, source, error)
    return StringClass(name, tuple(hyps), table, description, source, alphabet=alphabet, automaton=automaton)


def _hypotheses(raw: Any, alphabet: str, max_states: int, source: str,
                error: type[InputError]) -> list[StringHypothesis]:
    out: list[StringHypothesis] = []  # at most MAX_HYPOTHESES: param_space counts them
    for entry, params, name, label in hypotheses(raw, source, error, ("regex", "dfa"), "regex (or dfa)", minimum=0):
        if ("regex" in entry) == ("dfa" in entry):
            raise error(f"{label}: give exactly one of regex = \"...\" and dfa = {{...}}")
        try:
            if "regex" in entry:
                if not isinstance(entry["regex"], str):
                    raise S.AutomatonError("regex must be a string")
                text = _fill_regex(entry["regex"], params)
                dfa = S.from_regex(text, alphabet, max_states)
            else:
                if params:
                    raise S.AutomatonError("params apply to regex hypotheses only")
                dfa = S.from_table(entry["dfa"], alphabet)
                text = f"dfa ({len(entry['dfa']['transitions'])} states)"
        except S.AutomatonError as exc:
            raise error(f"{label}: {exc}") from None
        out.append(StringHypothesis(name, dfa, text))
    return out


def _fill_regex(text: str, params: dict[str, int]) -> str:
    """A regex with parameters replaced inside its {..} quantifiers: a{n}b*, (ab){1,n}."""
    def quantifier(m: re.Match) -> str:
        inner = m.group(1)
        for p, v in params.items():
            inner = re.sub(rf"\b{re.escape(p)}\b", str(v), inner)
        return "{" + inner + "}"
    return re.sub(r"\{([^{}]*)\}", quantifier, text) if params else text


def _table(names: list[str], automaton: S.Product, source: str, error: type[InputError]) -> C.CellTable:
    """The exact cell table: sizes from the product automaton, all words of finite cells, samples of infinite ones."""
    sizes = S.cell_sizes(automaton)
    elements: dict[frozenset[int], tuple[str, ...]] = {}
    for sig, size in sizes.items():
        if not sig:
            continue
        if size != C.INF and size > S.MAX_FINITE_CELL:
            label = "{" + ", ".join(names[h] for h in sorted(sig)) + "}"
            raise error(f"{source}: the cell {label} is finite with {int(size)} words; replayproof lists finite "
                        f"cells in full, up to {S.MAX_FINITE_CELL} words")
        want = S.SAMPLES if size == C.INF else int(size)
        elements[sig] = tuple(w for w, _ in zip(S.shortlex(automaton, sig), range(want)))
    return C.make_table(names, sizes, elements)


def element_from_json(cls: FiniteClass, raw: object, where: str = "") -> object:
    """An element as a certificate records it: a word over the alphabet for a class of words, else an int.

    ValueError on anything else, so certificate checkers report it as malformed."""
    if isinstance(cls, StringClass):
        if not cls.is_element(raw):
            raise ValueError(f"{raw!r} is not a word over the alphabet {cls.alphabet!r}")
        return raw
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise ValueError(f"at {where}: expected integer, got {type(raw).__name__}" if where else
                         f"{raw!r} is not an integer")
    return raw
