"""The assistant's third round, as candidates and counsellors use it (Pilot, the shipped CASP referential, the real
matcher): a situation written outside the conversation is decided on in the Situations screen, the counsellor
comments on one situation of a task, and the coverage report stays readable at 80×24."""

from __future__ import annotations

from pathlib import Path

from test_tui import SIZE, settle, story, tree_label
from textual.widgets import Button, Label, RadioButton, Static, TextArea

from vae_assistant.cli import main
from vae_assistant.dossier.storage import load_dossier
from vae_assistant.tui.app import VaeApp
from vae_assistant.tui.screens.main import MainScreen
from vae_assistant.tui.screens.report import CoverageReportScreen, coverage_markdown
from vae_assistant.tui.screens.situations import SituationsScreen
from vae_assistant.tui.widgets.conversation import RecognisedRow

HOMELESS = (
    "Au CCAS de Brest, j'ai reçu un homme de 45 ans sans logement. Je l'ai écouté et j'ai reformulé sa demande. "
    "J'ai évalué sa situation avec lui puis je l'ai orienté vers le centre d'hébergement. J'ai rédigé une note pour "
    "l'assistante sociale et nous avons construit ensemble un plan d'action avec des objectifs. Le lendemain, j'ai "
    "appelé le centre pour savoir s'il y avait bien dormi."
)


def dossier_from_the_command_line(folder: Path, capsys) -> Path:  # type: ignore[no-untyped-def]
    """Paul Roux's dossier, made with ``dossier new`` and ``dossier add`` as a counsellor would in a meeting."""
    path = folder / "paul-roux.vae.json"
    story_file = folder / "recit.txt"
    story_file.write_text(HOMELESS, encoding="utf-8")
    assert main(["dossier", "new", str(path), "--nom", "Roux", "--prenom", "Paul", "--email", "p@example.org"]) == 0
    assert main(["dossier", "add", str(path), "--file", str(story_file), "--titre", "Un homme sans logement"]) == 0
    capsys.readouterr()
    return path


def rows(screen) -> dict[str, RecognisedRow]:  # type: ignore[no-untyped-def]
    return {row.item.task_id: row for row in screen.query("#situation-tasks RecognisedRow")}


def shown_decision(row: RecognisedRow) -> str:
    decided = [str(s.render()) for s in row.query(".decided")]
    return " / ".join(decided + [str(b.label) for b in row.query(Button)])


async def key_to(pilot, key: str, screen_type: type):  # type: ignore[no-untyped-def]
    """Press ``key`` and return the screen it opens (which must be a ``screen_type``)."""
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, screen_type)
    return pilot.app.screen


async def press(pilot, row: RecognisedRow, label: str) -> None:  # type: ignore[no-untyped-def]
    next(b for b in row.query(Button) if str(b.label) == label).press()
    await settle(pilot.app, pilot)


# -- 1. deciding on a situation added outside the conversation --------------------------------------------------------


@story
async def test_a_situation_added_from_the_command_line_is_decided_on_in_the_situations_screen(
    casp, tmp_path, capsys
) -> None:
    path = dossier_from_the_command_line(tmp_path, capsys)
    app = VaeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = await key_to(pilot, "f8", SituationsScreen)
        found = rows(screen)
        assert len(found) >= 2, "the story proves several tasks"
        kept, wrong = list(found)[:2]
        assert shown_decision(found[kept]) == "Confirmer / Écarter"
        shown = [str(s.render()).replace("\u00a0", " ") for s in screen.query("#situation-tasks .task-sentence")]
        # « the sentence » — mots : the words that made it a proof
        sentences = [s.split(" — mots : ")[0] for s in shown]
        assert sentences and all(s.startswith("« ") and s.rstrip().endswith("»") for s in sentences)
        assert any(s[2:-2].strip() in HOMELESS for s in sentences), "the best sentence, quoted from the story"

        await press(pilot, found[kept], "Confirmer")
        assert shown_decision(rows(screen)[kept]) == "✔ confirmée / Annuler"
        assert app.focused is not None and str(app.focused.label) == "Annuler", "the keyboard stays on the task"
        await press(pilot, rows(screen)[wrong], "Écarter")
        assert shown_decision(rows(screen)[wrong]) == "✖ écartée / Annuler"
        assert any("Couverture d'ensemble" in n.message for n in app._notifications)
        on_disk = load_dossier(path).situations[0]
        assert kept in on_disk.confirmed_tasks and wrong in on_disk.rejected_tasks
        summary = str(screen.query_one("#situation-list").get_option_at_index(0).prompt)
        assert wrong not in summary.split("·")[0], "the list counts the tasks the situation still proves"

        await key_to(pilot, "escape", MainScreen)
        assert tree_label(app, wrong).startswith("○"), "the rejected task no longer counts: the tree follows"

        await press(pilot, rows(await key_to(pilot, "f8", SituationsScreen))[wrong], "Annuler")
        assert shown_decision(rows(app.screen)[wrong]) == "Confirmer / Écarter"
        await pilot.press("escape")
        await pilot.pause()
        assert tree_label(app, wrong)[0] in "✔◐"
    on_disk = load_dossier(path).situations[0]
    assert on_disk.decision(wrong) is None and on_disk.decision(kept) == "confirmed"


@story
async def test_a_decision_taken_back_in_the_situations_screen_brings_the_buttons_back_in_the_conversation(
    casp, tmp_path
) -> None:
    from test_tui import new_dossier_file, tell_welcome_story

    from vae_assistant.tui.widgets.conversation import Conversation

    app = VaeApp(new_dossier_file(casp, tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await tell_welcome_story(app, pilot)
        conversation = app.screen.query_one(Conversation)
        row = conversation.query(RecognisedRow).first()
        await press(pilot, row, "Confirmer")
        assert shown_decision(row) == "✔ confirmée"
        await press(pilot, rows(await key_to(pilot, "f8", SituationsScreen))[row.item.task_id], "Annuler")
        await pilot.press("escape")
        await pilot.pause()
        assert shown_decision(row) == "Confirmer / Écarter"


# -- 2. a comment on one situation of a task ---------------------------------------------------------------------------


@story
async def test_the_counsellor_comments_one_situation_of_a_task_and_the_candidate_finds_it_there(
    casp, tmp_path, capsys
) -> None:
    from vae_assistant.tui.screens.review import ReviewScreen, TaskReviewScreen

    path = dossier_from_the_command_line(tmp_path, capsys)
    app = VaeApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        task_id = load_dossier(path).situations[0].counted_tasks[0]
        app.screen.action_review()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        app.screen.open_task(task_id)
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskReviewScreen)
        assert str(form.query_one("#comment-target", Label).render()) == f"Commentaire sur la tâche {task_id}"
        form.query_one("#comment-on-s1", Button).press()
        await pilot.pause()
        target = str(form.query_one("#comment-target", Label).render())
        assert "situation s1 «\u00a0Un homme sans logement\u00a0»" in target
        assert form.query_one("#comment-text", TextArea).has_focus
        form.query_one("#comment-text", TextArea).insert("Précisez ce que vous avez proposé à cet homme.")
        form.query_one("#status-a_retravailler", RadioButton).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert any("sur la situation s1" in n.message for n in app._notifications)
        await pilot.press("escape")
        await pilot.press("ctrl+q")
        await pilot.pause()
    [comment] = load_dossier(path).comments
    assert (comment.situation_id, comment.task_id, comment.status) == ("s1", task_id, "a_retravailler")

    again = VaeApp(path)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(again, pilot)
        notes = [str(n.render()) for n in again.screen.query(".counsellor")]
        assert len(notes) == 1 and f"(tâche {task_id}, situation s1)" in notes[0]
        await key_to(pilot, "f8", SituationsScreen)
        shown = str(again.screen.query_one("#situation-comments", Static).render())
        assert f"(tâche {task_id})" in shown and "Précisez ce que vous avez proposé à cet homme." in shown


@story
async def test_at_80_columns_every_review_status_reads_in_full(casp, tmp_path, capsys) -> None:
    from vae_assistant.tui.screens.review import STATUS_CHOICES

    app = VaeApp(dossier_from_the_command_line(tmp_path, capsys))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.screen.action_review()
        await pilot.pause()
        app.screen.open_task("1.1")
        await pilot.pause()
        for status, label in STATUS_CHOICES:
            button = app.screen.query_one(f"#status-{status or 'aucun'}", RadioButton)
            assert button.region.width >= len(label) + 4, label  # « ▐●▌ » and the whole label
            assert button.region.right <= 80


# -- 3. the coverage report at 80 columns ------------------------------------------------------------------------------


def test_the_compact_report_names_blocs_by_id_in_two_columns_and_lists_their_titles_below(casp) -> None:
    from vae_assistant.coverage import compute_coverage
    from vae_assistant.dossier import operations as ops

    dossier = ops.new_dossier(casp, nom="Roux", prenom="Paul")
    coverage = compute_coverage(dossier, casp)
    wide = coverage_markdown(casp, coverage, dossier)
    compact = coverage_markdown(casp, coverage, dossier, compact=True)
    assert "| Bloc | Couverture | Tâches |" in wide and "| B1 — " in wide
    assert "| Bloc | Tâches |" in compact and "| B1 — " not in compact
    assert "| B1\u00a0·\u00a00\u00a0% | ○\u00a01.1" in compact
    first = casp.blocs[0]
    assert f"- {first.id}\u00a0: {first.title}" in compact


def test_the_report_lists_what_is_missing_under_each_bloc(casp) -> None:
    from vae_assistant.coverage import compute_coverage
    from vae_assistant.dossier import operations as ops
    from vae_assistant.dossier.referential import match_function

    dossier = ops.new_dossier(casp, nom="Roux", prenom="Paul")
    ops.add_situation(
        dossier,
        "J'ai accueilli une dame au guichet, je l'ai écoutée et je l'ai orientée vers l'assistante sociale.",
        match=match_function(casp),
    )
    coverage = compute_coverage(dossier, casp)
    text = coverage_markdown(casp, coverage, dossier, compact=True)
    missing = text.split("## Ce qui manque encore")[1]
    # Each bloc with a gap has its heading, and its gaps come under it (the list was one flat run of tasks).
    for group in coverage.groups:
        if not group.gaps:
            continue
        name = "Activités transversales" if group.transversal else f"{group.id} — {' '.join(group.title.split())}"
        heading = missing.index(f"**{name}**")
        for gap in group.gaps:
            said = "Aucune situation pour l'instant" if gap.kind == "bloc" else gap.message.split(" (")[0]
            assert missing.index(said, heading) > heading
    b2, b3 = missing.index("**B2 — "), missing.index("**B3 — ")
    assert b2 < missing.index("Tâche 2.") < b3
    # Under its own heading, an empty bloc is not named a second time.
    assert "Aucune situation ne montre encore le bloc" not in missing


@story
async def test_the_coverage_report_is_compact_on_a_narrow_terminal_and_full_on_a_wide_one(casp, tmp_path) -> None:
    from test_tui import new_dossier_file

    for size, header in (((80, 24), "| Bloc | Tâches |"), (SIZE, "| Bloc | Couverture | Tâches |")):
        app = VaeApp(new_dossier_file(casp, tmp_path, name=f"marie-{size[0]}"))
        async with app.run_test(size=size) as pilot:
            await settle(app, pilot)
            assert header in (await key_to(pilot, "f5", CoverageReportScreen)).text


# -- 4. coming back to read ------------------------------------------------------------------------------------------


@story
async def test_a_candidate_who_opens_the_dossier_again_to_reread_does_not_pile_up_the_same_question(
    casp, tmp_path
) -> None:
    from test_tui import new_dossier_file, tell_welcome_story

    from vae_assistant.tui.widgets.conversation import Conversation

    path = new_dossier_file(casp, tmp_path)
    first = VaeApp(path)
    async with first.run_test(size=SIZE) as pilot:
        await settle(first, pilot)
        await tell_welcome_story(first, pilot)
        await first.run_action("quit")
    stored = load_dossier(path).conversation
    for _ in range(2):
        again = VaeApp(path)
        async with again.run_test(size=(80, 24)) as pilot:
            await settle(again, pilot)
            notes = [str(n.render()) for n in again.screen.query(".note")]
            assert any(n.startswith("Bon retour, Marie.") for n in notes)
            conversation = again.screen.query_one(Conversation)
            bottom = conversation.scroll_y
            await pilot.press("ctrl+up")
            await pilot.pause()
            assert conversation.scroll_y < bottom, "Ctrl+↑ rereads the conversation from the input box"
            await pilot.press("ctrl+q")
            await pilot.pause()
    assert len(load_dossier(path).conversation) == len(stored), "the question waiting is not asked again"
