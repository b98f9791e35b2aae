"""The result of `verify` as stable JSON data and as text (engines return data; the shell prints)."""
from __future__ import annotations

from typing import Any

from ..trusted.certificates import CheckResult
from ..trusted.classes.model import FiniteClass
from .engine import VerifyResult


def data(cls: FiniteClass, r: VerifyResult, source: str, checked: CheckResult) -> dict[str, Any]:
    """The JSON form: result, setting, sizes, the defeat (if any) and the certificate check."""
    out: dict[str, Any] = {"result": r.verdict, "class": source, "generator": r.spec, "notion": r.notion,
                           "replay": r.replay, "thresholds": {cls.names[h]: d for h, d in r.thresholds},
                           "product_states": r.states, "seconds": round(r.seconds, 3),
                           "certificate": {"kind": checked.kind, "valid": checked.valid, "message": checked.message}}
    if r.burn_in is not None:
        out["burn_in"] = r.burn_in
    if r.note:
        out["note"] = r.note
    if r.trace is not None:
        proper = r.trace.mode.proper
        rows = [{"round": x.t, "input": x.x, "replay_of": x.replay_of,
                 "answer": cls.names[x.answer] if proper else x.answer, "correct": x.correct,
                 "distinct": x.distinct} for x in r.trace.rounds]
        if r.certificate["kind"] == "verify-lasso":
            n = len(r.certificate["cycle"])
            for row in rows:
                k = row["round"] - 1 - r.prefix
                row["part"] = "prefix" if k < 0 else f"cycle {k // n + 1}"
        out["target"] = cls.names[r.trace.target]
        out["rounds"] = rows
        if r.certificate["kind"] == "verify-lasso":
            out["lasso"] = {"prefix": len(r.certificate["prefix"]), "cycle": len(r.certificate["cycle"]),
                            "unroll": r.certificate["unroll"]}
    return out


def render(d: dict[str, Any]) -> str:
    """Human-readable report."""
    setting = _setting_from(d)
    gen = d["generator"] + (f" (burn-in d={d['burn_in']})" if d.get("burn_in") is not None else "")
    lines = [f"{d['result']}: {gen} on {d['class']}, {setting}"]
    if d.get("note"):
        lines.append(f"  {d['note']}")
    if "lasso" in d:
        la = d["lasso"]
        lines.append(f"  lasso for target {d['target']}: {la['prefix']} rounds, then a cycle of {la['cycle']} rounds "
                     f"repeated forever (shown unrolled {la['unroll']} times, judged by the kernel)")
    elif "rounds" in d:
        lines.append(f"  defeating trace for target {d['target']} (judged by the kernel):")
    if "rounds" in d:
        lines.append("    round  input  source             answer  correct  distinct  part")
        for r in d["rounds"]:
            how = "genuine" if r["replay_of"] is None else f"replay of round {r['replay_of']}"
            lines.append(f"    {r['round']:>5}  {r['input']:>5}  {how:<17}  {str(r['answer']):>6}  "
                         f"{'yes' if r['correct'] else 'NO':<7}  {r['distinct']:>8}  {r.get('part', '')}".rstrip())
    if d["result"] == "verified-canonical":
        lines.append(f"  no defeat at any horizon on cell-canonical streams (each cell's elements in the order "
                     f"0, 1, -1, ...; docs/verify.md §4): {d['product_states']} product states explored exhaustively; "
                     "streams in other orders are not covered")
    elif d["result"].startswith("verified"):
        lines.append(f"  no defeat at any horizon: {d['product_states']} product states explored exhaustively")
    c = d["certificate"]
    lines.append(f"  certificate re-checked: {'valid' if c['valid'] else 'INVALID'} ({c['kind']})"
                 + ("" if c["valid"] else f": {c['message']}"))
    return "\n".join(lines)


def _setting_from(d: dict[str, Any]) -> str:
    th = d["thresholds"]
    ds = ""
    if d["notion"] != "proper-limit" and th:
        ds = f" d={next(iter(th.values()))}" if len(set(th.values())) == 1 and d["notion"] == "uniform" else \
            " " + ",".join(f"{h}={v}" for h, v in th.items())
    return f"{d['notion']}{ds} {'with' if d['replay'] else 'without'} replay"
