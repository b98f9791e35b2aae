"""Finite-state generators over the cell alphabet (docs/verify.md): the data structure, a strict loader, its model.

A machine reads one symbol per round, (cell, how) with how in new / repeat / echo, and outputs
an abstract answer: a hypothesis index (proper) or a cell index meaning "a fresh element of
that cell" (element-level), or STALE ("an already observed element"). The loader also accepts
the `proper-limit-generator` certificates that `decide` exports, unchanged.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Hashable, Protocol

from ..trusted.classes.bundled import find, names
from ..classes.limits import MACHINE_FILE
from ..trusted.classes.limits import parse, read_text
from ..trusted.classes.model import FiniteClass
from ..trusted.errors import InputError
from ..trusted.generators.base import ELEMENT, PROPER
from ..trusted.generators.models import STALE, Option

MACHINE_SUFFIXES = (".json", ".toml")
HOWS = {PROPER: ("new", "repeat"), ELEMENT: ("new", "repeat", "echo")}
FORMAT = 1
DECIDE_KIND = "proper-limit-generator"


class Model(Protocol):
    """What the product needs of a generator: a machine's model here, a bundled generator's in
    trusted/generators/models.py (make_model)."""

    kind: str          # PROPER or ELEMENT
    spec: str
    canonical: bool    # True: exact only on streams that never skip a pending answer (bundled models)
    bundled: bool

    def start(self) -> Hashable: ...

    def step(self, q: Hashable, cell: int, how: str) -> tuple[Option, ...]: ...


@dataclass(frozen=True)
class Machine:
    """A deterministic Mealy machine: delta[(state, cell, how)] = (next state, answer)."""

    kind: str
    states: tuple[str, ...]
    start: str
    delta: dict[tuple[str, int, str], tuple[str, int]]

    def step(self, q: str, cell: int, how: str) -> tuple[str, int]:
        return self.delta[(q, cell, how)]


def cell_label(cls: FiniteClass, c: int) -> str:
    """A cell as users write it: the set of hypothesis names containing it."""
    return "{" + ", ".join(cls.names[h] for h in sorted(cls.table.cells[c].signature)) + "}"


class _Reader:
    """Strict field access with one-line errors naming the file and the place."""

    def __init__(self, source: str, cls: FiniteClass):
        self.source, self.cls = source, cls
        self.sigs = {c.signature: i for i, c in enumerate(cls.table.cells)}

    def fail(self, where: str, problem: str) -> InputError:
        return InputError(f"{self.source}: {where}{': ' if where else ''}{problem}")

    def fields(self, obj: Any, where: str, required: set[str], optional: set[str] = frozenset()) -> dict[str, Any]:
        if not isinstance(obj, dict):
            raise self.fail(where, f"expected a table/object, got {type(obj).__name__}")
        for key in obj:
            if key not in required and key not in optional:
                raise self.fail(where, f"unknown field {key!r} (allowed: {', '.join(sorted(required | set(optional)))})")
        for key in sorted(required):
            if key not in obj:
                raise self.fail(where, f"missing field {key!r}")
        return obj

    def string(self, value: Any, where: str, field: str) -> str:
        if not isinstance(value, str) or not value:
            raise self.fail(where, f"field {field!r} must be a non-empty string")
        return value

    def hyp(self, name: Any, where: str) -> int:
        if not isinstance(name, str) or name not in self.cls.names:
            raise self.fail(where, f"unknown hypothesis name {name!r} (known: {', '.join(self.cls.names)})")
        return self.cls.names.index(name)

    def cell(self, names: Any, where: str) -> int:
        if not isinstance(names, list):
            raise self.fail(where, "field 'cell' must be a list of hypothesis names")
        sig = frozenset(self.hyp(nm, where) for nm in names)
        if len(sig) != len(names):
            raise self.fail(where, f"cell {names} names a hypothesis twice")
        if sig not in self.sigs:
            raise self.fail(where, f"the cell {{{', '.join(names)}}} is empty in this class")
        return self.sigs[sig]

    def answer(self, kind: str, value: Any, where: str) -> int:
        if kind == PROPER:
            return self.hyp(value, where)
        if value == "stale":
            return STALE
        if isinstance(value, dict) and set(value) == {"fresh"}:
            return self.cell(value["fresh"], where)
        raise self.fail(where, f"element-level answer {value!r} must be \"stale\" or {{fresh = [names of a cell]}}")


def load_machine(path: str | Path, cls: FiniteClass) -> Machine:
    """Read a machine file (JSON or TOML; native format or a `decide` certificate) for class `cls`.
    `path` may name a bundled machine instead (`zero_odd_guard`: trusted/classes/bundled.py); a path wins."""
    path = find(path, "generators")
    text = read_text(path, MACHINE_FILE, "machine file")
    data = parse(text, str(path), "toml" if path.suffix == ".toml" else "json")
    return machine_from_dict(data, cls, str(path))


def machine_from_dict(data: Any, cls: FiniteClass, source: str = "<machine>") -> Machine:
    """Validate a parsed machine; every error names the file, the state and the symbol."""
    r = _Reader(source, cls)
    if isinstance(data, dict) and data.get("kind") == DECIDE_KIND:
        return _from_decide(r, data)
    top = r.fields(data, "", {"format", "answers", "start", "states"}, {"description", "kind"})
    if top.get("kind", "mealy-generator") != "mealy-generator":
        raise r.fail("", f"field 'kind' must be \"mealy-generator\" (or a {DECIDE_KIND} certificate)")
    if top["format"] != FORMAT:
        raise r.fail("", f"field 'format' must be {FORMAT}")
    kind = top["answers"]
    if kind not in HOWS:
        raise r.fail("", f"field 'answers' must be \"proper\" or \"element\", not {kind!r}")
    if not isinstance(top["states"], list) or not top["states"]:
        raise r.fail("", "field 'states' must be a non-empty list of states")
    raw: dict[str, dict[str, Any]] = {}
    for k, st in enumerate(top["states"]):
        st = r.fields(st, f"states[{k}]", {"id", "on"}, {"answer", "note"})
        sid = r.string(st["id"], f"states[{k}]", "id")
        if sid in raw:
            raise r.fail(f"state {sid}", "the id is used twice")
        raw[sid] = st
    start = r.string(top["start"], "", "start")
    if start not in raw:
        raise r.fail("", f"start state {start!r} is not defined (states: {', '.join(raw)})")
    entry = {sid: (None if st.get("answer") is None else r.answer(kind, st["answer"], f"state {sid}"))
             for sid, st in raw.items()}
    delta: dict[tuple[str, int, str], tuple[str, int]] = {}
    for sid, st in raw.items():
        if not isinstance(st["on"], list):
            raise r.fail(f"state {sid}", "field 'on' must be a list of transitions")
        for j, edge in enumerate(st["on"]):
            where = f"state {sid}, on[{j}]"
            edge = r.fields(edge, where, {"cell", "to"}, {"how", "answer"})
            c = r.cell(edge["cell"], where)
            how = edge.get("how", "any")
            if how != "any" and how not in HOWS[kind]:
                raise r.fail(where, f"'how' must be any or one of {', '.join(HOWS[kind])}, not {how!r}")
            to = r.string(edge["to"], where, "to")
            if to not in raw:
                raise r.fail(where, f"goes to undefined state {to!r}")
            ans = r.answer(kind, edge["answer"], where) if "answer" in edge else entry[to]
            if ans is None:
                raise r.fail(where, f"no answer: give the transition an 'answer' or state {to} one")
            for h in (HOWS[kind] if how == "any" else (how,)):
                key = (sid, c, h)
                if key in delta:
                    raise r.fail(f"state {sid}, symbol ({cell_label(cls, c)}, {h})",
                                 "two transitions (the row is not deterministic)")
                delta[key] = (to, ans)
    _complete(r, tuple(raw), kind, delta)
    return Machine(kind, tuple(raw), start, delta)


def _from_decide(r: _Reader, data: dict[str, Any]) -> Machine:
    """A `proper-limit-generator` certificate: Moore answers, transitions keyed by cell only."""
    block = data.get("class")
    if isinstance(block, dict) and block.get("hypotheses") != list(r.cls.names):
        raise r.fail("", f"the certificate's class has hypotheses {block.get('hypotheses')}, "
                         f"the class file {list(r.cls.names)}")
    states = data.get("states")
    if not isinstance(states, list) or not states:
        raise r.fail("", "field 'states' must be a non-empty list")
    raw: dict[str, dict[str, Any]] = {}
    for k, st in enumerate(states):
        if not isinstance(st, dict) or not isinstance(st.get("id"), str):
            raise r.fail(f"states[{k}]", "a state needs a string 'id'")
        if st["id"] in raw:
            raise r.fail(f"state {st['id']}", "the id is used twice")
        raw[st["id"]] = st
    start = data.get("start")
    if start not in raw:
        raise r.fail("", f"start state {start!r} is not defined")
    delta: dict[tuple[str, int, str], tuple[str, int]] = {}
    for sid, st in raw.items():
        for j, edge in enumerate(st.get("on") or []):
            where = f"state {sid}, on[{j}]"
            if not isinstance(edge, dict) or set(edge) != {"cell", "to"}:
                raise r.fail(where, "a transition has exactly the fields 'cell' and 'to'")
            c = r.cell(edge["cell"], where)
            if edge["to"] not in raw:
                raise r.fail(where, f"goes to undefined state {edge['to']!r}")
            ans = r.hyp(raw[edge["to"]].get("answer"), f"state {edge['to']}")
            for h in HOWS[PROPER]:
                if (sid, c, h) in delta:
                    raise r.fail(f"state {sid}, symbol ({cell_label(r.cls, c)}, {h})",
                                 "two transitions (the row is not deterministic)")
                delta[(sid, c, h)] = (edge["to"], ans)
    _complete(r, tuple(raw), PROPER, delta)
    return Machine(PROPER, tuple(raw), start, delta)


def _complete(r: _Reader, states: tuple[str, ...], kind: str, delta: dict) -> None:
    for sid in states:
        for c in range(len(r.cls.table.cells)):
            for how in HOWS[kind]:
                if (sid, c, how) not in delta:
                    raise r.fail(f"state {sid}, symbol ({cell_label(r.cls, c)}, {how})", "no transition")


def machine_to_dict(m: Machine, cls: FiniteClass) -> dict[str, Any]:
    """The native format of a machine (one transition per symbol), as written by --save-model."""
    def ans(a: int) -> Any:
        if m.kind == PROPER:
            return cls.names[a]
        return "stale" if a == STALE else {"fresh": sorted_names(cls, a)}
    return {"format": FORMAT, "kind": "mealy-generator", "answers": m.kind, "start": m.start,
            "states": [{"id": q, "on": [{"cell": sorted_names(cls, c), "how": how, "to": to, "answer": ans(a)}
                                        for (p, c, how), (to, a) in m.delta.items() if p == q]}
                       for q in m.states]}


def sorted_names(cls: FiniteClass, c: int) -> list[str]:
    return [cls.names[h] for h in sorted(cls.table.cells[c].signature)]


@dataclass
class MealyModel:
    """A machine file: deterministic, exact on every stream by definition of the cell alphabet."""

    machine: Machine
    spec: str
    canonical: bool = False
    bundled: bool = False

    @property
    def kind(self) -> str:
        return self.machine.kind

    def start(self) -> Hashable:
        return self.machine.start

    def step(self, q: Hashable, cell: int, how: str) -> tuple[Option, ...]:
        return (self.machine.step(q, cell, how),)


def machine_model(spec: str, cls: FiniteClass) -> MealyModel:
    """The model of a --generator SPEC that is no bundled generator: a machine file or a bundled
    machine's name (the bundled generators' models are trusted/generators/models.py's)."""
    if spec.endswith(MACHINE_SUFFIXES):
        return MealyModel(load_machine(spec, cls), spec)
    machine = names("generators").get(spec)  # a bundled machine by name (zero_odd_guard)
    if machine is not None and machine.suffix in MACHINE_SUFFIXES:
        return MealyModel(load_machine(machine, cls), spec)
    if spec in ("witness-protection", "wp"):
        raise InputError("Witness Protection has no exact cell-level model yet: its cutoff search depends on "
                         "element positions without a bound; use `replayproof attack` for bounded checks")
    raise InputError(f"generator {spec!r}: verify takes a machine file (.json/.toml), a bundled generator "
                     "(closure, burn-in:closure, telltale, sep51-standard) or user code path/file.py:function")
