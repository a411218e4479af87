"""The shipped referentials, checked against the documents they were transcribed from.

A candidate's livret quotes these texts to a jury: a word changed, a competency dropped or two bullets run
together would show in the livret. The checks against ``../shared/seeds`` re-read the source tables themselves, so
that a transcription error fails here rather than in front of a jury; they skip on a clone without ``../shared``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from vae_assistant.cli import main
from vae_assistant.referential import resolve
from vae_assistant.referential.model import Referential

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"  # ../shared next to the clone
ACTIVITY_REFERENTIAL = "002_65d35ea838807536.txt"
FICHE_7426 = "000_6e078bbbc5e460e8.txt"
FICHE_5411 = "003_2ccea947b5ca88d8.txt"
CNAM_36625 = "004_03f10476b0c0f84a.txt"

SHIPPED = ["casp-rncp7426", "ciao-rncp5411", "casp-rncp36625"]

CASP_TASKS = [
    *("1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1", "2.2", "2.3", "2.4"),
    *("3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "4.1", "4.2", "4.3"),
    *("5.1", "5.2", "5.3", "5.4", "5.5", "6.1", "6.2", "6.3", "6.4", "6.5", "6.7"),
]


def seed(name: str) -> str:
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(f"source document {name} not available (../shared is absent)")
    return path.read_text(encoding="utf-8")


def flat(text: str) -> str:
    """Text as words only: markup, bullets and line breaks dropped, so that only the wording is compared. The
    referential's typography is French (« … », « n° 1 ») where the source typed « ... » and « n°1 »."""
    text = re.sub(r"<[^>]+>", " ", text).replace("•", " ").replace("...", "…")
    text = re.sub(r"n°(\d)", r"n° \1", text)
    return re.sub(r"\s+", " ", text).strip()


def seed_rows(text: str) -> dict[str, list[str]]:
    """The task rows of the activity referential's table: task id → its five cells, continuation rows appended."""
    rows: dict[str, list[str]] = {}
    last = None
    for line in text.splitlines():
        cells = line.split("\t")
        if len(cells) < 2:
            continue
        head = re.match(r"^(?:<p>)?(\d\.\d) ", cells[0])
        if head:
            last = head.group(1)
            rows[last] = [cells[0]] + [""] * 4
        elif cells[0] == "" and len(cells) == 5 and cells[1] and last:
            pass  # a task continued on the next row of the table (3.3, 4.1)
        else:
            continue
        for column, cell in enumerate(cells[1:5], start=1):
            rows[last][column] += " " + cell
    return rows


def texts(ref: Referential, kind: str, task_id: str) -> list[str]:
    return [c.text for c in ref.task(task_id).competencies if c.kind == kind]


# -- every shipped file ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("ref_id", SHIPPED)
def test_each_shipped_referential_loads_by_its_id_with_unique_ids(ref_id: str) -> None:
    ref = resolve(ref_id).referential
    assert ref.id == ref_id
    for ids in (
        [b.id for b in ref.blocs],
        [a.id for a in ref.activities],
        [t.id for t in ref.tasks],
        [c.id for c in ref.competencies],
    ):
        assert len(set(ids)) == len(ids)
    assert ref.sources and all(s.file for s in ref.sources)


def test_a_counsellor_can_name_each_referential_by_its_rncp_number() -> None:
    assert resolve("7426").referential.id == "casp-rncp7426"
    assert resolve("RNCP5411").referential.id == "ciao-rncp5411"
    assert resolve("36625").referential.id == "casp-rncp36625"


# -- CASP: shape -------------------------------------------------------------------------------------------------


def test_casp_has_five_blocs_six_activities_and_the_32_tasks_in_document_order(casp: Referential) -> None:
    assert [b.id for b in casp.blocs] == ["B1", "B2", "B3", "B4", "B5"]
    assert [a.id for a in casp.activities] == ["1", "2", "3", "4", "5", "6"]
    assert [t.id for t in casp.tasks] == CASP_TASKS
    assert "6.6" not in {t.id for t in casp.tasks}
    assert all(not t.implicit and t.explicit_competencies == t.competencies for t in casp.tasks)
    assert casp.rncp.code == "RNCP7426" and casp.rncp.current == "RNCP36625"
    assert casp.short_title == "CASP" and "CNAM" in casp.certifier


def test_activities_1_to_5_belong_to_blocs_1_to_5_and_activity_6_is_transversal(casp: Referential) -> None:
    assert [(a.id, a.bloc) for a in casp.activities[:5]] == [(str(n), f"B{n}") for n in range(1, 6)]
    assert casp.activities[5].bloc is None
    assert [a.id for a in casp.activities_of_bloc(None)] == ["6"]
    assert [t.id for t in casp.activities_of_bloc(None)[0].tasks] == ["6.1", "6.2", "6.3", "6.4", "6.5", "6.7"]


@pytest.mark.parametrize(
    ("task_id", "associated", "evaluated"),
    [
        ("1.1", 5, 1),  # five bullets, one evaluated competency
        ("1.5", 8, 4),  # no bullets in the source: one competency per sentence
        ("2.4", 9, 1),
        ("3.3", 12, 5),  # 5 + 7 associated, 2 + 3 evaluated over its two table rows
        ("4.1", 12, 3),  # 4 + 8 associated, the last one without a bullet
        ("5.1", 2, 4),
        ("6.7", 6, 0),
    ],
)
def test_competencies_per_task_match_a_count_by_hand(
    casp: Referential, task_id: str, associated: int, evaluated: int
) -> None:
    assert len(texts(casp, "associated", task_id)) == associated
    assert len(texts(casp, "evaluated", task_id)) == evaluated
    ids = [c.id for c in casp.task(task_id).competencies]
    assert ids == [f"{task_id}.c{n}" for n in range(1, associated + 1)] + [
        f"{task_id}.e{n}" for n in range(1, evaluated + 1)
    ]


def test_casp_counts_180_competencies_46_of_them_evaluated(casp: Referential) -> None:
    assert Counter(c.kind for c in casp.competencies) == {"associated": 134, "evaluated": 46}


# -- CASP: tricky places of the source table -------------------------------------------------------------------


def test_task_2_4_keeps_its_sub_steps_on_their_own_lines(casp: Referential) -> None:
    lines = casp.task("2.4").title.splitlines()
    assert lines[0].startswith("Organisation et animation de réunions d'information collective")
    assert lines[1:] == [
        "2.4.a : Préparation du contenu de la réunion ou de l'atelier d'information",
        "2.4.b : Animation de la réunion ou de l'atelier",
    ]


def test_a_candidate_proving_task_3_3_is_asked_about_its_continuation_row_too(casp: Referential) -> None:
    associated = texts(casp, "associated", "3.3")
    assert associated[0] == "Expliquer la démarche de la structure, ses procédures, ses contraintes, ses incidences."
    assert associated[8] == (
        "Adapter le projet et ses modes de réalisation :\n"
        "- au contexte social, économique, réglementaire et partenarial,\n"
        "- à la situation globale de la personne,\n"
        "- aux moyens et outils disponibles dans la structure,\n"
        "- au niveau d'appropriation du projet par la personne."
    )
    assert texts(casp, "evaluated", "3.3")[-1].startswith("Repérer les différents usages de l'entretien")
    assert casp.task("3.3").evaluation.splitlines() == [
        "A partir d'une étude de cas, rédaction d'un projet d'accompagnement social, d'accompagnement professionnel",
        "Réalisation d'un écrit d'analyse de situations d'accompagnement vécues (rapport d'expérience professionnelle)",
    ]


def test_task_4_1_ends_with_the_unbulleted_competency_of_its_continuation_row(casp: Referential) -> None:
    associated = texts(casp, "associated", "4.1")
    assert associated[4] == "Sélectionner les acteurs susceptibles de travailler en synergie avec la structure."
    assert associated[-1] == "Négocier les modes de collaboration et les conditions de mise en œuvre."
    assert associated[0].splitlines()[1:] == [
        "- Acteurs de l'intervention sociale ;",
        "- Acteurs de l'insertion professionnelle ;",
        "- Acteurs de la formation ;",
        "- Entreprises.",
    ]


def test_cells_without_bullets_give_one_competency_per_sentence(casp: Referential) -> None:
    assert texts(casp, "associated", "1.5")[1] == "Repérer et faire s'exprimer des demandes ou des attentes implicites"
    assert texts(casp, "evaluated", "5.1")[:2] == [
        "Rechercher l'information à partir de sources et supports diversifiés",
        "Utiliser les outils du web et des nouvelles technologies de l'information.",
    ]
    # one bullet holding several sentences stays one competency
    several_sentences = "Prendre la parole. Participer aux réunions. Transmettre l'information."
    assert texts(casp, "associated", "4.3")[1] == several_sentences


def test_the_source_typos_are_kept(casp: Referential) -> None:
    assert texts(casp, "evaluated", "6.4")[1].startswith("Observer les public et adapter")
    assert "rendu écrit de d'une enquête" in casp.task("2.2").evaluation
    assert casp.activities[4].title.endswith("gestion d'un fond documentaire")


# -- CASP: word for word against the seeds ---------------------------------------------------------------------


def test_every_casp_competency_is_word_for_word_in_the_activity_referential(casp: Referential) -> None:
    source = flat(seed(ACTIVITY_REFERENTIAL))
    missing = [c.id for c in casp.competencies if flat(c.text) not in source]
    assert not missing


def test_nothing_is_lost_or_added_in_any_cell_of_the_task_table(casp: Referential) -> None:
    """Joined in order, a task's competencies, modalities and criteria give back its cells of the source table."""
    rows = seed_rows(seed(ACTIVITY_REFERENTIAL))
    assert list(rows) == CASP_TASKS
    for task_id, cells in rows.items():
        task = casp.task(task_id)
        assert flat(task.title) == flat(re.sub(r"^(<p>)?\d\.\d ", r"\1", cells[0])), task_id
        assert flat(" ".join(texts(casp, "associated", task_id))) == flat(cells[1]), task_id
        assert flat(" ".join(texts(casp, "evaluated", task_id))) == flat(cells[2]), task_id
        assert flat(task.evaluation or "") == flat(cells[3]), task_id
        assert flat(task.criteria or "") == flat(cells[4]), task_id


def test_casp_activity_titles_are_those_of_the_activity_list(casp: Referential) -> None:
    source = flat(seed(ACTIVITY_REFERENTIAL))
    for activity in casp.activities:
        assert f"{activity.id}. {activity.title}" in source


def test_bloc_titles_descriptions_and_evaluations_are_word_for_word_in_the_fiche(casp: Referential) -> None:
    fiche = seed(FICHE_7426)
    words = flat(fiche.replace("<b>", "").replace("</b>", ""))
    for n, bloc in enumerate(casp.blocs, start=1):
        assert bloc.label == f"Bloc de compétence n° {n} de la fiche n° 7426"
        assert bloc.title in fiche
        for paragraph in [*bloc.description.splitlines(), *bloc.evaluation.splitlines()]:
            assert paragraph in words, (bloc.id, paragraph)
    assert casp.bloc("B4").title == "Mobilisation d'un réseau de partenaires et coopération en équipe"
    assert len(casp.bloc("B3").description.splitlines()) == 4


def test_casp_description_is_the_fiche_summary(casp: Referential) -> None:
    assert casp.description in seed(FICHE_7426)


# -- the two smaller referentials ------------------------------------------------------------------------------


def test_the_predecessor_title_has_three_functions_as_activities_without_tasks() -> None:
    ref = resolve("ciao-rncp5411").referential
    assert ref.title == "Chargé d'information, d'accueil et d'orientation"
    assert ref.rncp.code == "RNCP5411" and ref.rncp.active is False
    assert not ref.blocs
    assert [a.id for a in ref.activities] == ["F1", "F2", "F3"]
    assert all(task.implicit for task in ref.tasks)
    assert [c.id for c in ref.competencies][:2] == ["F1.c1", "F1.c2"]
    assert "Titre précédent" in ref.notes
    source = flat(seed(FICHE_5411))
    for activity in ref.activities:
        assert flat(activity.description) in source
        # the function's text is all in its competencies, in order: only the heading and separators remain
        rest = activity.description.removeprefix(f"{activity.title} :")
        for competency in activity.tasks[0].competencies:
            before, found, rest = rest.partition(competency.text)
            assert found and re.fullmatch(r"[\s,]*", before), (competency.id, before)
        assert not rest.strip()


def test_the_current_registration_has_five_competencies_and_no_blocs() -> None:
    ref = resolve("casp-rncp36625").referential
    assert ref.rncp.code == "RNCP36625" and ref.rncp.previous == ["RNCP7426"]
    assert str(ref.rncp.end_date) == "2027-07-01"
    assert not ref.blocs and "Pas de blocs" in ref.notes
    assert [a.id for a in ref.activities] == ["C1", "C2", "C3", "C4", "C5"]
    assert [c.text for c in ref.competencies] == [a.title for a in ref.activities]
    source = seed(CNAM_36625)
    for activity in ref.activities:
        assert f"- {activity.title}\n" in source


# -- the contract other commands read --------------------------------------------------------------------------


def test_show_json_gives_the_whole_casp_referential_as_in_the_file(
    casp: Referential, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["referential", "show", "casp-rncp7426", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    tasks = [t for a in data["activities"] for t in a["tasks"]]
    assert [t["id"] for t in tasks] == CASP_TASKS
    shown = {c["id"]: (c["text"], c["kind"]) for t in tasks for c in t["competencies"]}
    assert shown == {c.id: (c.text, c.kind) for c in casp.competencies}
    assert data["blocs"][2]["evaluation"] == casp.bloc("B3").evaluation
