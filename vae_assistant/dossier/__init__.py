"""The candidate's dossier: model, core operations, storage with backups and locks, schema migrations."""

from vae_assistant.dossier.model import (
    SCHEMA_VERSION,
    Candidate,
    Certification,
    Comment,
    CompetencyEvidence,
    Contact,
    Dossier,
    Experience,
    MatchRecord,
    Message,
    Piece,
    Situation,
    SituationContext,
    StoredEvidence,
    TaskEvidence,
    Training,
)

__all__ = [
    "SCHEMA_VERSION",
    "Candidate",
    "Certification",
    "Comment",
    "CompetencyEvidence",
    "Contact",
    "Dossier",
    "Experience",
    "MatchRecord",
    "Message",
    "Piece",
    "Situation",
    "SituationContext",
    "StoredEvidence",
    "TaskEvidence",
    "Training",
]
