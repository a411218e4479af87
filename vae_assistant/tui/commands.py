"""The command palette, in French and forgiving about accents.

Candidates type « tache 3.3 » or « precedent » as often as « tâche 3.3 »: the search compares texts with their
accents removed, and shows the original title with the matched letters highlighted. Titles are shown as plain
text (a referential's task title may contain brackets, which Textual's own highlighter would read as markup).
"""

from __future__ import annotations

import unicodedata

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, Hit, Hits
from textual.content import Content
from textual.system_commands import SystemCommandsProvider
from textual.widgets.option_list import Option


def fold(text: str) -> str:
    """« Tâche » → « Tache », one character for one: offsets in the folded text are offsets in the original."""
    return "".join(unicodedata.normalize("NFD", ch)[0] for ch in text)


class FrenchCommands(SystemCommandsProvider):
    """The app's commands (``VaeApp.get_system_commands``), searched without regard to accents."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(fold(query))
        for name, help_text, callback, *_ in self.app.get_system_commands(self.screen):
            folded = fold(name)
            score = matcher.match(folded)
            if score <= 0:
                continue
            _, offsets = matcher.fuzzy_search.match(matcher.query, folded)
            shown = Content(name)
            for offset in offsets:
                if not name[offset].isspace():
                    shown = shown.stylize(matcher.match_style, offset, offset + 1)
            yield Hit(score, shown, callback, help=help_text)


class FrenchCommandPalette(CommandPalette):
    """Textual's palette with its one English sentence translated."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                message = Align.center(Text("Aucune commande ne correspond", style="not bold"))
                self.query_one(CommandList).add_option(Option(message, disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
