"""The `verify-invariant` and `verify-lasso` checkers: moves, legality, wrong answers, closure, fairness and the
lasso's play re-derived with the kernel; fields and bounds are the schema's (docs/verify.md, §5)."""
from __future__ import annotations

from typing import Any, Iterator

from ..generators.library import BUNDLED, BURN_IN, registered
from . import CheckResult, register
from .common import Reject, bundled_field, components, generator_name, load, rerun_agrees
from ..errors import ReplayproofError
from ..kernel import Mode, correct, judge, licence, missing

KIND_INVARIANT = "verify-invariant"
KIND_LASSO = "verify-lasso"


class Ctx:
    """The class, its cells in certificate order, one concrete element per cell, and the rules."""

    def __init__(self, cert: dict[str, Any]):
        self.cls = load(cert["class"])
        self.names = self.cls.names
        self.kind = cert["answers"]
        self.proper = self.kind == "proper"
        self.replay = cert["replay"]
        self.canonical = cert["canonical"]
        self.model = None  # the package's model of a bundled generator, rebuilt (see _rebuild)
        self.mode = Mode(replay=self.replay, proper=self.proper)
        self.sigs = [c.signature for c in self.cls.table.cells]
        self.size = [None if c.infinite else int(c.size) for c in self.cls.table.cells]
        self.x = []
        for c in self.cls.table.cells:
            x = next(iter(self.cls.cell_elements(c.signature)))
            if self.cls.signature(x) != c.signature:
                raise Reject(f"element {x} does not have the signature of its cell")
            self.x.append(x)

    def cell(self, names: list[str], where: str) -> int:
        if any(nm not in self.names for nm in names):
            raise Reject(f"{where}: {names!r} is not a list of hypothesis names")
        sig = frozenset(self.names.index(nm) for nm in names)
        if sig not in self.sigs:
            raise Reject(f"{where}: the cell {names} is empty in this class")
        return self.sigs.index(sig)

    def answer(self, value: Any, where: str) -> int | None:
        """A hypothesis index (proper), a cell index (fresh) or None (stale)."""
        if self.proper:
            if value not in self.names:
                raise Reject(f"{where}: unknown answer {value!r}")
            return self.names.index(value)
        if value == "stale":
            return None
        if isinstance(value, dict):  # {"fresh": cell}, by the schema
            return self.cell(value["fresh"], where)
        raise Reject(f"{where}: element answer {value!r} is neither \"stale\" nor {{\"fresh\": cell}}")

    def wrong(self, h: int, ans: int | None) -> bool:
        """Whether an answer is wrong for target h, by the kernel on a concrete element."""
        if self.proper:
            return not correct(self.cls, h, set(), ans, self.mode)[0]
        return ans is None or not correct(self.cls, h, set(), self.x[ans], self.mode)[0]

    def legal(self, live: frozenset[int], c: int, earlier: list[int]) -> frozenset[int]:
        return frozenset(h for h in live if licence(self.cls, h, self.x[c], earlier, self.mode)[0])


def _thresholds(ctx: Ctx, cert: dict[str, Any]) -> dict[int, int]:
    """target -> d; the schema makes each d >= 1 and leaves proper-limit none."""
    out = {}
    for nm, d in cert["thresholds"].items():
        if nm not in ctx.names:
            raise Reject(f"thresholds: unknown hypothesis {nm!r}")
        out[ctx.names.index(nm)] = d
    missing = [nm for h, nm in enumerate(ctx.names) if h not in out]
    if missing and cert["notion"] != "proper-limit":
        raise Reject(f"thresholds: {cert['notion']} needs a threshold for every target; none for {', '.join(missing)}")
    if cert["notion"] == "uniform" and len(set(out.values())) != 1:
        raise Reject(f"thresholds: uniform means one d for every target, not {sorted(set(out.values()))}")
    return out


def check(cert: dict[str, Any]) -> CheckResult:
    kind = cert["kind"]
    try:
        ctx = Ctx(cert)
        _rebuild(ctx, cert)
        message = _invariant(ctx, cert) if kind == KIND_INVARIANT else _lasso(ctx, cert)
    except ReplayproofError as exc:  # a Reject is register's invalid result
        return CheckResult(False, kind, f"cannot re-run the generator: {exc}")
    return CheckResult(True, kind, message)


register(KIND_INVARIANT)(check)
register(KIND_LASSO)(check)


def _rebuild(ctx: Ctx, cert: dict[str, Any]) -> None:
    """A bundled name (the package's table; the `bundled` field must agree) gets its model rebuilt here."""
    spec = cert["generator"]
    d = cert["burn_in"]
    burn, inner = generator_name(spec)
    if burn != (d is not None):
        raise Reject("burn_in: a burn-in:<generator> needs its d, any other generator null")
    bundled_field(cert["bundled"], inner in BUNDLED, inner)
    if inner not in BUNDLED:
        return
    from ..generators.models import make_model
    try:
        ctx.model = make_model(spec, ctx.cls, d)
    except ReplayproofError as exc:
        raise Reject(f"generator {spec}: the package has no model of it here: {exc}") from None
    if ctx.model.kind != ctx.kind:
        raise Reject(f"answers: {spec} answers {ctx.model.kind}, not {ctx.kind}")
    if ctx.canonical != ctx.model.canonical:
        raise Reject(f"canonical: the package's model of {spec} is exact on "
                     f"{'cell-canonical streams only' if ctx.model.canonical else 'every stream'}")


Rows = dict[tuple[str, int, str], list[tuple[str, int | None]]]


def _rows(ctx: Ctx, machine: dict[str, Any]) -> Rows:
    """The machine's rows by symbol (state, cell, how), each with its [next state, answer] options: an
    invariant's row lists them, a lasso's (deterministic) row has one, its `to` and `answer`."""
    rows: Rows = {}
    for j, row in enumerate(machine["rows"]):
        key = (row["state"], ctx.cell(row["cell"], f"machine row {j}"), row["how"])
        if key in rows:
            raise Reject(f"machine row {j}: a second row for state {row['state']} and ({row['cell']}, {row['how']})")
        options = row["options"] if "options" in row else [(row["to"], row["answer"])]
        rows[key] = [(str(to), ctx.answer(ans, f"machine row {j}")) for to, ans in options]
    return rows


def _tie(ctx: Ctx, start: str, rows: Rows, used: set[str]) -> None:
    """Every row of a state reachable from the start is the rebuilt model's row, option for option."""
    from ..generators.models import STALE
    model = ctx.model
    ids = {start: model.start()}
    work = [start]
    while work:
        sid = work.pop()
        for (p, c, how), opts in sorted(rows.items()):  # by symbol (symbols are unique)
            if p != sid:
                continue
            mine = {None if a == STALE else a: q2 for q2, a in model.step(ids[sid], c, how)}  # answer -> next state
            recorded = {ans: to for to, ans in opts}
            if len(recorded) != len(opts) or set(recorded) != set(mine):
                raise Reject(f"machine row ({sid}, {_cell(ctx, c)}, {how}): the answers are not those of the "
                             f"package's model of {model.spec}")
            for ans, to in recorded.items():
                if to in ids and ids[to] != mine[ans]:
                    raise Reject(f"machine row ({sid}, {_cell(ctx, c)}, {how}): state {to} stands for two states "
                                 f"of the package's model of {model.spec}")
                if to not in ids:
                    ids[to] = mine[ans]
                    work.append(to)
    for q in sorted(used - set(ids)):
        raise Reject(f"machine state {q} is not reached from the start by the package's model of {model.spec}")


# ---------------------------------------------------------------- invariant

State = tuple[str, tuple[int, ...], frozenset[int], frozenset[int], int]


def _invariant(ctx: Ctx, cert: dict[str, Any]) -> str:
    ds = _thresholds(ctx, cert)
    cap = max(ds.values(), default=0)
    m = cert["machine"]
    rows = _rows(ctx, m)
    inv: set[State] = set()
    for j, s in enumerate(cert["invariant"]):
        q, counts, aux, live, dist = s  # by the schema: five items, each a string, a count or a list of counts
        if not isinstance(counts, list) or len(counts) != len(ctx.sigs):
            raise Reject(f"invariant[{j}]: counts must list one number per cell")
        if not (isinstance(q, str) and isinstance(aux, list) and isinstance(live, list) and isinstance(dist, int)):
            raise Reject(f"invariant[{j}]: a state is [q (string), counts, aux, live (lists of integers), "
                         "distinct (integer)]")
        if any(h >= len(ctx.names) for h in live):
            raise Reject(f"invariant[{j}]: live {live} names a hypothesis index beyond the class's {len(ctx.names)}")
        inv.add((q, tuple(counts), frozenset(aux), frozenset(live), dist))
    if ctx.model is not None:
        _tie(ctx, m["start"], rows, {s[0] for s in inv})
    everyone = frozenset(range(len(ctx.names)))
    start = (m["start"], tuple(0 for _ in ctx.sigs), frozenset(), everyone, 0)
    if start not in inv:
        raise Reject("the start state (no input yet, every target live) is not in the invariant")
    edges: dict[State, list[tuple[State, int, str, frozenset[int]]]] = {}
    for s in inv:
        edges[s] = []
        for c, how, live2, new in _moves(ctx, s):
            if not live2:
                continue
            q, counts, aux, _, dist = s
            key = (q, c, how)
            if key not in rows:
                raise Reject(f"{_show(ctx, s)}: the machine has no row for ({_cell(ctx, c)}, {how})")
            counts2, aux2, dist2 = counts, aux, dist
            if new:
                cap_c = 1 if ctx.size[c] is None else ctx.size[c]
                counts2 = counts[:c] + (min(counts[c] + 1, cap_c),) + counts[c + 1:]
                dist2 = min(dist + 1, cap)
                if how == "echo":
                    aux2 = aux - {c}
            for to, ans in rows[key]:
                aux3, judged = aux2, ans
                if ctx.proper:
                    aux3 = aux2 | {ans}
                elif ans is not None:
                    if ans not in aux2 and ctx.size[ans] is not None and counts2[ans] >= ctx.size[ans]:
                        judged = None
                    else:
                        aux3 = aux2 | {ans}
                t = (to, counts2, aux3, live2, dist2)
                if t not in inv:
                    raise Reject(f"{_show(ctx, s)}: after ({_cell(ctx, c)}, {how}) and answer {ans!r} the state "
                                 f"{_show(ctx, t)} is not in the invariant (not closed)")
                wrong = frozenset(h for h in live2 if ctx.wrong(h, judged))
                for h in sorted(wrong):
                    if h in ds and dist2 >= ds[h]:
                        raise Reject(f"{_show(ctx, s)}: after ({_cell(ctx, c)}, {how}) the answer is wrong for "
                                     f"{ctx.names[h]} with {dist2} >= {ds[h]} distinct examples")
                edges[s].append((t, c, how, wrong))
    cycles = 0
    if cert["notion"] == "proper-limit":
        for comp in components(edges):
            inner = [(c, how, wrong) for u in comp for v, c, how, wrong in edges[u] if v in comp]
            if inner:
                cycles += 1
                _fair(ctx, comp, inner)
    mode = "with replay" if ctx.replay else "without replay"
    what = (f"no fair cycle of its {cycles} strongly connected components answers wrongly for a target it enumerates"
            if cert["notion"] == "proper-limit" else "no answer in it is wrong once the threshold is met")
    learned = ctx.model is None and _user_code(cert["generator"])
    # user code: the machine was learned from it (verify/learn.py), so what is verified is that machine, never the
    # code (which check does not run): the engine's word, not "verified (every stream)" of a name check never ran
    word = "verified-canonical" if ctx.canonical else "verified-for-learned-model" if learned else "verified"
    spec = cert["generator"] + (f" with d={cert['burn_in']}" if cert["burn_in"] is not None else "")  # burn-in's own d
    tied = (f"model of {spec} rebuilt from the package and compared row by row" if ctx.model is not None
            else f"machine as recorded (learned from the user code {cert['generator']}, which check does not run: "
                 "no claim about the code)" if learned
            else f"machine as recorded ({cert['generator']} is not a bundled generator)")
    scope = (" (cell-canonical streams only)" if ctx.canonical else " (every stream of the learned machine)" if learned
             else " (every stream)")
    targets = ("" if cert["notion"] == "proper-limit" else
               " d=" + str(ds[0]) if cert["notion"] == "uniform" else
               " " + ",".join(f"{ctx.names[h]}={ds[h]}" for h in sorted(ds)))
    return (f"{word} {cert['notion']}{targets} {mode}{scope}: the {len(inv)} product states contain the start, are "
            f"closed under every adversary move and every answer of the machine, and {what}; {tied}")


def _user_code(spec: str) -> bool:
    """Whether a (non-bundled) generator name is user code, file.py:function or module:function, whose machine
    verify learns (generators/under_test.py, `learned`), rather than a machine file (.json/.toml or a bundled one's
    name), which is exactly the machine it records."""
    where, _, fn = spec.removeprefix(BURN_IN).rpartition(":")
    return bool(where and fn) and not (spec.endswith((".json", ".toml")) and not where.endswith(".py"))


def _moves(ctx: Ctx, s: State):
    """(cell, how, live after, new?) per adversary move, re-derived with the kernel's licence."""
    _, counts, aux, live, _ = s
    for c in range(len(ctx.sigs)):
        k = counts[c]
        if k:
            yield c, "repeat", live, False
        if ctx.proper:
            if ctx.size[c] is None or k < ctx.size[c]:
                yield c, "new", ctx.legal(live, c, sorted(aux)), True
            continue
        pending = 1 if c in aux else 0
        if pending:
            yield c, "echo", ctx.legal(live, c, [ctx.x[c]]), True
        if (ctx.size[c] is None or ctx.size[c] - k - pending >= 1) and not (pending and ctx.canonical):
            yield c, "new", ctx.legal(live, c, []), True


def _fair(ctx: Ctx, comp: set, inner: list) -> None:
    """No target enumerable by staying in this component forever is answered wrongly there. Counts and
    answers only grow and live targets only shrink along the edges built above (proper-limit is proper,
    by the schema), so they are one and the same on a strongly connected component."""
    states = sorted(comp)
    _, counts, _, live, _ = states[0]
    for h in sorted(live):
        mine = [c for c, sig in enumerate(ctx.sigs) if h in sig]
        if any(ctx.size[c] is not None and counts[c] < ctx.size[c] for c in mine):
            continue
        if any(ctx.size[c] is None and not any(e[0] == c and e[1] != "repeat" for e in inner) for c in mine):
            continue
        if any(h in wrong for _, _, wrong in inner):
            raise Reject(f"{_show(ctx, states[0])}: a cycle there enumerates {ctx.names[h]} legally and answers "
                         f"wrongly for it infinitely often")


def _cell(ctx: Ctx, c: int) -> str:
    return "{" + ", ".join(ctx.names[h] for h in sorted(ctx.sigs[c])) + "}"


def _show(ctx: Ctx, s: State) -> str:
    q, counts, aux, live, dist = s
    what = "answers" if ctx.proper else "pending cells"
    return (f"state ({q}, counts {list(counts)}, {what} {sorted(aux)}, live "
            f"{{{', '.join(ctx.names[h] for h in sorted(live))}}}, distinct {dist})")


# ---------------------------------------------------------------- lasso

def _lasso(ctx: Ctx, cert: dict[str, Any]) -> str:
    if cert["target"] not in ctx.names:
        raise Reject(f"target: unknown hypothesis {cert['target']!r}")
    h = ctx.names.index(cert["target"])
    k = cert["unroll"]  # 2..16, by the schema
    m = cert["machine"]
    rows = _rows(ctx, m)
    prefix, cycle = ([(ctx.cell(mv["cell"], f"{name}[{j}]"), mv["how"]) for j, mv in enumerate(cert[name])]
                     for name in ("prefix", "cycle"))
    for c, how in cycle:
        if how == "new" and ctx.size[c] is not None:
            raise Reject(f"the cycle takes a new element of the finite cell {_cell(ctx, c)} (size {ctx.size[c]}): "
                         "it runs out, so the cycle cannot repeat forever")
    start = m["start"]
    if ctx.model is not None:
        _tie(ctx, start, rows, {key[0] for key in rows})
    plan = prefix + cycle * k
    inputs = _inputs(ctx, plan)
    n0, n1 = len(prefix), len(cycle)
    q, states, answers = start, [start], []
    for t, (c, how) in enumerate(plan):
        if (q, c, how) not in rows:
            raise Reject(f"round {t + 1}: the machine has no row for state {q} and ({_cell(ctx, c)}, {how})")
        q, ans = rows[(q, c, how)][0]
        states.append(q)
        answers.append(ans)
    marks = states[n0::n1]  # the machine's state at the end of the prefix and of every copy of the cycle
    # Same state at every copy's end + identical symbols + deterministic rows: every copy after the first
    # gives the same answers, so the answers so far (all that legality depends on) stop changing; no new
    # element comes from a finite cell, so every copy can be presented again: the play repeats forever.
    if len(set(marks)) != 1:
        raise Reject(f"the machine's state at the ends of the cycle copies is {marks}: the play is not periodic")
    trace = judge(ctx.cls, h, inputs, answers, ctx.mode)
    if not trace.legal:
        r = trace.rounds[-1]
        raise Reject(f"the kernel finds round {r.t} (input {r.x}) illegal for {cert['target']}: {r.why}")
    for j in range(k):
        if all(r.correct for r in trace.rounds[n0 + j * n1: n0 + (j + 1) * n1]):
            raise Reject(f"copy {j + 1} of the cycle has no wrong answer for {cert['target']}")
    finite = [x for c, sig in enumerate(ctx.sigs) if h in sig and ctx.size[c] is not None
              for x in ctx.cls.cell_elements(sig)]
    if missing(ctx.cls, h, inputs[:n0 + n1], finite):
        raise Reject(f"the play never presents {missing(ctx.cls, h, inputs, finite)} of {cert['target']}: "
                     "no enumeration")
    for c, sig in enumerate(ctx.sigs):
        if h in sig and ctx.size[c] is None and (c, "new") not in cycle:
            raise Reject(f"the cycle never presents a new element of the infinite cell {_cell(ctx, c)} of "
                         f"{cert['target']}: no enumeration")
    gen = registered(cert["generator"], ctx.cls, cert["burn_in"]) if ctx.model is not None else None
    if gen is None:
        rerun = f"machine as recorded ({cert['generator']} is not a bundled generator; not re-run)"
    else:
        rerun_agrees(gen, ctx.cls, inputs, answers, cert["generator"])
        rerun = (f"answers re-computed by the bundled generator {cert['generator']}, its model rebuilt from the "
                 "package and compared row by row")
    mode = "with replay" if ctx.replay else "without replay"
    return (f"defeated proper-limit {mode}: the prefix of {n0} rounds and {k} copies of the {n1}-round cycle are "
            f"legal for {cert['target']} by the kernel, enumerate it, answer wrongly in every copy, and leave the "
            f"machine in state {marks[0]} at every copy's end, and every new element of the cycle comes from an infinite cell, so the play repeats forever; {rerun}")


def _inputs(ctx: Ctx, plan: list[tuple[int, str]]) -> list[int]:
    """The checker's own concretization of a proper play (independent of verify.concrete, compared with it
    by tests/test_verify_issue21.py): `new` = the first (near 0) element of the cell not presented yet,
    `repeat` = the cell's first element, which its first `new` presented."""
    inputs: list[int] = []
    seen: set[int] = set()
    unseen: dict[int, Iterator[int]] = {}  # per cell, its elements in order; those passed were presented
    for t, (c, how) in enumerate(plan, 1):
        if how == "repeat":
            x = ctx.x[c]
            if x not in seen:
                raise Reject(f"round {t}: repeat of {_cell(ctx, c)}, which was never presented")
        else:
            it = unseen.setdefault(c, iter(ctx.cls.cell_elements(ctx.sigs[c])))
            x = next((v for v in it if v not in seen), None)
            if x is None:
                raise Reject(f"round {t}: no unobserved element of {_cell(ctx, c)} is left for a new input")
            if ctx.cls.signature(x) != ctx.sigs[c]:
                raise Reject(f"round {t}: the input {x} is not in the cell {_cell(ctx, c)}")
        inputs.append(x)
        seen.add(x)
    return inputs
