"""Coverage tells the candidate and the counsellor, bloc by bloc, what is proven and what is still missing."""

from __future__ import annotations

import json

import pytest
from test_dossier_support import KeywordMatcher, mini_referential

from vae_assistant.coverage import compute_coverage
from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.model import Dossier
from vae_assistant.matching.types import MatchReport
from vae_assistant.referential.model import Referential


@pytest.fixture
def ref() -> Referential:
    return mini_referential()


def dossier_with(ref: Referential, *texts: str) -> Dossier:
    dossier = ops.new_dossier(ref, nom="Martin", prenom="Léa")
    match = KeywordMatcher(ref)
    for text in texts:
        ops.add_situation(dossier, text, match=match)
    return dossier


def test_a_candidate_with_no_situation_has_every_bloc_as_a_gap(ref: Referential) -> None:
    coverage = compute_coverage(dossier_with(ref), ref)
    assert [b.id for b in coverage.blocs] == ["B1", "B2", "B3"]
    assert all(b.status == "non_couvert" and b.ratio == 0 for b in coverage.groups)
    assert [(g.kind, g.id) for g in coverage.gaps] == [("bloc", "B1"), ("bloc", "B2"), ("bloc", "B3"), ("bloc", None)]
    assert "activités transversales" in coverage.gaps[-1].message


def test_a_candidate_who_describes_a_welcome_sees_task_1_1_covered_with_the_proving_sentence(ref: Referential) -> None:
    coverage = compute_coverage(dossier_with(ref, "J'ai accueilli une dame âgée. Je l'ai écoutée longuement."), ref)
    task = coverage.task("1.1")
    assert task.status == "couvert" and task.situations == ("s1",)
    assert task.best is not None and task.best.sentence == "J'ai accueilli une dame âgée."
    assert [c.status for c in task.competencies] == ["couvert", "couvert"]
    bloc = coverage.blocs[0]
    assert bloc.status == "partiel" and bloc.ratio == 0.5
    assert [(g.kind, g.id) for g in bloc.gaps] == [("task", "1.2")]


def test_few_competencies_shown_make_a_task_partial(ref: Referential) -> None:
    coverage = compute_coverage(dossier_with(ref, "Nous avons construit un plan avec la personne."), ref)
    task = coverage.task("2.1")
    assert task.status == "partiel" and task.share == 0.25
    assert "1 compétence sur 4" in task.reason
    assert [c.id for c in task.missing_competencies] == ["2.1.c1", "2.1.c3", "2.1.c4"]


def test_situations_add_up_to_cover_a_task(ref: Referential) -> None:
    coverage = compute_coverage(
        dossier_with(ref, "J'ai fait un diagnostic. Nous avons établi un plan.", "J'ai signé un contrat."), ref
    )
    task = coverage.task("2.1")
    assert task.status == "couvert" and task.share == 0.75
    assert task.situations == ("s1", "s2")


def test_a_bloc_with_nothing_comes_before_a_task_with_nothing_before_a_task_with_weak_evidence(
    ref: Referential,
) -> None:
    dossier = dossier_with(
        ref,
        "J'ai accueilli et écouté un jeune, je l'ai orienté.",  # B1 complete
        "Nous avons fait un plan ensemble.",  # B2: 2.1 weak (1/4), 2.2 missing
        "J'ai rédigé un compte rendu.",  # transversal complete
    )
    coverage = compute_coverage(dossier, ref)
    order = [(g.kind, g.id, g.rank) for g in coverage.gaps]
    assert order == [("bloc", "B3", 1), ("task", "2.2", 2), ("task", "2.1", 4)]
    assert coverage.blocs[0].status == "couvert" and coverage.blocs[0].gaps == ()
    assert coverage.transversal is not None and coverage.transversal.status == "couvert"


def test_among_weak_tasks_the_weakest_comes_first(ref: Referential) -> None:
    dossier = dossier_with(ref, "Nous avons fait un plan.", "J'ai rédigé un compte rendu.")
    ops.add_comment(dossier, author="A", text="Trop court.", status="a_completer", situation_id="s2")
    coverage = compute_coverage(dossier, ref)
    assert coverage.task("2.1").share == 0.25 and coverage.task("6.1").share == 0.0
    weak = [g.id for g in coverage.gaps if g.rank == 4]
    assert weak == ["6.1", "2.1"], "6.1 shows nothing strong, 2.1 shows a quarter"


def test_rejected_matches_do_not_count_and_confirmed_tasks_do(ref: Referential) -> None:
    dossier = dossier_with(ref, "J'ai accueilli une dame et je l'ai écoutée.")
    ops.reject_task(dossier, "s1", "1.1")
    ops.confirm_task(dossier, "s1", "3.2", referential=ref, match=KeywordMatcher(ref))
    coverage = compute_coverage(dossier, ref)
    assert coverage.task("1.1").status == "non_couvert"
    veille = coverage.task("3.2")
    assert veille.status == "partiel" and veille.confirmed_in == ("s1",)
    assert "aucune phrase" in veille.reason


def test_a_confirmed_task_keeps_the_matchers_evidence_found_below_its_threshold(ref: Referential) -> None:
    strict = KeywordMatcher(ref, threshold=0.6)
    dossier = ops.new_dossier(ref, nom="Martin", prenom="Léa")
    situation = ops.add_situation(dossier, "Nous avons fait un plan.", match=strict)
    assert situation.match is not None and situation.match.task("2.1") is None
    assert compute_coverage(dossier, ref).task("2.1").status == "non_couvert"

    ops.confirm_task(dossier, "s1", "2.1", referential=ref, match=strict)
    stored = situation.match.task("2.1")
    assert stored is not None and not stored.evidenced
    task = compute_coverage(dossier, ref).task("2.1")
    assert task.status == "partiel" and task.confirmed_in == ("s1",)
    if task.reason.startswith("Confirmée par vous"):
        assert task.review_reason.startswith("Confirmée par le candidat")
    assert task.best is not None and task.best.sentence == "Nous avons fait un plan."


def test_the_counsellor_has_the_last_word_on_a_task(ref: Referential) -> None:
    dossier = dossier_with(ref, "J'ai accueilli une dame et je l'ai écoutée.")
    ops.add_comment(dossier, author="Mme Roux", text="Décrivez le lieu.", status="a_retravailler", task_id="1.1")
    task = compute_coverage(dossier, ref).task("1.1")
    assert task.status == "partiel" and task.review == "a_retravailler"
    assert task.reason.startswith("À retravailler selon votre accompagnateur")
    gaps = compute_coverage(dossier, ref).blocs[0].gaps
    assert [(g.id, g.rank) for g in gaps] == [("1.2", 2), ("1.1", 3)]

    assert task.review_reason.startswith("À retravailler selon l'accompagnateur")  # the review's wording

    ops.add_comment(dossier, author="Mme Roux", text="Parfait.", status="valide", task_id="1.1")
    task = compute_coverage(dossier, ref).task("1.1")
    assert task.status == "couvert"
    assert (task.reason, task.review_reason) == ("Validée par votre accompagnateur.", "Validée par l'accompagnateur.")


def test_a_situation_sent_back_gives_only_weak_proof(ref: Referential) -> None:
    dossier = dossier_with(ref, "J'ai accueilli une dame et je l'ai écoutée.")
    ops.add_comment(dossier, author="A", text="Trop vague.", status="a_completer", situation_id="s1")
    task = compute_coverage(dossier, ref).task("1.1")
    assert task.status == "partiel"
    assert [c.status for c in task.competencies] == ["partiel", "partiel"]


def test_a_sentence_that_only_hints_at_a_competency_does_not_show_it(ref: Referential) -> None:
    """The matcher lists a competency with a near-zero score when its sentence mostly tells another task: the
    coverage marks it ◐, as weak proof, not ✔."""
    from vae_assistant.coverage.compute import MIN_STRONG_SCORE

    keywords = KeywordMatcher(ref)

    def faint(text: str) -> MatchReport:
        report = keywords(text)
        tasks = []
        for task in report.tasks:
            competencies = [
                c.model_copy(update={"score": MIN_STRONG_SCORE / 10}) if c.id == "1.1.c2" else c
                for c in task.competencies
            ]
            tasks.append(task.model_copy(update={"competencies": competencies}))
        return report.model_copy(update={"tasks": tasks})

    dossier = ops.new_dossier(ref, nom="Martin", prenom="Léa")
    ops.add_situation(dossier, "J'ai accueilli une dame âgée. Je l'ai écoutée longuement.", match=faint)
    task = compute_coverage(dossier, ref).task("1.1")
    assert [c.status for c in task.competencies] == ["couvert", "partiel"]
    assert task.share == 0.5  # one competency of two shown


def test_the_json_shape_has_blocs_tasks_gaps_and_a_transversal_entry(ref: Referential) -> None:
    dossier = dossier_with(ref, "J'ai accueilli une dame et je l'ai écoutée.")
    data = json.loads(json.dumps(compute_coverage(dossier, ref).to_json(), ensure_ascii=False))
    bloc = data["blocs"][0]
    assert {"id", "title", "ratio", "tasks", "gaps"} <= set(bloc)
    assert bloc["tasks"][0]["id"] == "1.1" and bloc["tasks"][0]["status"] == "couvert"
    assert bloc["tasks"][0]["situations"] == ["s1"]
    assert data["transversal"]["activities"] == ["6"] and data["transversal"]["tasks"][0]["id"] == "6.1"
    assert data["gaps"][0]["kind"] == "bloc"


def test_a_referential_change_is_visible_in_coverage(ref: Referential) -> None:
    dossier = dossier_with(ref, "J'ai accueilli une dame.")
    changed = mini_referential(title="Titre de test, édition 2")
    assert compute_coverage(dossier, changed).referential_changed
    result = ops.refresh_matches(dossier, changed, KeywordMatcher(changed))
    assert result.referential_changed and result.rematched == ["s1"]
    assert "Le référentiel a changé" in result.messages()[0]
    assert not compute_coverage(dossier, changed).referential_changed


def test_a_referential_without_blocs_is_one_group(ref: Referential) -> None:
    flat = mini_referential(blocs=[], activities=[{**a, "bloc": None} for a in ref.model_dump()["activities"]])
    coverage = compute_coverage(dossier_with(flat, "J'ai accueilli une dame."), flat)
    assert coverage.blocs == () and coverage.transversal is not None
    assert len(coverage.transversal.tasks) == 7


def test_every_gap_reads_as_one_short_line_even_for_a_task_whose_title_lists_sub_steps(casp: Referential) -> None:
    dossier = ops.new_dossier(casp, nom="Martin", prenom="Léa")
    ops.add_situation(dossier, "J'ai renseigné une personne sur ses droits.")
    ops.confirm_task(dossier, "s1", "2.1", referential=casp)
    assert "\n" in casp.task("2.4").title
    gaps = {g.id: g.message for g in compute_coverage(dossier, casp).gaps}
    assert gaps["2.4"].startswith("Tâche 2.4 (Organisation et animation de réunions")
    # the sub-steps that follow the title in the referential would make the line three times as long
    assert "2.4.a" not in gaps["2.4"] and gaps["2.4"].endswith(") : aucune situation ne la montre.")
    assert all("\n" not in message for message in gaps.values())


def test_a_competency_the_referential_repeats_in_the_same_words_is_listed_missing_once(casp: Referential) -> None:
    """CASP's task 1.6 evaluates two of its associated competencies in their very words."""
    from vae_assistant.dossier import operations as ops
    from vae_assistant.referential.model import wording_key

    coverage = compute_coverage(ops.new_dossier(casp, nom="Martin", prenom="Léa"), casp)
    task = coverage.task("1.6")
    missing = [wording_key(c.text) for c in task.missing_competencies]
    assert len(missing) == len(set(missing)) == len(casp.task("1.6").competency_groups)
    assert len(missing) < len(casp.task("1.6").competencies)
