"""The short glossary every page embeds: the definitions of docs/model.md (and the game's
certificates, docs/game.md) in a few lines each, so a page read offline explains its words.
Each entry names the section it condenses; tests/test_explore.py checks the anchors exist."""
from __future__ import annotations

# (id, title, where in the repository, text)
ENTRIES: tuple[tuple[str, str, str, str], ...] = (
    ("hypothesis", "Hypothesis, class, support", "docs/model.md#1-objects",
     "A hypothesis h is a language (its support supp(h)); a class H is a finite, ordered, named list of them. "
     "UUS: every support is infinite."),
    ("proper", "Proper generator and correct answers", "docs/model.md#1-objects",
     "A proper generator answers a hypothesis index after each input. Its answer h_t is correct for the target "
     "h* iff supp(h_t) is a subset of supp(h*). An element-level generator answers an element, correct iff it "
     "is in supp(h*) and not among the examples observed so far (fresh)."),
    ("streams", "Streams: valid, replay, enumeration", "docs/model.md#2-streams",
     "A valid sequence for h* presents only elements of supp(h*). A (proper) replay sequence may also present "
     "any element of the support of an earlier answer (element-level: an earlier answer itself); x_1 is always "
     "genuine. An enumeration presents every element of supp(h*). The generator is not told which inputs "
     "are replays."),
    ("notions", "Notions of generation", "docs/model.md#3-notions-of-generation",
     "Uniform: one threshold d such that once d distinct examples were seen every answer is correct, for every "
     "target and admissible stream. Non-uniform: d may depend on the target. In the limit: on every admissible "
     "enumeration the generator is eventually always correct. Each notion exists standard and with replay."),
    ("cells", "Cells: finite classes are finite games", "docs/model.md#5-cells-finite-classes-are-finite-games",
     "The signature of x is the set of hypotheses containing it; the cell of a signature is the set of such x, "
     "finite or infinite. Elements of one cell are interchangeable, so proper generation in the limit on a "
     "finite class is a finite game that is solved exactly."),
    ("adversary", "Adversary strategy (not-generatable)", "docs/game.md#3-certificates",
     "A finite DAG: each step node presents one element of a cell, and every answer of the generator leads to "
     "a next node; every branch ends in a loop that presents its cells forever, a legal enumeration of its "
     "targets, while every answer given so far is wrong for one of them. So whatever the generator does, some "
     "target is answered wrongly infinitely often."),
    ("generator", "Generator strategy (generatable)", "docs/game.md#3-certificates",
     "A finite-state machine: on an input from each cell it moves to a state and outputs that state's answer. "
     "In every cycle the adversary can stay on forever, the answers are correct for every target it could "
     "enumerate there."),
    ("lasso", "Lasso (defeated in the limit)", "docs/verify.md",
     "A prefix and a cycle of adversary moves against one generator: legal for the target, enumerating it, with "
     "a wrong answer in every copy of the cycle, and the generator back in the same state after each copy, so "
     "the cycle repeats forever."),
    ("trace", "Defeat trace", "docs/attack.md",
     "A finite stream legal for the target and the generator's answers, with a wrong answer at a round that "
     "counts for the notion (past the threshold, or past the settle time)."),
    ("kernel", "The kernel", "docs/kernel.md",
     "replayproof/trusted/kernel.py decides the rules: whether an input is legal (licence), whether an answer is correct "
     "(correct), round by round (Play.step, judge). This page's JavaScript mirrors it (docs/explore.md)."),
)

# Which entries each view links to first.
VIEW_ENTRIES = {
    "adversary": ("adversary", "streams", "proper", "cells", "notions", "kernel"),
    "generator": ("generator", "streams", "proper", "cells", "notions", "kernel"),
    "lasso": ("lasso", "streams", "proper", "notions", "kernel"),
    "trace": ("trace", "streams", "proper", "notions", "kernel"),
    "witness": ("generator", "streams", "proper", "cells", "notions", "kernel"),
    "obstruction": ("adversary", "streams", "proper", "cells", "notions", "kernel"),
    "invariant": ("streams", "proper", "notions", "kernel"),
    "lower": ("streams", "notions", "cells", "kernel"),
}


def entries() -> list[dict[str, str]]:
    return [{"id": i, "title": t, "ref": r, "text": x} for i, t, r, x in ENTRIES]
