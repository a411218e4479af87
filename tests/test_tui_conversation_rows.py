"""The rows under an answer, as the candidate reads them (Pilot, the shipped CASP referential): a decided row shows
the whole title and the decision, no score, at 80 and 140 columns; a task is shown once per situation, however
many answers prove it, and the reply names it once too."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from test_tui import SIZE, new_dossier_file, settle, story, tell_welcome_story, type_and_send
from test_tui_snapshots import _task, fixed_dossier_file
from textual.widgets import Button, Static

from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.storage import DossierFile, create_dossier_file, load_dossier, open_dossier
from vae_assistant.interview.script import first_line
from vae_assistant.tui.app import VaeApp
from vae_assistant.tui.session import Session
from vae_assistant.tui.widgets.conversation import AssistantBlock, Conversation, RecognisedBlock, RecognisedRow


def decided_dossier(casp, folder: Path) -> DossierFile:
    """The snapshots' dossier, its situation showing 1.1 and 2.2 (a long title), 2.2 rejected by the candidate."""
    file = open_dossier(fixed_dossier_file(casp, folder))
    situation = file.dossier.situations[0]
    assert situation.match is not None
    situation.match.tasks[1] = _task("2.2", 0.8123, "Je lui ai présenté les services du CCAS.")
    situation.rejected_tasks.append("2.2")
    return file


@pytest.mark.parametrize("size", [(80, 24), (140, 45)], ids=["80", "140"])
def test_a_decided_row_shows_its_whole_title_and_decision_without_a_score(casp, tmp_path, size) -> None:
    async def run() -> None:
        session = Session(decided_dossier(casp, tmp_path), casp, match=None, interview=None)
        app = VaeApp(session=session)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            conversation = app.screen.query_one(Conversation)
            rows = {row.item.task_id: row for row in conversation.query(RecognisedRow)}
            row = rows["2.2"]
            what = row.query_one(".what", Static)
            text = str(what.render())
            assert text == f"2.2 {first_line(casp.task('2.2').title, 120)}"
            assert "0,8" not in text and "0,8" not in str(rows["1.1"].query_one(".what", Static).render())
            # wrapped under itself, not cut: every line of the title is on screen, the decision beside it
            assert what.size.height * what.size.width >= len(text)
            decided = row.query_one(".decided", Static)
            assert str(decided.render()) == "✖ écartée"
            inner = conversation.content_region
            for widget in (what, decided):  # within the conversation's width (its height scrolls)
                assert inner.x <= widget.region.x and widget.region.right <= inner.right
            assert not what.region.overlaps(decided.region)  # beside the title (140), or under it (80)
            assert decided.region.width >= len("✖ écartée")

    asyncio.run(run())


FOLLOW_UP = (
    "Je l'ai écoutée et je l'ai aidée à formuler sa demande. Ensuite je l'ai orientée vers l'assistante sociale de "
    "secteur et j'ai pris rendez-vous pour elle."
)


def rows_shown(app: VaeApp) -> list[tuple[str, str]]:
    return [(row.item.situation_id, row.item.task_id) for row in app.screen.query(RecognisedRow)]


@story
async def test_a_follow_up_answer_shows_only_the_tasks_it_newly_recognises(casp, tmp_path) -> None:
    path = new_dossier_file(casp, tmp_path)
    app = VaeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await tell_welcome_story(app, pilot)
        first = rows_shown(app)
        assert ("s1", "1.1") in first
        await type_and_send(app, pilot, FOLLOW_UP)
        # the answer proves 1.1 again and 2.2 for the first time: only 2.2 gets a new row, and the reply on screen
        # names only 2.2 (it quoted 1.1 again with the answer's sentence, after every follow-up)
        reply = app.screen.query(AssistantBlock).last().source
        assert "Tâche 2.2" in reply and "Tâche 1.1" not in reply
        last = app.screen.query(RecognisedBlock).last()
        assert [item.task_id for item in last.items] == ["2.2"]
        assert rows_shown(app) == [*first, ("s1", "2.2")]
        # the first row still takes the decision
        row = next(r for r in app.screen.query(RecognisedRow) if r.item.task_id == "1.1")
        next(b for b in row.query(Button) if str(b.label) == "Confirmer").press()
        await settle(app, pilot)
        assert str(row.query_one(".decided", Static).render()) == "✔ confirmée"
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert "1.1" in load_dossier(path).situation("s1").confirmed_tasks

    again = VaeApp(path)
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        # reopened: the situation's tasks once each, under its last answer, the decision kept
        assert sorted(rows_shown(again)) == sorted([*first, ("s1", "2.2")])
        await type_and_send(again, pilot, FOLLOW_UP)
        assert sorted(rows_shown(again)) == sorted([*first, ("s1", "2.2")])


GUIDE_STORY = (
    "L'année dernière au CHRS, j'ai fait un petit guide de 4 pages avec les adresses utiles du quartier pour les "
    "résidents, et je le mets à jour tous les ans."
)


def offered(app: VaeApp) -> list[RecognisedRow]:
    return [row for row in app.screen.query(RecognisedRow) if not row.item.recognised]


@story
async def test_a_task_not_recognised_in_its_story_can_be_confirmed_anyway_with_a_button_even_after_reopening(
    casp, tmp_path
) -> None:
    path = new_dossier_file(casp, tmp_path)
    app = VaeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await type_and_send(app, pilot, "/aller 2.2")
        await type_and_send(app, pilot, "Je travaille au CHRS depuis 2019.")  # the activity's frame
        await type_and_send(app, pilot, GUIDE_STORY)
        reply = app.session.dossier.conversation[-1].text
        assert "Je ne reconnais pas encore clairement la tâche 2.2" in reply and "/confirmer s1 2.2" in reply
        [row] = offered(app)
        assert (row.item.situation_id, row.item.task_id) == ("s1", "2.2")
        assert [str(b.label) for b in row.query(Button)] == ["Confirmer quand même"]
        assert app.screen.query(RecognisedBlock).last().border_title == "Pas reconnue dans ce récit"
        await type_and_send(app, pilot, "Je l'ai fait avec une collègue.")  # a follow-up: still not 2.2
        assert len(offered(app)) == 1, "offered once per situation"
        await pilot.press("ctrl+q")
        await pilot.pause()

    again = VaeApp(path)
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        [row] = offered(again)  # rebuilt from the dossier
        row.query_one(Button).press()
        await settle(again, pilot)
        assert str(row.query_one(".decided", Static).render()) == "✔ confirmée"
        # what /confirmer s1 2.2 does: the engine's confirm, its reply, the decision in the dossier
        noted = "C'est noté\u00a0: la situation s1 compte pour la tâche 2.2."
        assert again.session.dossier.conversation[-1].text == noted
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert "2.2" in load_dossier(path).situation("s1").confirmed_tasks

    third = VaeApp(path)
    async with third.run_test(size=SIZE) as pilot:
        await settle(third, pilot)
        assert not offered(third)
        row = next(r for r in third.screen.query(RecognisedRow) if r.item.task_id == "2.2")
        assert str(row.query_one(".decided", Static).render()) == "✔ confirmée"


@story
async def test_the_situations_screen_offers_to_confirm_anyway_the_task_a_story_was_told_for(casp, tmp_path) -> None:
    dossier = ops.new_dossier(casp, nom="Dupont", prenom="Marie", email="marie@example.org")
    ops.add_situation(dossier, GUIDE_STORY, for_task="2.2")  # matched when the assistant opens it
    path = tmp_path / "marie-dupont.vae.json"
    create_dossier_file(path, dossier).close()
    app = VaeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f8")
        await settle(app, pilot)
        [row] = [r for r in app.screen.query("#situation-tasks RecognisedRow") if r.item.task_id == "2.2"]
        assert not row.item.recognised
        next(b for b in row.query(Button) if str(b.label) == "Confirmer quand même").press()
        await settle(app, pilot)
        [row] = [r for r in app.screen.query("#situation-tasks RecognisedRow") if r.item.task_id == "2.2"]
        assert [str(b.label) for b in row.query(Button)] == ["Annuler"]
        assert str(row.query_one(".decided", Static).render()) == "✔ confirmée"
    assert "2.2" in load_dossier(path).situation("s1").confirmed_tasks
