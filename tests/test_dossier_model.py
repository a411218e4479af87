"""The dossier model: what a candidate's file holds and the rules it keeps."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from vae_assistant.dossier.dates import format_partial_date, format_period, parse_partial_date
from vae_assistant.dossier.labels import REVIEW_STATUS_LABELS, working_time_label
from vae_assistant.dossier.model import (
    Candidate,
    Certification,
    Comment,
    CompetencyEvidence,
    Contact,
    Dossier,
    Experience,
    MatchRecord,
    Situation,
    StoredEvidence,
    TaskEvidence,
    Training,
)
from vae_assistant.errors import InputError


def make_dossier() -> Dossier:
    return Dossier(
        candidate=Candidate(nom="Martin", prenom="Léa", contact=Contact(email="lea@example.org")),
        certification=Certification(
            referential_id="casp-rncp7426", title="Chargé d'accompagnement", rncp="RNCP7426", fingerprint="sha256:ab"
        ),
    )


def test_a_full_dossier_survives_a_json_round_trip() -> None:
    dossier = make_dossier()
    dossier.experiences.append(
        Experience(
            id="e1",
            kind="volunteering",
            employer="Restos du cœur",
            position="Bénévole à l'accueil",
            start="2018-09",
            ongoing=True,
            working_time="part_time",
            part_time_percent=20,
        )
    )
    dossier.trainings.append(Training(id="f1", title="BAFA", end="2009", diploma_obtained=True))
    evidence = StoredEvidence(sentence="J'ai aidé 🙂 une dame.", start=0, end=22, matched=["aidé"], score=0.8)
    situation = Situation(
        id="s1",
        title="Une dame perdue",
        narrative="J'ai aidé 🙂 une dame.",
        match=MatchRecord(
            fingerprint="fp",
            tasks=[
                TaskEvidence(
                    id="2.2",
                    score=0.8,
                    evidenced=True,
                    competencies=[CompetencyEvidence(id="2.2.c1", score=0.8, evidence=[evidence])],
                )
            ],
        ),
        confirmed_tasks=["2.2"],
    )
    dossier.situations.append(situation)
    dossier.comments.append(Comment(id="c1", author="Mme Roux", text="Précisez le public.", situation_id="s1"))
    dossier.interview = {"step": 3, "pending": ["2.3"]}

    text = dossier.model_dump_json(indent=2)
    again = Dossier.model_validate_json(text)
    assert again == dossier
    assert again.model_dump_json(indent=2) == text
    assert json.loads(text)["schema_version"] == 2
    assert json.loads(text)["created_at"].endswith("Z")


def test_control_characters_are_removed_but_emoji_tabs_and_newlines_survive() -> None:
    situation = Situation(id="s1", title="Ti\x00tre\n", narrative="a\x00b\x07c\td\r\ne\rf 😀 \x7f\u00a0g")
    assert situation.narrative == "abc\td\ne\nf 😀 \x7f\u00a0g"
    assert situation.title == "Titre"


def test_a_lone_surrogate_from_a_broken_clipboard_becomes_a_replacement_character() -> None:
    situation = Situation(id="s1", title="t", narrative="avant \ud83d après")
    assert situation.narrative == "avant \ufffd après"
    situation.model_dump_json().encode("utf-8")


def test_unknown_fields_are_refused_not_dropped() -> None:
    data = make_dossier().model_dump(mode="json")
    data["candidate"]["age"] = 40
    with pytest.raises(ValidationError):
        Dossier.model_validate(data)


def test_a_task_cannot_be_both_confirmed_and_rejected() -> None:
    with pytest.raises(ValidationError):
        Situation(id="s1", title="t", confirmed_tasks=["1.1"], rejected_tasks=["1.1"])


def test_rejected_matches_do_not_count_and_confirmed_tasks_do() -> None:
    match = MatchRecord(
        fingerprint="fp",
        tasks=[TaskEvidence(id="1.1", score=0.9, evidenced=True), TaskEvidence(id="1.2", score=0.7, evidenced=True)],
    )
    situation = Situation(id="s1", title="t", match=match, rejected_tasks=["1.2"], confirmed_tasks=["4.1"])
    assert situation.counted_tasks == ["1.1", "4.1"]


def test_the_latest_status_given_on_a_target_is_the_one_that_shows() -> None:
    dossier = make_dossier()
    dossier.comments += [
        Comment(id="c1", author="A", text="Trop vague", status="a_retravailler", task_id="3.3"),
        Comment(id="c2", author="A", text="Mieux", status="valide", task_id="3.3"),
        Comment(id="c3", author="A", text="Une question sans statut", task_id="3.3"),
        Comment(id="c4", author="A", text="Pour la situation", status="a_completer", situation_id="s1", task_id="3.3"),
    ]
    assert dossier.latest_status(task_id="3.3") == "valide"
    assert dossier.latest_status(situation_id="s1", task_id="3.3") == "a_completer"
    assert dossier.latest_status(task_id="1.1") is None
    assert REVIEW_STATUS_LABELS["a_retravailler"] == "À retravailler"


def test_a_comment_needs_a_target() -> None:
    with pytest.raises(ValidationError):
        Comment(id="c1", author="A", text="Sur rien")


def test_ids_are_never_reused_after_a_deletion() -> None:
    dossier = make_dossier()
    first = dossier.next_id("s")
    dossier.situations.append(Situation(id=first, title="t"))
    dossier.situations.clear()
    assert dossier.next_id("s") == "s2"


def test_counters_below_the_ids_of_a_hand_edited_file_are_raised_on_reading() -> None:
    data = make_dossier().model_dump(mode="json")
    data["situations"] = [{"id": "s1", "title": "a"}, {"id": "s7", "title": "b"}]
    data["id_counters"] = {"s": 2, "c": 4}
    dossier = Dossier.model_validate(data)
    assert dossier.id_counters == {"s": 7, "c": 4}
    assert dossier.next_id("s") == "s8"
    written = make_dossier()
    written.next_id("s")
    assert Dossier.model_validate(written.model_dump(mode="json")).id_counters == {"s": 1}  # nothing to raise


def test_duplicate_ids_in_a_hand_edited_file_are_refused() -> None:
    data = make_dossier().model_dump(mode="json")
    data["situations"] = [{"id": "s1", "title": "a"}, {"id": "s1", "title": "b"}]
    with pytest.raises(ValidationError, match="double"):
        Dossier.model_validate(data)


def test_an_experience_ends_after_it_starts_and_an_ongoing_one_has_no_end() -> None:
    with pytest.raises(ValidationError):
        Experience(id="e1", employer="X", position="Y", start="2019", end="2015-06")
    with pytest.raises(ValidationError):
        Experience(id="e1", employer="X", position="Y", start="2019", end="2020", ongoing=True)
    Experience(id="e1", employer="X", position="Y", start="2019-03", end="2019")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2015", "2015"),
        ("03/2015", "2015-03"),
        ("3/2015", "2015-03"),
        ("12/03/2015", "2015-03-12"),
        ("mars 2015", "2015-03"),
        ("Février 2020", "2020-02"),
        ("1er juin 2021", "2021-06-01"),
        ("2015-03", "2015-03"),
    ],
)
def test_dates_are_read_as_candidates_type_them(typed: str, stored: str) -> None:
    assert parse_partial_date(typed) == stored


@pytest.mark.parametrize("typed", ["13/2015", "hier", "31/02/2020", "1850", ""])
def test_a_date_that_is_not_one_gets_a_french_message(typed: str) -> None:
    with pytest.raises(InputError, match="Date non reconnue"):
        parse_partial_date(typed)


def test_dates_and_working_time_read_in_french() -> None:
    assert format_partial_date("2015-03") == "mars 2015"
    assert format_partial_date("2021-06-01") == "1er juin 2021"
    assert format_period("2015-03", "2019-06") == "de mars 2015 à juin 2019"
    assert format_period("2020", None, ongoing=True) == "depuis 2020"
    assert working_time_label("part_time", 80) == "Temps partiel (80\u00a0%)"
