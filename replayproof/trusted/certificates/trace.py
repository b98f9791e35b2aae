"""The defeat-trace checker: a stream, the generator's answers, the target, re-judged by the kernel;
a bundled generator re-run (attack/certificate.py writes these certificates)."""
from __future__ import annotations

from typing import Any

from ..classes.stringclass import element_from_json
from ..errors import ReplayproofError
from ..generators.base import ELEMENT, PROPER
from ..generators.library import registered
from ..kernel import Mode, judge
from . import CheckResult, register
from .common import Memo, Reject, bundled_field, generator_name, rerun_agrees
from .source import load_class

KIND = "defeat-trace"


@register(KIND)
def check(cert: dict[str, Any]) -> CheckResult:
    """Re-judge with the kernel; re-run the generator only when the package's table names it."""
    cls = load_class(cert["class"], cert["cells"], name=cert["class_name"])
    names = cls.names
    proper, replay = cert["proper"], cert["replay"]
    for key, name in [("target", cert["target"])] + ([(f"answers/{k}", a) for k, a in enumerate(cert["answers"])]
                                                      if proper else []):
        if name not in names:
            raise Reject(f"{key}: unknown hypothesis {name!r} (known: {', '.join(names)})")
    try:
        inputs = [element_from_json(cls, x, f"inputs/{k}") for k, x in enumerate(cert["inputs"])]
        answers = ([names.index(a) for a in cert["answers"]] if proper
                   else [element_from_json(cls, a, f"answers/{k}") for k, a in enumerate(cert["answers"])])
    except ValueError as exc:
        raise Reject(f"malformed certificate: {exc}")
    target = names.index(cert["target"])
    t, notion, d, settle = cert["failing_round"], cert["notion"], cert["threshold"], cert["settle"]
    horizon = cert["horizon"]  # 1..64 as for attack, by the schema (a test keeps the bounds equal)
    if len(inputs) > horizon:
        raise Reject(f"the stream has {len(inputs)} rounds, more than the horizon {horizon}")
    if notion == "proper-limit":
        if not proper:
            raise Reject("the proper-limit notion needs a proper generator (answers are hypothesis names)")
        if d is not None:
            raise Reject(f"threshold: the proper-limit notion takes none (the settle round {settle} plays its part)")
    elif d is None:
        raise Reject(f"threshold: the {notion} notion needs a threshold")
    elif not 1 <= d <= horizon:
        raise Reject(f"threshold {d} is out of range: it must be from 1 to the horizon {horizon}")
    if not 1 <= t <= len(inputs) or len(answers) != len(inputs):
        raise Reject("failing_round must index the stream, and there must be one answer per input")
    trace = judge(Memo(cls), target, inputs, answers, Mode(replay=replay, proper=proper))
    if not trace.legal or len(trace.rounds) < len(inputs):
        raise Reject(f"round {trace.first_illegal} is not legal: {trace.rounds[-1].why}")
    r = trace.rounds[t - 1]
    if r.correct:
        raise Reject(f"the answer at round {t} is correct for {cert['target']}")
    if notion == "proper-limit" and t <= settle:
        raise Reject(f"round {t} is not after the settle time {settle}")
    if d is not None and r.distinct < d:
        raise Reject(f"round {t} has {r.distinct} distinct examples, fewer than the threshold {d}")
    spec = cert["generator"]
    burn, _ = generator_name(spec)
    label = f"{spec} with d={cert['burn_in_threshold']}" if burn and cert["burn_in_threshold"] else spec
    try:
        gen = registered(spec, cls, cert["burn_in_threshold"])
    except ReplayproofError as exc:
        raise Reject(f"cannot re-run the generator {spec}: {exc}")
    if gen is None:
        rerun = f"answers as recorded; generator not re-run ({spec} is not in the package's table)"
    elif gen.kind != (PROPER if proper else ELEMENT):
        raise Reject(f"the bundled generator {label} answers {'elements' if gen.kind == ELEMENT else 'hypothesis names'}, "
                     f"but the certificate records {'hypothesis names (proper)' if proper else 'elements'}")
    else:
        rerun_agrees(gen, cls, inputs, answers, label)
        rerun = f"answers re-computed by the bundled generator {label}"
    bundled_field(cert["bundled"], gen is not None, label)
    where = f"distinct {r.distinct} >= {d}" if d is not None else f"after settle {settle}"
    kind = "replay" if replay else "standard"
    return CheckResult(True, KIND, f"{kind} stream of {len(inputs)} rounds is legal for {cert['target']} "
                                   f"and the answer at round {t} is wrong ({r.why}; {where}); {rerun}")
