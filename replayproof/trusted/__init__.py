"""The trusted base: everything `replayproof check` relies on to print `valid`, in one room.

The kernel (the rules), the class layer that re-derives a class's exact cells without a solver, the
bundled generators' models, the strict certificate reader with its schemas, and every checker.
It imports no engine and no solver; the engines import it. One paragraph per file: docs/kernel.md.
"""
