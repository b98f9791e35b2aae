"""A user-written data filter (docs/verify.md, "Black boxes"): drop every input that equals one of
my own earlier outputs, then apply the closure rule to what is left (x_1 when nothing is left)."""
from replayproof.trusted.generators.library import closure

_rules = {}


def filtered_closure(observed, cls):
    rule = _rules.setdefault(id(cls), closure(cls))
    answers = []
    kept = []
    for t in range(1, len(observed) + 1):
        x = observed[t - 1]
        if x not in answers:
            kept.append(x)
        answers.append(rule(tuple(kept)) if kept else observed[0])
    return answers[-1]


filtered_closure.kind = "element"
