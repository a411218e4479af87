"""The referential as other programs read it: the stable JSON of ``referential show --json``.

Other commands and tools build on this shape; keep it stable. Implicit units (a task standing for an activity
without tasks) are included, so that a reader always finds blocs → activities → tasks → competencies.
"""

from __future__ import annotations

import json
from typing import Any

from vae_assistant.referential.model import Referential


def referential_to_json(ref: Referential) -> dict[str, Any]:
    return {
        "id": ref.id,
        "title": ref.title,
        "rncp": ref.rncp.code,
        "registration": ref.rncp.model_dump(mode="json"),
        "certifier": ref.certifier,
        "level": ref.level,
        "fingerprint": ref.fingerprint,
        "blocs": [
            {"id": b.id, "title": b.title, "description": b.description, "evaluation": b.evaluation}
            for b in ref.blocs
        ],
        "activities": [
            {
                "id": activity.id,
                "title": activity.title,
                "bloc": activity.bloc,
                "tasks": [
                    {
                        "id": task.id,
                        "title": task.title,
                        "competencies": [
                            {"id": c.id, "text": c.text, "kind": c.kind} for c in task.competencies
                        ],
                        "evaluation": task.evaluation,
                        "criteria": task.criteria,
                    }
                    for task in activity.tasks
                ],
            }
            for activity in ref.activities
        ],
    }


def referential_json_text(ref: Referential) -> str:
    return json.dumps(referential_to_json(ref), ensure_ascii=False, indent=2)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of referential files, for editor completion (YAML language servers read it)."""
    schema = Referential.model_json_schema(mode="validation")
    for definition in [schema, *schema.get("$defs", {}).values()]:
        definition.get("properties", {}).pop("implicit", None)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Référentiel vae-assistant"
    return schema
