"""The uniform-lower-bound checker (threshold/lowerbound.py writes these certificates): after a stream S with
<S> = S finite, every answer is wrong for a member of V(H,S) (docs/threshold.md; docs/kernel.md)."""
from __future__ import annotations

from typing import Any

from ..classes.stringclass import element_from_json
from ..kernel import Mode, judge
from . import CheckResult, register
from .common import Reject
from .source import load_class
from .abstract import Ctx

KIND = "uniform-lower-bound"


@register(KIND)
def check(cert: dict[str, Any]) -> CheckResult:
    """Re-verify with the kernel: the stream is genuine for every listed target, and every answer
    after it is wrong for one of them: stale (in the stream), outside some target (the cell's
    recorded target), or in a cell inside every target, which must then be exhausted by the stream.
    One element per cell decides the whole cell except for staleness (docs/kernel.md)."""
    cls = load_class(cert["class"], cert["cells"])
    ctx = Ctx(cls, False)
    targets = ctx.hyps(cert["targets"], "targets")
    by_cell: dict[frozenset[int], int] = {}
    for k, a in enumerate(cert["answers"]):
        sig = ctx.hyps(a["cell"], f"answers/{k}/cell")
        if sig in by_cell:
            raise Reject(f"answers/{k}: the cell {ctx.show(sig)} is given twice")
        by_cell[sig] = min(ctx.hyps([a["target"]], f"answers/{k}/target"))
    rules, names, show = ctx.rules, ctx.names, ctx.show
    try:
        stream = [element_from_json(cls, x, f"stream/{k}") for k, x in enumerate(cert["stream"])]
    except ValueError as exc:
        raise Reject(f"malformed certificate: {exc}")
    d = cert["refutes_threshold"]
    if len(set(stream)) != d:
        raise Reject(f"the stream has {len(set(stream))} distinct examples, not {d}")
    for t in sorted(targets):
        trace = judge(rules, t, stream, [stream[0]] * len(stream), Mode(replay=False))
        if not trace.legal:
            raise Reject(f"the stream is not legal for target {names[t]} at round {trace.first_illegal}: "
                         "it must be genuine (then it is legal with and without replay)")
    last = len(stream)

    def right_for(t: int, g: int) -> bool:
        return judge(rules, t, stream, [g] * last, Mode(replay=False)).rounds[-1].correct

    shown = set(stream)
    for cell in cls.table.cells:
        sig = cell.signature
        fresh = next((x for x in cls.cell_elements(sig) if x not in shown), None)
        if fresh is None:
            continue  # every element of this finite cell is in the stream: answers there are stale
        if targets <= sig:
            if all(right_for(t, fresh) for t in targets):
                raise Reject(f"the cell {show(sig)} lies inside every target but the stream does not exhaust it: "
                             f"the answer {fresh} is correct for all of {sorted(cert['targets'])}")
            raise Reject(f"the kernel disagrees with the cells on {fresh} (cell {show(sig)})")
        if sig not in by_cell:
            raise Reject(f"no target is given for answers in the cell {show(sig)}")
        t = by_cell[sig]
        if t not in targets:
            raise Reject(f"the target {names[t]} for cell {show(sig)} is not one the stream is legal for")
        if right_for(t, fresh):
            raise Reject(f"an answer in cell {show(sig)} (e.g. {fresh}) is correct for {names[t]}")
    return CheckResult(True, KIND, f"no generator reaches threshold {d} on {cls.name}, with or without "
                                   f"replay: after {stream} every answer is wrong for one of {cert['targets']}")
