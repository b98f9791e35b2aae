(** * Positive results from a table of points: proper generators that succeed.

    A finite family over Z has finitely many cells (sets of points with the
    same signature: which hypotheses contain them).  A list [pts] of points
    with one point per non-empty cell, and the one statement about all of Z
    that every point in some hypothesis has the signature of a listed point
    ([table]),
    reduce every question the generators below ask to finite computation on
    [pts].  Proved here, once:

    - [generatable_by_table]: every (non-empty) finite family is properly
      generatable in the limit without replay: answer the candidate (a
      hypothesis containing every example) that lies inside every candidate.
    - [sufficiency]: Li and Zhang's sufficiency direction: if every point has
      a good first answer j ([criterion], computed on [pts]), the canonical
      generator properly generates the family in the limit with replay.  It
      fixes the first answer j, keeps the candidates consistent with every
      example outside L j, and answers a hypothesis inside the group of
      candidates with the least residual L i \ L j.  See docs/proofs.md. *)

From Coq Require Import ZArith List Lia Bool.
From Replay Require Import Replay.
Import ListNotations.

Section Cells.

Variable N : nat.
Variable L : nat -> Z -> bool.
Variable pts : list Z.

(** ** The table of points *)

(** The signature of z: which of the N hypotheses contain it. *)
Definition sig (z : Z) : list bool := map (fun i => L i z) (seq 0 N).

Fixpoint bools_eqb (a b : list bool) : bool :=
  match a, b with
  | [], [] => true
  | x :: a', y :: b' => Bool.eqb x y && bools_eqb a' b'
  | _, _ => false
  end.

Lemma bools_eqb_eq : forall a b, bools_eqb a b = true -> a = b.
Proof.
  induction a as [| x a IH]; intros [| y b] H; simpl in H; try discriminate; [reflexivity |].
  apply andb_prop in H as [Hxy Hab]. apply Bool.eqb_prop in Hxy. subst. f_equal. now apply IH.
Qed.

(** The signature c is the signature of some listed point, or c is in no hypothesis at all
    (points outside every hypothesis never matter, and need not be listed). *)
Definition in_table (c : list bool) : bool :=
  negb (existsb (fun b => b) c) || existsb (fun p => bools_eqb c (sig p)) pts.

(** The one statement about all of Z the table needs (proved per class). *)
Definition table : Prop := forall z, in_table (sig z) = true.

Lemma nth_sig : forall z i, (i < N)%nat -> nth i (sig z) false = L i z.
Proof.
  intros z i Hi. unfold sig.
  rewrite (nth_indep _ false (L 0%nat z)) by (rewrite map_length, seq_length; lia).
  change (L 0%nat z) with ((fun i => L i z) 0%nat).
  rewrite map_nth, seq_nth by lia. reflexivity.
Qed.

(** Every point of some hypothesis behaves, on the N hypotheses, like a listed point. *)
Lemma represent : table -> forall z a, (a < N)%nat -> L a z = true ->
  exists p, In p pts /\ forall i, (i < N)%nat -> L i z = L i p.
Proof.
  intros Ht z a Ha Hz. specialize (Ht z). unfold in_table in Ht.
  replace (existsb (fun b => b) (sig z)) with true in Ht
    by (symmetry; apply existsb_exists; exists true; split; [| reflexivity];
        rewrite <- Hz, <- (nth_sig z a Ha); apply nth_In; unfold sig; rewrite map_length, seq_length; exact Ha).
  simpl in Ht. apply existsb_exists in Ht as [p [Hp Heq]].
  exists p. split; [exact Hp |]. intros i Hi. apply bools_eqb_eq in Heq.
  rewrite <- (nth_sig z i Hi), <- (nth_sig p i Hi). now rewrite Heq.
Qed.

Lemma in_seq0 : forall i, In i (seq 0 N) <-> (i < N)%nat.
Proof. intro i. rewrite in_seq. lia. Qed.

Lemma forallb_seq : forall f : nat -> bool,
  forallb f (seq 0 N) = true <-> forall i, (i < N)%nat -> f i = true.
Proof.
  intro f. rewrite forallb_forall. split; intros H i Hi; apply H; now apply in_seq0.
Qed.

Lemma forallb_false_ex {A : Type} (f : A -> bool) (l : list A) :
  forallb f l = false -> exists x, In x l /\ f x = false.
Proof.
  induction l as [| a l IH]; simpl; [discriminate |]. intro H.
  destruct (f a) eqn:E; simpl in H; [destruct (IH H) as [x [Hx Hf]]; exists x; auto | exists a; auto].
Qed.

Lemma forallb_false_in {A : Type} (f : A -> bool) (l : list A) (x : A) :
  In x l -> f x = false -> forallb f l = false.
Proof.
  intros Hx Hf. destruct (forallb f l) eqn:E; [| reflexivity].
  rewrite forallb_forall in E. now rewrite (E x Hx) in Hf.
Qed.

Lemma forallb_ext_in {A : Type} (f g : A -> bool) (l : list A) :
  (forall x, In x l -> f x = g x) -> forallb f l = forallb g l.
Proof.
  induction l as [| a l IH]; intro H; simpl; [reflexivity |].
  rewrite (H a (or_introl eq_refl)), IH; [reflexivity |]. intros x Hx. apply H. now right.
Qed.

Lemma find_ext_in {A : Type} (f g : A -> bool) (l : list A) :
  (forall x, In x l -> f x = g x) -> find f l = find g l.
Proof.
  induction l as [| a l IH]; intro H; simpl; [reflexivity |].
  rewrite (H a (or_introl eq_refl)), IH; [reflexivity |]. intros x Hx. apply H. now right.
Qed.

(** ** Inclusions decided on the table *)

(** [inc a b]: L a is inside L b (on every listed point, hence everywhere). *)
Definition inc (a b : nat) : bool := forallb (fun p => implb (L a p) (L b p)) pts.

(** [rinc j a b]: the residual L a \ L j is inside L b. *)
Definition rinc (j a b : nat) : bool := forallb (fun p => implb (L a p && negb (L j p)) (L b p)) pts.

Lemma inc_sound : table -> forall a b, (a < N)%nat -> (b < N)%nat -> inc a b = true ->
  forall z, L a z = true -> L b z = true.
Proof.
  intros Ht a b Ha Hb H z Hz. destruct (represent Ht z a Ha Hz) as [p [Hp Hl]].
  unfold inc in H. rewrite forallb_forall in H. specialize (H p Hp).
  rewrite Hl in Hz |- * by assumption. rewrite Hz in H. exact H.
Qed.

Lemma rinc_sound : table -> forall j a b, (j < N)%nat -> (a < N)%nat -> (b < N)%nat ->
  rinc j a b = true -> forall z, L a z = true -> L j z = false -> L b z = true.
Proof.
  intros Ht j a b Hj Ha Hb H z Hz Hjz. destruct (represent Ht z a Ha Hz) as [p [Hp Hl]].
  unfold rinc in H. rewrite forallb_forall in H. specialize (H p Hp).
  rewrite Hl in Hz, Hjz |- * by assumption. rewrite Hz, Hjz in H. exact H.
Qed.

Lemma inc_witness : forall a b, inc a b = false -> exists p, L a p = true /\ L b p = false.
Proof.
  intros a b H. unfold inc in H. apply forallb_false_ex in H as [p [_ Hp]].
  exists p. destruct (L a p), (L b p); simpl in Hp; try discriminate; auto.
Qed.

Lemma rinc_witness : forall j a b, rinc j a b = false ->
  exists p, L a p = true /\ L j p = false /\ L b p = false.
Proof.
  intros j a b H. unfold rinc in H. apply forallb_false_ex in H as [p [_ Hp]].
  exists p. destruct (L a p), (L j p), (L b p); simpl in Hp; try discriminate; auto.
Qed.

Lemma rinc_refl : forall j a, rinc j a a = true.
Proof.
  intros j a. unfold rinc. apply forallb_forall. intros p _.
  now destruct (L a p), (L j p).
Qed.

Lemma rinc_trans : forall j a b c, rinc j a b = true -> rinc j b c = true -> rinc j a c = true.
Proof.
  intros j a b c Hab Hbc. unfold rinc in *. rewrite forallb_forall in *. intros p Hp.
  specialize (Hab p Hp). specialize (Hbc p Hp).
  destruct (L a p), (L j p), (L b p), (L c p); simpl in *; congruence.
Qed.

(** ** Streams and prefixes *)

Lemma prefix_length : forall s t, length (prefix s t) = t.
Proof. induction t as [| t IH]; simpl; [reflexivity |]. rewrite app_length, IH. simpl. lia. Qed.

Lemma in_prefix : forall s n t, (n < t)%nat -> In (s n) (prefix s t).
Proof.
  intros s n t. induction t as [| t IH]; intro Hn; [lia |]. simpl. apply in_or_app.
  destruct (Nat.eq_dec n t) as [-> | Hne]; [right; now left | left; apply IH; lia].
Qed.

Lemma in_prefix_inv : forall s x t, In x (prefix s t) -> exists n, (n < t)%nat /\ s n = x.
Proof.
  intros s x t. induction t as [| t IH]; simpl; [intros [] |]. intro H.
  apply in_app_or in H as [H | [H | []]].
  - destruct (IH H) as [n [Hn Hx]]. exists n. split; [lia | exact Hx].
  - exists t. split; [lia | exact H].
Qed.

(** [prefix s (S t)] starts with [s 0], followed by [s 1 .. s t]. *)
Lemma prefix_succ : forall s t, prefix s (S t) = s O :: map s (seq 1 t).
Proof.
  intros s t. induction t as [| t IH]; [reflexivity |].
  change (prefix s (S (S t))) with (prefix s (S t) ++ [s (S t)]). rewrite IH.
  rewrite seq_S, map_app. reflexivity.
Qed.

(** Finitely many "eventually false" facts hold together eventually. *)
Lemma eventually_list (P : nat -> nat -> Prop) (l : list nat) :
  (forall a, In a l -> exists T, forall t, (T <= t)%nat -> P a t) ->
  exists T, forall a, In a l -> forall t, (T <= t)%nat -> P a t.
Proof. apply eventually_all. Qed.

Definition is_some (o : option nat) : bool := match o with Some _ => true | None => false end.

Definition pick (o : option nat) (d : nat) : nat := match o with Some x => x | None => d end.

(** ** Without replay: every finite family is properly generatable *)

(** Hypothesis i is a candidate after the examples p: it contains all of them. *)
Definition cand (p : list Z) (i : nat) : bool := forallb (fun x => L i x) p.

(** Answer a candidate that lies inside every candidate (the target is one, eventually). *)
Definition least_candidate (p : list Z) : nat :=
  pick (find (fun m => cand p m && forallb (fun c => implb (cand p c) (inc m c)) (seq 0 N)) (seq 0 N)) O.

Lemma pick_find_lt : forall f d, (d < N)%nat -> (pick (find f (seq 0 N)) d < N)%nat.
Proof.
  intros f d Hd. unfold pick. destruct (find f (seq 0 N)) as [x |] eqn:E; [| exact Hd].
  apply find_some in E as [Hx _]. now apply in_seq0.
Qed.

Lemma generatable_by_table : (0 < N)%nat -> table ->
  proper N least_candidate /\ generates N L least_candidate.
Proof.
  intros HN Ht. split; [intro p; now apply pick_find_lt |].
  intros k s Hk [Hin Hall].
  (* Each hypothesis not containing L k loses its candidacy once a witness has been seen. *)
  destruct (eventually_list (fun i t => cand (prefix s t) i = false)
              (filter (fun i => negb (inc k i)) (seq 0 N))) as [T HT].
  { intros i Hi. apply filter_In in Hi as [_ Hi]. apply negb_true_iff, inc_witness in Hi as [q [Hkq Hiq]].
    destruct (Hall q Hkq) as [n Hn]. exists (S n). intros t Ht'.
    unfold cand. apply (forallb_false_in _ _ (s n)); [apply in_prefix; lia | now rewrite Hn]. }
  exists T. intros t Ht' _ z Hz. unfold answer in Hz.
  assert (Hck : cand (prefix s t) k = true).
  { unfold cand. apply forallb_forall. intros x Hx. apply in_prefix_inv in Hx as [n [_ <-]]. apply Hin. }
  assert (Hup : forall c, (c < N)%nat -> cand (prefix s t) c = true -> inc k c = true).
  { intros c Hc Hcc. destruct (inc k c) eqn:E; [reflexivity |].
    rewrite (HT c) in Hcc; [discriminate | | exact Ht'].
    apply filter_In. split; [now apply in_seq0 | now rewrite E]. }
  unfold least_candidate in Hz.
  destruct (find _ (seq 0 N)) as [m |] eqn:E.
  - apply find_some in E as [Hm Hf]. apply in_seq0 in Hm.
    apply andb_prop in Hf as [_ Hf]. rewrite forallb_seq in Hf. specialize (Hf k Hk).
    rewrite Hck in Hf. exact (inc_sound Ht m k Hm Hk Hf z Hz).
  - exfalso. eapply find_none in E; [| apply in_seq0, Hk].
    rewrite Hck in E. simpl in E. rewrite <- not_true_iff_false in E. apply E.
    apply forallb_seq. intros c Hc. destruct (cand (prefix s t) c) eqn:Hcc; [| reflexivity].
    exact (Hup c Hc Hcc).
Qed.

(** ** With replay: the canonical generator (Li and Zhang's sufficiency direction) *)

(** k and k' have the same residual outside L j. *)
Definition same (j a b : nat) : bool := rinc j a b && rinc j b a.

(** A hypothesis inside every member of the group. *)
Definition lower (grp : nat -> bool) : option nat :=
  find (fun h => forallb (fun i => implb (grp i) (inc h i)) (seq 0 N)) (seq 0 N).

(** j is a good first answer on seeing x0: every residual group of x0's
    hypotheses (its profile) has a member of the family inside it. *)
Definition good (x0 : Z) (j : nat) : bool :=
  forallb (fun k => implb (L k x0) (is_some (lower (fun i => L i x0 && same j i k)))) (seq 0 N).

(** The criterion: every point (every cell) has a good first answer. *)
Definition criterion : bool := forallb (fun p => existsb (good p) (seq 0 N)) pts.

Definition first_answer (x0 : Z) : nat := pick (find (good x0) (seq 0 N)) O.

(** The candidates after x0 and the later examples [rest]: hypotheses of x0's
    profile that contain every example outside L j. *)
Definition consistent (x0 : Z) (j : nat) (rest : list Z) (i : nat) : bool :=
  L i x0 && forallb (fun x => implb (negb (L j x)) (L i x)) rest.

(** A candidate with the least residual, then a hypothesis inside its group;
    j when there is none. *)
Definition output (j : nat) (c : nat -> bool) : nat :=
  match find (fun i => c i && forallb (fun i' => implb (c i') (rinc j i i')) (seq 0 N)) (seq 0 N) with
  | None => j
  | Some i0 => pick (lower (fun i => c i && same j i i0)) j
  end.

Definition canonical (p : list Z) : nat :=
  match p with
  | [] => O
  | x0 :: rest => let j := first_answer x0 in
                  match rest with [] => j | _ => output j (consistent x0 j rest) end
  end.

Lemma output_lt : forall j c, (j < N)%nat -> (output j c < N)%nat.
Proof.
  intros j c Hj. unfold output. destruct (find _ (seq 0 N)); [| exact Hj].
  now apply pick_find_lt.
Qed.

Lemma canonical_proper : (0 < N)%nat -> proper N canonical.
Proof.
  intros HN [| x0 [| y rest]]; simpl; [exact HN | now apply pick_find_lt |].
  apply output_lt. now apply pick_find_lt.
Qed.

Lemma good_ext : forall x y j, (forall i, (i < N)%nat -> L i x = L i y) -> good x j = good y j.
Proof.
  intros x y j H. unfold good. apply forallb_ext_in. intros k Hk. apply in_seq0 in Hk.
  rewrite (H k Hk). f_equal. f_equal. unfold lower. apply find_ext_in. intros h _.
  apply forallb_ext_in. intros i Hi. apply in_seq0 in Hi. now rewrite (H i Hi).
Qed.

(** What the answer after t + 1 examples is. *)
Lemma answer_succ : forall s t, answer canonical s (S t) =
  match t with O => first_answer (s O)
             | S _ => output (first_answer (s O)) (consistent (s O) (first_answer (s O)) (map s (seq 1 t))) end.
Proof. intros s t. unfold answer. rewrite prefix_succ. destruct t; reflexivity. Qed.

Lemma consistent_iff : forall x0 j s t i,
  consistent x0 j (map s (seq 1 t)) i = true <->
  L i x0 = true /\ forall n, (1 <= n <= t)%nat -> L j (s n) = false -> L i (s n) = true.
Proof.
  intros x0 j s t i. unfold consistent. rewrite andb_true_iff, forallb_forall. split.
  - intros [H0 H]. split; [exact H0 |]. intros n Hn Hj.
    specialize (H (s n) (in_map s _ n (proj2 (in_seq t 1 n) ltac:(lia)))). rewrite Hj in H. exact H.
  - intros [H0 H]. split; [exact H0 |]. intros x Hx. apply in_map_iff in Hx as [n [<- Hn]].
    apply in_seq in Hn. destruct (L j (s n)) eqn:Hj; [reflexivity |]. simpl. apply H; [lia | exact Hj].
Qed.

Lemma find_least : forall f i, (i < N)%nat -> f i = true ->
  exists i0, find f (seq 0 N) = Some i0 /\ (i0 < N)%nat /\ f i0 = true.
Proof.
  intros f i Hi Hf. destruct (find f (seq 0 N)) as [i0 |] eqn:E.
  - exists i0. apply find_some in E as [H1 H2]. apply in_seq0 in H1. auto.
  - eapply find_none in E; [| apply in_seq0, Hi]. congruence.
Qed.

(** The sufficiency direction: under the criterion the canonical generator succeeds. *)
Theorem sufficiency : (0 < N)%nat -> table -> criterion = true ->
  proper N canonical /\ generates_with_replay N L canonical.
Proof.
  intros HN Ht Hcrit. split; [now apply canonical_proper |].
  intros k s Hk [Hadm Hall].
  (* The first example is genuine: no answer was given before round 0. *)
  assert (Hk0 : L k (s O) = true).
  { destruct (Hadm O) as [H | [m [Hm _]]]; [exact H | lia]. }
  set (j := first_answer (s O)).
  (* j is a good first answer for s 0, by the criterion on its listed point. *)
  assert (Hgood : good (s O) j = true /\ (j < N)%nat).
  { destruct (represent Ht (s O) k Hk Hk0) as [p [Hp Hl]].
    unfold criterion in Hcrit. rewrite forallb_forall in Hcrit. specialize (Hcrit p Hp).
    apply existsb_exists in Hcrit as [j' [Hj' Hg]]. apply in_seq0 in Hj'.
    rewrite <- (good_ext _ _ j' Hl) in Hg.
    destruct (find_least (good (s O)) j' Hj' Hg) as [i0 [E [Hi0 Hgi0]]].
    unfold j, first_answer. rewrite E. simpl. auto. }
  destruct Hgood as [Hgood Hj].
  set (C t := consistent (s O) j (map s (seq 1 t))).
  (* The target stays a candidate: every example outside L j is in L k. *)
  assert (Hstay : forall n, (1 <= n)%nat -> L j (s n) = false -> L k (s n) = true).
  { intro n. induction n as [n IH] using lt_wf_ind. intros Hn Hjn.
    destruct (Hadm n) as [H | [m [Hm Hrep]]]; [exact H |].
    destruct m as [| m]; [lia |]. rewrite answer_succ in Hrep. fold j in Hrep.
    destruct m as [| m]; [congruence |].
    assert (HkC : C (S m) k = true).
    { apply consistent_iff. split; [exact Hk0 |]. intros n' Hn' Hjn'. apply IH; [lia | lia | exact Hjn']. }
    fold (C (S m)) in Hrep. unfold output in Hrep.
    destruct (find _ (seq 0 N)) as [i0 |] eqn:E; [| congruence].
    apply find_some in E as [Hi0 Hf]. apply in_seq0 in Hi0.
    apply andb_prop in Hf as [HCi0 Hf]. rewrite forallb_seq in Hf. specialize (Hf k Hk).
    rewrite HkC in Hf. simpl in Hf.
    unfold lower, pick in Hrep. destruct (find _ (seq 0 N)) as [h |] eqn:E'; [| congruence].
    apply find_some in E' as [Hh Hg]. apply in_seq0 in Hh. rewrite forallb_seq in Hg.
    specialize (Hg i0 Hi0). unfold same in Hg. rewrite HCi0, rinc_refl in Hg. simpl in Hg.
    pose proof (inc_sound Ht h i0 Hh Hi0 Hg (s n) Hrep) as Hi0n.
    exact (rinc_sound Ht j i0 k Hj Hi0 Hk Hf (s n) Hi0n Hjn). }
  assert (HkC : forall t, C t k = true).
  { intro t. apply consistent_iff. split; [exact Hk0 |]. intros n Hn. apply Hstay. lia. }
  (* Eventually every candidate's residual contains the target's. *)
  destruct (eventually_list (fun i t => C t i = false)
              (filter (fun i => negb (rinc j k i)) (seq 0 N))) as [T HT].
  { intros i Hi. apply filter_In in Hi as [Hi Hr]. apply in_seq0 in Hi.
    apply negb_true_iff, rinc_witness in Hr as [q [Hkq [Hjq Hiq]]].
    destruct (Hall q Hkq) as [n Hn]. exists n. intros t Htn.
    destruct (C t i) eqn:E; [| reflexivity]. exfalso.
    apply consistent_iff in E as [E0 E]. destruct n as [| n].
    - rewrite Hn in E0. congruence.
    - assert (1 <= S n <= t)%nat as Hr by lia. specialize (E (S n) Hr). rewrite Hn in E.
      specialize (E Hjq). congruence. }
  exists (S (S T)). intros t Htt _ z Hz.
  destruct t as [| t]; [lia |]. rewrite answer_succ in Hz. destruct t as [| t]; [lia |].
  fold j in Hz. fold (C (S t)) in Hz.
  assert (Hup : forall i, (i < N)%nat -> C (S t) i = true -> rinc j k i = true).
  { intros i Hi HCi. destruct (rinc j k i) eqn:E; [reflexivity |].
    rewrite (HT i) in HCi; [discriminate | | lia].
    apply filter_In. split; [now apply in_seq0 | now rewrite E]. }
  (* The target has the least residual, so a least candidate i0 exists ... *)
  unfold output in Hz.
  destruct (find_least (fun i => C (S t) i && forallb (fun i' => implb (C (S t) i') (rinc j i i')) (seq 0 N)) k Hk)
    as [i0 [E [Hi0 Hf]]].
  { rewrite HkC. simpl. apply forallb_seq. intros i Hi. destruct (C (S t) i) eqn:HCi; [| reflexivity].
    exact (Hup i Hi HCi). }
  rewrite E in Hz. apply andb_prop in Hf as [HCi0 Hf]. rewrite forallb_seq in Hf.
  (* ... k is in its group, and the group lies inside the profile group of k that j is good for. *)
  assert (Hsame : same j k i0 = true).
  { unfold same. specialize (Hf k Hk). rewrite HkC in Hf. simpl in Hf. rewrite Hf, (Hup i0 Hi0 HCi0). reflexivity. }
  unfold good in Hgood. rewrite forallb_seq in Hgood. specialize (Hgood k Hk). rewrite Hk0 in Hgood.
  simpl in Hgood. unfold lower in Hgood.
  destruct (find _ (seq 0 N)) as [h0 |] eqn:E0 in Hgood; [| discriminate]. clear Hgood.
  apply find_some in E0 as [Hh0 Hg0]. apply in_seq0 in Hh0. rewrite forallb_seq in Hg0.
  destruct (find_least (fun h => forallb (fun i => implb (C (S t) i && same j i i0) (inc h i)) (seq 0 N)) h0 Hh0)
    as [h [Eh [Hh Hg]]].
  { apply forallb_seq. intros i Hi. destruct (C (S t) i && same j i i0) eqn:Hgi; [| reflexivity].
    apply andb_prop in Hgi as [HCi Hsi]. specialize (Hg0 i Hi).
    assert (Hs : same j i k = true).
    { unfold same in *. apply andb_prop in Hsi as [H1 H2]. apply andb_prop in Hsame as [H3 H4].
      rewrite (rinc_trans j i i0 k H1 H4), (rinc_trans j k i0 i H3 H2). reflexivity. }
    unfold C in HCi. rewrite (consistent_iff (s O) j s (S t) i) in HCi.
    rewrite (proj1 HCi), Hs in Hg0. exact Hg0. }
  unfold lower, pick in Hz. rewrite Eh in Hz.
  rewrite forallb_seq in Hg. specialize (Hg k Hk). rewrite HkC, Hsame in Hg. simpl in Hg.
  exact (inc_sound Ht h k Hh Hk Hg z Hz).
Qed.

End Cells.
