"""Shared helpers for the dossier and coverage tests: a small referential and a keyword matcher (no tests here).

The fake matcher stands for vae_assistant.matching in core tests: it finds a competency when one of its keywords
appears in a sentence, so each test says plainly which words prove what.
"""

from __future__ import annotations

import re

from vae_assistant.matching.types import CompetencyMatch, Evidence, MatchReport, TaskMatch
from vae_assistant.referential.model import Referential

MINI = {
    "format": 1,
    "id": "mini-test",
    "title": "Titre de test",
    "short_title": "TEST",
    "certifier": "Test",
    "rncp": {"code": "RNCP1234"},
    "blocs": [
        {"id": "B1", "title": "Accueillir"},
        {"id": "B2", "title": "Accompagner"},
        {"id": "B3", "title": "Travailler en réseau"},
    ],
    "activities": [
        {
            "id": "1",
            "title": "Accueil",
            "bloc": "B1",
            "tasks": [
                {
                    "id": "1.1",
                    "title": "Accueillir le public",
                    "competencies": [{"id": "1.1.c1", "text": "Accueillir"}, {"id": "1.1.c2", "text": "Écouter"}],
                },
                {"id": "1.2", "title": "Orienter", "competencies": [{"id": "1.2.c1", "text": "Orienter"}]},
            ],
        },
        {
            "id": "2",
            "title": "Accompagnement",
            "bloc": "B2",
            "tasks": [
                {
                    "id": "2.1",
                    "title": "Construire un plan d'action",
                    "competencies": [
                        {"id": "2.1.c1", "text": "Diagnostiquer"},
                        {"id": "2.1.c2", "text": "Planifier"},
                        {"id": "2.1.c3", "text": "Contractualiser"},
                        {"id": "2.1.c4", "text": "Évaluer"},
                    ],
                },
                {"id": "2.2", "title": "Aider aux démarches", "competencies": [{"id": "2.2.c1", "text": "Aider"}]},
            ],
        },
        {
            "id": "3",
            "title": "Réseau",
            "bloc": "B3",
            "tasks": [
                {"id": "3.1", "title": "Animer un réseau", "competencies": [{"id": "3.1.c1", "text": "Animer"}]},
                {"id": "3.2", "title": "Faire de la veille", "competencies": [{"id": "3.2.c1", "text": "Veiller"}]},
            ],
        },
        {
            "id": "6",
            "title": "Transversal",
            "tasks": [
                {"id": "6.1", "title": "Rendre compte", "competencies": [{"id": "6.1.c1", "text": "Rendre compte"}]},
            ],
        },
    ],
}

KEYWORDS = {
    "1.1.c1": ["accueilli", "accueil"],
    "1.1.c2": ["écouté"],
    "1.2.c1": ["orienté"],
    "2.1.c1": ["diagnostic"],
    "2.1.c2": ["plan"],
    "2.1.c3": ["contrat"],
    "2.1.c4": ["bilan"],
    "2.2.c1": ["formulaire"],
    "3.1.c1": ["réseau"],
    "3.2.c1": ["veille"],
    "6.1.c1": ["compte rendu"],
}


def mini_referential(**changes: object) -> Referential:
    return Referential.model_validate({**MINI, **changes})


class KeywordMatcher:
    """Finds a competency when one of its keywords is in a sentence; a task is evidenced from ``threshold``.

    A task scores 0.4 + 0.5 × (share of its competencies found): 0.9 for a one-competency task found.
    """

    def __init__(self, referential: Referential, version: str = "kw1", threshold: float = 0.5) -> None:
        self.referential = referential
        self.version = version
        self.threshold = threshold
        self.calls = 0

    @property
    def fingerprint(self) -> str:
        return f"{self.referential.fingerprint}+{self.version}"

    def __call__(self, text: str) -> MatchReport:
        self.calls += 1
        sentences = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[^.\n]+[.]?", text) if m.group(0).strip()]
        tasks = []
        for task in self.referential.tasks:
            competencies = []
            for competency in task.competencies:
                evidence = []
                for sentence, start, end in sentences:
                    found = [k for k in KEYWORDS.get(competency.id, []) if k in sentence.lower()]
                    if found:
                        via = competency.text
                        evidence.append(Evidence(sentence=sentence, start=start, end=end, matched=found[:1], via=via))
                if evidence:
                    competencies.append(CompetencyMatch(id=competency.id, score=0.9, evidence=evidence))
            if competencies:
                score = round(0.4 + 0.5 * len(competencies) / len(task.competencies), 3)
                tasks.append(
                    TaskMatch(id=task.id, score=score, evidenced=score >= self.threshold, competencies=competencies)
                )
        tasks.sort(key=lambda t: -t.score)
        return MatchReport(referential_id=self.referential.id, fingerprint=self.fingerprint, tasks=tasks)
