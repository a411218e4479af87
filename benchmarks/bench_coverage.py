"""Coverage of a full dossier (40 situations) against CASP, and the dossier's load and save times.

Coverage is recomputed after every answer in the TUI, so it must stay well under the 100 ms target. The dossier
is synthetic but shaped like a real one: 40 narratives of ~700 words, each with 6 evidenced tasks carrying 2
sentences per competency, some confirmed or rejected tasks and counsellor comments.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from common import Result, median_ms

from vae_assistant.coverage import compute_coverage
from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.model import CompetencyEvidence, Dossier, MatchRecord, StoredEvidence, TaskEvidence
from vae_assistant.dossier.storage import create_dossier_file, encode, load_dossier, open_dossier
from vae_assistant.referential import resolve
from vae_assistant.referential.model import Referential

SITUATIONS = 40


def build_dossier(ref: Referential, situations: int = SITUATIONS, seed: int = 7) -> Dossier:
    rng = random.Random(seed)
    dossier = ops.new_dossier(ref, nom="Banc", prenom="Essai")
    tasks = ref.tasks
    sentence = "J'ai reçu la personne, nous avons fait le point sur sa situation et sur ses démarches. "
    for n in range(situations):
        narrative = sentence * 50  # ~ 700 words
        situation = ops.add_situation(dossier, narrative, title=f"Situation {n + 1}")
        chosen = rng.sample(tasks, 6)
        records = []
        for task in chosen:
            competencies = [
                CompetencyEvidence(
                    id=c.id,
                    score=0.7,
                    evidence=[
                        StoredEvidence(
                            sentence=sentence, start=k * len(sentence), end=(k + 1) * len(sentence), score=0.7
                        )
                        for k in range(2)
                    ],
                )
                for c in task.competencies[: rng.randint(1, len(task.competencies))]
            ]
            records.append(TaskEvidence(id=task.id, score=0.7, evidenced=True, competencies=competencies))
        situation.match = MatchRecord(fingerprint="bench", tasks=records)
        if n % 5 == 0:
            ops.reject_task(dossier, situation.id, chosen[0].id)
            ops.confirm_task(dossier, situation.id, rng.choice(tasks).id)
        if n % 4 == 0:
            ops.add_comment(
                dossier, author="Accompagnateur", text="À préciser.", status="a_completer", task_id=chosen[1].id
            )
    return dossier


def run() -> list[Result]:
    ref = resolve(None).referential
    dossier = build_dossier(ref)
    results = [
        Result(f"coverage, {SITUATIONS} situations", median_ms(lambda: compute_coverage(dossier, ref)), "ms", 100)
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "banc.vae.json"
        create_dossier_file(path, dossier).close()
        size_mb = len(encode(dossier)) / (1024 * 1024)
        results.append(
            Result(f"dossier load ({size_mb:.1f} MB)", median_ms(lambda: load_dossier(path), repeat=7), "ms")
        )

        opened = open_dossier(path)
        counter = iter(range(10**6))

        def save() -> None:
            opened.dossier.situations[0].title = f"Titre {next(counter)}"
            opened.save()

        results.append(Result("dossier save (atomic, with backup)", median_ms(save, repeat=7), "ms"))
        opened.close()
    return results
