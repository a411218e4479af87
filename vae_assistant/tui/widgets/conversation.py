"""The conversation: assistant messages as Markdown, the candidate's as plain text, and the tasks recognised in
an answer with a button to confirm or reject each.

The candidate's text is never interpreted (no markup, no Markdown): what they typed is what they see.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message as TextualMessage
from textual.widget import Widget
from textual.widgets import Button, Markdown, Static
from textual.widgets.markdown import MarkdownBlock

from vae_assistant.dossier.model import Dossier, Message, Situation
from vae_assistant.interview.script import first_line
from vae_assistant.matching.normalize import telling_words
from vae_assistant.tui.typography import protect, restore

HISTORY_SHOWN = 60
"""Messages shown when a dossier is opened; older ones stay in the dossier (and the livret does not need them)."""


@dataclass(frozen=True)
class Recognised:
    """A task the matcher recognised in an answer, as the conversation shows it."""

    situation_id: str
    task_id: str
    title: str
    score: float
    sentence: str | None
    decision: str | None = None  # "confirmed", "rejected" or None
    recognised: bool = True
    """False: the task the story was told for, which the assistant does not recognise in it; the row offers
    « Confirmer quand même » (what ``/confirmer s2 2.2`` does), for a candidate who knows it is there."""
    words: tuple[str, ...] = ()
    """The words of ``sentence`` that made it a proof: all there is to check when the learned weights chose it."""


class AssistantBlock(Markdown):
    """An assistant message (Markdown written by the interview scripts), its non-breaking spaces kept (see
    :mod:`vae_assistant.tui.typography`: « CCAS » never cut before its closing guillemet)."""

    def __init__(self, markdown: str | None = None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(None if markdown is None else protect(markdown), **kwargs)

    def get_block_class(self, block_name: str) -> type[MarkdownBlock]:
        return _keeping_non_breaking_spaces(super().get_block_class(block_name))


@functools.cache
def _keeping_non_breaking_spaces(block_class: type[MarkdownBlock]) -> type[MarkdownBlock]:
    """``block_class`` showing the non-breaking spaces :func:`protect` hid from the Markdown parser."""

    def set_content(self: MarkdownBlock, content: Content) -> None:
        block_class.set_content(self, restore(content))

    return type(block_class.__name__, (block_class,), {"set_content": set_content})


SHOWN_CHARS = 6000
"""A longer message (a pasted document) is shown cut, so that the conversation stays quick to scroll; it is
stored whole in the dossier, matched whole, and goes whole into the livret."""


def shown_text(text: str) -> str:
    if len(text) <= SHOWN_CHARS:
        return text
    cut = text[:SHOWN_CHARS].rsplit(" ", 1)[0]
    note = f"(Message de {len(text)} caractères, gardé en entier dans le dossier\u00a0: seul le début est affiché.)"
    return f"{cut} […]\n\n{note}"


class CandidateBlock(Static):
    """A candidate message, verbatim (the start of it when it is very long, see SHOWN_CHARS)."""

    def __init__(self, text: str, *, pending: bool = False) -> None:
        super().__init__(shown_text(text), markup=False, classes="pending" if pending else "")
        self.border_title = "Vous"


class DecisionButton(Button):
    """Confirmer / Écarter a recognised task, or « Annuler » a decision (``decision`` None)."""

    def __init__(self, label: str, item: Recognised, decision: str | None, variant: str) -> None:
        super().__init__(label, variant=variant, compact=True)  # type: ignore[arg-type]
        self.item = item
        self.decision = decision


def recognised_in(situation: Situation, titles: dict[str, str]) -> list[Recognised]:
    """A situation's recognised tasks as the app shows them: those the matcher found, those the candidate
    confirmed or rejected, each with its best sentence and the decision the dossier records."""
    items = []
    decided = set(situation.confirmed_tasks) | set(situation.rejected_tasks)
    records = {record.id: record for record in situation.match.tasks} if situation.match else {}
    for record in records.values():
        if record.id not in titles or not (record.evidenced or record.id in decided):
            continue
        best = record.best_evidence
        sentence = best.sentence if best is not None else None
        words = tuple(telling_words(best.matched)) if best is not None else ()
        decision = situation.decision(record.id)
        items.append(
            Recognised(situation.id, record.id, titles[record.id], record.score, sentence, decision, words=words)
        )
    for task_id in situation.confirmed_tasks:  # confirmed although the matcher has no record of it
        if task_id not in records and task_id in titles:
            items.append(Recognised(situation.id, task_id, titles[task_id], 0.0, None, "confirmed"))
    return items


def unrecognised_offer(situation: Situation, task_id: str | None, titles: dict[str, str]) -> Recognised | None:
    """The « Confirmer quand même » row for ``task_id``, the task ``situation`` was told for, when the matcher
    read the story without recognising it there and the candidate has not decided on it (the assistant's reply
    then says « Je ne reconnais pas encore clairement la tâche… vous pouvez la confirmer »). None otherwise."""
    if (
        task_id is None
        or task_id not in titles
        or situation.match is None  # not read at all: nothing was said about the task
        or task_id in situation.counted_tasks
        or situation.decision(task_id) is not None
    ):
        return None
    return Recognised(situation.id, task_id, titles[task_id], 0.0, None, None, recognised=False)


def decision_widgets(item: Recognised, decision: str | None, *, undo: bool = False) -> list[Widget]:
    """The buttons while undecided; the decision once taken, with « Annuler » where it may be taken back."""
    if decision is None and not item.recognised:
        return [DecisionButton("Confirmer quand même", item, "confirmed", "success")]
    if decision is None:
        return [
            DecisionButton("Confirmer", item, "confirmed", "success"),
            DecisionButton("Écarter", item, "rejected", "error"),
        ]
    widgets: list[Widget] = [decided_label(decision)]
    if undo:
        widgets.append(DecisionButton("Annuler", item, None, "default"))
    return widgets


ROW_TITLE_CHARS = 120
"""A task's title in a row: its first line (2.4's sub-steps are left out), cut at a word after this many
characters, so that it wraps on three lines at most in an 80-column terminal."""


class RecognisedRow(Horizontal):
    """« 3.3 Élaboration d'un projet d'intervention [Confirmer] [Écarter] »: the assistant's reply just below
    quotes the sentences, so the row only carries the decision (the sentence is its tooltip).

    No score: it means nothing to the candidate (the counsellor's review shows it), and it took the room of the
    title. A long title wraps under itself rather than being cut, the decision staying on the right.

    ``undo``: a decided task keeps an « Annuler » button (the situations screen, where decisions are reviewed).
    """

    STACKED_UNDER = 60
    """Columns under which the decision goes under a title too long to sit beside it on one line (the
    conversation of an 80- or 120-column terminal), so that the title is not squeezed into a narrow column of
    many lines."""

    def __init__(self, item: Recognised, *, undo: bool = False) -> None:
        super().__init__(classes="recognised-row")
        self.item = item
        self.undo = undo
        self.shown_decision: str | None = item.decision
        self.shown_gone = False
        self.shown_deleted = False
        self._decision_width = 0

    @property
    def text(self) -> str:
        return f"{self.item.task_id} {first_line(self.item.title, ROW_TITLE_CHARS)}"

    def compose(self) -> ComposeResult:
        what = Static(self.text, markup=False, classes="what")
        if self.item.sentence:
            what.tooltip = f"«\u00a0{self.item.sentence.strip()}\u00a0»"
        yield what
        with Horizontal(classes="decision"):
            yield from self._decision(decision_widgets(self.item, self.item.decision, undo=self.undo))

    def _decision(self, widgets: list[Widget]) -> list[Widget]:
        """``widgets`` for the decision box, the row stacked or not for their width."""
        self._decision_width = sum(
            len(str(w.label)) + 3 if isinstance(w, Button) else len(str(w.render())) + 1 for w in widgets
        )  # a compact button: its label, a space each side and its margin; a decision: its margin
        self._place(self.size.width)
        return widgets

    def _place(self, width: int) -> None:
        squeezed = len(self.text) > width - self._decision_width
        self.set_class(0 < width < self.STACKED_UNDER and squeezed, "-stacked")

    def on_resize(self, event: events.Resize) -> None:
        self._place(event.size.width)

    def show_decision(self, decision: str | None, *, deleted: bool = False, gone: bool = False) -> None:
        """Replace the buttons (or the decision shown) by what the dossier now records: ``deleted``, the situation
        is no more; ``gone``, its corrected narrative no longer shows the task."""
        box = self.query_one(".decision", Horizontal)
        box.remove_children()
        if deleted:
            widgets: list[Widget] = [Static("situation supprimée", classes="decided deleted")]
        elif gone:
            widgets = [Static(GONE, classes="decided deleted")]
        else:
            widgets = decision_widgets(self.item, decision, undo=self.undo)
        box.mount_all(self._decision(widgets))
        self.shown_decision = decision
        self.shown_gone = gone
        self.shown_deleted = deleted


GONE = "plus repérée dans le récit"
"""A row whose task the situation's corrected narrative no longer shows (nothing left to decide there)."""


def decision_label(decision: str) -> str:
    return "✔ confirmée" if decision == "confirmed" else "✖ écartée"


def decided_label(decision: str) -> Static:
    """The decision in place of the buttons: a symbol and a word, so that it reads without colour too."""
    return Static(decision_label(decision), classes=f"decided {decision}")


class RecognisedBlock(Vertical):
    """What the last answer proved, one row per task, each with its own decision."""

    def __init__(self, items: list[Recognised], *, earlier: bool = False) -> None:
        super().__init__(classes="recognised")
        self.items = items
        undecided = any(item.decision is None for item in items)
        # short: a border title is cut at the block's width (40 columns in a 80-column terminal), and what to do
        # is the part that must show
        if not any(item.recognised for item in items):
            self.border_title = "Pas reconnue dans ce récit"
        elif earlier:
            self.border_title = "Reconnu dans ce récit" + (" : à décider" if undecided else "")
        else:
            self.border_title = "Reconnu\u00a0: confirmez ou écartez" if undecided else "Reconnu dans votre réponse"

    def compose(self) -> ComposeResult:
        for item in self.items:
            yield RecognisedRow(item)


def row_key(item: Recognised) -> tuple[str, str, bool]:
    """What makes a row a copy of another: the same situation, task and kind (recognised, or offered to confirm
    anyway: a task recognised by a later answer gets its Confirmer / Écarter row under the offer)."""
    return (item.situation_id, item.task_id, item.recognised)


def recognised_blocks(items: list[Recognised], *, earlier: bool = False) -> list[RecognisedBlock]:
    """The tasks recognised in an answer in one block, the task it was told for but not recognised in another."""
    recognised = [item for item in items if item.recognised]
    offered = [item for item in items if not item.recognised]
    return [RecognisedBlock(part, earlier=earlier) for part in (recognised, offered) if part]


class Conversation(VerticalScroll):
    """The scrolling list of blocks; ``rendered`` counts the dossier messages already shown."""

    class DecisionRequested(TextualMessage):
        def __init__(self, item: Recognised, decision: str) -> None:
            super().__init__()
            self.item = item
            self.decision = decision

    def __init__(self, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(**kwargs)
        self.rendered = 0
        self.can_focus = False

    def show_history(self, messages: list[Message], recognised: dict[str, list[Recognised]] | None = None) -> None:
        """The stored conversation; ``recognised`` maps a message id to the tasks to show (and decide) after it.

        A candidate who comes back finds the tasks recognised in earlier sessions under their answers, with the
        buttons for those still undecided, so that nothing waits for a decision that can no longer be taken.
        """
        hidden = max(0, len(messages) - HISTORY_SHOWN)
        if hidden:
            self.mount(Static(f"… {hidden} messages plus anciens ne sont pas affichés.", classes="note"))
        self.rendered = hidden
        recognised = recognised or {}
        blocks: list[Widget] = []
        for message in messages[hidden:]:
            blocks.append(self._block(message))
            blocks.extend(recognised_blocks(recognised.get(message.id, []), earlier=True))
        self.rendered = len(messages)
        if blocks:
            self.mount_all(blocks)
        self.call_after_refresh(self.scroll_end, animate=False)

    def show_new(
        self, messages: list[Message], recognised: list[Recognised] | None = None, after: str | None = None
    ) -> None:
        """Mount the messages not shown yet, in order, and scroll to the end.

        ``recognised`` tasks go just after the message ``after`` (the candidate's answer that proved them), so
        that the assistant's reply, which ends with the next question, stays the last thing on screen. A task
        whose row for the same situation is already in the conversation is left out: a follow-up answer that
        proves it again added a copy of the row after every answer (its decision is taken on the first one).
        """
        shown = self.shown_rows()
        new = [item for item in recognised or [] if row_key(item) not in shown]
        blocks: list[Widget] = []
        for message in messages[self.rendered :]:
            blocks.append(self._block(message))
            if new and message.id == after:
                blocks.extend(recognised_blocks(new))
                new = []
        blocks.extend(recognised_blocks(new))
        self.rendered = len(messages)
        if blocks:
            self.mount_all(blocks)
        self.call_after_refresh(self.scroll_end, animate=False)

    def shown_rows(self) -> set[tuple[str, str, bool]]:
        """The :func:`row_key` of the rows in the conversation, but for those of a deleted situation."""
        return {row_key(row.item) for row in self.query(RecognisedRow) if not row.shown_deleted}

    @staticmethod
    def _block(message: Message) -> Static | Markdown:
        if message.role == "candidate":
            return CandidateBlock(message.text)
        return AssistantBlock(message.text)

    def show_pending(self, text: str) -> CandidateBlock:
        """The candidate's message while it is being analysed (replaced by the stored one afterwards)."""
        block = CandidateBlock(text, pending=True)
        self.mount(block)
        self.call_after_refresh(self.scroll_end, animate=False)
        return block

    def show_note(self, text: str, *, classes: str = "") -> None:
        self.mount(Static(text, markup=False, classes=f"note {classes}".strip()))
        self.call_after_refresh(self.scroll_end, animate=False)

    @on(Button.Pressed)
    def _decide(self, event: Button.Pressed) -> None:
        if isinstance(event.button, DecisionButton):
            event.stop()
            self.post_message(self.DecisionRequested(event.button.item, event.button.decision))

    def mark_decided(self, item: Recognised, decision: str) -> None:
        """Replace a row's buttons by the decision the dossier now records."""
        for row in self.query(RecognisedRow):
            if (row.item.situation_id, row.item.task_id) == (item.situation_id, item.task_id):
                row.show_decision(decision)

    def sync_decisions(self, dossier: Dossier) -> None:
        """After another screen changed decisions (or deleted a situation): every row shows what the dossier says,
        buttons back where a decision was taken back, nothing left to decide on a deleted situation."""
        situations = {situation.id: situation for situation in dossier.situations}
        for row in self.query(RecognisedRow):
            situation = situations.get(row.item.situation_id)
            if situation is None:
                if not row.query(".deleted"):
                    row.show_decision(None, deleted=True)
                continue
            decision = situation.decision(row.item.task_id)
            # undecided and no longer counted: the narrative was corrected (F8) and no longer shows the task (a
            # « Confirmer quand même » row was never counted: it stays)
            gone = decision is None and row.item.recognised and row.item.task_id not in situation.counted_tasks
            if decision != row.shown_decision or gone != row.shown_gone:
                row.show_decision(decision, gone=gone)
