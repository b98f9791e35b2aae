(** * Language generation with replay: the obstruction to proper generation in the limit.

    A small development for arXiv 2603.11784 ("Language Generation with Replay",
    Racca, Valko, Sanyal).  It states what it means for a proper generator to
    generate a finite family of languages over Z in the limit *with replay*,
    and proves a combinatorial obstruction: if the family has a point x0 and,
    for every possible first answer j, a group E_j of targets containing x0
    that share the residual L_k \ L_j and such that no hypothesis of the
    family lies inside all of them, then no proper generator succeeds.  See docs/proofs.md. *)

From Coq Require Import ZArith List Lia.
Import ListNotations.

Section Replay.

(** The hypothesis class: N languages over Z, given as decidable predicates.
    [L i] is the language of hypothesis i; only indices [i < N] are members. *)
Variable N : nat.
Variable L : nat -> Z -> bool.

(** [L a] is contained in [L b]. *)
Definition subset (a b : nat) : Prop := forall z, L a z = true -> L b z = true.

(** A stream (text) presents [s n] in round n = 0, 1, 2, ... *)
Definition stream := nat -> Z.

(** A proper generator answers an index (a hypothesis of the class) after
    each finite prefix it has seen. *)
Definition generator := list Z -> nat.

Definition proper (G : generator) : Prop := forall p, (G p < N)%nat.

(** [prefix s t] = [s 0; ...; s (t-1)]: what has been seen before round t. *)
Fixpoint prefix (s : stream) (t : nat) : list Z :=
  match t with
  | O => []
  | S m => prefix s m ++ [s m]
  end.

(** [answer G s t] is the generator's answer after seeing [t] elements.
    Only [t >= 1] counts: the first answer is given after seeing [s 0]. *)
Definition answer (G : generator) (s : stream) (t : nat) : nat := G (prefix s t).

(** Replay-admissible complete text for target k against G.  Round n may
    present either a genuine element of the target, or a replay: an element of
    an answer already given before round n, i.e. of [answer G s m] with
    [1 <= m <= n] (the answer after seeing [s 0 .. s (m-1)]).  Every element
    of the target must appear at some round. *)
Definition admissible (G : generator) (k : nat) (s : stream) : Prop :=
  (forall n, L k (s n) = true \/
             exists m, (1 <= m <= n)%nat /\ L (answer G s m) (s n) = true)
  /\ (forall z, L k z = true -> exists n, s n = z).

(** Proper generation in the limit succeeds on s for target k: from some round
    on, every answer's language is contained in the target's language. *)
Definition succeeds (G : generator) (k : nat) (s : stream) : Prop :=
  exists T, forall t, (T <= t)%nat -> (1 <= t)%nat -> subset (answer G s t) k.

(** G properly generates the family in the limit with replay. *)
Definition generates_with_replay (G : generator) : Prop :=
  forall k s, (k < N)%nat -> admissible G k s -> succeeds G k s.

(** Without replay: a valid complete text for target k presents only
    elements of the target, and every one of them at some round. *)
Definition valid (k : nat) (s : stream) : Prop :=
  (forall n, L k (s n) = true) /\ (forall z, L k z = true -> exists n, s n = z).

(** G properly generates the family in the limit (without replay). *)
Definition generates (G : generator) : Prop :=
  forall k s, (k < N)%nat -> valid k s -> succeeds G k s.

(** ** An enumeration of Z: 0, 1, -1, 2, -2, ... *)

Definition enumZ (n : nat) : Z :=
  if Nat.even n then - Z.of_nat (Nat.div2 n) else Z.of_nat (Nat.div2 n) + 1.


Lemma enumZ_surjective : forall z, exists n, enumZ n = z.
Proof.
  intro z. destruct (Z_lt_le_dec 0 z) as [Hpos | Hnp].
  - exists (S (2 * Z.to_nat (z - 1))). unfold enumZ.
    rewrite Nat.even_succ, Nat.odd_mul, Nat.div2_succ_double. simpl. lia.
  - exists (2 * Z.to_nat (- z))%nat. unfold enumZ.
    rewrite Nat.even_mul, Nat.div2_double. simpl. lia.
Qed.

(** ** The obstruction theorem *)

(** Finitely many "eventually" statements hold together eventually. *)
Lemma eventually_all {A : Type} (P : A -> nat -> Prop) (l : list A) :
  (forall a, In a l -> exists T, forall t, (T <= t)%nat -> P a t) ->
  exists T, forall a, In a l -> forall t, (T <= t)%nat -> P a t.
Proof.
  induction l as [| a l IH]; intro H.
  - exists O. intros a [].
  - destruct (H a (or_introl eq_refl)) as [Ta HTa].
    destruct IH as [Tl HTl]. { intros b Hb. apply H. now right. }
    exists (Nat.max Ta Tl). intros b [<- | Hb] t Ht.
    + apply HTa. lia.
    + apply HTl; [exact Hb | lia].
Qed.

(** ** The hypotheses of the obstruction

    A point [x0] and, for every possible first answer [j < N], a group
    [E j] of indices (the targets the adversary keeps in play after the
    generator answered j on seeing x0). *)

(** Every k in E j is an index of the class. *)
Definition members (E : nat -> list nat) : Prop :=
  forall j, (j < N)%nat -> forall k, In k (E j) -> (k < N)%nat.

(** Every k in E j contains x0. *)
Definition contain (x0 : Z) (E : nat -> list nat) : Prop :=
  forall j, (j < N)%nat -> forall k, In k (E j) -> L k x0 = true.

(** E j is non-empty. *)
Definition nonempty (E : nat -> list nat) : Prop :=
  forall j, (j < N)%nat -> E j <> [].

(** All k in E j have the same residual R = L k \ L j. *)
Definition same_residual (E : nat -> list nat) : Prop :=
  forall j, (j < N)%nat -> forall k k', In k (E j) -> In k' (E j) ->
  forall z, andb (L k z) (negb (L j z)) = andb (L k' z) (negb (L j z)).

(** No hypothesis h is contained in every L k, k in E j: each h has a point
    z in L h outside some L k. *)
Definition no_common_subset (E : nat -> list nat) : Prop :=
  forall j, (j < N)%nat -> forall h, (h < N)%nat ->
  exists k, In k (E j) /\ exists z, L h z = true /\ L k z = false.

(** The obstruction: under these hypotheses no proper generator properly
    generates the family in the limit with replay. *)
Theorem obstruction :
  forall (x0 : Z) (E : nat -> list nat),
  members E -> contain x0 E -> nonempty E -> same_residual E ->
  no_common_subset E ->
  forall G, proper G -> ~ generates_with_replay G.
Proof.
  intros x0 E Hmem Hx0 Hne Hres Hnc G HG Hgen.
  (* The adversary presents x0 first; the generator answers j. *)
  set (j := G [x0]).
  assert (Hj : (j < N)%nat) by apply HG.
  destruct (E j) as [| k0 rest] eqn:HE; [now apply (Hne j Hj) |].
  assert (Hk0 : In k0 (E j)) by (rewrite HE; now left).
  (* Then it enumerates L j (replays of j) and the common residual R. *)
  set (keep z := orb (L j z) (andb (L k0 z) (negb (L j z)))).
  set (s := fun n => match n with
                     | O => x0
                     | S n => if keep (enumZ n) then enumZ n else x0
                     end).
  assert (Hans1 : answer G s 1 = j) by reflexivity.
  (* s is admissible and complete for every k in E j ... *)
  assert (Hadm : forall k, In k (E j) -> admissible G k s).
  { intros k Hk. split.
    - intros [| n]; [left; now apply (Hx0 j Hj) |].
      simpl. destruct (keep (enumZ n)) eqn:Hkeep; [| left; now apply (Hx0 j Hj)].
      unfold keep in Hkeep. rewrite (Hres j Hj k0 k Hk0 Hk) in Hkeep.
      destruct (L j (enumZ n)) eqn:HLj.
      + right. exists 1%nat. split; [lia | now rewrite Hans1].
      + left. simpl in Hkeep. now rewrite Bool.andb_true_r in Hkeep.
    - intros z Hz. destruct (enumZ_surjective z) as [n Hn].
      exists (S n). simpl. rewrite Hn.
      assert (Hkz : keep z = true).
      { unfold keep. rewrite (Hres j Hj k0 k Hk0 Hk), Hz.
        now destruct (L j z). }
      now rewrite Hkz. }
  (* ... so G eventually answers inside every L k, k in E j, at once ... *)
  destruct (eventually_all (fun k t => (1 <= t)%nat -> subset (answer G s t) k) (E j))
    as [T HT].
  { intros k Hk. apply (Hgen k s (Hmem j Hj k Hk) (Hadm k Hk)). }
  (* ... but no hypothesis is contained in all of them. *)
  set (t := Nat.max T 1).
  destruct (Hnc j Hj (answer G s t) (HG _)) as [k [Hk [z [Hh Hkz]]]].
  assert (Hsub : subset (answer G s t) k) by (apply (HT k Hk); unfold t; lia).
  specialize (Hsub z Hh). congruence.
Qed.

End Replay.
