"""The counsellor's review: the evidence behind each task, bloc totals, and the Markdown fiche de suivi (pure)."""

from vae_assistant.review.evidence import (
    STATUS_SYMBOLS,
    BlocTotals,
    EvidenceLine,
    SituationEvidence,
    bloc_totals,
    percent,
    score_text,
    task_comments,
    task_evidence,
)
from vae_assistant.review.fiche import group_name, render_fiche

__all__ = [
    "STATUS_SYMBOLS",
    "BlocTotals",
    "EvidenceLine",
    "SituationEvidence",
    "bloc_totals",
    "group_name",
    "percent",
    "render_fiche",
    "score_text",
    "task_comments",
    "task_evidence",
]
