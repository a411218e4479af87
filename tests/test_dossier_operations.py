"""The core operations the CLI and the TUI share: what a candidate and a counsellor do to a dossier."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from test_dossier_support import KeywordMatcher, mini_referential

from vae_assistant.dossier import model
from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.model import Dossier
from vae_assistant.errors import InputError
from vae_assistant.referential.model import Referential


@pytest.fixture
def ref() -> Referential:
    return mini_referential()


@pytest.fixture
def dossier(ref: Referential) -> Dossier:
    return ops.new_dossier(ref, nom=" Martin ", prenom="Léa", email="lea@example.org", phone="")


def test_a_new_dossier_records_the_certification_for_display_even_without_the_file(ref: Referential) -> None:
    dossier = ops.new_dossier(ref, nom="Martin", prenom="Léa", email="lea@example.org")
    assert dossier.candidate.nom == "Martin" and dossier.candidate.contact.phone is None
    cert = dossier.certification
    assert (cert.referential_id, cert.title, cert.rncp, cert.fingerprint) == (
        "mini-test",
        "Titre de test",
        "RNCP1234",
        ref.fingerprint,
    )
    assert dossier.created_at == dossier.updated_at and dossier.created_at.tzinfo is not None


def test_a_candidate_needs_a_name(ref: Referential) -> None:
    with pytest.raises(InputError, match="Le nom ne peut pas être vide"):
        ops.new_dossier(ref, nom="  ", prenom="Léa")


@pytest.mark.parametrize("email", ["marie@", "marie lefevre@exemple.fr", "marie.exemple.fr", "marie@exemple"])
def test_an_e_mail_address_with_a_typo_is_refused_in_french_before_it_reaches_the_livret(
    ref: Referential, email: str
) -> None:
    """The livret's « Identité et parcours » gives the jury the address: « marie lefevre@exemple.fr » was kept."""
    with pytest.raises(InputError, match="Adresse électronique") as refused:
        ops.new_dossier(ref, nom="Lefèvre", prenom="Marie", email=email)
    assert "prenom.nom@exemple.fr" in str(refused.value)
    dossier = ops.new_dossier(ref, nom="Lefèvre", prenom="Marie", email="Marie.Lefevre+vae@exemple.fr")
    with pytest.raises(InputError, match="Adresse électronique"):
        ops.edit_candidate(dossier, email=email)
    assert dossier.candidate.contact.email == "Marie.Lefevre+vae@exemple.fr"
    ops.edit_candidate(dossier, email="  ")  # emptied: no address, as before
    assert dossier.candidate.contact.email is None


def test_adding_a_situation_matches_it_and_titles_it_from_its_first_sentence(
    dossier: Dossier, ref: Referential
) -> None:
    matcher = KeywordMatcher(ref)
    situation = ops.add_situation(
        dossier,
        "J'ai accueilli un couple perdu dans ses papiers. Je les ai écoutés.",
        context={"structure": "Centre social", "public": " ", "period": "2021"},
        tags=["accueil", " "],
        match=matcher,
    )
    assert situation.id == "s1" and situation.title == "J'ai accueilli un couple perdu dans ses papiers"
    assert situation.context.structure == "Centre social" and situation.context.public is None
    assert situation.tags == ["accueil"]
    assert situation.match is not None and situation.match.fingerprint == matcher.fingerprint
    assert [t.id for t in situation.match.tasks] == ["1.1"]
    assert situation.counted_tasks == ["1.1"]


def test_evidence_is_stored_verbatim_with_offsets_into_the_narrative(dossier: Dossier, ref: Referential) -> None:
    text = "Le matin, tri du courrier.\nJ'ai accueilli une famille 👪 syrienne."
    situation = ops.add_situation(dossier, text, match=KeywordMatcher(ref))
    assert situation.match is not None
    evidence = situation.match.tasks[0].competencies[0].evidence[0]
    assert text[evidence.start : evidence.end] == evidence.sentence == "J'ai accueilli une famille 👪 syrienne."


def test_a_long_first_sentence_gives_a_title_cut_at_a_word(dossier: Dossier) -> None:
    situation = ops.add_situation(dossier, "Pendant " + "très " * 40 + "longtemps.")
    assert len(situation.title) <= 71 and situation.title.endswith("…") and " tr…" not in situation.title
    assert ops.add_situation(dossier, "").title == "Situation 2"


def test_a_long_first_sentence_gives_a_title_that_ends_at_a_clause_when_it_can() -> None:
    """QA pass 9: the jury's livret had « Situation 1 — Un mardi un monsieur age est venu a l'accueil, il etait perdu
    avec un… » as a heading and in its table of contents."""
    text = (
        "Un mardi un monsieur age est venu a l'accueil, il etait perdu avec un courrier de la caf qu'il comprenait "
        "pas. Je l'ai fait assoir."
    )
    assert ops.default_title(text, 1) == "Un mardi un monsieur age est venu a l'accueil"
    short_clause = "En 2021, une dame très très inquiète est venue au guichet du CCAS sans rendez-vous ni courrier."
    assert ops.default_title(short_clause, 2).endswith("…"), "« En 2021 » alone is no title"


def test_editing_the_text_matches_it_again_and_editing_the_title_does_not(dossier: Dossier, ref: Referential) -> None:
    matcher = KeywordMatcher(ref)
    situation = ops.add_situation(dossier, "J'ai accueilli une dame.", match=matcher)
    before = situation.updated_at
    ops.edit_situation(dossier, "s1", title="Une dame à l'accueil", match=matcher)
    assert matcher.calls == 1 and situation.title == "Une dame à l'accueil"
    ops.edit_situation(dossier, "s1", narrative="J'ai rédigé un compte rendu.", match=matcher)
    assert matcher.calls == 2
    assert situation.match is not None and [t.id for t in situation.match.tasks] == ["6.1"]
    assert situation.updated_at >= before
    assert dossier.situation("s1") is situation, "the TUI's reference stays valid"


def test_editing_the_text_without_a_matcher_drops_the_old_evidence(dossier: Dossier, ref: Referential) -> None:
    ops.add_situation(dossier, "J'ai accueilli une dame.", match=KeywordMatcher(ref))
    situation = ops.edit_situation(dossier, "s1", narrative="Autre chose.")
    assert situation.match is None


def test_an_unknown_situation_or_task_gets_a_french_message(dossier: Dossier, ref: Referential) -> None:
    ops.add_situation(dossier, "Texte")
    with pytest.raises(InputError, match="Aucune situation « s9 »") as caught:
        ops.edit_situation(dossier, "s9", title="x")
    assert "s1" in str(caught.value)
    with pytest.raises(InputError, match=r"pas de tâche « 9\.9 »"):
        ops.confirm_task(dossier, "s1", "9.9", referential=ref)


def test_deleting_a_situation_removes_its_comments_and_never_reuses_its_id(dossier: Dossier) -> None:
    ops.add_situation(dossier, "Un")
    ops.add_situation(dossier, "Deux")
    ops.add_comment(dossier, author="A", text="Sur s2", situation_id="s2")
    ops.add_comment(dossier, author="A", text="Sur 1.1", task_id="1.1")
    ops.delete_situation(dossier, "s2")
    assert [c.text for c in dossier.comments] == ["Sur 1.1"]
    assert ops.add_situation(dossier, "Trois").id == "s3"


def test_confirming_then_rejecting_a_task_keeps_one_decision(dossier: Dossier, ref: Referential) -> None:
    ops.add_situation(dossier, "J'ai accueilli une dame.", match=KeywordMatcher(ref))
    ops.confirm_task(dossier, "s1", "1.2", referential=ref)
    situation = ops.reject_task(dossier, "s1", "1.2", referential=ref)
    assert situation.confirmed_tasks == [] and situation.rejected_tasks == ["1.2"]
    ops.set_decision(dossier, "s1", "1.2", None)
    assert situation.decision("1.2") is None


def test_comments_need_a_target_and_some_content(dossier: Dossier) -> None:
    with pytest.raises(InputError, match="porte sur"):
        ops.add_comment(dossier, author="A", text="Flottant")
    with pytest.raises(InputError, match="vide"):
        ops.add_comment(dossier, author="A", text="  ", task_id="1.1")
    comment = ops.add_comment(dossier, author="Mme Roux", text="", status="valide", task_id="1.1")
    assert dossier.latest_status(task_id="1.1") == "valide"
    ops.edit_comment(dossier, comment.id, status="a_completer")
    assert dossier.latest_status(task_id="1.1") == "a_completer"
    ops.delete_comment(dossier, comment.id)
    assert dossier.latest_status(task_id="1.1") is None


def test_the_conversation_is_kept_with_its_task_and_situation(dossier: Dossier) -> None:
    ops.add_message(dossier, "assistant", "Parlez-moi d'un accueil difficile.", task_id="1.6")
    message = ops.add_message(dossier, "candidate", "Un homme très énervé\x07 est arrivé.", task_id="1.6")
    assert message.text == "Un homme très énervé est arrivé." and message.id == "m2"
    assert [m.role for m in dossier.conversation] == ["assistant", "candidate"]


def test_the_parcours_is_entered_and_edited_with_french_errors(dossier: Dossier) -> None:
    job = ops.add_experience(
        dossier,
        kind="job",
        employer="Mission locale",
        position="Conseillère",
        start="2015-03",
        end="2019",
        working_time="part_time",
        part_time_percent=80,
    )
    assert job.id == "e1"
    with pytest.raises(InputError, match="date de fin précède"):
        ops.edit_item(dossier, "e1", end="2014")
    assert dossier.experiences[0].end == "2019", "a refused edit changes nothing"
    ops.edit_item(dossier, "e1", end=None, ongoing=True)
    assert dossier.experiences[0].ongoing and dossier.experiences[0].end is None
    training = ops.add_training(dossier, title="DEJEPS", organisation="CREPS", end="2012", diploma_obtained=True)
    piece = ops.add_piece(dossier, title="Attestation d'employeur")
    assert (training.id, piece.id) == ("f1", "p1")
    with pytest.raises(InputError, match="champ obligatoire"):
        ops.add_piece(dossier)
    ops.delete_item(dossier, "p1")
    assert dossier.pieces == []
    with pytest.raises(InputError, match="ni une expérience"):
        ops.delete_item(dossier, "s1")


def test_every_edit_is_timestamped(dossier: Dossier, monkeypatch: pytest.MonkeyPatch) -> None:
    later = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    monkeypatch.setattr(model, "now", lambda: later)
    monkeypatch.setattr(ops, "now", lambda: later)
    situation = ops.add_situation(dossier, "Texte")
    comment = ops.add_comment(dossier, author="A", text="x", situation_id=situation.id)
    assert situation.created_at == situation.updated_at == comment.created_at == dossier.updated_at == later


def test_stale_situations_are_matched_again_when_the_matcher_changes(dossier: Dossier, ref: Referential) -> None:
    ops.add_situation(dossier, "J'ai accueilli une dame.", match=KeywordMatcher(ref))
    ops.add_situation(dossier, "Un compte rendu.")  # added while no matcher was available
    newer = KeywordMatcher(ref, version="kw2")
    assert ops.needs_refresh(dossier, ref, newer)
    result = ops.refresh_matches(dossier, ref, newer)
    assert result.rematched == ["s1", "s2"] and not result.referential_changed
    assert "mis à jour : 2 situations ré-analysées" in result.messages()[0]
    assert not ops.needs_refresh(dossier, ref, newer)
    assert ops.refresh_matches(dossier, ref, newer).messages() == []


def test_a_re_analysis_says_per_situation_which_tasks_it_no_longer_shows_or_shows_in_addition(
    dossier: Dossier, ref: Referential
) -> None:
    """A candidate back after a break, her dossier made with the previous matcher (QA pass 9): told what moved."""
    text = "J'ai accueilli une dame. Je l'ai orientée. Un compte rendu."
    ops.add_situation(dossier, text, match=KeywordMatcher(ref, version="old"))
    assert {t.id for t in dossier.situations[0].match.tasks if t.evidenced} == {"1.1", "1.2", "6.1"}  # type: ignore[union-attr]
    ops.confirm_task(dossier, "s1", "1.2")
    ops.reject_task(dossier, "s1", "6.1")
    stricter = KeywordMatcher(ref, version="new", threshold=0.95)
    result = ops.refresh_matches(dossier, ref, stricter)
    assert result.messages()[1] == (
        "Ce qui change — situation s1 : tâche 1.1 plus repérée, tâche 1.2 plus repérée (confirmée, elle reste comptée)."
    )
    assert "1.2" in dossier.situations[0].counted_tasks, "a task she confirmed is never dropped silently"
    ops.add_situation(dossier, text, match=stricter)
    ops.confirm_task(dossier, "s2", "1.1")
    result = ops.refresh_matches(dossier, ref, KeywordMatcher(ref, version="newer"))
    assert result.messages()[1:] == [
        "Ce qui change — situation s1 : tâche 1.1 repérée en plus ; situation s2 : tâches 1.2, 6.1 repérées en plus."
    ]
    for _ in range(5):
        ops.add_situation(dossier, text, match=stricter)
    messages = ops.refresh_matches(dossier, ref, KeywordMatcher(ref, version="newest")).messages()
    assert messages[1].startswith("Ce qui change — situation s3 : tâches 1.1, 1.2, 6.1 repérées en plus ;")
    assert messages[1].endswith("situation s6 : tâches 1.1, 1.2, 6.1 repérées en plus ; et une autre situation.")


def test_decisions_on_tasks_a_new_referential_dropped_are_reported(dossier: Dossier, ref: Referential) -> None:
    ops.add_situation(dossier, "Texte")
    ops.confirm_task(dossier, "s1", "3.2")
    data = ref.model_dump()
    smaller = mini_referential(
        blocs=[b for b in data["blocs"] if b["id"] != "B3"],
        activities=[a for a in data["activities"] if a["id"] != "3"],
    )
    result = ops.refresh_matches(dossier, smaller, KeywordMatcher(smaller))
    assert result.referential_changed and result.unknown_tasks == {"s1": ["3.2"]}
    assert dossier.certification.fingerprint == smaller.fingerprint
    assert any("3.2" in m and "absente" in m for m in result.messages())


def test_a_referential_of_another_certification_is_refused(dossier: Dossier) -> None:
    other = mini_referential(id="autre-titre")
    with pytest.raises(InputError, match="vise le référentiel"):
        ops.refresh_matches(dossier, other, KeywordMatcher(other))


def test_a_situation_s_default_title_does_not_stop_at_an_initial_that_anonymises_a_name() -> None:
    default_title = ops.default_title

    text = "Pour monsieur K. on avait signé un contrat d'engagement. Tous les deux mois on faisait le point."
    assert default_title(text, 7) == "Pour monsieur K. on avait signé un contrat d'engagement"
    assert default_title("M. D. est venu seul. Il avait faim.", 1) == "M. D. est venu seul"
    assert default_title("J'ai reçu Mme B. au guichet.", 2) == "J'ai reçu Mme B. au guichet"
    assert default_title("Un jour. Puis un autre.", 3) == "Un jour"


def test_a_default_title_starts_with_a_capital_as_a_heading_does() -> None:
    # typed fast, a story starts in lower case; the title is the livret's heading and the table of contents' line
    assert ops.default_title("en mars 2023 une maman est arrivee au CHRS. Elle avait peur.", 1) == (
        "En mars 2023 une maman est arrivee au CHRS"
    )
    assert ops.default_title("iPhone perdu au guichet", 2) == "iPhone perdu au guichet"  # a name as written
