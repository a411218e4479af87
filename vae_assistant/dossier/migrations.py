"""Opening dossiers written by older versions: one step function per schema version, on raw JSON data.

A candidate's dossier lives for months and outlives program versions. When the model changes, bump
``SCHEMA_VERSION`` in :mod:`vae_assistant.dossier.model` and register here a function that turns the raw dict of
version N into version N+1 — on plain data, never through the models, which only know the current version. Loading
applies the steps in order; the migrated dossier is written only when the user saves, and the original file is
first kept in the backups folder (see :mod:`vae_assistant.dossier.storage`).

Versions:

* **1** — ``candidate.contact`` was one free-text string; a situation had one ``counsellor_note`` string; there
  were no ``comments``.
* **2** — ``contact`` is structured (email, phone, address); counsellor notes are comments with an author, a
  status and timestamps, on a task, a situation or both.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from vae_assistant.dossier.model import SCHEMA_VERSION

Raw = dict[str, Any]
Step = Callable[[Raw], Raw]

STEPS: dict[int, Step] = {}
"""``STEPS[n]`` turns a version-n dict into a version n+1 dict."""


class MigrationError(ValueError):
    """Raw data of an old version that the step cannot make sense of (message in French)."""


def step(from_version: int) -> Callable[[Step], Step]:
    def register(function: Step) -> Step:
        if from_version in STEPS:
            raise RuntimeError(f"two migrations from version {from_version}")
        STEPS[from_version] = function
        return function

    return register


def migrate(raw: Raw) -> tuple[Raw, int]:
    """Bring raw dossier data to the current version; return it with the version it had."""
    original = raw.get("schema_version")
    if not isinstance(original, int) or isinstance(original, bool) or original < 1:
        raise MigrationError("numéro de format absent ou invalide")
    version = original
    while version < SCHEMA_VERSION:
        if version not in STEPS:
            raise MigrationError(f"aucune conversion connue depuis le format {version}")
        try:
            raw = STEPS[version](raw)
        except (KeyError, TypeError, AttributeError) as exc:
            raise MigrationError(f"contenu au format {version} inattendu ({exc!r})") from None
        version += 1
        raw["schema_version"] = version
    return raw, original


# -- v1 → v2 -----------------------------------------------------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}")
_SEPARATORS = re.compile(r"^[\s,;:/|–—-]+|[\s,;:/|–—-]+$")


def split_contact(text: str | None) -> dict[str, str | None]:
    """Find an email address and a French phone number in a free-text contact; the rest is the postal address."""
    if not text or not text.strip():
        return {"email": None, "phone": None, "address": None}
    email = _EMAIL.search(text)
    phone = _PHONE.search(text)
    rest = text
    for found in (email, phone):
        if found:
            rest = rest.replace(found.group(0), "\n")
    lines = [_SEPARATORS.sub("", line) for line in rest.splitlines()]
    address = "\n".join(line for line in lines if line)
    return {
        "email": email.group(0) if email else None,
        "phone": phone.group(0) if phone else None,
        "address": address or None,
    }


@step(1)
def _structured_contact_and_comments(raw: Raw) -> Raw:
    candidate = raw["candidate"]
    contact = candidate.get("contact")
    if contact is None or isinstance(contact, str):
        candidate["contact"] = split_contact(contact)
    counters = raw.setdefault("id_counters", {})
    comments = []
    for situation in raw.get("situations", []):
        note = situation.pop("counsellor_note", None)
        if not note or not str(note).strip():
            continue
        counters["c"] = counters.get("c", 0) + 1
        comment = {
            "id": f"c{counters['c']}",
            "author": "Accompagnateur",
            "text": str(note),
            "status": None,
            "situation_id": situation["id"],
            "task_id": None,
        }
        stamp = situation.get("updated_at") or raw.get("updated_at")
        if stamp:
            comment["created_at"] = comment["updated_at"] = stamp
        comments.append(comment)
    raw["comments"] = comments
    return raw
