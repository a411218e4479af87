"""Coverage: which competencies, tasks and blocs a dossier proves, with the proof, and the gaps in order."""

from vae_assistant.coverage.compute import COVERED_SHARE, compute_coverage
from vae_assistant.coverage.model import (
    STATUS_LABELS,
    WEIGHT_NOTE,
    BlocCoverage,
    CompetencyCoverage,
    Coverage,
    Gap,
    Proof,
    Status,
    TaskCoverage,
)

__all__ = [
    "COVERED_SHARE",
    "STATUS_LABELS",
    "WEIGHT_NOTE",
    "BlocCoverage",
    "CompetencyCoverage",
    "Coverage",
    "Gap",
    "Proof",
    "Status",
    "TaskCoverage",
    "compute_coverage",
]
