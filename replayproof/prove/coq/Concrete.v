(** * The obstruction for a concrete class, its finite hypotheses checked by computation.

    [replayproof prove] writes a file that defines a class's predicates, the
    point x0 and the groups E j, and applies [obstruction_by_computation]:
    - the finite conditions (members, x0 in every group, non-empty groups,
      and a witness point for each non-inclusion) are one boolean,
      [finite_checks], evaluated by [vm_compute];
    - the residual equalities quantify over all of Z: [residual_cases] is
      proved with [lia], one case per (j, k in E j). *)

From Coq Require Import ZArith List Lia Bool.
From Replay Require Import Replay.
Import ListNotations.

Section Concrete.

Variable N : nat.
Variable L : nat -> Z -> bool.
Variable x0 : Z.
Variable E : nat -> list nat.
(** [W j h = (k, z)]: the witness that h is not inside every group member,
    a point z in L h but not in L k, for some k in E j. *)
Variable W : nat -> nat -> nat * Z.

Definition finite_checks : bool :=
  forallb (fun j =>
      Nat.ltb 0 (length (E j))
      && forallb (fun k => Nat.ltb k N && L k x0) (E j)
      && forallb (fun h => let '(k, z) := W j h in
                           existsb (Nat.eqb k) (E j) && L h z && negb (L k z))
                 (seq 0 N))
    (seq 0 N).

(** Every member of E j has the residual of the group's first member. *)
Definition residual_cases : Prop :=
  Forall (fun j => Forall (fun k => forall z,
      andb (L k z) (negb (L j z)) = andb (L (hd O (E j)) z) (negb (L j z)))
    (E j)) (seq 0 N).

Lemma in_seq0 : forall j, (j < N)%nat -> In j (seq 0 N).
Proof. intros j Hj. apply in_seq. lia. Qed.

Lemma finite_checks_sound :
  finite_checks = true ->
  members N E /\ contain N L x0 E /\ nonempty N E /\ no_common_subset N L E.
Proof.
  unfold finite_checks. rewrite forallb_forall. intro H.
  assert (Hj : forall j, (j < N)%nat -> _) by (intros j Hj; exact (H j (in_seq0 j Hj))).
  clear H.
  repeat split.
  - intros j Hj' k Hk. specialize (Hj j Hj').
    apply andb_prop in Hj as [Hj _]. apply andb_prop in Hj as [_ Hj].
    rewrite forallb_forall in Hj. apply Hj, andb_prop in Hk as [Hk _].
    now apply Nat.ltb_lt.
  - intros j Hj' k Hk. specialize (Hj j Hj').
    apply andb_prop in Hj as [Hj _]. apply andb_prop in Hj as [_ Hj].
    rewrite forallb_forall in Hj. now apply Hj, andb_prop in Hk as [_ Hk].
  - intros j Hj' He. specialize (Hj j Hj'). rewrite He in Hj. discriminate.
  - intros j Hj' h Hh. specialize (Hj j Hj').
    apply andb_prop in Hj as [_ Hj]. rewrite forallb_forall in Hj.
    specialize (Hj h (in_seq0 h Hh)). destruct (W j h) as [k z].
    apply andb_prop in Hj as [Hj Hk]. apply andb_prop in Hj as [Hin Hz].
    exists k. split; [| exists z; split; [exact Hz | now apply negb_true_iff]].
    apply existsb_exists in Hin as [k' [Hk' Heq]].
    apply Nat.eqb_eq in Heq. now subst.
Qed.

Lemma residual_cases_sound : residual_cases -> same_residual N L E.
Proof.
  intros H j Hj k k' Hk Hk' z.
  unfold residual_cases in H. rewrite Forall_forall in H. specialize (H j (in_seq0 j Hj)).
  rewrite Forall_forall in H.
  now rewrite (H k Hk z), (H k' Hk' z).
Qed.

(** The obstruction, for a class whose hypotheses were checked as above. *)
Theorem obstruction_by_computation :
  finite_checks = true -> residual_cases ->
  forall G, proper N G -> ~ generates_with_replay N L G.
Proof.
  intros Hf Hr. destruct (finite_checks_sound Hf) as [Hm [Hc [Hn Hw]]].
  exact (obstruction N L x0 E Hm Hc Hn (residual_cases_sound Hr) Hw).
Qed.

End Concrete.

(** ** Splitting on x mod p

    [replayproof prove] writes [e mod p] (no mod inside e) with x replaced by
    [x mod p], the same integer.  The residual proofs then split on the p
    values of [z mod p]: every mod becomes a constant and lia sees only
    comparisons of z with constants (and the one fact [z mod p = r]). *)

Fixpoint zrange (n : nat) : list Z :=
  match n with O => [] | S m => zrange m ++ [Z.of_nat m] end.

Lemma mod_cases (z p : Z) :
  (0 < p)%Z -> exists r, In r (zrange (Z.to_nat p)) /\ (z mod p = r)%Z.
Proof.
  intro Hp. exists (z mod p)%Z. split; [| reflexivity].
  pose proof (Z.mod_pos_bound z p Hp) as Hb.
  assert (Hin : forall n r, (0 <= r < Z.of_nat n)%Z -> In r (zrange n)).
  { induction n as [| n IH]; intros r Hr; [lia |]. simpl. apply in_or_app.
    destruct (Z.eq_dec r (Z.of_nat n)) as [-> | Hne];
      [right; now left | left; apply IH; lia]. }
  apply Hin. rewrite Z2Nat.id by lia. lia.
Qed.

(** One goal per value r of [z mod p], with [z mod p] rewritten to r. *)
Ltac split_mod z p :=
  let r := fresh "r" in let Hr := fresh "Hr" in let Hz := fresh "Hz" in
  destruct (mod_cases z p eq_refl) as [r [Hr Hz]]; rewrite ?Hz; vm_compute in Hr;
  repeat destruct Hr as [<- | Hr]; try contradiction.
