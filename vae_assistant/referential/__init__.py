"""Referentials: pydantic models, the file loader and the registry of known referentials."""

from vae_assistant.referential.loader import load_referential, parse_referential
from vae_assistant.referential.model import (
    Activity,
    Bloc,
    Competency,
    Referential,
    Registration,
    Source,
    Task,
)
from vae_assistant.referential.registry import DEFAULT_REFERENTIAL, available, load_cached, resolve

__all__ = [
    "DEFAULT_REFERENTIAL",
    "Activity",
    "Bloc",
    "Competency",
    "Referential",
    "Registration",
    "Source",
    "Task",
    "available",
    "load_cached",
    "load_referential",
    "parse_referential",
    "resolve",
]
