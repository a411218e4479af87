"""The counsellor's review through Pilot: the matrix shows thin blocs at a glance, a task opens on its evidence,
and a comment with a status is saved to the dossier file for the candidate to see next time."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from test_dossier_support import KeywordMatcher, mini_referential
from textual.widgets import RadioButton, Static, TextArea

from vae_assistant.cli import main
from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.model import Dossier
from vae_assistant.dossier.storage import DossierFile, create_dossier_file, load_dossier, open_dossier
from vae_assistant.referential.model import Referential
from vae_assistant.tui.review_app import ReviewApp
from vae_assistant.tui.screens.review import ReviewScreen, TaskReviewScreen
from vae_assistant.tui.widgets.review_gaps import GapList
from vae_assistant.tui.widgets.review_matrix import ReviewMatrix

PLAN = "Avec un jeune, nous avons posé un diagnostic puis construit un plan et signé un contrat."
WELCOME = "J'ai accueilli Madame Dupont. Je l'ai écoutée, je l'ai orientée et j'ai rédigé un compte rendu."
FIXED = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)


def fixed_dossier(ref: Referential) -> Dossier:
    dossier = ops.new_dossier(ref, nom="Martin", prenom="Léa")
    match = KeywordMatcher(ref)
    ops.add_situation(dossier, PLAN, title="Le plan d'action d'un jeune", match=match)
    ops.add_situation(dossier, WELCOME, title="Accueil d'une dame", match=match)
    return dossier


def pilot(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """A Pilot story as a plain test (no asyncio plugin needed); fixtures reach it through the signature."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


@pytest.fixture
def ref() -> Referential:
    return mini_referential()


@pytest.fixture
def opened(ref: Referential, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DossierFile]:
    monkeypatch.setattr("vae_assistant.dossier.model.now", lambda: FIXED)
    monkeypatch.setattr("vae_assistant.dossier.operations.now", lambda: FIXED)
    dossier_file = create_dossier_file(tmp_path / "lea.vae.json", fixed_dossier(ref))
    yield dossier_file
    dossier_file.close()


@pilot
async def test_a_counsellor_sees_the_thin_bloc_and_reads_the_evidence_behind_a_task(
    opened: DossierFile, ref: Referential
) -> None:
    app = ReviewApp(opened, ref)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        summary = str(app.screen.query_one("#review-summary", Static).render())
        assert "blocs sous 50\u00a0%\u00a0: Bloc B3 — Travailler en réseau" in summary  # « minces » said no rule
        matrix = app.screen.query_one(ReviewMatrix)
        assert matrix.task_at(0, 2) == "1.1" and matrix.task_at(1, 2) == "2.1"
        assert str(matrix.get_cell_at((2, 2))) == "○ 3.1"
        assert str(matrix.get_cell_at((1, 1))) == "50\u00a0%"  # its ✔ ◐ ○ are the row's cells
        await pilot.press("down", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TaskReviewScreen) and screen.task_coverage.id == "2.1"
        shown = "\n".join(str(w.render()) for w in screen.query(Static))
        assert "s1 — Le plan d'action d'un jeune" in shown
        assert "0,90  2.1.c1  «\u00a0Avec un jeune, nous avons posé un diagnostic" in shown
        assert "2.1.c3" in shown and "Contractualiser" in shown


@pilot
async def test_a_comment_with_a_status_is_saved_and_the_candidate_sees_it_next_time(
    opened: DossierFile, ref: Referential
) -> None:
    app = ReviewApp(opened, ref, author="Claire Bernard")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one(ReviewMatrix).select_task("1.1")
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TaskReviewScreen)
        screen.query_one("#comment-text", TextArea).insert("Précisez ce que la personne demandait.")
        screen.query_one("#status-a_completer", RadioButton).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        matrix = app.screen.query_one(ReviewMatrix)
        assert str(matrix.get_cell_at((0, 2))) == "◐ 1.1"  # « à compléter » takes a covered task back to partial
        # the counsellor reads about the counsellor, not « selon votre accompagnateur » (the candidate's wording)
        shown = str(app.screen.query_one("#review-task", Static).render())
        assert "À compléter selon l'accompagnateur." in shown and "votre accompagnateur" not in shown
        gaps = app.screen.query_one(GapList)
        listed = [str(gaps.get_option_at_index(i).prompt) for i in range(gaps.option_count)]
        assert any("à compléter selon l'accompagnateur" in line for line in listed)
        assert not any("votre accompagnateur" in line for line in listed)
    on_disk = load_dossier(opened.path)
    [comment] = on_disk.comments
    assert (comment.task_id, comment.status, comment.author) == ("1.1", "a_completer", "Claire Bernard")
    assert comment.text == "Précisez ce que la personne demandait."


def matrix_lines(matrix: ReviewMatrix) -> list[str]:
    """The matrix as drawn on screen, line by line."""
    return [matrix.render_line(y).text.rstrip() for y in range(matrix.size.height)]


@pilot
async def test_the_matrix_is_drawn_as_before_after_a_comment_is_saved_at_80x24(
    opened: DossierFile, ref: Referential
) -> None:
    app = ReviewApp(opened, ref)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = matrix_lines(app.screen.query_one(ReviewMatrix))
        assert any(" 1.1" in line for line in before)
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#comment-text", TextArea).insert("Un exemple de plus, s'il vous plaît.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        # Rebuilt from scratch, the table used to come back with its columns squeezed (marks without their task ids).
        assert matrix_lines(app.screen.query_one(ReviewMatrix)) == before


@pilot
async def test_a_failed_save_keeps_the_counsellors_text_and_leaves_the_dossier_as_it_was(
    opened: DossierFile, ref: Referential, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vae_assistant.dossier.errors import DossierError

    def refuse(**_: object) -> None:
        raise DossierError("Disque plein.")

    monkeypatch.setattr(opened, "save", refuse)
    app = ReviewApp(opened, ref)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#comment-text", TextArea).insert("Un texte à ne pas perdre.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TaskReviewScreen)
        assert app.screen.query_one("#comment-text", TextArea).text == "Un texte à ne pas perdre."
    assert opened.dossier.comments == []


@pilot
async def test_a_read_only_review_shows_everything_but_saves_nothing(opened: DossierFile, ref: Referential) -> None:
    read_only = open_dossier(opened.path, read_only=True)
    app = ReviewApp(read_only, ref)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Lecture seule" in str(app.screen.query_one("#review-summary", Static).render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#comment-text", TextArea).disabled
        await pilot.press("ctrl+s", "escape", "escape")
    assert load_dossier(opened.path).comments == []


@pilot
async def test_escape_on_the_review_closes_the_review_app_instead_of_leaving_a_blank_screen(
    opened: DossierFile, ref: Referential
) -> None:
    app = ReviewApp(opened, ref)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not app.is_running


@pilot
async def test_a_comment_typed_and_not_saved_is_not_dropped_by_escape_or_ctrl_q(
    opened: DossierFile, ref: Referential
) -> None:
    from vae_assistant.tui.screens.dialogs import ChoiceDialog

    app = ReviewApp(opened, ref, author="Claire Bernard")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#comment-text", TextArea).insert("Détaillez les démarches faites avec elle.")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog) and "pas enregistré" in app.screen.message
        await pilot.press("escape")  # the safe choice: back to the comment, as it was
        await pilot.pause()
        assert isinstance(app.screen, TaskReviewScreen)
        assert app.screen.query_one("#comment-text", TextArea).text == "Détaillez les démarches faites avec elle."
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.click("#choice-0")  # « Enregistrer »
        await pilot.pause()
        assert not app.is_running
    [comment] = load_dossier(opened.path).comments
    assert comment.text == "Détaillez les démarches faites avec elle." and comment.author == "Claire Bernard"


def test_the_matrix_snapshot(snap_compare, opened: DossierFile, ref: Referential) -> None:
    assert snap_compare(ReviewApp(opened, ref), terminal_size=(120, 34))


def test_review_of_a_missing_or_corrupt_dossier_exits_2_in_french(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "cassé.vae.json"
    bad.write_text("{", encoding="utf-8")
    for target in (bad, tmp_path / "absent.vae.json"):
        assert main(["review", str(target)]) == 2
        out, err = capsys.readouterr()
        assert "Impossible d'ouvrir le dossier" in err and "Traceback" not in out + err


@pilot
async def test_the_chosen_status_reads_without_colour(opened: DossierFile, ref: Referential) -> None:
    app = ReviewApp(opened, ref)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#status-valide", RadioButton).value = True
        await pilot.pause()
        marks = {button.id: str(button.render()) for button in app.screen.query(RadioButton)}
        # Textual drew « ● » in every button, the chosen one told apart by its colour only.
        assert "●" in marks["status-valide"]
        assert not any("●" in shown for key, shown in marks.items() if key != "status-valide")


@pilot
async def test_the_task_form_names_the_candidate_whose_dossier_it_is(opened: DossierFile, ref: Referential) -> None:
    app = ReviewApp(opened, ref)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TaskReviewScreen)
        # Full screen at 80x24, it hid the only line naming the candidate.
        assert str(app.screen.query_one("#task-title", Static).render()).startswith("Léa Martin · Tâche 1.1")


@pilot
async def test_the_save_button_names_its_key_as_elsewhere(opened: DossierFile, ref: Referential) -> None:
    from textual.widgets import Button

    app = ReviewApp(opened, ref)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert str(app.screen.query_one("#save", Button).label) == "Enregistrer (Ctrl+S)"  # was « (ctrl+s) »


@pilot
async def test_the_bloc_column_stays_in_view_when_the_matrix_scrolls_to_a_bloc_s_last_task_on_a_narrow_screen(
    tmp_path: Path,
) -> None:
    """CASP's bloc 3 has eight tasks: on a screen narrower than the matrix (64 columns; it fits 80) its last ones
    are reached by scrolling right, and the rows must still say which bloc they are (the Bloc column scrolled away
    with the rest)."""
    from vae_assistant.referential.loader import load_referential

    root = Path(__file__).resolve().parents[1]
    casp = load_referential(root / "referential" / "casp-rncp7426.yaml")
    example = tmp_path / "exemple.vae.json"
    example.write_bytes((root / "examples" / "dossier-exemple.vae.json").read_bytes())
    with open_dossier(example) as dossier_file:
        app = ReviewApp(dossier_file, casp)
        async with app.run_test(size=(64, 24)) as pilot:
            await pilot.pause()
            legend = app.screen.query_one("#review-legend", Static)
            assert "d'autres tâches à droite" in str(legend.render())  # 3.8 is out of sight: the legend says so
            matrix = app.screen.query_one(ReviewMatrix)
            matrix.select_task("3.8")
            await pilot.pause()
            assert matrix.scroll_x > 0
            rows = [matrix.render_line(y).text for y in range(matrix.size.height)]
            b3 = next((line for line in rows if "3.8" in line), "")
            assert b3.split()[0] == "B3", rows


@pilot
async def test_at_80_columns_the_counsellor_sees_every_task_of_the_casp_matrix_without_scrolling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vae_assistant.referential import resolve

    casp = resolve("casp-rncp7426").referential
    monkeypatch.setattr("vae_assistant.dossier.model.now", lambda: FIXED)
    dossier_file = create_dossier_file(tmp_path / "nadia.vae.json", ops.new_dossier(casp, nom="Benali", prenom="Nadia"))
    try:
        app = ReviewApp(dossier_file, casp)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            shown = "\n".join(matrix_lines(app.screen.query_one(ReviewMatrix)))
            # Bloc 3 has eight tasks: 3.7 and 3.8 were cut off at the right edge until one scrolled with the arrows.
            for task in (task.id for task in casp.tasks):
                assert f" {task}" in shown, task
            assert "0\u00a0%" in shown  # the bloc's share is still there
            assert "à droite" not in str(app.screen.query_one("#review-legend", Static).render())
    finally:
        dossier_file.close()
