"""The assistant as a candidate uses it: through Textual's Pilot, with the shipped CASP referential and the real
matcher and interview engine. Each test tells one story; the dossier file on disk is the proof."""

from __future__ import annotations

import asyncio
import functools
import json
import os
import stat
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from textual.widgets import Button, Checkbox, DataTable, Input, TextArea

from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.errors import DossierError
from vae_assistant.dossier.recent import last_dossier
from vae_assistant.dossier.storage import create_dossier_file, load_dossier, open_dossier
from vae_assistant.tui.app import VaeApp
from vae_assistant.tui.screens.dialogs import ChoiceDialog
from vae_assistant.tui.screens.export import ExportDialog
from vae_assistant.tui.screens.help import HelpScreen
from vae_assistant.tui.screens.main import MAX_INPUT_BYTES, MainScreen
from vae_assistant.tui.screens.parcours import ItemForm, ParcoursScreen
from vae_assistant.tui.screens.start import StartScreen, file_name_for
from vae_assistant.tui.widgets.conversation import CandidateBlock, RecognisedBlock
from vae_assistant.tui.widgets.coverage_panel import CoveragePanel
from vae_assistant.tui.widgets.task_tree import TaskTree

SIZE = (160, 45)


def story(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async Pilot story as a plain test (pytest fixtures still reach it through the signature)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run

WELCOME_STORY = (
    "Un matin, j'ai reçu au guichet une dame de 60 ans qui venait pour un problème de loyer impayé. Je l'ai "
    "installée dans le bureau, je l'ai écoutée sans l'interrompre et je l'ai aidée à formuler sa demande. J'ai "
    "identifié qu'elle avait aussi des difficultés de santé."
)


def new_dossier_file(casp, folder: Path, name: str = "marie-dupont") -> Path:
    """A dossier whose contact and parcours are known, so that the interview goes straight to the tasks."""
    dossier = ops.new_dossier(casp, nom="Dupont", prenom="Marie", email="marie@example.org")
    ops.add_experience(dossier, employer="CCAS de Rennes", position="Agente d'accueil", start="2018")
    path = folder / f"{name}.vae.json"
    create_dossier_file(path, dossier).close()
    return path


async def settle(app: VaeApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """Let workers (opening, interview turns) finish and the screen catch up."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def type_and_send(app: VaeApp, pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    composer = app.screen.query_one("#composer", TextArea)
    composer.focus()
    composer.load_text(text)
    await pilot.press("ctrl+s")
    await settle(app, pilot)


async def tell_welcome_story(app: VaeApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """Go to task 1.1 and tell the welcome story there."""
    await type_and_send(app, pilot, "/aller 1.1")
    await type_and_send(app, pilot, WELCOME_STORY)


def tree_label(app: VaeApp, task_id: str) -> str:
    return str(app.screen.query_one(TaskTree).task_nodes[task_id].label)


@story
async def test_a_new_candidate_enters_their_name_and_the_interview_greets_them_on_casp(casp) -> None:
    app = VaeApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, StartScreen)
        await pilot.press(*"Élodie", "enter", *"Martin", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.session is not None and app.session.referential.id == "casp-rncp7426"
        path = app.session.path
        greeting = app.session.dossier.conversation[0].text
    assert path.name == "elodie-martin.vae.json"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert "Élodie" in greeting
    assert load_dossier(path).conversation[0].text == greeting
    assert last_dossier() == path.resolve()


@story
async def test_a_candidate_who_opens_the_list_of_certifications_reads_how_to_close_it_in_french(casp) -> None:
    """The footer of an open drop-down list said « Dismiss menu »: Textual's own words, in English."""
    from textual.widgets import Footer, Select

    app = VaeApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.screen.query_one(Select).expanded = True
        await settle(app, pilot)
        shown = " ".join(b.binding.description for b in app.screen.active_bindings.values() if b.binding.show)
        assert app.screen.query(Footer)
        assert "Fermer la liste" in shown and "Dismiss" not in shown


@story
async def test_a_candidate_starting_on_the_casp_7426_fiche_is_told_it_was_replaced_by_36625(casp) -> None:
    app = VaeApp()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press(*"Élodie", "enter", *"Martin", "enter")
        await settle(app, pilot)
        notices = [n.message for n in app._notifications]
    assert any("RNCP7426 n'est plus active" in m and "RNCP36625" in m for m in notices)


@story
async def test_a_candidate_who_tells_a_welcome_sees_task_1_1_marked_and_its_competencies_ticked(casp, tmp_path) -> None:
    path = new_dossier_file(casp, tmp_path)
    app = VaeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert tree_label(app, "1.1").startswith("○")
        await tell_welcome_story(app, pilot)
        assert tree_label(app, "1.1")[0] in "✔◐"
        panel = app.screen.query_one(CoveragePanel)
        assert panel.coverage.task("1.1").status != "non_couvert"
        assert "✔ Accueillir, favoriser l'expression d'une demande" in str(
            app.screen.query_one("#current-task").render()
        )
        rows = app.screen.query(RecognisedBlock).last().items
        assert "1.1" in [r.task_id for r in rows]
        assert app.screen.query_one("#composer", TextArea).text == ""
    saved = load_dossier(path)
    assert any(s.narrative == WELCOME_STORY for s in saved.situations)
    assert WELCOME_STORY in [m.text for m in saved.conversation if m.role == "candidate"]


@story
async def test_selecting_task_3_3_in_the_tree_moves_the_interview_there(casp, tmp_path) -> None:
    app = VaeApp(new_dossier_file(casp, tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        tree = app.screen.query_one(TaskTree)
        tree.focus()
        tree.move_cursor(tree.task_nodes["3.3"])
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.session.interview.current_task.id == "3.3"
        assert app.screen.task_id == "3.3"
        assert "Tâche 3.3" in str(app.screen.query_one("#current-task").render())
        assert app.session.dossier.conversation[-1].task_id == "3.3"


@story
async def test_quit_and_reopen_brings_back_the_conversation_and_the_answers(casp, tmp_path) -> None:
    path = new_dossier_file(casp, tmp_path)
    app = VaeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await tell_welcome_story(app, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    assert not (tmp_path / ".marie-dupont.vae.json.lock").exists()

    again = VaeApp()
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        assert isinstance(again.screen, StartScreen)
        await pilot.press("enter")  # the last dossier comes first and has the focus
        await settle(again, pilot)
        assert isinstance(again.screen, MainScreen)
        shown = [str(b.render()) for b in again.screen.query(CandidateBlock)]
        assert any("loyer impayé" in text for text in shown)
        assert again.session.interview.current_task.id == "1.1"
        assert tree_label(again, "1.1")[0] in "✔◐"


@story
async def test_an_answer_typed_but_not_sent_comes_back_in_the_box_after_quitting(casp, tmp_path) -> None:
    path = new_dossier_file(casp, tmp_path)
    draft = tmp_path / ".marie-dupont.vae.json.draft"
    app = VaeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        composer = app.screen.query_one("#composer", TextArea)
        composer.focus()
        await pilot.press(*"Un matin, une dame est venue au guichet")
        await pilot.press("ctrl+q")  # at once: before the text is put aside on its own
        await pilot.pause()
    assert app.return_code == 0
    assert draft.read_text(encoding="utf-8") == "Un matin, une dame est venue au guichet"
    assert stat.S_IMODE(os.stat(draft).st_mode) == 0o600

    again = VaeApp(path)
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        composer = again.screen.query_one("#composer", TextArea)
        assert composer.text == "Un matin, une dame est venue au guichet"
        notes = [str(note.render()) for note in again.screen.query(".note")]
        assert any("revenu dans la zone de saisie" in note for note in notes)
        await pilot.press(*" qui avait un loyer impayé.")
        await pilot.pause(1.5)  # a pause in typing puts the text aside, in case the window is closed
        assert draft.read_text(encoding="utf-8").endswith("loyer impayé.")
        await pilot.press("ctrl+s")
        await settle(again, pilot)
        assert not draft.exists()  # sent: no longer a draft
    assert "Un matin, une dame est venue au guichet qui avait un loyer impayé." in [
        m.text for m in load_dossier(path).conversation
    ]


@story
async def test_a_huge_paste_is_refused_in_french_and_stays_in_the_box(casp, tmp_path) -> None:
    path = new_dossier_file(casp, tmp_path)
    app = VaeApp(path)
    huge = "J'ai accompagné une personne. " * (MAX_INPUT_BYTES // 30 + 10)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        before = len(app.session.dossier.conversation)
        await type_and_send(app, pilot, huge)
        assert app.screen.query_one("#composer", TextArea).text == huge
        assert len(app.session.dossier.conversation) == before
        assert any("trop long" in n.message for n in app._notifications)


@story
async def test_an_unknown_command_is_explained_and_the_text_is_kept(casp, tmp_path) -> None:
    app = VaeApp(new_dossier_file(casp, tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await type_and_send(app, pilot, "/blabla")
        assert app.screen.query_one("#composer", TextArea).text == "/blabla"
        assert any("blabla" in n.message for n in app._notifications)
        # the cursor is back at the end of the text: what the candidate types next follows it (it went before
        # it, and Backspace did nothing, so « /aller 9.9 » could not be corrected into « /aller 1.1 »)
        await pilot.press("backspace", "backspace", "!")
        assert app.screen.query_one("#composer", TextArea).text == "/blab!"


@story
async def test_a_save_failure_is_reported_the_text_is_kept_and_quitting_asks_first(casp, tmp_path, monkeypatch) -> None:
    app = VaeApp(new_dossier_file(casp, tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)

        def broken_save(*args, **kwargs) -> None:
            raise DossierError("Impossible d'enregistrer le dossier : disque plein.")

        monkeypatch.setattr(app.session.file, "save", broken_save)
        await type_and_send(app, pilot, WELCOME_STORY)
        assert app.session.unsaved
        assert WELCOME_STORY in [m.text for m in app.session.dossier.conversation]
        assert any("disque plein" in n.message for n in app._notifications)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("escape")  # « Rester »
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


@story
async def test_the_candidate_confirms_a_recognised_task_and_the_decision_is_saved(casp, tmp_path) -> None:
    path = new_dossier_file(casp, tmp_path)
    app = VaeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await tell_welcome_story(app, pilot)
        block = app.screen.query(RecognisedBlock).last()
        item = block.items[0]
        button = next(b for b in block.query(Button) if str(b.label) == "Confirmer")
        button.press()
        await settle(app, pilot)
        assert not block.query(Button) or all(b.item != item for b in block.query(Button))
    situation = load_dossier(path).situation(item.situation_id)
    assert item.task_id in situation.confirmed_tasks


@story
async def test_a_dossier_open_elsewhere_offers_read_only(casp, tmp_path) -> None:
    path = new_dossier_file(casp, tmp_path)
    with open_dossier(path, use="assistant"):  # another window has it
        app = VaeApp(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            assert isinstance(app.screen, ChoiceDialog)
            assert "ouvert" in app.screen.message
            await pilot.press("enter")  # « Ouvrir en lecture seule »
            await settle(app, pilot)
            assert isinstance(app.screen, MainScreen)
            assert app.session.read_only
            assert app.screen.query_one("#composer", TextArea).read_only


@story
async def test_slash_aide_and_f1_show_the_help_and_the_palette_lists_french_commands(casp, tmp_path) -> None:
    app = VaeApp(new_dossier_file(casp, tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await type_and_send(app, pilot, "/aide")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for expected in ("Aller à la tâche 3.3", "Rapport de couverture", "Exporter le livret",
                         "Ouvrir un autre dossier", "Nouveau dossier"):
            assert expected in titles


@story
async def test_the_candidate_adds_an_experience_in_the_parcours_screen_and_it_is_saved(casp, tmp_path) -> None:
    path = new_dossier_file(casp, tmp_path)
    app = VaeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, ParcoursScreen)
        app.screen.query_one("#parcours-tabs").active = "tab-experiences"
        await pilot.pause()
        await pilot.click("#add-experiences")
        await pilot.pause()
        assert isinstance(app.screen, ItemForm)
        app.screen.query_one("#f-employer", Input).value = "Mission locale de Brest"
        app.screen.query_one("#f-position", Input).value = "Conseillère en insertion"
        app.screen.query_one("#f-start", Input).value = "2015-09"
        app.screen.query_one("#f-end", Input).value = "2014"
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(app.screen, ItemForm), "an end before the start is refused, the form stays open"
        assert "fin" in str(app.screen.query_one("#form-error").render())
        app.screen.query_one("#f-end", Input).value = "2018-06"
        app.screen.query_one("#f-end", Input).focus()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ParcoursScreen)
        assert app.screen.query_one("#table-experiences", DataTable).row_count == 2
    saved = load_dossier(path)
    assert [e.employer for e in saved.experiences] == ["CCAS de Rennes", "Mission locale de Brest"]


def test_file_names_for_new_dossiers_are_plain_ascii() -> None:
    assert file_name_for("Élodie", "Martin-Dupré") == "elodie-martin-dupre"
    assert file_name_for("李", "王") == "dossier"
    assert file_name_for("Marie", "Lefèvre-Dœuf") == "marie-lefevre-doeuf"  # not « duf »: œ is two letters
    assert file_name_for("Lætitia", "Cœur") == "laetitia-coeur"


def test_vae_assistant_on_a_corrupt_dossier_says_so_in_french_and_exits_2(tmp_path, capsys) -> None:
    from vae_assistant.cli import main

    bad = tmp_path / "abime.vae.json"
    bad.write_text('{"schema_version": 2, "candidate": {', encoding="utf-8")
    assert main([str(bad)]) == 2
    assert "Impossible d'ouvrir le dossier" in capsys.readouterr().err
    assert main(["open", str(tmp_path / "absent.vae.json")]) == 2
    assert bad.read_text(encoding="utf-8") == '{"schema_version": 2, "candidate": {'


def test_vae_assistant_on_a_dossier_whose_referential_is_gone_exits_2(casp, tmp_path, capsys) -> None:
    from vae_assistant.cli import main

    path = new_dossier_file(casp, tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace('"casp-rncp7426"', '"titre-disparu"'), encoding="utf-8")
    assert main(["open", str(path)]) == 2
    assert "titre-disparu" in capsys.readouterr().err


@story
async def test_exporter_writes_the_livret_beside_the_dossier(casp, tmp_path) -> None:
    path = new_dossier_file(casp, tmp_path)
    app = VaeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await tell_welcome_story(app, pilot)
        await type_and_send(app, pilot, "/exporter")
        await settle(app, pilot)
        assert isinstance(app.screen, ExportDialog)
        if app.screen.can_number:
            app.screen.query_one("#export-paginate", Checkbox).value = False  # LibreOffice: seconds, not needed here
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)
        assert any("Livret enregistré" in n.message for n in app._notifications)
    livret = tmp_path / "livret2-marie-dupont.docx"
    assert livret.is_file() and livret.read_bytes()[:2] == b"PK"


@story
async def test_the_counsellor_review_opens_from_the_palette_and_escape_comes_back(casp, tmp_path) -> None:
    app = VaeApp(new_dossier_file(casp, tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        review = next(c for c in app.get_system_commands(app.screen) if c.title == "Revue de l'accompagnateur")
        review.callback()
        await pilot.pause()
        assert type(app.screen).__name__ == "ReviewScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


@story
async def test_a_long_pasted_text_arrives_whole_in_the_box_and_is_sent(casp, tmp_path) -> None:
    from textual import events

    path = new_dossier_file(casp, tmp_path)
    app = VaeApp(path)
    pasted = (WELCOME_STORY + "\n\n") * 400  # about 100 KB, paragraphs included
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        composer = app.screen.query_one("#composer", TextArea)
        composer.focus()
        app.post_message(events.Paste(pasted))  # as the terminal driver does: the app hands it to the focused box
        await pilot.pause()
        assert composer.text == pasted
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert composer.text == ""
        shown = str(app.screen.query(CandidateBlock).last().render())
        assert shown.startswith(WELCOME_STORY) and "gardé en entier dans le dossier" in shown
    assert pasted in [m.text for m in load_dossier(path).conversation if m.role == "candidate"]


@story
async def test_a_file_changed_on_disk_behind_the_assistant_can_be_saved_over_with_the_other_version_kept(
    casp, tmp_path
) -> None:
    from vae_assistant.dossier.storage import list_backups

    path = new_dossier_file(casp, tmp_path)
    app = VaeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        # Another program rewrites the file (same content, one more space: enough to be another version).
        path.write_bytes(path.read_bytes().replace(b'"trainings": []', b'"trainings": [] '))
        await type_and_send(app, pilot, WELCOME_STORY)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter")  # « Enregistrer ma version »
        await settle(app, pilot)
        assert not app.session.unsaved
    assert WELCOME_STORY in [m.text for m in load_dossier(path).conversation]
    assert any(b"\"trainings\": [] " in b.path.read_bytes() for b in list_backups(path))


@story
async def test_the_palette_finds_a_task_typed_without_accents_and_goes_there(casp, tmp_path) -> None:
    from vae_assistant.tui.commands import FrenchCommandPalette

    app = VaeApp(new_dossier_file(casp, tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, FrenchCommandPalette)
        await pilot.press(*"aller a la tache 3.3")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.session.interview.current_task.id == "3.3"


@story
async def test_identity_typed_then_left_with_escape_is_saved_not_lost(casp, tmp_path) -> None:
    path = new_dossier_file(casp, tmp_path)
    app = VaeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        await pilot.pause()
        app.screen.query_one("#id-phone", Input).value = "06 12 34 56 78"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert load_dossier(path).candidate.contact.phone == "06 12 34 56 78"


@story
async def test_slash_quitter_saves_and_closes_the_app(casp, tmp_path) -> None:
    path = new_dossier_file(casp, tmp_path)
    app = VaeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await type_and_send(app, pilot, WELCOME_STORY)
        await type_and_send(app, pilot, "/quitter")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0
    assert WELCOME_STORY in [m.text for m in load_dossier(path).conversation]
    assert not (tmp_path / ".marie-dupont.vae.json.lock").exists()


@story
async def test_the_coverage_report_lists_gaps_and_the_coach_advice_on_the_candidate_texts(casp, tmp_path) -> None:
    from vae_assistant.tui.screens.report import CoverageReportScreen

    app = VaeApp(new_dossier_file(casp, tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await type_and_send(app, pilot, "/aller 1.1")
        await type_and_send(app, pilot, "On a reçu une dame. On l'a écoutée.")  # short, and « on » rather than « je »
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, CoverageReportScreen)
        assert "Ce qui manque encore" in app.screen.text
        assert "Conseils pour vos textes" in app.screen.text


def footer_keys(app: VaeApp) -> list[str]:
    from textual.widgets._footer import FooterKey

    return [key.description for key in app.screen.query(FooterKey)]


@story
async def test_the_parcours_footer_offers_ajouter_only_on_a_list_tab(casp, tmp_path) -> None:
    app = VaeApp(new_dossier_file(casp, tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        await pilot.pause()
        assert "Retour" in footer_keys(app)
        assert "Ajouter" not in footer_keys(app)  # on the identity tab « a » did nothing
        app.screen.query_one("#parcours-tabs").active = "tab-experiences"
        await pilot.pause()
        assert {"Ajouter", "Modifier", "Supprimer"} <= set(footer_keys(app))
        app.screen.query_one("#table-experiences", DataTable).focus()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ItemForm)


@story
async def test_ctrl_q_in_the_counsellor_comment_form_asks_before_dropping_the_comment(casp, tmp_path) -> None:
    from vae_assistant.tui.screens.review import TaskReviewScreen

    path = new_dossier_file(casp, tmp_path)
    app = VaeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.screen.action_review()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TaskReviewScreen)
        app.screen.query_one("#comment-text", TextArea).insert("Une situation de plus sur l'accueil.")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.click("#choice-0")  # « Enregistrer »
        await settle(app, pilot)
        assert not app.is_running
    assert [c.text for c in load_dossier(path).comments] == ["Une situation de plus sur l'accueil."]


@story
async def test_on_a_200_column_terminal_the_tree_and_the_panel_show_their_titles(casp, tmp_path) -> None:
    app = VaeApp(new_dossier_file(casp, tmp_path))
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        tree, panel = app.screen.query_one(TaskTree), app.screen.query_one(CoveragePanel)
        centre = app.screen.query_one("#centre")
        # They kept their 160-column widths (34 and 32) and the conversation took 134 columns.
        assert tree.size.width >= 48 and panel.size.width >= 40
        assert centre.size.width <= 110


@story
async def test_shrinking_the_terminal_from_very_wide_to_narrow_does_not_crash(casp, tmp_path) -> None:
    app = VaeApp(new_dossier_file(casp, tmp_path))
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        # The first frame at the new size still has the wide panels: the empty input box had no width left, and
        # Textual crashed drawing its placeholder.
        for size in ((80, 24), (160, 45), (66, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            assert app.is_running and isinstance(app.screen, MainScreen)
    assert app.return_code in (None, 0)


@story
async def test_after_a_decision_by_keyboard_the_focus_goes_back_to_the_input_box(casp, tmp_path) -> None:
    from vae_assistant.tui.widgets.conversation import DecisionButton, RecognisedRow

    app = VaeApp(new_dossier_file(casp, tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await type_and_send(app, pilot, "/aller 1.1")
        await type_and_send(app, pilot, WELCOME_STORY + " Je l'ai orientée vers l'assistante sociale du secteur.")
        rows = list(app.screen.query(RecognisedRow))
        assert len(rows) >= 2
        await pilot.press("shift+tab")  # from the input box: the last row's « Écarter »
        await pilot.pause()
        assert isinstance(app.focused, DecisionButton) and app.focused.item == rows[-1].item
        await pilot.press("enter")
        await settle(app, pilot)
        assert rows[-1].shown_decision == "rejected"
        # The focus used to land on the row above's « Écarter »: a second Enter rejected that task too.
        assert app.focused is app.screen.query_one("#composer", TextArea)
        await pilot.press("enter")
        await settle(app, pilot)
        assert [row.shown_decision for row in rows[:-1]] == [None] * (len(rows) - 1)


@story
async def test_footer_keys_are_named_as_on_a_french_keyboard(casp, tmp_path) -> None:
    from textual.widgets._footer import FooterKey

    app = VaeApp(new_dossier_file(casp, tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        shown = {key.description: key.key_display for key in app.screen.query(FooterKey)}
        assert shown["Aide"] == "F1" and shown["Couverture"] == "F5"  # Textual wrote « f1 »
        await pilot.press("f8")
        await pilot.pause()
        shown = {key.description: key.key_display for key in app.screen.query(FooterKey)}
        assert shown["Retour"] == "Échap" and shown["Supprimer"] == "Suppr"  # « esc », « del »


@story
async def test_the_help_lists_every_command_the_interview_knows(casp, tmp_path) -> None:
    from textual.widgets import Markdown

    from vae_assistant.interview.commands import COMMANDS

    app = VaeApp(new_dossier_file(casp, tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        shown = app.screen.query_one(Markdown).source
        # The interview says « vous pouvez la confirmer (/confirmer s1 1.1) »: the help did not list it.
        for typed, _, _ in COMMANDS.values():
            assert f"`{typed}" in shown, typed


@story
async def test_ctrl_q_on_the_parcours_screen_keeps_what_was_typed_there(casp, tmp_path) -> None:
    path = new_dossier_file(casp, tmp_path)
    app = VaeApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        await pilot.pause()
        app.screen.query_one("#id-phone", Input).value = "06 11 22 33 44"
        await pilot.press("ctrl+q")  # Escape saved the identity; Ctrl+Q dropped it
        await settle(app, pilot)
        assert not app.is_running
    assert load_dossier(path).candidate.contact.phone == "06 11 22 33 44"

    again = VaeApp(path)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(again, pilot)
        await pilot.press("f4")
        await pilot.pause()
        again.screen.query_one("#parcours-tabs").active = "tab-experiences"
        await pilot.pause()
        again.screen.action_add()
        await pilot.pause()
        again.screen.query_one("#f-employer", Input).value = "Mission locale de Brest"
        again.screen.query_one("#f-position", Input).value = "Conseillère"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(again.screen, ChoiceDialog)
        await pilot.click("#choice-0")  # « Enregistrer »
        await settle(again, pilot)
        assert not again.is_running
    assert "Mission locale de Brest" in [e.employer for e in load_dossier(path).experiences]


@story
async def test_opening_another_dossier_from_the_parcours_screen_keeps_the_identity_typed(casp, tmp_path) -> None:
    path = new_dossier_file(casp, tmp_path)
    app = VaeApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        await pilot.pause()
        app.screen.query_one("#id-phone", Input).value = "06 55 44 33 22"
        app.action_open_other()  # « Ouvrir un autre dossier » from the palette
        await settle(app, pilot)
        # The start screen used to replace the parcours screen, over a main screen whose dossier was closed.
        assert isinstance(app.screen, StartScreen)
        assert not any(isinstance(screen, (MainScreen, ParcoursScreen)) for screen in app.screen_stack)
    assert load_dossier(path).candidate.contact.phone == "06 55 44 33 22"


def rendered_lines(widget) -> list[str]:  # type: ignore[no-untyped-def]
    """The text of every line a widget and its descendants draw (leaves only: containers draw nothing)."""
    from textual.geometry import Region

    leaves = [w for w in [widget, *widget.query("*")] if not w.children]
    return [
        strip.text.strip()
        for leaf in leaves
        for strip in leaf.render_lines(Region(0, 0, leaf.size.width, leaf.size.height))
    ]


@story
async def test_at_80_columns_no_line_of_the_conversation_starts_with_a_closing_guillemet(casp, tmp_path) -> None:
    from vae_assistant.tui.widgets.conversation import AssistantBlock, Conversation

    path = new_dossier_file(casp, tmp_path)
    app = VaeApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        # the words the interview quotes as close to a task, as it writes them (non-breaking spaces inside « »)
        words = ", ".join(f"«\u00a0{w}\u00a0»" for w in ("expliqué", "CCAS", "service", "aides", "plaquette"))
        block = AssistantBlock(f"Certains de vos mots s'approchent de la tâche 1.2 ({words}), mais voilà.")
        await app.screen.query_one(Conversation).mount(block)
        await pilot.pause()
        lines = [line for line in rendered_lines(block) if line]
        assert len(lines) > 1  # it does wrap
        assert not [line for line in lines if line.startswith("»") or line.endswith("«")], lines


@story
async def test_at_80_columns_the_recognised_tasks_say_whole_what_to_do_with_them(casp, tmp_path) -> None:
    path = new_dossier_file(casp, tmp_path)
    app = VaeApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await tell_welcome_story(app, pilot)
        block = app.screen.query(RecognisedBlock).last()
        title = str(block.border_title)
        assert "confirmez ou écartez" in title
        assert len(title) + 4 <= block.size.width, (title, block.size.width)  # « ╭─ title ─╮ », not cut


def test_a_dossier_written_by_an_older_version_is_said_to_be_converted_on_its_first_change(tmp_path: Path) -> None:
    from test_dossier_storage import V1_FILE

    from vae_assistant.tui.session import Session

    path = tmp_path / "samia.vae.json"
    path.write_text(V1_FILE.replace('"mini-test"', '"casp-rncp7426"'), encoding="utf-8")
    session = Session.open(path)
    try:
        [notice] = [w for w in session.warnings if "version plus ancienne" in w]
        assert "(format 1)" in notice and "dès la première modification" in notice
    finally:
        session.close()
    assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == 1  # opening writes nothing


async def open_add_form(app: VaeApp, pilot, collection: str) -> ItemForm:  # type: ignore[no-untyped-def]
    """The parcours screen (F4), on a list's tab, its « Ajouter » form open."""
    await settle(app, pilot)
    await pilot.press("f4")
    await pilot.pause()
    app.screen.query_one("#parcours-tabs").active = f"tab-{collection}"
    await pilot.pause()
    await pilot.click(f"#add-{collection}")
    await pilot.pause()
    assert isinstance(app.screen, ItemForm)
    return app.screen


@story
async def test_the_parcours_form_reads_dates_as_the_command_line_does(casp, tmp_path) -> None:
    """« mars 2016 », « 06/2019 »: what a candidate types, what `dossier experience --debut` reads; the form
    refused them (« date attendue sous la forme AAAA, AAAA-MM ou AAAA-MM-JJ »)."""
    path = new_dossier_file(casp, tmp_path)
    app = VaeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_add_form(app, pilot, "experiences")
        app.screen.query_one("#f-employer", Input).value = "PLIE de Reims"
        app.screen.query_one("#f-position", Input).value = "Conseillère en insertion"
        app.screen.query_one("#f-start", Input).value = "mars 2016"
        app.screen.query_one("#f-end", Input).value = "06/2019"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ParcoursScreen), str(app.screen.query_one("#form-error").render())
        table = app.screen.query_one("#table-experiences", DataTable)
        assert [str(c) for c in table.get_row_at(table.row_count - 1)][2:] == ["mars 2016", "juin 2019"]
        table.move_cursor(row=table.row_count - 1)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ItemForm)
        assert app.screen.query_one("#f-start", Input).value == "mars 2016"  # shown as typed, not 2016-03
        app.screen.query_one("#f-start", Input).value = "mrs 2016"
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(app.screen.query_one("#form-error").render())
        assert "Date non reconnue : « mrs 2016 »" in error and "mars 2015" in error
        app.screen.query_one("#f-start", Input).value = "1er avril 2016"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ParcoursScreen)
    experience = load_dossier(path).experiences[-1]
    assert (experience.start, experience.end) == ("2016-04-01", "2019-06")


@story
async def test_the_parcours_forms_say_part_time_and_whether_the_diploma_was_obtained(casp, tmp_path) -> None:
    """The livret writes « temps partiel (80 %) » and « Obtenu / Non obtenu », and the command line sets them
    (--temps-partiel 80, --diplome-non-obtenu): the assistant's forms could not."""
    from textual.widgets import Select

    path = new_dossier_file(casp, tmp_path)
    app = VaeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_add_form(app, pilot, "experiences")
        form.query_one("#f-employer", Input).value = "PLIE de Reims"
        form.query_one("#f-position", Input).value = "Conseillère en insertion"
        form.query_one("#f-part_time_percent", Input).value = "80 %"  # part-time not chosen: the quotité says it
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ParcoursScreen), str(app.screen.query_one("#form-error").render())
        await pilot.press("escape")
        await pilot.pause()
        form = await open_add_form(app, pilot, "trainings")
        form.query_one("#f-title", Input).value = "DEJEPS"
        form.query_one("#f-diploma_obtained", Select).value = "non-obtenu"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ParcoursScreen)
        table = app.screen.query_one("#table-trainings", DataTable)
        table.move_cursor(row=table.row_count - 1)
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#f-diploma_obtained", Select).value == "non-obtenu"
        await pilot.press("escape")
        await pilot.pause()
    saved = load_dossier(path)
    job = saved.experiences[-1]
    assert (job.working_time, job.part_time_percent) == ("part_time", 80)
    assert saved.trainings[-1].diploma_obtained is False


@story
async def test_a_candidate_whose_learned_weights_are_broken_is_told_why_each_time_she_sends(
    casp, tmp_path, isolated_home
) -> None:
    # QA pass on matcher v24: a broken casp-rncp7426.learned.json in the user folder stops the recognition; the
    # reason showed for eight seconds on opening, then every Ctrl+S said only « L'entretien guidé n'est pas
    # disponible : votre texte reste dans la zone de saisie. », without saying why nor that it was not her text.
    folder = isolated_home / "referentials"
    folder.mkdir()
    (folder / "casp-rncp7426.learned.json").write_text("{pas du json", encoding="utf-8")
    app = VaeApp(new_dossier_file(casp, tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.clear_notifications()
        await type_and_send(app, pilot, WELCOME_STORY)
        assert app.screen.query_one("#composer", TextArea).text == WELCOME_STORY
        [notice] = [n.message for n in app._notifications]
        assert "Poids appris illisibles" in notice and "casp-rncp7426.learned.json" in notice
        assert notice.endswith("Votre texte reste dans la zone de saisie.")
