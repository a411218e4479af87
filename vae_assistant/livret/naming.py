"""Where a livret goes by default, and what the candidate must hear before it leaves their computer.

Both shells export the livret (``vae-assistant export`` and the assistant's export dialog): they must propose the
same file name and give the same warnings, so both live here rather than in either shell.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vae_assistant.dossier.model import Dossier

MAX_FINDINGS_LISTED = 4
"""Per situation: enough to show where to look, short enough to read in a terminal or a dialog."""


def default_output(dossier_file: Path, dossier: Dossier, version: str) -> Path:
    """``livret2-marie-dupont.docx`` (``-accompagnateur`` for the counsellor's copy), beside the dossier file.

    The name uses only letters, digits and dashes, so that it survives any file system and any e-mail client.
    """
    name = (
        "-".join(part for part in (dossier.candidate.prenom, dossier.candidate.nom) if part).lower().replace(" ", "-")
    )
    safe = "".join(ch for ch in name if ch.isalnum() or ch == "-") or "candidat"
    suffix = "" if version == "jury" else "-accompagnateur"
    return dossier_file.parent / f"livret2-{safe}{suffix}.docx"


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
