"""Textual's drop-down list with its one English word said in French: the footer of an open list read « Échap
Dismiss menu » on the start screen and in the parcours form."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay


class FrenchSelectOverlay(SelectOverlay):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Fermer la liste")]


class FrenchSelect(Select):
    """A Select whose open list is a :class:`FrenchSelectOverlay` (Select finds it by its base type)."""

    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)
        yield FrenchSelectOverlay(type_to_search=self._type_to_search).data_bind(compact=Select.compact)
