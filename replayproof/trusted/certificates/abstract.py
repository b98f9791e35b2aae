"""What the replay-variant, finitely-many and proper-limit checkers share (docs/variants.md §4, §7b;
docs/game.md §3-§4): the class context, one `check` for both kinds of a model, a play's abstract state,
the input a move names, the adversary's walk and loop judgment, the generator's machine, product and cycles.

A play's abstract state: distinct elements presented per finite cell, the answers so far, the answers
still too young to replay with their age (none under delay 1), and per target the replays and noise
inputs it used where the model fixes their number (-1 once an input was illegal for it). Plays with one
abstract state are judged alike from then on (legality and cost depend on an input's signature, the
answers old enough to copy and those counters), so each abstract state is judged once. Along a round
counts and answers only grow, counters only increase and young answers only age: every state of a
strongly connected part of the generator's product is one and the same.
"""
from __future__ import annotations

from collections import Counter, deque
from typing import Any, Callable

from . import CheckResult, register
from ..classes import cells as C
from .common import Memo, Reject, by_id, components, load, settled
from ..kernel import Mode, Play, correct, enumerates, licence, start
from ..classes.model import FiniteClass


SAMPLES = 3  # elements checked per infinite cell (all elements of a cell share its signature)


class Ctx:
    """The class, its cells by signature, concrete elements and the rules (mode) of the claim."""

    def __init__(self, cls: FiniteClass, replay: bool):
        self.cls = cls
        self.rules = Memo(cls)
        self.names = cls.names
        self.index = {nm: k for k, nm in enumerate(cls.names)}
        self.mode = Mode(replay=replay, proper=True)
        self.cells = {c.signature: c for c in cls.table.cells}
        self._elements: dict[frozenset[int], list[int]] = {}
        self._legal: dict[tuple[int, frozenset[int]], frozenset[int]] = {}
        self._hyps: dict[tuple[str, ...], frozenset[int]] = {}
        self._all: dict[frozenset[int], list[int]] = {}
        self.cells_of = {h: [sig for sig in self.cells if h in sig] for h in range(cls.n)}
        # the finite cells, in the order of an abstract state's counts
        self.finite = [sig for sig in sorted(self.cells, key=sorted) if self.cells[sig].size != C.INF]
        self.cycles: set[tuple] = set()  # (target, its part of an abstract state, inputs): a loop cycle judged legal
        self.left: dict[tuple[int, frozenset], int] = {}  # `left`, memoised
        self.inputs: set[tuple] = set()  # `verdict` keys of loop inputs judged legal, no counted replay or noise

    def hyps(self, names: list[str], where: str) -> frozenset[int]:
        key = tuple(names)
        hit = self._hyps.get(key)
        if hit is not None:
            return hit
        out = set()
        for nm in names:
            if nm not in self.index:
                raise Reject(f"{where}: unknown hypothesis {nm!r} (known: {', '.join(self.names)})")
            out.add(self.index[nm])
        hit = self._hyps[key] = frozenset(out)
        return hit

    def show(self, hs) -> str:
        return "{" + ", ".join(self.names[h] for h in sorted(hs)) + "}"

    def cell(self, names: list[str], where: str) -> frozenset[int]:
        sig = self.hyps(names, where)
        if sig not in self.cells:
            raise Reject(f"{where}: the cell {self.show(sig)} is empty in this class")
        return sig

    def elements(self, sig: frozenset[int], k: int | None = None) -> list[int]:
        """The first k elements of a cell (all of a finite one when k is None), signature-checked."""
        if k is None:
            hit = self._all.get(sig)
            if hit is None:
                hit = self._all[sig] = self._elements_upto(sig, None)
            return hit
        return self._elements_upto(sig, k)

    def _elements_upto(self, sig: frozenset[int], k: int | None) -> list[int]:
        size = self.cells[sig].size
        want = SAMPLES if k is None and size == C.INF else (int(size) if k is None else k)
        have = self._elements.setdefault(sig, [])
        if len(have) < want:
            have[:] = [x for _, x in zip(range(want), self.cls.cell_elements(sig))]
            for x in have:
                if self.rules.signature(x) != sig:
                    raise Reject(f"element {x} of cell {self.show(sig)} has signature "
                                 f"{self.show(self.rules.signature(x))}")
        return have[:want]

    def legal_for(self, x: int, answers: frozenset[int]) -> frozenset[int]:
        """The targets for which x may be presented after these answers (kernel.licence, memoised)."""
        key = (x, answers)
        hit = self._legal.get(key)
        if hit is None:
            earlier = sorted(answers)
            hit = self._legal[key] = frozenset(h for h in range(self.cls.n)
                                               if licence(self.rules, h, x, earlier, self.mode)[0])
        return hit


def checker(adversary_kind: str, generator_kind: str, model: Callable[[Any], Any],
            adversary: Callable[..., str], generator: Callable[..., str]) -> None:
    """Register one `check` for both kinds; their fields, model keys and types are the schema's
    (validated before any checker runs)."""
    def check(cert: dict[str, Any]) -> CheckResult:
        """Load the class (no solver), read the model, then check the strategy under that model (a `Reject`
        is `register`'s invalid result)."""
        kind = cert.get("kind", "?")
        try:
            try:
                variant = model(cert["model"])
            except ValueError as exc:
                raise Reject(f"model: {exc}") from None
            ctx = Ctx(load(cert["class"]), True)
            ctx.mode = variant.mode
            message = (adversary if kind == adversary_kind else generator)(ctx, cert, variant)
        except (KeyError, TypeError, AttributeError, IndexError) as exc:  # a malformed part the schema let through
            what = f"missing field {exc}" if isinstance(exc, KeyError) else f"{type(exc).__name__}: {exc}"
            return CheckResult(False, kind, f"malformed certificate: {what}")
        return CheckResult(True, kind, message)
    register(adversary_kind)(check)
    register(generator_kind)(check)


def shared(ctx: Ctx, some: Play) -> tuple:
    """The part of the abstract state every target's play shares: presented finite cells, answers, young answers."""
    t, delay = some.t, ctx.mode.delay
    per = Counter(ctx.rules.signature(x) for x in some.seen)
    counts = tuple(per[sig] for sig in ctx.finite)
    answers = frozenset(a for a, _ in some.answered)
    young = tuple(sorted((a, t + 1 - first) for a, first in some.answered if first > t + 1 - delay))
    return counts, answers, young


def used(p: Play | None, mode: Mode) -> tuple[int, int] | int:
    """One target's counters: (replays, noise) used where the model fixes their number (else 0), or -1 once
    an input was illegal."""
    return -1 if p is None else (p.replays if isinstance(mode.budget, int) else 0,
                                 p.noises if isinstance(mode.noise, int) else 0)


def state(ctx: Ctx, plays: list[Play | None]) -> tuple:
    """The abstract state of one stream judged for every target (None: the input was illegal for it)."""
    some = next((p for p in plays if p is not None), None)
    if some is None:
        return ("dead",)
    return (*shared(ctx, some), tuple(used(p, ctx.mode) for p in plays))


def synthetic(ctx: Ctx, h: int, state: tuple, seen: frozenset) -> Play | None:
    """A kernel play for target h in the abstract state (rounds renumbered: old answers at round 1)."""
    counts, answers, young, counters = state
    if counters[h] == -1:
        return None
    t, ages = ctx.mode.delay, dict(young)
    answered = sorted(((a, 1 if a not in ages else t + 1 - ages[a]) for a in answers), key=lambda e: (e[1], e[0]))
    return Play(h, ctx.mode, t, seen, tuple(answered), *counters[h])


def presented(ctx: Ctx, counts: tuple[int, ...]) -> frozenset:
    """The elements of finite cells presented in an abstract state (each cell's first `count`: `element`
    presents a finite cell's elements in order)."""
    return frozenset(x for sig, k in zip(ctx.finite, counts) for x in ctx.elements(sig)[:k])


def left(ctx: Ctx, h: int, seen: frozenset) -> int:
    """Elements of h's finite cells never presented (memoised per (h, seen): all it reads but the class)."""
    got = ctx.left.get((h, seen))
    if got is None:
        got = ctx.left[h, seen] = sum(1 for sig in ctx.cells_of[h] if ctx.cells[sig].size != C.INF
                                      for x in ctx.elements(sig) if x not in seen)
    return got


def element(ctx: Ctx, sig: frozenset[int], how: str, seen: frozenset, where: str) -> int:
    """The concrete input: the first element of the cell not seen yet ("new"/"any") or its first ("repeat")."""
    if how == "repeat":
        x = ctx.elements(sig, 1)[0]
        if x not in seen:
            raise Reject(f"{where}: repeats cell {ctx.show(sig)}, which was never presented")
        return x
    if how not in ("new", "any"):
        raise Reject(f"{where}: element must be \"new\" or \"repeat\", not {how!r}")
    size = ctx.cells[sig].size
    k = 1
    while True:
        if size != C.INF and k > size:
            raise Reject(f"{where}: cell {ctx.show(sig)} has no element left that was not presented")
        x = ctx.elements(sig, k)[k - 1]
        if x not in seen:
            return x
        k += 1


def verdict(h: int, sig: frozenset[int], answers: frozenset[int], young: tuple, u: tuple[int, int]) -> tuple:
    """The memo key of an input's judgment for target h (legal; a replay; noise) from a play with these answers
    so far, young answers (with ages) and counters `u` (`used`): all `kernel.Play.step` reads for it. It
    reads the input only by membership (its signature `sig`), the round's answer only after the judgment,
    and a counter only against an int limit, which is when `used` keeps it. An input in the target is
    licensed before any answer is read (`kernel.licence` returns at `member`: no replay), so its key leaves
    the answers out; any other input reads which answers license it and which are old enough to copy."""
    return (h, sig, u) if h in sig else (h, sig, answers, young, u)


class Judge:
    """The kernel's judgment of one more round from an abstract state: a target's play is rebuilt from it
    (`synthetic`) and its judgment of an input memoised per `verdict` key. Every edge's answers, ages and
    presented cells come from a kernel step as well."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.memo: dict[tuple, tuple[int, int] | int] = {}
        self.presented: dict[tuple[int, ...], frozenset] = {}
        self.cells: dict[tuple, tuple[int, ...]] = {}
        self.ages: dict[tuple, tuple] = {}

    def seen(self, counts: tuple[int, ...]) -> frozenset:
        """`presented`, memoised."""
        got = self.presented.get(counts)
        if got is None:
            got = self.presented[counts] = presented(self.ctx, counts)
        return got

    def after(self, state: tuple, x: int, answers: range | list[int]) -> list[tuple]:
        """The abstract states after input x and each of the answers, every target judged by `kernel.Play.step`
        (once per target: the kernel judges an input before it reads the round's answer)."""
        ctx = self.ctx
        counts, so_far, young, counters = state
        sig = ctx.rules.signature(x)
        out: list[tuple[int, int] | int] = []
        legal = -1
        for h, u in enumerate(counters):
            if u == -1:
                out.append(-1)
                continue
            key = verdict(h, sig, so_far, young, u)
            got = self.memo.get(key)
            if got is None:
                nxt, r = synthetic(ctx, h, state, self.seen(counts)).step(ctx.rules, x, answers[0])
                got = self.memo[key] = used(nxt if r.legal else None, ctx.mode)
            if legal == -1 and got != -1:
                legal = h
            out.append(got)
        if legal == -1:
            return [("dead",)] * len(answers)
        # presented cells, answers and ages after the round: the same for every target (`Play.step` computes
        # them apart from the judgment); the cells presented depend only on the input (and are the same for
        # every element of an infinite cell), the answers and ages only on the answer
        judged, which = tuple(out), sig if ctx.cells[sig].size == C.INF else x
        states = []
        for b in answers:
            ckey, akey = (counts, which), (so_far, young, b)
            cells, ages = self.cells.get(ckey), self.ages.get(akey)
            if cells is None or ages is None:
                nxt, r = synthetic(ctx, legal, state, self.seen(counts)).step(ctx.rules, x, b)
                cells, so_far2, young2 = shared(ctx, nxt)
                ages = (so_far2, young2)
                self.cells[ckey], self.ages[akey] = cells, ages
            states.append((cells, *ages, judged))
        return states


# ---------------------------------------------------------------- adversary

def walk(ctx: Ctx, cert: dict[str, Any], words: str, differ: str, loop: Callable[..., int],
         pick: Callable[..., int] | None = None, part: Callable[[tuple], tuple] = lambda st: st) -> tuple[int, int]:
    """Walk an adversary's DAG from the root, every node's abstract state by `Judge.after`: a node reached
    twice must be reached in a state with one `part` (`differ` says what then differs), its records must be
    the state's, a step needs a successor for every answer, a loop (checked by `loop(node, state, alive,
    answers, seen, where)`, which returns the loop's first input) one for every new answer and none for an
    old one. Every node must be reachable and the graph acyclic. A step's input is `pick(cell, node, seen,
    where)`, by default the element its `element` names. Returns (nodes, loops)."""
    if pick is None:
        pick = lambda sig, node, seen, here: element(ctx, sig, node["element"], seen, here)  # noqa: E731
    nodes = by_id(cert["nodes"], "node")
    n = len(ctx.names)
    root = cert["root"]
    if root not in nodes:
        raise Reject(f"root node {root!r} does not exist")
    judge = Judge(ctx)
    abstract: dict[str, tuple] = {root: state(ctx, [start(ctx.rules, h, ctx.mode) for h in range(n)])}
    seen_at: dict[str, frozenset] = {root: frozenset()}  # the elements presented on the first play reaching a node
    children: dict[str, list[str]] = {}
    queue, loops = deque([root]), 0

    def where(nid: str) -> str:
        st = abstract[nid]
        o, alive = (frozenset(), ()) if st == ("dead",) else (st[1], (h for h, u in enumerate(st[3]) if u != -1))
        return f"node {nid} (answers so far {ctx.show(o)}, legal for {ctx.show(alive)}, {words})"

    def visit(parent: str, nid: str, got: tuple, x: int) -> None:
        if nid not in nodes:
            raise Reject(f"{where(parent)}: successor {nid!r} does not exist")
        if nid in abstract:
            if part(abstract[nid]) != part(got):
                raise Reject(f"node {nid} is reached by plays in different states ({differ}), so one strategy "
                             "there cannot be judged once")
        else:
            abstract[nid], seen_at[nid] = got, seen_at[parent] | {x}
            queue.append(nid)
        children[parent].append(nid)

    while queue:
        nid = queue.popleft()
        node, st = nodes[nid], abstract[nid]
        children[nid] = []
        if st == ("dead",):
            raise Reject(f"node {nid}: the play is illegal for every target under {words}, "
                         "which hands it to the generator")
        answers, alive = st[1], frozenset(h for h, u in enumerate(st[3]) if u != -1)
        here = where(nid)
        rec = (ctx.hyps(node["answers_so_far"], f"node {nid}"), ctx.hyps(node["legal_for"], f"node {nid}"))
        if rec != (answers, alive):
            raise Reject(f"{here}: records answers so far {ctx.show(rec[0])} and legal for {ctx.show(rec[1])}")
        nxt = node["next"]
        for key in nxt:
            if key not in ctx.index:
                raise Reject(f"{here}: successor for unknown answer {key!r}")
        seen = seen_at[nid]
        if node["move"] == "step":
            sig = ctx.cell(node["present"], here)
            x = pick(sig, node, seen, here)
            for b in range(n):
                if ctx.names[b] not in nxt:
                    raise Reject(f"{here}: no successor for answer {ctx.names[b]}")
            for b, got in enumerate(judge.after(st, x, range(n))):
                visit(nid, nxt[ctx.names[b]], got, x)
        elif node["move"] == "loop":
            loops += 1
            if not answers:
                raise Reject(f"{here}: a loop needs at least one earlier answer")
            first = loop(node, st, alive, answers, seen, here)
            for b in range(n):
                if b in answers and ctx.names[b] in nxt:
                    raise Reject(f"{here}: answer {ctx.names[b]} is already in O, so the loop must absorb it")
                if b not in answers:
                    if ctx.names[b] not in nxt:
                        raise Reject(f"{here}: no successor for the new answer {ctx.names[b]}")
            fresh = [b for b in range(n) if b not in answers]
            for b, got in zip(fresh, judge.after(st, first, fresh) if fresh else []):
                visit(nid, nxt[ctx.names[b]], got, first)
        else:
            raise Reject(f"{here}: move must be \"step\" or \"loop\"")
    settled(nodes, abstract, children)
    return len(nodes), loops


def judge_loop(ctx: Ctx, node: dict[str, Any], st: tuple, alive: frozenset[int], answers: frozenset[int],
               seen: frozenset, where: str, inputs: Callable[[frozenset[int]], list[int]]) -> int:
    """One cycle of a loop (`inputs(cell)`: what it presents of each of its cells) judged for every target
    still in: legal, no replay used (under a budget), no noise; with successors, no answer too young to
    copy after its first input (so a new answer leaves the same state in every cycle). Its targets must be
    legal, their infinite cells presented and their finite cells presented (before the loop: `seen`, or
    in it) but for the omissions allowed; every answer so far wrong for one of them. Returns the cycle's
    first input."""
    if not node["present"]:
        raise Reject(f"{where}: the loop presents nothing")
    still = [ctx.names[a] for a, age in st[2] if age + 1 < ctx.mode.delay]  # too young after the first input
    if still and len(answers) < len(ctx.names):  # a new answer in a later cycle would leave another state
        raise Reject(f"{where}: a loop with successors must start where every answer is old enough to copy after "
                     f"its first input, but {', '.join(still)} is not under replay delay {ctx.mode.delay}")
    sigs = [ctx.cell(c, where) for c in node["present"]]
    cycle = [x for s in sigs for x in inputs(s)]
    order = sorted(answers)
    # a target's play before the cycle's k-th input: these answers, the young ones aged k rounds, its counters
    # (`used`): a cycle adds no answer, and an input judged fine uses no counted replay or noise
    ages = [tuple((a, age + k) for a, age in st[2] if age + k < ctx.mode.delay) for k in range(len(cycle))]
    for h in sorted(alive):
        key = (h, st[1], st[2], st[3][h], tuple(cycle))  # all `synthetic` and the steps read, once per check
        if key in ctx.cycles:
            continue
        for k, x in enumerate(cycle):
            fine = verdict(h, ctx.rules.signature(x), st[1], ages[k], st[3][h])
            if fine in ctx.inputs:
                continue
            play = synthetic(ctx, h, (st[0], st[1], ages[k], st[3]), frozenset())
            before = play.replays, play.noises
            play, r = play.step(ctx.rules, x, order[k % len(order)])
            if not r.legal:
                raise Reject(f"{where}: loop input {x} is illegal for {ctx.names[h]}: {r.why}")
            if ctx.mode.budget is not None and play.replays != before[0]:
                raise Reject(f"{where}: loop input {x} is a replay for {ctx.names[h]}; a loop repeated forever "
                             f"would exceed the replay budget {ctx.mode.budget}")
            if play.noises != before[1]:
                raise Reject(f"{where}: loop input {x} is noise for {ctx.names[h]}; a loop repeated forever "
                             f"would exceed the noise budget {ctx.mode.noise}")
            ctx.inputs.add(fine)
        ctx.cycles.add(key)
    targets = ctx.hyps(node["enumerates"], where)
    if not targets:
        raise Reject(f"{where}: the loop enumerates no target")
    covered = seen | frozenset(cycle)
    for h in sorted(targets):
        if h not in alive:
            raise Reject(f"{where}: claims to enumerate {ctx.names[h]}, but the play is not legal for it")
        for sig in ctx.cells_of[h]:
            if ctx.cells[sig].size == C.INF and sig not in sigs:
                raise Reject(f"{where}: claims to enumerate {ctx.names[h]}, but never presents its infinite "
                             f"cell {ctx.show(sig)}")
        missing = left(ctx, h, covered)
        if not enumerates(missing, ctx.mode):
            raise Reject(f"{where}: claims to enumerate {ctx.names[h]}, but {missing} element(s) of its finite "
                         f"cells are never presented (at most {ctx.mode.omit} may be omitted)")
    wrong = node["wrong"]
    for key in wrong:
        if key not in ctx.index or ctx.index[key] not in answers:
            raise Reject(f"{where}: 'wrong' lists {key!r}, which is not an answer so far")
    for a in sorted(answers):
        label = ctx.names[a]
        if label not in wrong:
            raise Reject(f"{where}: answer {label} may be repeated forever, but no target it is wrong for is given")
        t = wrong[label]
        if t not in ctx.index or ctx.index[t] not in targets:
            raise Reject(f"{where}: answer {label} is claimed wrong for {t}, which the loop does not enumerate")
        ok, _ = correct(ctx.rules, ctx.index[t], seen, a, ctx.mode)
        if ok:
            raise Reject(f"{where}: answer {label} is claimed wrong for {t}, but the kernel says supp({label}) "
                         f"is inside supp({t})")
    return cycle[0]


# ---------------------------------------------------------------- generator

Round = Callable[[tuple, frozenset, int, int], "tuple[tuple, Any] | None"]


def machine(ctx: Ctx, cert: dict[str, Any], element: bool = True
            ) -> tuple[dict[str, dict[str, Any]], str, dict[str, int | None], dict[str, dict[tuple, str]]]:
    """Read a generator's finite-state machine: its states by id, the start, each state's answer and its
    transitions by (cell, element word). The proper-limit machine (`element` False) reacts to the cell
    alone: each of its transitions is on "any" element of its cell."""
    states = by_id(cert["states"], "state")
    s0 = cert["start"]
    if s0 not in states:
        raise Reject(f"start state {s0!r} does not exist")
    answer: dict[str, int | None] = {}
    table: dict[str, dict[tuple[frozenset[int], str], str]] = {}
    for sid, st in states.items():
        ans = st["answer"]
        if ans is not None and ans not in ctx.index:
            raise Reject(f"state {sid}: unknown answer {ans!r}")
        answer[sid] = None if ans is None else ctx.index[ans]
        tab: dict[tuple[frozenset[int], str], str] = {}
        for edge in st["on"]:
            sig = ctx.cell(edge["cell"], f"state {sid}")
            how = edge["element"] if element else "any"
            if element and how not in (("any",) if ctx.cells[sig].size == C.INF else ("new", "repeat")):
                raise Reject(f"state {sid}: element {how!r} for cell {ctx.show(sig)} (an infinite cell takes \"any\", "
                             "a finite one \"new\" or \"repeat\")")
            if (sig, how) in tab:
                raise Reject(f"state {sid}: two transitions on {how} elements of cell {ctx.show(sig)}")
            if edge["to"] not in states:
                raise Reject(f"state {sid}: on cell {ctx.show(sig)} goes to missing state {edge['to']!r}")
            tab[sig, how] = edge["to"]
        table[sid] = tab
    return states, s0, answer, table


def product(ctx: Ctx, cert: dict[str, Any], judge: Round, any_word: str = "any"
            ) -> tuple[str, dict[str, int | None], dict[tuple, list[tuple[tuple, frozenset, Any]]]]:
    """Read the generator's machine (`machine`) and explore its product with the abstract state from the
    start. `judge(state, presented, input, answer)` is one round: (the next abstract state, the edge's
    label), or None when the round is illegal for every target. Returns the machine's size in words
    ("N states", and how many were never reached), the states' answers and the edges (node -> [(node,
    cell, label)])."""
    states, s0, answer, table = machine(ctx, cert)
    if answer[s0] is not None:
        raise Reject(f"state {s0}: the start state answers before any input")
    finite = ctx.finite
    first = (s0, (tuple(0 for _ in finite), frozenset(), (), ((0, 0),) * len(ctx.names)))
    edges: dict[tuple, list[tuple[tuple, frozenset, Any]]] = {}
    queue, reached = deque([first]), {first}
    while queue:
        node = queue.popleft()
        sid, st = node
        counts, answers = st[0], st[1]
        seen = presented(ctx, counts)
        edges[node] = []
        for sig in sorted(ctx.cells, key=sorted):
            size = ctx.cells[sig].size
            k = 0 if size == C.INF else counts[finite.index(sig)]
            for how in ([any_word] if size == C.INF else ["new"] * (k < size) + ["repeat"] * (k > 0)):
                if (sig, "any" if size == C.INF else how) not in table[sid]:
                    raise Reject(f"state {sid} (answers so far {ctx.show(answers)}): no transition for a {how} "
                                 f"element of cell {ctx.show(sig)}")
                to = table[sid][sig, "any" if size == C.INF else how]
                ans = answer[to]
                if ans is None:
                    raise Reject(f"state {to}: entered after an input but gives no answer")
                x = ctx.elements(sig)[k] if how == "new" and size != C.INF else ctx.elements(sig, 1)[0]
                got = judge(st, seen, x, ans)
                if got is None:
                    continue  # illegal for every target: nothing after it matters
                child = (to, got[0])
                edges[node].append((child, sig, got[1]))
                if child not in reached:
                    reached.add(child)
                    queue.append(child)
    unreachable = set(states) - {s for s, _ in edges} - {"dead"}  # the builders' sink state is not counted
    return f"{len(states)} states" + (f" ({len(unreachable)} states never reached)" if unreachable else ""), \
        answer, edges


def cycles(ctx: Ctx, graph: dict[tuple, list[tuple[tuple, frozenset]]]) -> list[tuple[list, tuple, frozenset, set]]:
    """The strongly connected parts of a product graph (node -> [(node, cell)]) that hold an edge, each as
    its machine states (sorted), its one abstract state (module docstring), the finite cells' elements
    presented there and the infinite cells its edges present."""
    out = []
    for comp in components(graph):
        inner = [sig for u in comp for v, sig in graph[u] if v in comp]
        if inner:
            rule = next(iter(comp))[1]
            out.append((sorted(sid for sid, _ in comp), rule, presented(ctx, rule[0]),
                        {sig for sig in inner if ctx.cells[sig].size == C.INF}))
    return out


def defeats(ctx: Ctx, h: int, sids: list[str], seen: frozenset, fed: set, answer: dict, how: str) -> None:
    """Reject when a play staying forever in a strongly connected part of the generator (its states `sids`)
    enumerates h (its finite cells presented, `seen`, but for the omissions allowed, its infinite cells fed)
    while a state there answers wrongly for h. `how` says how the play is legal for h, in the message."""
    if not enumerates(left(ctx, h, seen), ctx.mode):
        return
    if any(ctx.cells[s].size == C.INF and s not in fed for s in ctx.cells_of[h]):
        return
    for sid in sids:
        ok, _ = correct(ctx.rules, h, set(), answer[sid], ctx.mode)
        if not ok:
            raise Reject(f"state {sid}: the adversary can stay on a cycle through it forever{how}, and answer "
                         f"{ctx.names[answer[sid]]} is wrong for {ctx.names[h]}")
