"""From one ``<FICHE>`` of the RNCP export to a referential in our format.

A fiche has blocs of competencies but no activity or task table, so each bloc also becomes an activity whose
competencies are those the bloc lists. When a bloc numbers its competencies in two levels (``1.1`` then ``1.1.1``,
``1.1.2``), the first level is a task and the second its competencies: the fiche's own structure, kept. The result
is a starting point: ``notes`` tells the counsellor what was guessed and should be refined by hand.

Only the fiche's direct children are read: ``CORRESPONDANCES`` also holds ``BLOC_COMPETENCES`` elements, but they
are equivalence links to other certifications' blocs, not blocs of this one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from xml.etree import ElementTree as ET

from pydantic import ValidationError

from vae_assistant.errors import ReferentialError
from vae_assistant.referential.model import Referential
from vae_assistant.rncp.split import Item, clean, paragraphs, split_items
from vae_assistant.rncp.stream import normalise_code

_IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_EXPORT_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")

BLOCS_AS_ACTIVITIES_NOTE = (
    "Référentiel importé automatiquement de la fiche {code} (export open data de France compétences{when}). "
    "La fiche n'a pas de tableau d'activités ni de tâches : chaque bloc de compétences y sert aussi d'activité"
    "{tasks}, et ses compétences ont été découpées automatiquement dans la liste de la fiche. "
    "À affiner à la main avec le référentiel d'activités du certificateur (tâches, formulations)."
)


@dataclass
class Built:
    """The referential data built from a fiche and what the counsellor must be told about it."""

    data: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def _text(fiche: ET.Element, path: str) -> str:
    return clean(fiche.findtext(path))


def _line(fiche: ET.Element, path: str) -> str:
    return " ".join(_text(fiche, path).split())


def _yes(value: str) -> bool | None:
    value = value.strip().lower()
    return {"oui": True, "non": False}.get(value)


def _date(value: str) -> date | None:
    try:
        return datetime.strptime(value.strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


def _codes(fiche: ET.Element, path: str) -> list[str]:
    codes = [normalise_code(element.text) for element in fiche.findall(path)]
    return list(dict.fromkeys(code for code in codes if code))


def slug(title: str, code: str) -> str:
    """A readable id: the title's first words and the RNCP number (``developpeur-web-et-web-mobile-rncp37674``)."""
    folded = unicodedata.normalize("NFKD", re.sub(r"[’']", " ", title)).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", folded)
    head = ""
    for word in words:
        if len(head) + len(word) + 1 > 50:
            break
        head = f"{head}-{word}" if head else word
    tail = code.lower()
    return f"{head}-{tail}" if head else tail


def _bloc_id(code: str, fiche_code: str, index: int, taken: set[str]) -> str:
    short = code.upper().removeprefix(fiche_code.upper()).strip(" -_")
    short = re.sub(r"\s+", "-", short)
    candidate = short if _IDENTIFIER.match(short) else f"B{index}"
    if candidate in taken:
        candidate = f"B{index}"
    taken.add(candidate)
    return candidate


def _tasks(items: tuple[Item, ...], taken: set[str]) -> list[dict[str, Any]] | None:
    """Tasks when the items are numbered in two levels (``1.1`` then ``1.1.1``…); None otherwise."""
    codes = [item.numeric_code for item in items]
    if len(items) < 2 or any(code is None for code in codes):
        return None
    depths = [code.count(".") for code in codes]  # type: ignore[union-attr]
    top = min(depths)
    if depths[0] != top or not any(depth == top + 1 for depth in depths):
        return None
    tasks: list[dict[str, Any]] = []
    for item, code, depth in zip(items, codes, depths, strict=True):
        assert code is not None
        if depth == top:
            tasks.append({"id": code, "title": item.body, "competencies": []})
        elif depth == top + 1 and code.startswith(tasks[-1]["id"] + "."):
            task = tasks[-1]
            task["competencies"].append({"id": f"{task['id']}.c{len(task['competencies']) + 1}", "text": item.text})
        else:
            return None
    if any(task["id"] in taken for task in tasks):
        return None
    taken.update(task["id"] for task in tasks)
    for task in tasks:
        if not task["competencies"]:
            del task["competencies"]
    return tasks


def _bloc_and_activity(
    element: ET.Element, fiche_code: str, index: int, bloc_ids: set[str], task_ids: set[str], warnings: list[str]
) -> tuple[dict[str, Any], dict[str, Any], bool]:
    code = _line(element, "CODE")
    bloc_id = _bloc_id(code, fiche_code, index, bloc_ids)
    title = _line(element, "LIBELLE") or code or f"Bloc {index}"
    split = split_items(element.findtext("LISTE_COMPETENCES"))
    bloc: dict[str, Any] = {"id": bloc_id, "title": title}
    if code:
        bloc["label"] = code
    if split.lead:
        bloc["description"] = split.lead
    evaluation = paragraphs(element.findtext("MODALITES_EVALUATION"))
    if evaluation:
        bloc["evaluation"] = evaluation
    activity: dict[str, Any] = {"id": bloc_id, "title": title, "bloc": bloc_id}
    if split.lead:
        activity["description"] = split.lead
    tasks = _tasks(split.items, task_ids)
    if tasks:
        activity["tasks"] = tasks
    elif split.items:
        activity["competencies"] = [
            {"id": f"{bloc_id}.c{n}", "text": item.text} for n, item in enumerate(split.items, start=1)
        ]
    else:
        warnings.append(f"Le bloc {code or bloc_id} ne liste aucune compétence : son intitulé en tient lieu.")
    return bloc, activity, tasks is not None


def _status_warnings(code: str, registration: dict[str, Any], state: str) -> list[str]:
    warnings = []
    if registration.get("active") is False:
        end = registration.get("end_date")
        since = f" (enregistrement terminé le {end:%d/%m/%Y})" if isinstance(end, date) else ""
        successor = registration.get("current")
        then = (
            f"Elle est remplacée par {successor} : importez plutôt cette fiche-là."
            if successor
            else "La fiche n'indique pas de certification qui la remplace."
        )
        warnings.append(
            f"La fiche {code} n'est plus active{since} : un candidat ne devrait pas commencer sur ce titre. {then}"
        )
    if registration.get("vae") is False:
        warnings.append(f"La fiche {code} indique que cette certification n'est pas accessible par la VAE.")
    if state and state.lower() != "publiée":
        warnings.append(f"La fiche {code} est dans l'état « {state} », pas « Publiée ».")
    return warnings


def build_referential_data(fiche: ET.Element, export_name: str | None = None) -> Built:
    """The referential (as file data) described by one ``<FICHE>`` element."""
    code = normalise_code(fiche.findtext("NUMERO_FICHE"))
    if code is None:
        raise ReferentialError("Fiche RNCP inutilisable : elle n'a pas de numéro (NUMERO_FICHE).")
    title = _line(fiche, "INTITULE")
    if not title:
        raise ReferentialError(f"Fiche {code} inutilisable : elle n'a pas d'intitulé (INTITULE).")
    successors = _codes(fiche, "NOUVELLES_CERTIFICATIONS/NOUVELLE_CERTIFICATION/ID_FICHE_NOUVELLE_CERTIFICATION")
    registration: dict[str, Any] = {
        "code": code,
        "current": successors[-1] if successors else None,
        "previous": _codes(fiche, "ANCIENNES_CERTIFICATIONS/ANCIENNE_CERTIFICATION/ID_FICHE_ANCIENNE_CERTIFICATION"),
        "active": _yes(_text(fiche, "ACTIF")),
        "end_date": _date(_text(fiche, "DATE_FIN_ENREGISTREMENT")),
        "vae": _yes(_text(fiche, "SI_JURY_VAE/ACTIF")),
    }
    warnings = _status_warnings(code, registration, _line(fiche, "ETAT_FICHE"))

    certifiers = [
        " ".join(clean(e.text).split()) for e in fiche.findall("CERTIFICATEURS/CERTIFICATEUR/NOM_CERTIFICATEUR")
    ]
    certifiers = [name for name in dict.fromkeys(certifiers) if name]
    if not certifiers:
        warnings.append(f"La fiche {code} ne nomme aucun certificateur.")
    level_label = _line(fiche, "NOMENCLATURE_EUROPE/LIBELLE") or _line(fiche, "NOMENCLATURE_EUROPE/NIVEAU")

    blocs: list[dict[str, Any]] = []
    activities: list[dict[str, Any]] = []
    bloc_ids: set[str] = set()
    task_ids: set[str] = set()
    numbered = []
    for index, element in enumerate(fiche.findall("BLOCS_COMPETENCES/BLOC_COMPETENCES"), start=1):
        bloc, activity, has_tasks = _bloc_and_activity(element, code, index, bloc_ids, task_ids, warnings)
        blocs.append(bloc)
        activities.append(activity)
        if has_tasks:
            numbered.append(bloc["id"])
    if not activities:
        activities = [_capacities_activity(fiche, code)]
        warnings.append(
            f"La fiche {code} n'a pas de blocs de compétences : les capacités attestées forment une seule activité."
        )

    export_date = _EXPORT_DATE.search(export_name or "")
    when = f" du {export_date.group(3)}/{export_date.group(2)}/{export_date.group(1)}" if export_date else ""
    tasks_note = (
        f" (les blocs {', '.join(numbered)} numérotent leurs compétences sur deux niveaux : le premier niveau y est "
        "une tâche)"
        if numbered
        else ""
    )
    notes = BLOCS_AS_ACTIVITIES_NOTE.format(code=code, when=when, tasks=tasks_note)
    if len(successors) > 1:
        notes += f" La fiche cite plusieurs certifications qui la remplacent : {', '.join(successors)}."
    if warnings:
        notes += "\n" + "\n".join(warnings)

    source: dict[str, Any] = {
        "title": f"Fiche {code} — {title}",
        "url": f"https://www.francecompetences.fr/recherche/rncp/{code.removeprefix('RNCP')}/",
    }
    if export_name:
        source["file"] = export_name
    if export_date:
        source["year"] = int(export_date.group(1))
    data: dict[str, Any] = {
        "format": 1,
        "id": slug(title, code),
        "title": title,
        "certifier": " ; ".join(certifiers) or "Certificateur non indiqué par la fiche RNCP",
        "rncp": {key: value for key, value in registration.items() if value not in (None, [])},
        "level": f"{level_label} (Nomenclature Europe)" if level_label else None,
        "description": paragraphs(fiche.findtext("ACTIVITES_VISEES")),
        "notes": notes,
        "sources": [source],
        "blocs": blocs,
        "activities": activities,
    }
    return Built({key: value for key, value in data.items() if value not in (None, [])}, warnings)


def _capacities_activity(fiche: ET.Element, code: str) -> dict[str, Any]:
    """A fiche without blocs (older registrations): its attested capacities, as one activity."""
    split = split_items(fiche.findtext("CAPACITES_ATTESTEES"))
    if not split.items:
        raise ReferentialError(
            f"Fiche {code} inutilisable : elle ne décrit ni blocs de compétences ni capacités attestées.",
            hint="Écrivez le référentiel à la main (voir referential/README.md).",
        )
    activity: dict[str, Any] = {
        "id": "1",
        "title": "Capacités attestées",
        "competencies": [{"id": f"1.c{n}", "text": item.text} for n, item in enumerate(split.items, start=1)],
    }
    if split.lead:
        activity["description"] = split.lead
    return activity


def validate(data: dict[str, Any]) -> Referential:
    """Check the built data against the model before anything is written (a failure here is an importer bug)."""
    try:
        return Referential.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ReferentialError(
            f"Import impossible : la fiche {data.get('rncp', {}).get('code', '?')} donne un référentiel invalide "
            f"({where} : {first['msg']}).",
            hint="Signalez le problème avec le numéro de la fiche ; en attendant, écrivez le référentiel à la main.",
        ) from None
