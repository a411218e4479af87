"""French labels of the dossier's enumerations, in one place so that no shell invents its own wording."""

from __future__ import annotations

REVIEW_STATUS_LABELS: dict[str, str] = {
    "a_retravailler": "À retravailler",
    "a_completer": "À compléter",
    "valide": "Validé",
}
"""Counsellor review statuses (``Comment.status``)."""

STATUS_LABELS = REVIEW_STATUS_LABELS

EXPERIENCE_KIND_LABELS: dict[str, str] = {
    "job": "Emploi",
    "volunteering": "Bénévolat",
    "internship": "Stage",
    "other": "Autre expérience",
}

WORKING_TIME_LABELS: dict[str, str] = {
    "full_time": "Temps plein",
    "part_time": "Temps partiel",
}

ROLE_LABELS: dict[str, str] = {
    "assistant": "Assistant",
    "candidate": "Candidat",
}

DECISION_LABELS: dict[str, str] = {
    "confirmed": "confirmée par le candidat",
    "rejected": "écartée par le candidat",
}

CONTEXT_LABELS: dict[str, str] = {
    "structure": "Structure",
    "public": "Public",
    "period": "Période",
    "role": "Votre rôle",
}
"""Labels of a situation's context fields (``SituationContext``), in display order."""

FIELD_LABELS: dict[str, str] = {
    **CONTEXT_LABELS,
    "kind": "Type",
    "employer": "Employeur",
    "position": "Poste",
    "start": "Début",
    "end": "Fin",
    "ongoing": "En cours",
    "working_time": "Temps de travail",
    "part_time_percent": "Quotité du temps partiel (%)",
    "sector": "Secteur",
    "description": "Description",
    "title": "Intitulé",
    "organisation": "Organisme",
    "diploma_obtained": "Diplôme obtenu",
}
"""Labels of the fields the candidate fills (parcours, pièces, context), for messages about what they typed."""


def working_time_label(working_time: str | None, percent: int | None) -> str:
    """« Temps partiel (80 %) », « Temps plein » or an empty string."""
    if working_time is None:
        return ""
    label = WORKING_TIME_LABELS[working_time]
    return f"{label} ({percent}\u00a0%)" if working_time == "part_time" and percent else label
