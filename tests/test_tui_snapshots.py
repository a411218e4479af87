"""What the screens look like, as SVG snapshots (pytest-textual-snapshot).

The dossier is fixed and built by hand — its conversation, its one situation and the matcher's evidence — and the
interview engine and matcher are left out, so that the pictures change only when the screens do (or the CASP
referential's text does), never with the clock, the interview scripts or the matcher's tuning.
Update them after a deliberate change with ``pytest tests/test_tui_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.model import CompetencyEvidence, MatchRecord, StoredEvidence, TaskEvidence
from vae_assistant.dossier.storage import create_dossier_file, open_dossier
from vae_assistant.tui.app import VaeApp
from vae_assistant.tui.session import Session

MOMENT = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)

NARRATIVE = (
    "Un matin, j'ai reçu au guichet du CCAS une dame de 60 ans venue pour un loyer impayé. Je l'ai écoutée sans "
    "l'interrompre et je l'ai aidée à formuler sa demande. Je lui ai présenté les services du CCAS."
)


def _task(task_id: str, score: float, sentence: str) -> TaskEvidence:
    """The matcher's evidence for a task, by hand: its first competency, shown by one sentence of NARRATIVE."""
    start = NARRATIVE.index(sentence)
    evidence = StoredEvidence(sentence=sentence, start=start, end=start + len(sentence), matched=[], score=score)
    competency = CompetencyEvidence(id=f"{task_id}.c1", score=score, evidence=[evidence])
    return TaskEvidence(id=task_id, score=score, evidenced=True, competencies=[competency])


def fixed_dossier_file(casp, folder: Path) -> Path:
    dossier = ops.new_dossier(casp, nom="Dupont", prenom="Marie", email="marie@example.org")
    ops.add_experience(dossier, employer="CCAS de Rennes", position="Agente d'accueil", start="2018", ongoing=True)
    ops.add_training(dossier, title="BAFA", organisation="UFCV", end="2012")
    ops.add_message(dossier, "assistant", "Bonjour Marie. Tâche 1.1 : **l'accueil du public**.\n\nRacontez-moi un "
                    "accueil qui vous a marqué : qui, quand, ce que vous avez fait.", task_id="1.1")
    situation = ops.add_situation(dossier, NARRATIVE, for_task="1.1")
    situation.match = MatchRecord(
        fingerprint="snapshot",
        matched_at=MOMENT,
        tasks=[
            _task("1.1", 0.85, "Je l'ai écoutée sans l'interrompre et je l'ai aidée à formuler sa demande."),
            _task("1.2", 0.7, "Je lui ai présenté les services du CCAS."),
        ],
    )
    ops.add_message(dossier, "candidate", NARRATIVE, task_id="1.1", situation_id=situation.id)
    ops.add_message(dossier, "assistant", "Merci. Je repère la **tâche 1.1** et la **tâche 1.2**.\n\n"
                    "Comment avez-vous reformulé ce que la personne attendait ?", task_id="1.1")
    path = folder / "marie-dupont.vae.json"
    create_dossier_file(path, dossier).close()
    return path


@pytest.fixture(autouse=True)
def steady_cursors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cursors stay as focus shows them: their blink is a half-second timer, and on a loaded machine (CI beside
    other jobs) the shot sometimes came after a first blink, with the answer box's cursor hidden."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


def fixed_app(casp, folder: Path) -> VaeApp:
    """The app on the fixed dossier, without matcher nor interview (see the module docstring)."""
    session = Session(open_dossier(fixed_dossier_file(casp, folder)), casp, match=None, interview=None)
    return VaeApp(session=session)


async def _on_task_1_1(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    pilot.app.screen.go_to("1.1")
    await pilot.pause()


@pytest.mark.parametrize("size", [(160, 45), (80, 24)], ids=["160x45", "80x24"])
def test_main_screen(casp, tmp_path, snap_compare, size) -> None:
    assert snap_compare(fixed_app(casp, tmp_path), terminal_size=size, run_before=_on_task_1_1)


def test_help_screen(casp, tmp_path, snap_compare) -> None:
    assert snap_compare(fixed_app(casp, tmp_path), terminal_size=(120, 40), press=["f1"])


def test_parcours_screen(casp, tmp_path, snap_compare) -> None:
    async def experiences(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("f4")
        await pilot.pause()
        pilot.app.screen.query_one("#parcours-tabs").active = "tab-experiences"
        await pilot.pause()

    assert snap_compare(fixed_app(casp, tmp_path), terminal_size=(120, 30), run_before=experiences)


def test_start_screen_with_a_recent_dossier(casp, tmp_path, snap_compare, isolated_home) -> None:
    folder = isolated_home / "dossiers"
    folder.mkdir()
    fixed_dossier_file(casp, folder)
    assert snap_compare(VaeApp(), terminal_size=(100, 30))


def test_main_screen_in_the_light_theme(casp, tmp_path, snap_compare) -> None:
    async def light(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.theme = "textual-light"
        await _on_task_1_1(pilot)

    assert snap_compare(fixed_app(casp, tmp_path), terminal_size=(120, 36), run_before=light)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
def test_situations_screen_with_the_coach_advice(casp, tmp_path, snap_compare, theme) -> None:
    async def situations(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.theme = theme
        await pilot.press("f8")
        await pilot.pause()

    assert snap_compare(fixed_app(casp, tmp_path), terminal_size=(80, 24), run_before=situations)


def test_export_dialog(casp, tmp_path, snap_compare, monkeypatch) -> None:
    monkeypatch.setattr("vae_assistant.tui.screens.export.libreoffice_available", lambda: True)

    async def export(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        pilot.app.screen.action_export()
        await pilot.pause()
        pilot.app.screen.query_one("#export-path").value = "/home/marie/vae/livret2-marie-dupont.docx"  # not tmp
        await pilot.pause()

    assert snap_compare(fixed_app(casp, tmp_path), terminal_size=(80, 24), run_before=export)


def test_task_review_with_a_comment_on_a_situation_at_80x24(casp, tmp_path, snap_compare) -> None:
    async def review(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        pilot.app.screen.action_review()
        await pilot.pause()
        pilot.app.screen.open_task("1.1")
        await pilot.pause()
        pilot.app.screen.target("s1")
        await pilot.pause()

    assert snap_compare(fixed_app(casp, tmp_path), terminal_size=(80, 24), run_before=review)


def test_coverage_report_at_80x24(casp, tmp_path, snap_compare) -> None:
    assert snap_compare(fixed_app(casp, tmp_path), terminal_size=(80, 24), press=["f5"])
