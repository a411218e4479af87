"""The candidate's situations, each with the writing coach's advice next to it (issue 7).

A list on the left (title, tasks it proves, length, how many pieces of advice); on the right the selected
situation: its context (structure, public, période, rôle), the coach's advice, and the narrative with the passages
the coach is talking about highlighted — a name to anonymise, a « on » where the jury wants « je ». The candidate
fixes the title and the context here, and the narrative too (it is theirs, verbatim: the assistant never
rewrites it, but an answer sent by mistake went into it, hence into the jury's livret, and only the candidate can
take it out), and can delete a situation after a confirmation. Every change goes through
:mod:`vae_assistant.dossier.operations` and is saved at once (:meth:`Session.apply`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import AwaitMount, Widget
from textual.widgets import Button, Footer, Header, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from vae_assistant.coach import LEVEL_LABELS, MAX_READ_CHARS, Advice, check_situation
from vae_assistant.coach.text import word_count
from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.model import Situation
from vae_assistant.dossier.storage import SUFFIX
from vae_assistant.errors import VaeError
from vae_assistant.paths import user_dossier_dir
from vae_assistant.shell import shell_word
from vae_assistant.tui.screens.dialogs import confirm_dialog
from vae_assistant.tui.screens.parcours import FieldSpec, ItemForm
from vae_assistant.tui.session import Session
from vae_assistant.tui.widgets.comments import comment_line
from vae_assistant.tui.widgets.conversation import (
    DecisionButton,
    RecognisedRow,
    decision_label,
    recognised_in,
    unrecognised_offer,
)
from vae_assistant.tui.widgets.marks import percent

CONTEXT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("structure", "Structure", "où\u00a0: le service, l'établissement"),
    ("public", "Public", "avec qui, pour qui"),
    ("period", "Période", "quand\u00a0: 2021, printemps 2023…"),
    ("role", "Rôle", "votre fonction à ce moment-là"),
)
FORM_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", "Titre de la situation", required=True),
    *(FieldSpec(name, label, placeholder=hint) for name, label, hint in CONTEXT_FIELDS),
)
NARRATIVE_FIELDS: tuple[FieldSpec, ...] = (FieldSpec("narrative", "Récit", kind="text", required=True),)
SPAN_STYLES: dict[str, str] = {"attention": "bold underline $text-error", "info": "underline $text-warning"}
"""Underlined as well as coloured: the highlight reads on a monochrome terminal too."""


MAX_SHOWN_CHARS = MAX_READ_CHARS
"""The narrative is shown as far as the coach reads it."""


def situation_summary(situation: Situation, advice: list[Advice]) -> str:
    """« 1.1, 1.2 · 230 mots · 2 conseils »: the second line of the list."""
    tasks = ", ".join(situation.counted_tasks) or "aucune tâche"
    words = word_count(situation.narrative)
    count = f"{len(advice)} conseil{'s' if len(advice) > 1 else ''}" if advice else "aucun conseil"
    return f"{tasks} · {words} mot{'s' if words > 1 else ''} · {count}"


def highlighted_narrative(narrative: str, advice: list[Advice]) -> Content:
    """The narrative verbatim (never markup), with the passages the coach flags styled by seriousness.

    A whole document pasted in is shown as far as the coach reads it: laying out a megabyte froze the screen."""
    shown = narrative if len(narrative) <= MAX_SHOWN_CHARS else narrative[:MAX_SHOWN_CHARS].rsplit(" ", 1)[0]
    content = Content(shown)
    spans = [(span, item.level) for item in advice for span in item.spans]
    for span, level in sorted(spans, key=lambda pair: pair[1] == "attention"):  # attention drawn last, on top
        if 0 <= span.start < span.end <= len(shown):
            content = content.stylize(SPAN_STYLES[level], span.start, span.end)
    if len(shown) < len(narrative):
        rest = word_count(narrative) - word_count(shown)
        note = f"\n\n[…] La suite ({rest} mots) n'est pas affichée ici\u00a0; le récit complet est enregistré."
        content = Content.assemble(content, (note, "$text-muted"))
    return content


def advice_content(advice: list[Advice]) -> Content:
    if not advice:
        return Content.assemble(("✔ ", "$text-success"), "Le coach n'a rien à redire sur ce récit.")
    parts: list[str | tuple[str, str]] = []
    for item in advice:
        symbol = "⚠" if item.level == "attention" else "•"
        style = "bold $text-error" if item.level == "attention" else "bold $text-warning"
        parts += ["\n" if parts else "", (f"{symbol} {item.label} ({LEVEL_LABELS[item.level]})", style)]
        parts += [f" — {item.message}"]
        excerpts = [f"«\u00a0{span.excerpt}\u00a0»" for span in item.spans[:4]]
        if excerpts:
            parts += [("\n   " + ", ".join(excerpts), "italic")]
    return Content.assemble(*parts)


def context_content(situation: Situation) -> Content:
    """Title, then the four context fields two by two (lines are precious at 80×24)."""
    parts: list[str | tuple[str, str]] = [(f"{situation.id} — {situation.title}", "bold")]
    for index, (name, label, _) in enumerate(CONTEXT_FIELDS):
        value = getattr(situation.context, name)
        parts += ["\n" if index % 2 == 0 else " · ", f"{label}\u00a0: "]
        parts += [(value, "") if value else ("à préciser", "italic $text-muted")]  # fits every field
    return Content.assemble(*parts)


def restore_name(path: Path) -> str:
    """The dossier as ``dossier restore`` takes it: its bare name in the user's folder, else its path."""
    in_user_folder = path.parent.resolve() == user_dossier_dir().resolve()
    return shell_word(path.name.removesuffix(SUFFIX) if in_user_folder else str(path))


class NarrativeForm(ItemForm):
    """The form with one text area as tall as the dialog allows (app.tcss): a narrative runs to hundreds of words.

    ``start``: where the cursor opens, the first paragraph the coach asks to rewrite (« Phrases complètes »): at
    80×24 the area shows four lines, and the candidate sent here to rewrite « parce que sa fille… » had to look
    for it in the whole story.
    """

    def __init__(self, *args: Any, start: int | None = None) -> None:
        super().__init__(*args)
        self.start = start

    def on_mount(self) -> None:
        super().on_mount()
        if self.start:
            area = self.query_one("#f-narrative", TextArea)
            before = area.text[: self.start]
            area.move_cursor((before.count("\n"), len(before) - before.rfind("\n") - 1), center=True)


class SituationsScreen(Screen[set[str]]):
    """Dismissed with the ids of the situations deleted here (the conversation drops their buttons)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Retour"),
        Binding("e", "edit", "Contexte"),
        Binding("r", "edit_narrative", "Récit"),
        Binding("delete,d", "delete", "Supprimer"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.deleted: set[str] = set()
        self.shown_id: str | None = None
        self.focus_task: str | None = None
        """After a decision: the task whose new button takes the focus once the rows are rebuilt."""
        self.advice: dict[str, list[Advice]] = {}

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="situations-body"):
            yield OptionList(id="situation-list")
            with Vertical(id="situation-side"):
                with VerticalScroll(id="situation-detail"):
                    yield Static(id="situation-context")
                    yield Static("Votre accompagnateur", id="situation-comments-title", classes="section-title")
                    yield Static(id="situation-comments", classes="situation-comments")
                    yield Static("Tâches reconnues dans ce récit", classes="section-title")
                    yield Vertical(id="situation-tasks")
                    yield Static("Conseils du coach d'écriture", classes="section-title")
                    yield Static(id="situation-advice")
                    yield Static("Récit (passages signalés soulignés)", classes="section-title")
                    yield Static(id="situation-text", classes="situation-text")
                with Horizontal(classes="table-buttons"):
                    yield Button("Titre, contexte (e)", id="situation-edit", variant="primary", compact=True)
                    yield Button("Récit (r)", id="situation-narrative", variant="primary", compact=True)
                    yield Button("Supprimer (d)", id="situation-delete", variant="error", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Situations — {self.session.dossier.candidate.full_name}"
        self._fill()
        self.query_one("#situation-list", OptionList).focus()

    # -- the list and the selected situation ------------------------------------------------------------------------

    def _fill(self, select: str | None = None) -> None:
        situations = self.session.dossier.situations
        self.advice = {s.id: check_situation(s) for s in situations}
        options = self.query_one("#situation-list", OptionList)
        options.clear_options()
        for index, situation in enumerate(situations):
            if index:
                options.add_option(None)  # a rule between two situations: each takes two or three lines
            prompt = Content.assemble(
                (f"{situation.id} · {situation.title}", "bold"),
                "\n",
                (situation_summary(situation, self.advice[situation.id]), "$text-muted"),
            )
            options.add_option(Option(prompt, id=situation.id))
        has_any = bool(situations)
        for button in self.query(".table-buttons Button"):
            button.disabled = not has_any or self.session.read_only
        if not has_any:
            self._show(None)
            return
        ids = [s.id for s in situations]
        options.highlighted = options.get_option_index(select) if select in ids else 0
        self._show(select if select in ids else ids[0])

    @property
    def selected(self) -> Situation | None:
        options = self.query_one("#situation-list", OptionList)
        if options.highlighted is None or options.option_count == 0:
            return None
        option_id = options.get_option_at_index(options.highlighted).id
        try:
            return self.session.dossier.situation(option_id or "")
        except KeyError:
            return None

    @on(OptionList.OptionHighlighted, "#situation-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id != self.shown_id:
            self._show(event.option.id)

    def _show(self, situation_id: str | None) -> None:
        context = self.query_one("#situation-context", Static)
        advice = self.query_one("#situation-advice", Static)
        text = self.query_one("#situation-text", Static)
        self.shown_id = situation_id
        if situation_id is None:
            context.update(
                "Aucune situation pour l'instant\u00a0: racontez-en une dans la conversation, l'assistant la range ici."
            )
            advice.update("")
            text.update("")
            self._show_tasks(None)
            self._show_comments(None)
            return
        situation = self.session.dossier.situation(situation_id)
        items = self.advice.get(situation_id) or check_situation(situation)
        context.update(context_content(situation))
        self._show_tasks(situation)
        self._show_comments(situation)
        advice.update(advice_content(items))
        text.update(highlighted_narrative(situation.narrative, items))
        self.query_one("#situation-detail", VerticalScroll).scroll_home(animate=False)

    def _show_tasks(self, situation: Situation | None) -> None:
        """Each recognised task with its best sentence and its decision (buttons, or the decision and « Annuler »):
        a situation added outside the conversation (``dossier add``, ``import-docx``) is decided on here."""
        box = self.query_one("#situation-tasks", Vertical)
        box.remove_children()
        if situation is None:
            return
        titles = {task.id: task.title for task in self.session.referential.tasks}
        items = recognised_in(situation, titles)
        widgets: list[Widget] = []
        for item in items:
            row = RecognisedRow(item, undo=True)
            row.disabled = self.session.read_only
            widgets.append(row)
            if item.sentence:
                # its words, as the review screen and « dossier add » show them: a sentence the learned weights
                # chose (« Le lundi matin, je tiens la permanence… » for the orientation) is checked by them
                words = f" — mots\u00a0: {', '.join(item.words)}" if item.words else ""
                proof = f"«\u00a0{item.sentence.strip()}\u00a0»{words}"
                widgets.append(Static(proof, markup=False, classes="task-sentence"))
        offer = unrecognised_offer(situation, situation.for_task, titles)
        if offer is not None:  # told for a task it does not show: the candidate may know better
            row = RecognisedRow(offer, undo=True)
            row.disabled = self.session.read_only
            note = "Pas reconnue dans ce récit\u00a0: confirmez-la si elle y est."
            widgets += [row, Static(note, classes="task-sentence")]
        if not items:
            empty = (
                "Pas encore analysé\u00a0: le repérage des compétences n'est pas disponible."
                if situation.match is None
                else "Aucune tâche reconnue\u00a0: racontez ce que vous avez fait vous-même, concrètement."
            )
            widgets.append(Static(empty, classes="task-sentence"))
        mounted = box.mount_all(widgets)
        if self.focus_task is not None:
            self.call_later(self._focus_row, mounted, self.focus_task)
            self.focus_task = None

    def _show_comments(self, situation: Situation | None) -> None:
        comments = [c for c in self.session.dossier.comments if situation and c.situation_id == situation.id]
        self.query_one("#situation-comments-title", Static).display = bool(comments)
        shown = self.query_one("#situation-comments", Static)
        shown.display = bool(comments)
        shown.update("\n".join(f"• {comment_line(c, with_target=True, situation=False)}" for c in comments))

    @on(Button.Pressed, "#situation-tasks Button")
    def _decide(self, event: Button.Pressed) -> None:
        button = event.button
        if not isinstance(button, DecisionButton) or self.session.read_only:
            return
        event.stop()
        item, decision = button.item, button.decision
        change = lambda: ops.set_decision(  # noqa: E731
            self.session.dossier,
            item.situation_id,
            item.task_id,
            decision,  # type: ignore[arg-type]
            referential=self.session.referential,
            match=self.session.match,
        )
        try:
            save_error = self.session.apply(change)
        except VaeError as exc:
            self.notify(str(exc), severity="error", title="Décision non enregistrée")
            return
        if save_error:
            self.notify(save_error, severity="error", title="Enregistrement impossible", timeout=12)
        said = "plus de décision" if decision is None else decision_label(decision)
        overall = percent(self.session.coverage().ratio)
        self.notify(
            f"Tâche {item.task_id} ({item.situation_id})\u00a0: {said}. Couverture d'ensemble\u00a0: {overall}."
        )
        self.focus_task = item.task_id
        self._fill(item.situation_id)

    async def _focus_row(self, mounted: AwaitMount, task_id: str) -> None:
        """Keyboard users stay on the task they just decided (its new button: « Annuler » or « Confirmer »)."""
        await mounted
        for row in self.query(RecognisedRow):
            if row.item.task_id == task_id:
                buttons = row.query(Button)
                if buttons:
                    buttons.first().focus()
                return

    # -- changes ----------------------------------------------------------------------------------------------------

    @on(Button.Pressed, "#situation-edit")
    def action_edit(self) -> None:
        situation = self.selected
        if situation is None or self.session.read_only:
            return
        values: dict[str, Any] = {"title": situation.title}
        values |= {name: getattr(situation.context, name) for name, _, _ in CONTEXT_FIELDS}
        situation_id = situation.id

        def apply(typed: dict[str, Any]) -> None:
            context = {name: typed.get(name) for name, _, _ in CONTEXT_FIELDS}
            change = lambda: ops.edit_situation(  # noqa: E731
                self.session.dossier, situation_id, title=typed["title"], context=context
            )
            save_error = self.session.apply(change)
            if save_error:
                self.notify(save_error, severity="error", title="Enregistrement impossible", timeout=12)

        form = ItemForm(f"Situation {situation_id}\u00a0: titre et contexte", FORM_FIELDS, values, apply)
        self.app.push_screen(form, lambda done: self._fill(situation_id) if done else None)

    @on(Button.Pressed, "#situation-narrative")
    def action_edit_narrative(self) -> None:
        """The narrative in a text area: a typo, a sentence to take back, an answer sent by mistake."""
        situation = self.selected
        if situation is None or self.session.read_only:
            return
        situation_id = situation.id

        def apply(typed: dict[str, Any]) -> None:
            change = lambda: ops.edit_situation(  # noqa: E731
                self.session.dossier,
                situation_id,
                narrative=typed["narrative"],
                match=self.session.match,
                referential=self.session.referential,
            )
            save_error = self.session.apply(change)
            if save_error:
                self.notify(save_error, severity="error", title="Enregistrement impossible", timeout=12)
            else:
                said = (
                    f"Récit de la situation {situation_id} enregistré\u00a0; "
                    "ses compétences ont été repérées à nouveau."
                )
                self.notify(said)

        to_rewrite = [
            span.start
            for item in self.advice.get(situation_id) or check_situation(situation)
            if item.rule == "phrases"
            for span in item.spans
        ]
        form = NarrativeForm(
            f"Situation {situation_id}\u00a0: récit",
            NARRATIVE_FIELDS,
            {"narrative": situation.narrative},
            apply,
            start=min(to_rewrite, default=None),
        )
        self.app.push_screen(form, lambda done: self._fill(situation_id) if done else None)

    @on(Button.Pressed, "#situation-delete")
    def action_delete(self) -> None:
        situation = self.selected
        if situation is None or self.session.read_only:
            return
        situation_id = situation.id
        comments = len(self.session.dossier.comments_on(situation_id=situation_id))
        said = "le commentaire" if comments == 1 else f"les {comments} commentaires"
        also = f" et {said} de l'accompagnateur sur elle" if comments else ""
        message = (
            f"Supprimer la situation {situation_id} «\u00a0{situation.title}\u00a0»{also}\u00a0? "
            "Son récit ne comptera plus pour "
            "la couverture ni dans le livret\u00a0; la conversation garde vos messages."
        )

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                save_error = self.session.apply(lambda: ops.delete_situation(self.session.dossier, situation_id))
            except VaeError as exc:
                self.notify(str(exc), severity="error", title="Suppression impossible")
                return
            if save_error:
                self.notify(save_error, severity="error", title="Enregistrement impossible", timeout=12)
            self.deleted.add(situation_id)
            self.notify(
                f"Situation {situation_id} supprimée. Pour revenir en arrière\u00a0: fermez l'assistant, puis "
                f"«\u00a0vae-assistant dossier restore {restore_name(self.session.path)} --list\u00a0» "
                "(la version d'avant la suppression y est).",
                timeout=20,
            )
            self._fill()

        self.app.push_screen(confirm_dialog("Supprimer une situation", message, "Supprimer", danger=True), confirmed)

    def action_close(self) -> None:
        self.dismiss(self.deleted)
