"""The Coq file `replayproof prove` writes: the class as stated (N, each h_i, L), the claim, its proof."""
from __future__ import annotations

from dataclasses import dataclass

from ..trusted.classes.model import FiniteClass
from .instance import Instance, split_cases
from .translate import coq_bool


@dataclass(frozen=True)
class Claim:
    """A theorem prove can state about a class: its name in the file, its statement, and in words."""

    name: str
    statement: str
    words: str


SEPARATION = Claim("separation", "(exists G, proper N G /\\ generates N L G) /\\\n"
                   "  (forall G, proper N G -> ~ generates_with_replay N L G)",
                   "separation: properly generatable in the limit without replay, and not with replay")
WITH_REPLAY = Claim("generatable_with_replay", "exists G, proper N G /\\ generates_with_replay N L G",
                    "properly generatable in the limit with replay")
WITHOUT_REPLAY = Claim("generatable", "exists G, proper N G /\\ generates N L G",
                       "properly generatable in the limit (without replay)")
CLAIMS = (SEPARATION, WITH_REPLAY, WITHOUT_REPLAY)

#: How each claim is proved from the lemmas the file states (nonempty, points_table, criterion_holds,
#: not_generatable_with_replay).
PROOFS = {
    SEPARATION.name: "split; [exists (least_candidate N L pts); exact (generatable_by_table N L pts nonempty "
                     "points_table) | exact not_generatable_with_replay].",
    WITH_REPLAY.name: "exists (canonical N L pts). exact (sufficiency N L pts nonempty points_table criterion_holds).",
    WITHOUT_REPLAY.name: "exists (least_candidate N L pts). exact (generatable_by_table N L pts nonempty points_table).",
}

IMPORTS = ["From Coq Require Import ZArith List Lia Bool.", "From Replay Require Import Replay Concrete Cells.",
           "Import ListNotations."]


def comment(text: str) -> str:
    """Text made safe inside a Coq comment (no nested comment markers, no string quotes)."""
    return text.replace("(*", "( *").replace("*)", "* )").replace('"', "'")


def class_line(cls: FiniteClass) -> str:
    """The line naming the class and its size (compared by `prove --check-file`)."""
    return f"(** Class {comment(cls.name)}: {cls.n} hypotheses. *)"


def predicate_definitions(cls: FiniteClass) -> list[str]:
    """`Definition h_i (x : Z) : bool := ...` for every hypothesis, with its class-file text."""
    lines = []
    for i, h in enumerate(cls.hypotheses):
        lines.append(f"(** {comment(h.name)}: {comment(h.text)} *)")
        lines.append(f"Definition h_{i} (x : Z) : bool := ({coq_bool(h.predicate)})%Z.")
    return lines


def n_definition(n: int) -> str:
    return f"Definition N : nat := {n}."


def family_definition(n: int) -> list[str]:
    """`N` and `L`, the family indexed by hypothesis number."""
    arms = [f"  | {i} => h_{i}" for i in range(n)]
    return [n_definition(n), "", "Definition L (i : nat) : Z -> bool :=", "  match i with",
            *arms, "  | _ => fun _ => false", "  end."]


def class_block(cls: FiniteClass) -> list[str]:
    """The class as the file states it: its name and size, each predicate, N and L."""
    return [class_line(cls), *predicate_definitions(cls), "", *family_definition(cls.n)]


def theorem_lines(claim: Claim) -> list[str]:
    return [f"Theorem {claim.name} :", f"  {claim.statement}."]


def _z(value: int) -> str:
    """An integer literal of type Z."""
    return f"({value})%Z" if value < 0 else f"{value}%Z"


def _nat_list(items: tuple[int, ...]) -> str:
    return "[" + "; ".join(map(str, items)) + "]"


def obstruction_lines(cls: FiniteClass, inst: Instance) -> list[str]:
    """x0, E, W and the lemma `not_generatable_with_replay` (the theorem `obstruction` instantiated)."""
    names, n = cls.names, cls.n
    groups = [f"  | {j} => {_nat_list(g)}  (* {comment(names[j])}: "
              f"{comment(', '.join(names[k] for k in g))} *)" for j, g in enumerate(inst.groups)]
    rows = [f"    [{'; '.join(f'({k}, {_z(z)})' for k, z in row)}]{';' if j < n - 1 else ''}  (* j = {j} *)"
            for j, row in enumerate(inst.witnesses)]
    unfold = ", ".join(f"h_{i}" for i in range(n))
    return [
        "(** x0, a point of every hypothesis in the group of each first answer. *)",
        f"Definition x0 : Z := {_z(inst.x0)}.",
        "",
        "(** E j: after x0 and the first answer j, the targets kept in play; they share L k \\ L j. *)",
        "Definition E (j : nat) : list nat :=",
        "  match j with",
        *groups,
        "  | _ => []",
        "  end.",
        "",
        "(** W j h = (k, z): z is in L h but not in L k, with k in E j. *)",
        "Definition W (j h : nat) : nat * Z :=",
        "  nth h (nth j [",
        *rows,
        "  ] []) (0%nat, 0%Z).",
        "",
        "Lemma finite : finite_checks N L x0 E W = true.",
        "Proof. vm_compute. reflexivity. Qed.",
        "",
        "Lemma residuals : residual_cases N L E.",
        "Proof.",
        "  repeat constructor.",
        f"  all: intro z; cbn [L E hd]; unfold {unfold}.",
        *[f"  all: split_mod z {p}%Z." for p in split_cases(cls)],
        *(["  all: simpl."] if split_cases(cls) else []),
        "  all: Z.div_mod_to_equations; lia.",
        "Qed.",
        "",
        "Lemma not_generatable_with_replay : forall G, proper N G -> ~ generates_with_replay N L G.",
        "Proof. exact (obstruction_by_computation N L x0 E W finite residuals). Qed.",
    ]


def render(cls: FiniteClass, claim: Claim, source: str, proof_lines: list[str], proof: str) -> str:
    """The whole .v file: header, the class block, the lemmas `proof_lines`, the claim proved by `proof`."""
    head = [
        f"(* Generated by `replayproof prove` from {comment(source)} (class {comment(cls.name)}).",
        f"   Claim: {claim.words} (arXiv 2603.11784).",
        "   The class is stated below: N and each hypothesis h_i, translated from the class file.",
        "   Check it with `replayproof prove CLASS --check-file FILE.v`, or with coqc and coqchk,",
        "   the development on the load path as Replay (docs/proofs.md). *)",
        "",
        *IMPORTS,
        "",
    ]
    tail = ["", *theorem_lines(claim), f"Proof. {proof} Qed.", "", f"Print Assumptions {claim.name}."]
    return "\n".join(head + class_block(cls) + [""] + proof_lines + tail) + "\n"


def audit_text(cls: FiniteClass, claim: Claim, module: str) -> str:
    """A file that restates the class and the claim from the class itself and checks that the compiled
    `module`'s theorem has exactly that type (up to conversion), then prints its assumptions only."""
    return "\n".join([
        *IMPORTS,
        f"Require {module}.",
        "",
        *class_block(cls),
        "",
        f"Definition statement : Prop :=\n  {claim.statement}.",
        "",
        f"Definition audited : statement := {module}.{claim.name}.",
        "",
        "Print Assumptions audited.",
    ]) + "\n"
