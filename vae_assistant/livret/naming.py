"""Where a livret goes by default, and what the candidate must hear before it leaves their computer.

Both shells export the livret (``vae-assistant export`` and the assistant's export dialog): they must propose the
same file name and give the same warnings, so both live here rather than in either shell.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

from vae_assistant.dossier.model import Dossier
from vae_assistant.paths import user_dossier_dir

MAX_FINDINGS_LISTED = 4
"""Per situation: enough to show where to look, short enough to read in a terminal or a dialog."""


def default_folder(dossier_file: Path) -> Path:
    """Where a livret goes without being told: beside the dossier, unless the dossier lives in the assistant's own
    data folder (hidden, ``~/.local/share/…``), where a candidate would never find it in a file manager; then in
    their Documents folder, or their home folder when there is none."""
    try:
        inside = dossier_file.resolve().parent.is_relative_to(user_dossier_dir().resolve())
    except OSError:
        inside = False
    if not inside:
        return dossier_file.parent
    documents = platformdirs.user_documents_path()
    return documents if documents.is_dir() else Path.home()


def default_output(dossier_file: Path, dossier: Dossier, version: str) -> Path:
    """``livret2-marie-dupont.docx`` (``-accompagnateur`` for the counsellor's copy), in :func:`default_folder`.

    The name uses only letters, digits and dashes, so that it survives any file system and any e-mail client.
    """
    name = (
        "-".join(part for part in (dossier.candidate.prenom, dossier.candidate.nom) if part).lower().replace(" ", "-")
    )
    safe = "".join(ch for ch in name if ch.isalnum() or ch == "-") or "candidat"
    suffix = "" if version == "jury" else "-accompagnateur"
    return default_folder(dossier_file) / f"livret2-{safe}{suffix}.docx"


@dataclass(frozen=True)
class AnonymisationWarning:
    """Personal data left in one situation's narrative: the jury must not be able to recognise anyone."""

    situation_id: str
    title: str
    findings: tuple[str, ...]
    """« nom de personne « Madame Dupont » », at most MAX_FINDINGS_LISTED of them."""
    more: int = 0

    def line(self) -> str:
        """One French line: « s2 « Accueil » : nom de personne « Madame Dupont », … et 2 autre(s) »."""
        more = f" et {self.more} autre(s)" if self.more else ""
        return f"{self.situation_id} « {self.title} » : {', '.join(self.findings)}{more}"


def anonymisation_warnings(dossier: Dossier) -> list[AnonymisationWarning]:
    """The writing coach's personal-data findings, per situation; nothing when the coach is not installed."""
    try:
        from vae_assistant.coach.personal import find_personal_data
    except ImportError:
        return []
    warnings = []
    for situation in dossier.situations:
        findings = find_personal_data(situation.narrative)
        if findings:
            listed = tuple(f"{f.label} « {f.excerpt} »" for f in findings[:MAX_FINDINGS_LISTED])
            more = max(0, len(findings) - MAX_FINDINGS_LISTED)
            warnings.append(AnonymisationWarning(situation.id, situation.title, listed, more))
    return warnings


def undecided_tasks(dossier: Dossier) -> int:
    """How many (situation, task) pairs the livret shows that the matcher proposed and the candidate neither
    confirmed nor rejected: the jury reads « cette situation montre aussi : tâches … » for each of them, and the
    matcher is wrong about three in ten."""
    return sum(
        1
        for situation in dossier.situations
        if situation.narrative.strip()
        for task_id in situation.counted_tasks
        if situation.decision(task_id) is None
    )


def undecided_line(count: int, where: str) -> str:
    """« 14 tâches repérées attendent votre avis (Situations, F8). », or nothing when there are none; one line in
    the export dialog at 80×24."""
    if not count:
        return ""
    if count == 1:
        return f"1 tâche repérée attend votre avis ({where})."
    return f"{count} tâches repérées attendent votre avis ({where})."


def fragment_situations(dossier: Dossier) -> dict[str, int]:
    """Per situation, how many of its paragraphs begin as the answer to a question the livret does not print
    (the coach's « Phrases complètes », see :mod:`vae_assistant.coach.paragraphs`); nothing when the coach is not
    installed. The livret prints each narrative word for word: only the candidate can rewrite them."""
    try:
        from vae_assistant.coach.paragraphs import fragments
    except ImportError:
        return {}
    found = {situation.id: len(fragments(situation.narrative)) for situation in dossier.situations}
    return {situation_id: count for situation_id, count in found.items() if count}


def fragment_line(found: dict[str, int], where: str) -> str:
    """« 2 paragraphes ne se lisent pas seuls (s2, s3 ; Situations, F8). », or nothing; one line in the export
    dialog at 80×24."""
    count = sum(found.values())
    if not count:
        return ""
    ids = ", ".join(found)
    if count == 1:
        return f"1 paragraphe ne se lit pas seul ({ids} ; {where})."
    return f"{count} paragraphes ne se lisent pas seuls ({ids} ; {where})."
