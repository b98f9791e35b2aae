"""Mutants of the query-trap-run checker (replayproof/trusted/certificates/query.py), one per guard.

Each entry is (name, file, old snippet, new snippet, tests); benchmarks/mutants.py runs them with the rest.
Every one is killed by tests/test_t71.py's forgery catalogue (an edit aimed at that guard is then accepted).
"""
FILE = "replayproof/trusted/certificates/query.py"
TESTS = ("tests/test_t71.py",)

MUTANTS = [
    # rounds and step_budget are bounded by the schema (strict.py's maximum has its own mutant)
    ("t71: answers fill the rounds unless a stall is recorded", FILE,
     "if stalled is None and len(answers) != cert[\"rounds\"]:", "if False:", TESTS),
    ("t71: queue re-derivation dropped", FILE, "if stream != expected:", "if False:", TESTS),
    ("t71: one trap per non-reference answer", FILE,
     "if [(t, shared) for t, _, shared in listed_traps] != traps:", "if False:", TESTS),
    ("t71: trap rows beyond every answer", FILE, "if row <= max([prev, *answers[:t]]):", "if False:", TESTS),
    ("t71: creation rounds only on traps", FILE,
     "if any(r[\"kind\"] != \"trap\" and r[\"created_round\"] is not None for r in rows.values()):", "if False:",
     TESTS),
    ("t71: spoilers one per answer in order", FILE,
     "if [i for _, i in sorted(spoiled)] != [g for g in answers if g != 0]:", "if False:", TESTS),
    ("t71: no spoiler-less default rows", FILE,
     "if any(r[\"kind\"] == \"default\" and not r[\"spoilers\"] for r in rows.values()):", "if False:", TESTS),
    ("t71: bundled re-run: answers, rows and n", FILE,
     "if (given, derived, n) != (answers + ([None] if stalled else []), recorded, cert[\"n\"]):", "if False:", TESTS),
    ("t71: a stall lies inside the run", FILE, "(stalled != len(answers) + 1 or stalled > cert[\"rounds\"])",
     "(stalled != len(answers) + 1)", TESTS),
    ("t71: branch, target and errors recomputed", FILE,
     "if (cert[\"branch\"], cert[\"target\"], cert[\"errors\"]) != (branch, target, errors):", "if False:", TESTS),
]
