"""Mutants of the class-file guards of the trusted room (replayproof/trusted/classes/: the predicate
parser's nesting limit, the regex size bound and its repetition count, and the hypothesis names both
domains share). Loaded by benchmarks/mutants.py (`python benchmarks/mutants.py --only class-file`). Each row
is (name, file, old snippet, new snippet, tests); the test is the one that breaks exactly that guard.
"""
from __future__ import annotations

EXPR = "replayproof/trusted/classes/expr.py"
STRINGS = "replayproof/trusted/classes/strings.py"
PARAMS = "replayproof/trusted/classes/params.py"

MUTANTS = [
    ("class-file: parentheses not counted", EXPR, "            if self.open > MAX_DEPTH:", "            if False:",
     ("tests/test_expr.py::test_parentheses_nest_at_most_100_deep",)),
    ("class-file: regex size not bounded", STRINGS, "        if size > MAX_UNROLLED:", "        if False:",
     ("tests/test_strings.py::test_regex_size_is_bounded_on_automata_libs_own_parse",)),
    ("class-file: & and ^ sizes added, not multiplied", STRINGS,
     "isinstance(tok, (UnionToken, ConcatToken)) else max(left, 1) * max(right, 1)",
     "True else max(left, 1) * max(right, 1)",
     ("tests/test_strings.py::test_regex_size_is_bounded_on_automata_libs_own_parse",)),
    ("class-file: repetition count above max_states accepted", STRINGS,
     "            if max(low, high or 0) > max_states:", "            if False:",
     ("tests/test_hostile.py::test_regex_repetition_above_max_states_is_refused_before_the_nfa",)),
    ("class-file: a repeated hypothesis name accepted", PARAMS, "    if name in seen:", "    if False:",
     ("tests/test_cli.py::test_bad_input_is_one_line_and_exit_2",)),
]
