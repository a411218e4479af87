"""The assistant's second round, as candidates and counsellors use it (Pilot, the shipped CASP referential, the real
matcher): deciding on tasks recognised in an earlier session, exporting the livret from the app, reading the
coach's advice next to each situation, and seeing the counsellor's comments."""

from __future__ import annotations

from pathlib import Path

from test_tui import SIZE, WELCOME_STORY, new_dossier_file, settle, story, tell_welcome_story, tree_label
from textual.widgets import Button, Checkbox, Input, RadioButton, Static

from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.storage import create_dossier_file, load_dossier
from vae_assistant.livret.naming import anonymisation_warnings, default_output
from vae_assistant.tui.app import VaeApp
from vae_assistant.tui.screens.dialogs import ChoiceDialog
from vae_assistant.tui.screens.export import ExportDialog
from vae_assistant.tui.screens.main import MainScreen
from vae_assistant.tui.widgets.conversation import RecognisedBlock, RecognisedRow

NAMED = (
    "J'ai reçu Madame Dupont au CCAS de Rennes pour un loyer impayé. Je l'ai écoutée, j'ai reformulé sa demande et "
    "je l'ai orientée vers l'assistante sociale de secteur."
)


def dossier_with(casp, folder: Path, *narratives: str) -> Path:
    """Marie Dupont's dossier with situations already written (the assistant matches them on opening)."""
    dossier = ops.new_dossier(casp, nom="Dupont", prenom="Marie", email="marie@example.org")
    ops.add_experience(dossier, employer="CCAS de Rennes", position="Agente d'accueil", start="2018")
    for narrative in narratives:
        ops.add_situation(dossier, narrative, for_task="1.1")
    path = folder / "marie-dupont.vae.json"
    create_dossier_file(path, dossier).close()
    return path


async def open_export(app: VaeApp, pilot) -> ExportDialog:  # type: ignore[no-untyped-def]
    app.screen.action_export()
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, ExportDialog)
    if dialog.can_number:
        dialog.query_one("#export-paginate", Checkbox).value = False  # LibreOffice takes seconds; not the point
    return dialog


# -- the export helpers both shells share ------------------------------------------------------------------------------


def test_the_livret_is_named_after_the_candidate_beside_the_dossier_and_the_counsellor_copy_says_so(casp) -> None:
    dossier = ops.new_dossier(casp, nom="Martin Dupré", prenom="Élodie")
    folder = Path("/dossiers")
    assert default_output(folder / "x.vae.json", dossier, "jury") == folder / "livret2-élodie-martin-dupré.docx"
    counsellor = default_output(folder / "x.vae.json", dossier, "accompagnateur")
    assert counsellor.name == "livret2-élodie-martin-dupré-accompagnateur.docx"


def test_a_dossier_kept_by_the_assistant_exports_its_livret_to_the_documents_folder_not_the_hidden_one(
    casp, tmp_path, monkeypatch
) -> None:
    import platformdirs

    from vae_assistant.paths import user_dossier_dir

    dossier = ops.new_dossier(casp, nom="Martin", prenom="Élodie")
    documents = tmp_path / "Documents"
    monkeypatch.setattr(platformdirs, "user_documents_path", lambda: documents)
    monkeypatch.setenv("HOME", str(tmp_path))
    kept = user_dossier_dir() / "elodie-martin.vae.json"
    kept.parent.mkdir(parents=True, exist_ok=True)
    # No Documents folder: the home folder.
    assert default_output(kept, dossier, "jury") == tmp_path / "livret2-élodie-martin.docx"
    documents.mkdir()
    assert default_output(kept, dossier, "jury") == documents / "livret2-élodie-martin.docx"
    # A dossier the candidate keeps elsewhere: the livret beside it.
    elsewhere = tmp_path / "vae" / "moi.vae.json"
    assert default_output(elsewhere, dossier, "jury").parent == tmp_path / "vae"


def test_a_situation_naming_a_beneficiary_is_listed_before_export_and_a_clean_one_is_not(casp) -> None:
    dossier = ops.new_dossier(casp, nom="Dupont", prenom="Marie")
    ops.add_situation(dossier, NAMED, title="Un loyer impayé")
    ops.add_situation(dossier, WELCOME_STORY, title="Au guichet")
    warnings = anonymisation_warnings(dossier)
    assert [w.situation_id for w in warnings] == ["s1"]
    assert "Madame Dupont" in warnings[0].line() and warnings[0].line().startswith("s1 « Un loyer impayé » : ")


# -- export from the app ---------------------------------------------------------------------------------------------


async def open_situation_form(app: VaeApp, pilot, key: str) -> None:  # type: ignore[no-untyped-def]
    """The situations screen (F8) once the dossier is open, then its form for ``key`` (e: context, r: narrative)."""
    await settle(app, pilot)
    app.screen.action_situations()
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()


@story
async def test_the_counsellor_copy_is_exported_after_the_warning_about_a_named_beneficiary(casp, tmp_path) -> None:
    app = VaeApp(dossier_with(casp, tmp_path, NAMED))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        dialog = await open_export(app, pilot)
        dialog.query_one("#version-accompagnateur", RadioButton).value = True
        await pilot.pause()
        assert dialog.query_one("#export-path", Input).value.endswith("livret2-marie-dupont-accompagnateur.docx")
        await pilot.click("#export-go")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog) and "Madame Dupont" in app.screen.message
        await pilot.press("enter")  # « Revenir » has the focus: nothing is written
        await pilot.pause()
        assert app.screen is dialog
        assert not list(tmp_path.glob("*.docx"))
        await pilot.click("#export-go")
        await pilot.pause()
        await pilot.click("#choice-0")  # « Exporter quand même »
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)
        assert any("Livret enregistré (pour l'accompagnateur)" in n.message for n in app._notifications)
    assert (tmp_path / "livret2-marie-dupont-accompagnateur.docx").read_bytes()[:2] == b"PK"


@story
async def test_an_export_to_a_wrong_file_name_is_explained_and_the_dialog_stays(casp, tmp_path) -> None:
    path = dossier_with(casp, tmp_path, WELCOME_STORY)
    app = VaeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        dialog = await open_export(app, pilot)
        dialog.query_one("#export-path", Input).value = "marie-dupont.vae.json"  # the dossier itself!
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is dialog and not dialog.writing
        assert ".docx" in str(dialog.query_one("#export-error", Static).render())
        dialog.query_one("#export-path", Input).value = "livret.docx"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)
    assert (tmp_path / "livret.docx").is_file()
    assert load_dossier(path).situations[0].narrative == WELCOME_STORY  # the dossier was not written over


@story
async def test_export_errors_say_what_to_do_in_the_dialog_not_with_command_line_options(casp, tmp_path) -> None:
    path = dossier_with(casp, tmp_path, WELCOME_STORY)
    draft = tmp_path / "mon-brouillon.docx"
    draft.write_bytes(b"le brouillon Word de Marie")
    app = VaeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        dialog = await open_export(app, pilot)
        for typed, said in (
            (str(tmp_path / "absent" / "livret.docx"), "n'existe pas"),
            ("mon-brouillon.docx", "n'a pas été remplacé"),
            ("livret.txt", ".docx"),
        ):
            dialog.query_one("#export-path", Input).value = typed
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            shown = str(dialog.query_one("#export-error", Static).render())
            assert app.screen is dialog and said in shown
            # The candidate has no « -o » or « --force » to type: the hint points at the field above.
            assert " -o" not in shown and "--force" not in shown and "ci-dessus" in shown
    assert draft.read_bytes() == b"le brouillon Word de Marie"


# -- recognised tasks after a reopen ---------------------------------------------------------------------------------


def decision_shown(block: RecognisedBlock, task_id: str) -> str:
    row = next(r for r in block.query(RecognisedRow) if r.item.task_id == task_id)
    buttons = [str(b.label) for b in row.query(Button)]
    return " / ".join(buttons) if buttons else str(row.query_one(".decided", Static).render())


@story
async def test_a_candidate_who_comes_back_can_still_confirm_a_task_recognised_last_time(casp, tmp_path) -> None:
    path = new_dossier_file(casp, tmp_path)
    app = VaeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await tell_welcome_story(app, pilot)
        first = app.screen.query(RecognisedBlock).last()
        rejected = first.items[-1]
        next(b for b in first.query(Button) if b.item == rejected and str(b.label) == "Écarter").press()
        await settle(app, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    kept = first.items[0]
    assert kept != rejected

    again = VaeApp(path)
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        block = again.screen.query_one(RecognisedBlock)
        assert "ce récit" in block.border_title
        assert decision_shown(block, kept.task_id) == "Confirmer / Écarter"
        assert decision_shown(block, rejected.task_id) == "✖ écartée"
        next(b for b in block.query(Button) if b.item.task_id == kept.task_id and str(b.label) == "Confirmer").press()
        await settle(again, pilot)
        assert decision_shown(block, kept.task_id) == "✔ confirmée"
        await pilot.press("ctrl+q")
        await pilot.pause()
    situation = load_dossier(path).situation(kept.situation_id)
    assert kept.task_id in situation.confirmed_tasks and rejected.task_id in situation.rejected_tasks

    third = VaeApp(path)
    async with third.run_test(size=SIZE) as pilot:
        await settle(third, pilot)
        block = third.screen.query_one(RecognisedBlock)
        assert decision_shown(block, kept.task_id) == "✔ confirmée"
        undecided = [item for item in block.items if item.decision is None]
        assert ("à décider" in block.border_title) == bool(undecided)


# -- the counsellor's comments reach the candidate -------------------------------------------------------------------


@story
async def test_a_comment_left_in_the_review_is_seen_by_the_candidate_now_and_next_time(casp, tmp_path) -> None:
    from vae_assistant.tui.screens.report import CoverageReportScreen
    from vae_assistant.tui.screens.review import ReviewScreen

    path = new_dossier_file(casp, tmp_path)
    app = VaeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await tell_welcome_story(app, pilot)
        assert tree_label(app, "1.1").startswith("◐")
        app.screen.action_review()
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.save_comment("1.1", "Bien. Précisez la date.", "valide", "Mme Roux") is None
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert tree_label(app, "1.1").startswith("✔"), "validated by the counsellor: the tree follows at once"
        panel = str(app.screen.query_one("#task-comments", Static).render())
        assert "Mme Roux" in panel and "validé : Bien. Précisez la date." in panel
        notes = [str(n.render()) for n in app.screen.query(".counsellor")]
        assert notes and "tâche 1.1" in notes[-1]
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, CoverageReportScreen)
        assert "Commentaires de votre accompagnateur" in app.screen.text
        await pilot.press("escape")
        await pilot.press("ctrl+q")
        await pilot.pause()

    again = VaeApp(path)
    async with again.run_test(size=(80, 24)) as pilot:  # narrow: no coverage panel, the note says it
        await settle(again, pilot)
        notes = [str(n.render()) for n in again.screen.query(".counsellor")]
        assert len(notes) == 1 and "Bien. Précisez la date." in notes[0]


# -- the situations and the writing coach ----------------------------------------------------------------------------

WITH_ON = (
    "On a reçu une famille au centre social. On a discuté de leur situation et on a rempli le dossier ensemble. "
    "On les a ensuite orientés vers la CAF."
)


def shown(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one(selector, Static).render())


@story
async def test_the_coach_flags_the_situation_told_with_on_and_the_one_naming_a_beneficiary(casp, tmp_path) -> None:
    from textual.widgets import OptionList

    from vae_assistant.tui.screens.situations import SituationsScreen

    app = VaeApp(dossier_with(casp, tmp_path, WITH_ON, NAMED))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f8")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SituationsScreen)
        options = screen.query_one("#situation-list", OptionList)
        assert options.option_count == 2
        assert "mots" in str(options.get_option_at_index(0).prompt)
        assert "Parler en « je »" in shown(screen, "#situation-advice")
        assert "Anonymisation" not in shown(screen, "#situation-advice")
        assert "Structure\u00a0: à préciser · Public\u00a0: à préciser" in shown(screen, "#situation-context")
        await pilot.press("down")
        await pilot.pause()
        assert "Anonymisation" in shown(screen, "#situation-advice")
        assert "«\u00a0Madame Dupont\u00a0»" in shown(screen, "#situation-advice")
        assert shown(screen, "#situation-text") == NAMED  # verbatim, flagged passages only styled


def test_the_flagged_passages_are_styled_in_the_narrative_and_the_text_is_untouched(casp) -> None:
    from vae_assistant.coach import check_text
    from vae_assistant.tui.screens.situations import highlighted_narrative

    advice = check_text(NAMED)
    content = highlighted_narrative(NAMED, advice)
    assert content.plain == NAMED
    start = NAMED.index("Madame Dupont")
    assert any(span.start <= start < span.end and "underline" in str(span.style) for span in content.spans)


@story
async def test_the_candidate_gives_a_situation_its_context_then_deletes_another_after_confirming(
    casp, tmp_path
) -> None:
    path = dossier_with(casp, tmp_path, WITH_ON, NAMED)
    app = VaeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.screen.action_situations()
        await pilot.pause()
        screen = app.screen
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        form.query_one("#f-title", Input).value = "Une famille au centre social"
        form.query_one("#f-structure", Input).value = "Centre social de Brest"
        form.query_one("#f-period", Input).value = "Hiver 2022"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert "Structure\u00a0: Centre social de Brest" in shown(screen, "#situation-context")
        await pilot.press("down", "d")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog) and "s2" in app.screen.message
        await pilot.press("escape")  # « Annuler »: nothing deleted
        await pilot.pause()
        assert len(app.session.dossier.situations) == 2
        await pilot.press("d")
        await pilot.pause()
        await pilot.click("#choice-0")  # « Supprimer »
        await pilot.pause()
        assert screen.query_one("#situation-list").option_count == 1
        # a deletion by mistake is undone from the backups: the candidate is told how, with this dossier's path
        told = [n.message for n in app._notifications if "s2 supprimée" in n.message][-1]
        assert f"vae-assistant dossier restore {path} --list" in told and "fermez l'assistant" in told
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    saved = load_dossier(path)
    assert [s.id for s in saved.situations] == ["s1"]
    assert saved.situations[0].title == "Une famille au centre social"
    assert saved.situations[0].context.structure == "Centre social de Brest"
    assert saved.situations[0].context.period == "Hiver 2022" and saved.situations[0].narrative == WITH_ON


@story
async def test_at_80x24_the_situation_form_opens_with_the_title_field_ready_for_typing(casp, tmp_path) -> None:
    path = dossier_with(casp, tmp_path, NAMED)
    app = VaeApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_situation_form(app, pilot, "e")
        # The form scrolls at 80x24: its scroll area used to take the focus, and what the candidate typed went
        # nowhere.
        assert app.focused is app.screen.query_one("#f-title", Input)
        await pilot.press(*"Un loyer impayé")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert load_dossier(path).situations[0].title == "Un loyer impayé"


@story
async def test_escape_in_a_form_with_typed_changes_asks_before_dropping_them(casp, tmp_path) -> None:
    path = dossier_with(casp, tmp_path, NAMED)
    app = VaeApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_situation_form(app, pilot, "e")
        form = app.screen
        form.query_one("#f-structure", Input).value = "CCAS de Rennes"
        await pilot.press("escape")  # « Échap : annuler » dropped what was typed, without a word
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("escape")  # « Revenir »
        await pilot.pause()
        assert app.screen is form and form.query_one("#f-structure", Input).value == "CCAS de Rennes"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#choice-0")  # « Enregistrer »
        await pilot.pause()
        assert app.screen is not form and not isinstance(app.screen, ChoiceDialog)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")  # nothing typed: closes at once
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceDialog)
    assert load_dossier(path).situations[0].context.structure == "CCAS de Rennes"


@story
async def test_exporting_over_a_livret_written_earlier_asks_first_and_enter_keeps_it(casp, tmp_path) -> None:
    path = dossier_with(casp, tmp_path, WELCOME_STORY)
    app = VaeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        dialog = await open_export(app, pilot)
        dialog.query_one("#export-path", Input).value = "livret.docx"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        livret = tmp_path / "livret.docx"
        assert livret.is_file()  # then the candidate works on it in Word, and exports again
        dialog = await open_export(app, pilot)
        dialog.query_one("#export-path", Input).value = "livret.docx"
        await pilot.press("ctrl+s")
        await pilot.pause()
        # It was replaced without a word, with whatever had been changed in it in Word.
        assert isinstance(app.screen, ChoiceDialog) and "livret.docx" in app.screen.message
        await pilot.press("enter")  # by reflex: « Revenir » has the focus
        await pilot.pause()
        assert app.screen is dialog and not dialog.writing
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.click("#choice-0")  # « Remplacer »
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)
    assert livret.is_file()


def test_a_whole_document_pasted_as_a_situation_is_shown_as_far_as_the_coach_reads_it() -> None:
    """Laying out a megabyte in the Situations screen froze it for seconds; the rest is said, not drawn."""
    from vae_assistant.coach import check_text
    from vae_assistant.tui.screens.situations import MAX_SHOWN_CHARS, highlighted_narrative

    story = "Je l'ai reçue dans mon bureau et je l'ai orientée vers l'assistante sociale du CCAS.\n"
    text = story * (1_000_000 // len(story))
    shown = highlighted_narrative(text, check_text(text)).plain
    assert len(shown) < MAX_SHOWN_CHARS + 200
    assert shown.startswith(story) and "La suite (" in shown and "le récit complet est enregistré" in shown
    assert "La suite" not in highlighted_narrative(story, check_text(story)).plain


@story
async def test_export_says_the_livret_s_parcours_is_empty_and_where_to_fill_it_when_no_experience_is_entered(
    casp, tmp_path
) -> None:
    # the candidate told her parcours to the interview, which does not fill the livret's « Identité et parcours »
    dossier = ops.new_dossier(casp, nom="Lefèvre", prenom="Maryse", email="maryse@example.org")
    ops.add_situation(dossier, WELCOME_STORY, for_task="1.1")
    path = tmp_path / "maryse-lefevre.vae.json"
    create_dossier_file(path, dossier).close()
    app = VaeApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        dialog = await open_export(app, pilot)
        note = dialog.query_one("#export-parcours", Static)
        assert note.display and "F4" in str(note.render()) and "parcours" in str(note.render()).lower()
        assert dialog.query_one("#export-go", Button).region.bottom <= 24  # still fits 80×24
    (tmp_path / "other").mkdir()
    app = VaeApp(dossier_with(casp, tmp_path / "other"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        dialog = await open_export(app, pilot)
        assert not dialog.query("#export-parcours")  # an experience is entered: nothing to say


@story
async def test_a_task_sent_back_by_the_counsellor_comes_with_the_command_that_goes_back_to_it(casp, tmp_path) -> None:
    dossier = ops.new_dossier(casp, nom="Dupont", prenom="Marie", email="marie@example.org")
    ops.add_experience(dossier, employer="CCAS de Rennes", position="Agente d'accueil", start="2018")
    for task_id, text, status in [
        ("1.3", "Expliquez pourquoi ce n'était pas votre rôle.", "a_retravailler"),
        ("1.3", "Tâche à reprendre.", "a_retravailler"),
        ("1.1", "Bien.", "valide"),
        ("2.2", "Une date ?", "a_completer"),
    ]:
        ops.add_comment(dossier, author="Mme Roux", text=text, task_id=task_id, status=status)  # type: ignore[arg-type]
    path = tmp_path / "marie-dupont.vae.json"
    create_dossier_file(path, dossier).close()
    app = VaeApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        [note] = [str(n.render()) for n in app.screen.query(".counsellor")]
        # what to do next, once per task still to work on; nothing for the validated one
        assert note.count("/aller 1.3") == 1 and note.count("/aller 2.2") == 1 and "/aller 1.1" not in note


SENT_BY_MISTAKE = "Bonjour Sophie, je ne pourrai pas venir jeudi, mon fils est malade. Bises, Marie"


@story
async def test_the_candidate_takes_a_message_sent_by_mistake_out_of_her_situation(casp, tmp_path) -> None:
    """An answer sent by mistake (a private message pasted in the wrong window) went into the situation's narrative,
    hence into the jury's livret, and nothing but deleting the whole situation took it out."""
    from textual.widgets import TextArea

    path = dossier_with(casp, tmp_path, f"{NAMED}\n\n{SENT_BY_MISTAKE}")
    app = VaeApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.screen.action_situations()
        await pilot.pause()
        screen = app.screen
        await pilot.press("r")
        await pilot.pause()
        form = app.screen
        area = form.query_one("#f-narrative", TextArea)
        assert area.has_focus and area.text == f"{NAMED}\n\n{SENT_BY_MISTAKE}"
        area.text = NAMED
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert shown(screen, "#situation-text") == NAMED
        situation = load_dossier(path).situations[0]
        assert situation.narrative == NAMED and situation.match is not None  # saved, and matched again
        assert situation.title  # the rest of the situation as it was
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#f-narrative", TextArea).text = "  "
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Récit" in shown(app.screen, "#form-error")  # an empty narrative is refused, not saved
        assert load_dossier(path).situations[0].narrative == NAMED


@story
async def test_a_dossier_matched_by_an_earlier_matcher_says_in_the_conversation_what_changed(casp, tmp_path) -> None:
    """QA pass 9: Nadia, back after three weeks, was told « 7 situations ré-analysées » in a notice that went away
    after eight seconds; what changed in her tasks is kept in the conversation, and a confirmed task stays."""
    from vae_assistant.dossier.model import MatchRecord, TaskEvidence
    from vae_assistant.dossier.referential import match_function

    dossier = ops.new_dossier(casp, nom="Dupont", prenom="Marie", email="marie@example.org")
    situation = ops.add_situation(dossier, NAMED, for_task="1.1", match=match_function(casp))
    assert situation.match is not None and "6.2" not in situation.counted_tasks
    old = [*situation.match.tasks, TaskEvidence(id="6.2", score=0.9, evidenced=True)]
    situation.match = MatchRecord(fingerprint="sha256:earlier+matcher:22", tasks=old)
    situation.confirmed_tasks = ["6.2"]
    path = tmp_path / "marie-dupont.vae.json"
    create_dossier_file(path, dossier).close()
    app = VaeApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        notes = [str(n.render()) for n in app.screen.query(".note")]
        assert "Ce qui change — situation s1 : tâche 6.2 plus repérée (confirmée, elle reste comptée)." in notes
        assert "6.2" in app.session.dossier.situations[0].counted_tasks


@story
async def test_the_narrative_opens_on_the_paragraph_the_coach_asks_to_rewrite(casp, tmp_path) -> None:
    """QA pass 9: « Phrases complètes » sends the candidate to F8 › r, where the text area (four lines at 80×24)
    opened on the first line of a long story; the fragment to rewrite was further down, out of sight."""
    from textual.widgets import TextArea

    opening = "\n\n".join([NAMED] * 4)
    fragment = "parce que sa fille ne parlait pas français, je lui ai proposé un interprète."
    app = VaeApp(dossier_with(casp, tmp_path, f"{opening}\n\n{fragment}"))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_situation_form(app, pilot, "r")
        area = app.screen.query_one("#f-narrative", TextArea)
        assert area.has_focus and area.cursor_location == (8, 0)
        assert area.document.get_line(area.cursor_location[0]).startswith("parce que sa fille")
        assert area.scroll_offset.y > 0, "the fragment is in sight"


@story
async def test_at_80x24_the_narrative_s_text_area_takes_the_rows_left_empty_under_it(casp, tmp_path) -> None:
    """QA pass 9: F8 › r showed four lines of the story, with three empty rows under the text area (the room of an
    error line nobody had yet, and margins). The error line only takes room when there is an error to say."""
    from textual.widgets import TextArea

    app = VaeApp(dossier_with(casp, tmp_path, "\n\n".join([NAMED] * 4)))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_situation_form(app, pilot, "r")
        area = app.screen.query_one("#f-narrative", TextArea)
        assert area.scrollable_content_region.height >= 7
        save = app.screen.query_one("#save").region
        assert save.y - area.region.bottom <= 1, "no empty rows between the story and the buttons"
        area.text = "  "
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = app.screen.query_one("#form-error", Static)
        assert "Récit" in str(error.render()) and error.region.height == 1  # an error still shows, under the area


@story
async def test_export_says_how_many_recognised_tasks_the_candidate_has_not_decided_on(casp, tmp_path) -> None:
    """The jury's livret places a situation under every task the matcher found (« cette situation montre aussi :
    tâches … »), decided or not: before it leaves, the candidate hears how many she has not looked at."""
    app = VaeApp(dossier_with(casp, tmp_path, WELCOME_STORY))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        situation = app.session.dossier.situations[0]
        found = len(situation.counted_tasks)
        assert found > 1
        dialog = await open_export(app, pilot)
        note = str(dialog.query_one("#export-undecided", Static).render())
        assert note == f"{found} tâches repérées attendent votre avis (Situations, F8)."
        assert dialog.query_one("#export-go", Button).region.bottom <= 24  # still fits 80×24
        await pilot.press("escape")
        await pilot.pause()
        for task_id in situation.counted_tasks:
            ops.confirm_task(app.session.dossier, situation.id, task_id)
        dialog = await open_export(app, pilot)
        assert not dialog.query("#export-undecided")  # all decided: nothing to say


@story
async def test_export_says_which_situations_have_a_paragraph_that_does_not_stand_alone(casp, tmp_path) -> None:
    """A follow-up answer written for the conversation (« le site de la caf et mes-droits-sociaux… ») is printed in
    the jury's livret without its question: before it leaves, the candidate hears where to rewrite it."""
    story_with_answer = f"{WELCOME_STORY}\n\nparce que sa fille ne pouvait pas venir avec elle ce jour-là"
    app = VaeApp(dossier_with(casp, tmp_path, WELCOME_STORY, story_with_answer))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        dialog = await open_export(app, pilot)
        note = str(dialog.query_one("#export-fragments", Static).render())
        assert note == "1 paragraphe ne se lit pas seul (s2 ; Situations, F8)."
        assert dialog.query_one("#export-go", Button).region.bottom <= 24  # still fits 80×24


@story
async def test_a_task_the_corrected_narrative_no_longer_shows_is_not_left_to_decide_in_the_conversation(
    casp, tmp_path
) -> None:
    """The conversation's « Reconnu dans ce récit : à décider » rows came from the old text: after the narrative is
    corrected in F8, a task it no longer shows kept its « Confirmer / Écarter » as if nothing had changed."""
    from textual.widgets import TextArea

    app = VaeApp(new_dossier_file(casp, tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await tell_welcome_story(app, pilot)
        await settle(app, pilot)
        before = {row.item.task_id for row in app.screen.query(RecognisedRow)}
        assert len(before) > 1
        app.screen.action_situations()
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#f-narrative", TextArea).text = "Un matin, j'ai parlé de la pluie avec une collègue."
        await pilot.press("ctrl+s")
        await pilot.pause()
        still = set(app.session.dossier.situations[0].counted_tasks)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)
        for row in app.screen.query(RecognisedRow):
            shown = " ".join(str(s.render()) for s in row.query(".decided")) + " ".join(
                str(b.label) for b in row.query(Button)
            )
            if row.item.task_id in still:
                assert "Confirmer" in shown
            else:
                assert shown == "plus repérée dans le récit", (row.item.task_id, shown)


def test_f8_shows_under_each_proof_the_words_that_made_it_one(casp, tmp_path) -> None:
    # QA pass on matcher v24: F8 showed « Le lundi matin, je tiens la permanence… »-like sentences under tasks the
    # learned weights alone saw, with Confirmer / Écarter, and nothing to say why that sentence proves the task;
    # the review screen and « dossier add » printed its words.
    import asyncio

    from test_tui_snapshots import NARRATIVE, fixed_dossier_file

    from vae_assistant.dossier.storage import open_dossier
    from vae_assistant.matching.matcher import LEARNED_VIA
    from vae_assistant.tui.screens.situations import SituationsScreen
    from vae_assistant.tui.session import Session

    file = open_dossier(fixed_dossier_file(casp, tmp_path))
    record = file.dossier.situations[0].match
    assert record is not None
    sentence = "Je lui ai présenté les services du CCAS."
    proof = record.tasks[1].competencies[0].evidence[0]
    assert proof.sentence == sentence and NARRATIVE.endswith(sentence)
    proof.matched = ["présenté", "les", "services", "CCAS"]
    proof.via = LEARNED_VIA

    async def run() -> None:
        app = VaeApp(session=Session(file, casp, match=None, interview=None))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("f8")
            await pilot.pause()
            assert isinstance(app.screen, SituationsScreen)
            proofs = [str(s.render()) for s in app.screen.query(".task-sentence").results(Static)]
            assert f"«\u00a0{sentence}\u00a0» — mots\u00a0: présenté, services, CCAS" in proofs
            # a proof stored without its words (an older dossier) reads as before
            assert "«\u00a0Je l'ai écoutée sans l'interrompre et je l'ai aidée à formuler sa demande.\u00a0»" in proofs

    asyncio.run(run())
