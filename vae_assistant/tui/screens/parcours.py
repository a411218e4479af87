"""The candidate's identity and parcours: contact details, experiences, trainings and pièces justificatives.

Every change goes through :mod:`vae_assistant.dossier.operations` (which validates it and says what is wrong in
French) and is saved at once. A form stays open, with the candidate's input, until what they typed is accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Footer,
    Header,
    Input,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)

from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.dates import format_partial_date, parse_partial_date
from vae_assistant.dossier.labels import EXPERIENCE_KIND_LABELS
from vae_assistant.errors import VaeError
from vae_assistant.tui.screens.dialogs import ChoiceDialog, confirm_dialog
from vae_assistant.tui.session import Session
from vae_assistant.tui.widgets.french_select import FrenchSelect
from vae_assistant.tui.widgets.toggles import Tick

DATE_HELP = "2015, 03/2015 ou mars 2015"
DATE_FIELDS = ("start", "end")
"""Read as the command line reads them (« mars 2015 », « 03/2015 »…), shown as the livret writes them."""


UNSAID = "non-precise"
"""The choice for « not said », which the dossier stores as None (a Select always has a value)."""
WORKING_TIME_CHOICES = (("Non précisé", UNSAID), ("Temps plein", "full_time"), ("Temps partiel", "part_time"))
DIPLOMA_CHOICES = (("Non précisé, ou sans diplôme", UNSAID), ("Obtenu", "obtenu"), ("Non obtenu", "non-obtenu"))
CHOICE_VALUES: dict[str, dict[str, Any]] = {
    "working_time": {UNSAID: None, "full_time": "full_time", "part_time": "part_time"},
    "diploma_obtained": {UNSAID: None, "obtenu": True, "non-obtenu": False},
}
"""What each choice stores; the command line's --temps-partiel, --diplome-obtenu… give the same values."""


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: str = "line"  # "line", "text", "choice", "bool"
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    placeholder: str = ""


@dataclass(frozen=True)
class Collection:
    """A list of the parcours: where it lives in the dossier, how it is added, its form and its table columns."""

    attribute: str
    title: str
    singular: str
    add: Callable[..., Any]
    fields: tuple[FieldSpec, ...]
    columns: tuple[tuple[str, str], ...] = field(default=())


EXPERIENCES = Collection(
    "experiences",
    "Expériences",
    "une expérience",
    ops.add_experience,
    (
        FieldSpec("employer", "Employeur ou association", required=True),
        FieldSpec("position", "Poste ou fonction", required=True),
        FieldSpec("kind", "Nature", "choice", choices=tuple((v, k) for k, v in EXPERIENCE_KIND_LABELS.items())),
        FieldSpec("start", "Début", placeholder=DATE_HELP),
        FieldSpec("end", "Fin", placeholder=DATE_HELP),
        FieldSpec("ongoing", "En cours", "bool"),
        FieldSpec("working_time", "Temps de travail", "choice", choices=WORKING_TIME_CHOICES),
        FieldSpec("part_time_percent", "Quotité du temps partiel (%)", placeholder="80"),
        FieldSpec("sector", "Secteur"),
        FieldSpec("description", "Missions principales", "text"),
    ),
    (("position", "Poste"), ("employer", "Employeur"), ("start", "Début"), ("end", "Fin")),
)
TRAININGS = Collection(
    "trainings",
    "Formations",
    "une formation",
    ops.add_training,
    (
        FieldSpec("title", "Intitulé", required=True),
        FieldSpec("organisation", "Organisme"),
        FieldSpec("start", "Début", placeholder=DATE_HELP),
        FieldSpec("end", "Fin (ou année)", placeholder=DATE_HELP),
        FieldSpec("diploma_obtained", "Diplôme", "choice", choices=DIPLOMA_CHOICES),
    ),
    (("title", "Intitulé"), ("organisation", "Organisme"), ("end", "Année")),
)
PIECES = Collection(
    "pieces",
    "Pièces",
    "une pièce justificative",
    ops.add_piece,
    (FieldSpec("title", "Intitulé", required=True), FieldSpec("description", "Description", "text")),
    (("title", "Intitulé"), ("description", "Description")),
)
COLLECTIONS = (EXPERIENCES, TRAININGS, PIECES)


class ItemForm(ModalScreen[bool]):
    """Add or edit one item; ``apply(values)`` raises VaeError with the French reason to show under the form."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Annuler"),
        Binding("ctrl+s", "save", "Enregistrer"),
    ]

    def __init__(self, title: str, fields: tuple[FieldSpec, ...], values: dict[str, Any], apply) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.values = values
        self.apply = apply
        self.initial: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(self.form_title, classes="dialog-title", markup=False)
            with VerticalScroll(classes="form-fields"):
                for spec in self.fields:
                    yield from self._field(spec)
            yield Static("", id="form-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Enregistrer", id="save", variant="primary")
                yield Button("Annuler", id="cancel")
            yield Static("Ctrl+S\u00a0: enregistrer · Échap\u00a0: annuler", classes="dialog-hint")

    def on_mount(self) -> None:
        # The first field, not the first focusable widget: at 80×24 the fields scroll, and their scroll area
        # would take the focus (what the candidate typed went nowhere).
        if self.fields:
            self.query_one(f"#f-{self.fields[0].name}").focus()
        self.initial = self.collect()

    def action_cancel(self) -> None:
        self.confirm_leave()

    def confirm_leave(self, then: Callable[[], None] | None = None) -> None:
        """Close (Escape, or quitting the app), then run ``then``; what was typed is saved or dropped as the
        candidate chooses (Escape again: back to it)."""

        def leave(result: bool) -> None:
            self.dismiss(result)
            if then is not None:
                self.app.call_after_refresh(then)

        if self.collect() == self.initial:
            leave(False)
            return

        def chosen(choice: str | None) -> None:
            if choice == "save":
                if self.action_save(dismiss=False):
                    leave(True)
            elif choice == "drop":
                leave(False)

        dialog = ChoiceDialog(
            "Modifications non enregistrées",
            "Ce que vous avez tapé dans ce formulaire n'est pas encore enregistré.",
            [("Enregistrer", "save", "primary"), ("Ne pas enregistrer", "drop", "error"), ("Revenir", None, "default")],
        )
        self.app.push_screen(dialog, chosen)

    def _field(self, spec: FieldSpec) -> ComposeResult:
        value = self.values.get(spec.name)
        if spec.kind == "bool":
            yield Tick(spec.label, bool(value), id=f"f-{spec.name}")
            return
        yield Label(spec.label + (" *" if spec.required else ""), classes="field-label")
        if spec.kind == "text":
            yield TextArea(value or "", id=f"f-{spec.name}", classes="field-text", soft_wrap=True)
        elif spec.kind == "choice":
            default = value or spec.choices[0][1]
            yield FrenchSelect(list(spec.choices), value=default, allow_blank=False, id=f"f-{spec.name}")
        else:
            yield Input(value or "", placeholder=spec.placeholder, id=f"f-{spec.name}")

    def collect(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for spec in self.fields:
            widget = self.query_one(f"#f-{spec.name}")
            if isinstance(widget, Checkbox):
                out[spec.name] = widget.value
            elif isinstance(widget, TextArea):
                out[spec.name] = widget.text if widget.text.strip() else None
            elif isinstance(widget, Select):
                out[spec.name] = widget.value
            elif isinstance(widget, Input):
                out[spec.name] = widget.value.strip() or None
        return out

    @on(Button.Pressed, "#save")
    def action_save(self, dismiss: bool = True) -> bool:
        """Apply the form; False (and the French reason under it) when refused, the form staying open."""
        values = self.collect()
        missing = [s.label for s in self.fields if s.required and not values.get(s.name)]
        error = self.query_one("#form-error", Static)
        if missing:
            error.update("À remplir\u00a0: " + ", ".join(missing) + ".")
            error.display = True
            return False
        try:
            self.apply(values)
        except VaeError as exc:
            error.update(str(exc))
            error.display = True
            return False
        if dismiss:
            self.dismiss(True)
        return True

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(False)


def _read_dates(values: dict[str, Any]) -> dict[str, Any]:
    """The date fields as stored (``2015-03``), from what the candidate typed; InputError says what to type."""
    return {k: parse_partial_date(v) if k in DATE_FIELDS and v else v for k, v in values.items()}


def _shown_dates(values: dict[str, Any]) -> dict[str, Any]:
    return {k: format_partial_date(v) if k in DATE_FIELDS and v else v for k, v in values.items()}


def _to_item(typed: dict[str, Any]) -> dict[str, Any]:
    """A form's values as the dossier stores them: dates read, choices mapped, « 80 % » a quotité of 80 (which
    makes the job part-time when the candidate did not say so)."""
    values = _read_dates(typed)
    for name, stored in CHOICE_VALUES.items():
        if name in values:
            values[name] = stored.get(values[name])
    percent = values.get("part_time_percent")
    if percent is not None:
        values["part_time_percent"] = str(percent).replace("%", "").strip()
        if values.get("working_time") is None:
            values["working_time"] = "part_time"
    return values


def _to_form(item: dict[str, Any]) -> dict[str, Any]:
    values = _shown_dates(item)
    for name, stored in CHOICE_VALUES.items():
        if name in values:
            values[name] = next(choice for choice, value in stored.items() if value == values[name])
    if values.get("part_time_percent") is not None:
        values["part_time_percent"] = str(values["part_time_percent"])
    return values


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:59] + "…"


class ParcoursScreen(Screen[None]):
    """Identity, experiences, trainings, pièces."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Retour"),
        Binding("a", "add", "Ajouter"),
        Binding("e", "edit", "Modifier"),
        Binding("delete,d", "delete", "Supprimer"),
    ]

    def __init__(self, session: Session, *, tab: str = "identity") -> None:
        super().__init__()
        self.session = session
        self.first_tab = f"tab-{tab}"

    def compose(self) -> ComposeResult:
        candidate = self.session.dossier.candidate
        # Read-only: nothing can be typed or added, since it could not be saved and would be lost on leaving.
        read_only = self.session.read_only
        yield Header(show_clock=False)
        with TabbedContent(id="parcours-tabs", initial=self.first_tab):
            with TabPane("Identité", id="tab-identity"), VerticalScroll(classes="identity"):
                for name, label, value in (
                    ("prenom", "Prénom", candidate.prenom),
                    ("nom", "Nom", candidate.nom),
                    ("email", "Courriel", candidate.contact.email),
                    ("phone", "Téléphone", candidate.contact.phone),
                ):
                    yield Label(label, classes="field-label")
                    yield Input(value or "", id=f"id-{name}", disabled=read_only)
                yield Label("Adresse", classes="field-label")
                yield TextArea(
                    candidate.contact.address or "", id="id-address", classes="field-text", read_only=read_only
                )
                yield Button("Enregistrer l'identité", id="save-identity", variant="primary", disabled=read_only)
            for collection in COLLECTIONS:
                with TabPane(collection.title, id=f"tab-{collection.attribute}"), Vertical():
                    yield DataTable(id=f"table-{collection.attribute}", cursor_type="row", zebra_stripes=True)
                    with Horizontal(classes="table-buttons"):
                        name = collection.attribute
                        yield Button("Ajouter", id=f"add-{name}", variant="primary", disabled=read_only)
                        yield Button("Modifier", id=f"edit-{name}", disabled=read_only)
                        yield Button("Supprimer", id=f"delete-{name}", variant="error", disabled=read_only)
        yield Footer()

    def on_mount(self) -> None:
        for collection in COLLECTIONS:
            table = self.query_one(f"#table-{collection.attribute}", DataTable)
            table.add_columns(*(label for _, label in collection.columns))
            self._fill(collection)

    def _fill(self, collection: Collection) -> None:
        table = self.query_one(f"#table-{collection.attribute}", DataTable)
        table.clear()
        for item in getattr(self.session.dossier, collection.attribute):
            shown = _shown_dates({name: getattr(item, name) for name, _ in collection.columns})
            table.add_row(*(_cell(value) for value in shown.values()), key=item.id)

    # -- which list is shown ----------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Ajouter, Modifier, Supprimer act on a list: not shown in the footer on the identity tab, where they did
        nothing, nor on a read-only dossier."""
        if action in ("add", "edit", "delete") and self.is_mounted:
            return self._current() is not None and not self.session.read_only
        return True

    @on(TabbedContent.TabActivated, "#parcours-tabs")
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    def _current(self) -> Collection | None:
        active = self.query_one("#parcours-tabs", TabbedContent).active
        return next((c for c in COLLECTIONS if active == f"tab-{c.attribute}"), None)

    def _selected_id(self, collection: Collection) -> str | None:
        table = self.query_one(f"#table-{collection.attribute}", DataTable)
        if table.row_count == 0:
            return None
        key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return key.value

    # -- changing the dossier ---------------------------------------------------------------------------------------

    def _change(self, change: Callable[[], Any]) -> None:
        """Apply a change under the session lock and save; VaeError propagates to the form that asked."""
        save_error = self.session.apply(change)
        if save_error:
            self.notify(save_error, severity="error", title="Enregistrement impossible", timeout=12)

    @on(Button.Pressed, "#save-identity")
    def _save_identity(self) -> bool:
        """Save the identity fields; False (and the French reason shown) when they are refused."""
        values = self._identity_fields()
        try:
            self._change(lambda: ops.edit_candidate(self.session.dossier, **values))
        except VaeError as exc:
            self.notify(str(exc), severity="error", title="Identité")
            return False
        self.notify("Identité enregistrée.")
        return True

    def _identity_fields(self) -> dict[str, str | None]:
        values: dict[str, str | None] = {
            name: self.query_one(f"#id-{name}", Input).value for name in ("prenom", "nom", "email", "phone")
        }
        values["address"] = self.query_one("#id-address", TextArea).text or None
        return values

    def _identity_changed(self) -> bool:
        candidate = self.session.dossier.candidate
        stored = {
            "prenom": candidate.prenom,
            "nom": candidate.nom,
            "email": candidate.contact.email,
            "phone": candidate.contact.phone,
            "address": candidate.contact.address,
        }
        typed = self._identity_fields()
        return any((typed[k] or "").strip() != (stored[k] or "").strip() for k in stored)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        action, _, attribute = (event.button.id or "").partition("-")
        if action in ("add", "edit", "delete") and attribute:
            event.stop()
            getattr(self, f"action_{action}")()

    def action_add(self) -> None:
        collection = self._current()
        if collection is None:
            return

        def apply(values: dict[str, Any]) -> None:
            fields = _without_empty(_to_item(values))
            self._change(lambda: collection.add(self.session.dossier, **fields))

        form = ItemForm(f"Ajouter {collection.singular}", collection.fields, {}, apply)
        self.app.push_screen(form, lambda done: self._fill(collection) if done else None)

    def action_edit(self) -> None:
        collection = self._current()
        item_id = self._selected_id(collection) if collection else None
        if collection is None or item_id is None:
            return
        item = next(i for i in getattr(self.session.dossier, collection.attribute) if i.id == item_id)
        values = _to_form({spec.name: getattr(item, spec.name) for spec in collection.fields})

        def apply(typed: dict[str, Any]) -> None:
            changes = _to_item(typed)
            self._change(lambda: ops.edit_item(self.session.dossier, item_id, **changes))

        form = ItemForm(f"Modifier {collection.singular}", collection.fields, values, apply)
        self.app.push_screen(form, lambda done: self._fill(collection) if done else None)

    def action_delete(self) -> None:
        collection = self._current()
        item_id = self._selected_id(collection) if collection else None
        if collection is None or item_id is None:
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self._change(lambda: ops.delete_item(self.session.dossier, item_id))
            except VaeError as exc:
                self.notify(str(exc), severity="error")
            self._fill(collection)

        question = f"Supprimer {collection.singular} ({item_id})\u00a0?"
        dialog = confirm_dialog("Supprimer", question, "Supprimer", danger=True)
        self.app.push_screen(dialog, confirmed)

    def action_close(self) -> None:
        self.confirm_leave()

    def confirm_leave(self, then: Callable[[], None] | None = None) -> None:
        """Leave (Escape, or quitting the app), then run ``then``; identity fields typed but not saved are saved
        first (never drop what the candidate typed); refused, the screen stays and says why."""
        if not self.session.read_only and self._identity_changed() and not self._save_identity():
            return
        self.dismiss(None)
        if then is not None:
            self.app.call_after_refresh(then)


def _without_empty(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}  # False says something: « diplôme non obtenu »
