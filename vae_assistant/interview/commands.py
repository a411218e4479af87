"""Slash commands typed in the conversation input (``/aide``, ``/aller 3.3``…), for people who prefer typing.

Parsing is separate from the engine so that a shell can show what a command will do (or list them in its help)
without running it. Names are French, accents and case optional (``/précédent`` = ``/precedent`` = ``/PRECEDENT``);
the canonical :attr:`Command.name` is an English identifier the engine dispatches on.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

COMMANDS: dict[str, tuple[str, str, str]] = {
    # canonical name: (what the candidate types, argument, French description for the help screen)
    "help": ("/aide", "", "affiche l'aide"),
    "next": ("/suivant", "", "passe à la tâche suivante"),
    "previous": ("/precedent", "", "revient à la tâche précédente"),
    "goto": ("/aller", "TÂCHE", "va à une tâche, par exemple /aller 3.3"),
    "skip": ("/passer", "", "passe la question en cours"),
    "coverage": ("/couverture", "", "montre ce qui est couvert et ce qui manque"),
    "export": ("/exporter", "", "produit le livret Word"),
    "confirm": ("/confirmer", "SITUATION TÂCHE", "confirme qu'une situation montre une tâche, ex. /confirmer s3 1.2"),
    "reject": ("/ecarter", "SITUATION TÂCHE", "écarte une tâche repérée à tort, ex. /ecarter s3 1.2"),
    "identity": ("/identite", "", "ouvre l'écran de vos coordonnées"),
    "parcours": ("/parcours", "", "ouvre l'écran de votre parcours"),
    "quit": ("/quitter", "", "enregistre et quitte"),
}
"""Every command, in the order the help lists them."""

_ALIASES: dict[str, str] = {
    "aide": "help",
    "help": "help",
    "?": "help",
    "suivant": "next",
    "suivante": "next",
    "precedent": "previous",
    "precedente": "previous",
    "aller": "goto",
    "tache": "goto",
    "passer": "skip",
    "couverture": "coverage",
    "exporter": "export",
    "export": "export",
    "livret": "export",
    "confirmer": "confirm",
    "valider": "confirm",
    "ecarter": "reject",
    "rejeter": "reject",
    "identite": "identity",
    "parcours": "parcours",
    "quitter": "quit",
}

UNKNOWN = "unknown"
"""Name of a command that starts with ``/`` but is not one we know (the shell keeps the text and says so)."""


@dataclass(frozen=True)
class Command:
    """A parsed slash command: ``name`` is a key of :data:`COMMANDS` or :data:`UNKNOWN`."""

    name: str
    argument: str = ""
    typed: str = ""

    @property
    def arguments(self) -> list[str]:
        return self.argument.split()


def fold_accents(word: str) -> str:
    """Lowercase without accents, so that ``/Précédent`` and ``/precedent`` are one command."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def parse_command(text: str) -> Command | None:
    """The command in ``text``, or None when the text is an answer (it does not start with ``/``).

    Only the first line counts as a command: a long paste that happens to start with a slash on a later line
    stays an answer.
    """
    stripped = text.strip()
    if not stripped.startswith("/") or stripped.startswith("//"):
        return None
    first_line = stripped.splitlines()[0]
    word, _, argument = first_line[1:].partition(" ")
    name = _ALIASES.get(fold_accents(word.strip()), UNKNOWN)
    return Command(name=name, argument=argument.strip(), typed=word.strip())


def help_lines() -> list[str]:
    """One Markdown line per command, for the help screen and the /aide reply."""
    lines = []
    for typed, argument, description in COMMANDS.values():
        usage = f"{typed} {argument}".strip()
        lines.append(f"- `{usage}`\u00a0: {description}")
    return lines


_TASK_WORD = re.compile(r"^\s*(?:(?:à|a)\s+)?(?:la\s+)?t[âa]che\s+", re.IGNORECASE)


def typed_task_id(text: str) -> str:
    """« 3,3 » (a French decimal comma) is task 3.3, and so are « tâche 3.3 » and « 3.3. » (a sentence's full
    stop): the interview and the command line read a task id so."""
    words = _TASK_WORD.sub("", text).split()
    if not words:
        return text.strip()
    return words[0].replace(",", ".").rstrip(".;:!?") or words[0]  # « ? » stays « ? » in the message


def typed_situation_id(text: str) -> str:
    """« S3 » is s3: situation ids are lower case (as are e1, f1, p1, which ``dossier remove`` reads so too)."""
    return text.strip().lower()


_BARE_GOTO = re.compile(r"^(?:aller|va)\s+(?:a\s+)?(?:la\s+)?(?:tache\s+)?(\d+[.,]\d+)[.!]?$")
_BARE_WORDS = ("aide", "suivant", "precedent", "passer", "couverture", "exporter", "quitter")


def bare_command(text: str) -> str | None:
    """The command a short message typed without its slash stands for (« aller a la tache 3.2 » → « /aller 3.2 »,
    « aide » → « /aide »), or None for an answer. Sent as an answer it became the activity's frame or a situation."""
    folded = " ".join(fold_accents(text).split()).rstrip(" .!")
    if "\n" in text.strip() or len(folded) > 40:
        return None
    goto = _BARE_GOTO.match(folded)
    if goto:
        return f"/aller {goto.group(1).replace(',', '.')}"
    return f"/{folded}" if folded in _BARE_WORDS else None


def close_command(typed: str) -> str | None:
    """The command a mistyped one was meant to be (« /aler » → « /aller »), as the candidate types it."""
    close = difflib.get_close_matches(fold_accents(typed), list(_ALIASES), n=1, cutoff=0.75)
    return COMMANDS[_ALIASES[close[0]]][0] if close else None
