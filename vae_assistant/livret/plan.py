"""Where each situation goes in the livret, and the number the jury knows it by.

A situation usually proves several tasks (the matcher finds five or six in a rich narrative). Printing its
narrative under each of them would make the jury read it six times; a careful candidate writes it once, under the
task it was written for, and points to it from the others. So each situation has one *home* task:

1. the task it was written for in the interview (``for_task``), when it still counts for it;
2. otherwise the counted task the matcher scored highest (referential order breaks ties);
3. otherwise, when it counts for nothing, the task it was written for if the referential has it;
4. otherwise none: it goes to *Autres situations*, so that no word the candidate wrote is left out.

Situations are numbered in the order the livret shows them (blocs, then transversal activities, then the
others), which is the order the jury meets them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vae_assistant.coverage import Coverage
from vae_assistant.dossier.model import Dossier, Situation
from vae_assistant.referential.model import Referential


@dataclass
class Plan:
    home: dict[str, str | None]  # situation id → home task id (None: Autres situations)
    shown_at: dict[str, list[str]]  # task id → situation ids shown there (home or reference), dossier order
    number: dict[str, int] = field(default_factory=dict)  # situation id → number in the livret
    others: list[str] = field(default_factory=list)  # situations without a home task, dossier order

    def bookmark(self, situation_id: str) -> str:
        return f"_Situation_{situation_id}"

    def label(self, situation_id: str) -> str:
        return f"Situation {self.number[situation_id]}"


def _score(situation: Situation, task_id: str) -> float:
    record = situation.match.task(task_id) if situation.match else None
    return record.score if record else 0.0


def _home(situation: Situation, known: dict[str, int]) -> str | None:
    counted = [t for t in situation.counted_tasks if t in known]
    if situation.for_task in counted:
        return situation.for_task
    if counted:
        return max(counted, key=lambda t: (_score(situation, t), -known[t]))
    if situation.for_task in known:
        return situation.for_task
    return None


def plan_situations(dossier: Dossier, referential: Referential, coverage: Coverage, *, include_blank: bool) -> Plan:
    """The plan for ``dossier``; situations with an empty narrative are left out unless ``include_blank``."""
    known = {task.id: n for n, task in enumerate(referential.tasks)}
    situations = [s for s in dossier.situations if include_blank or s.narrative.strip()]
    home = {s.id: _home(s, known) for s in situations}
    shown_at: dict[str, list[str]] = {}
    for situation in situations:
        tasks = {t for t in situation.counted_tasks if t in known}
        if home[situation.id] is not None:
            tasks.add(home[situation.id])  # type: ignore[arg-type]
        for task_id in tasks:
            shown_at.setdefault(task_id, []).append(situation.id)
    plan = Plan(home=home, shown_at=shown_at)
    for group in coverage.groups:
        for task in group.tasks:
            for situation_id in shown_at.get(task.id, []):
                if home[situation_id] == task.id and situation_id not in plan.number:
                    plan.number[situation_id] = len(plan.number) + 1
    for situation in situations:
        if home[situation.id] is None:
            plan.others.append(situation.id)
            plan.number[situation.id] = len(plan.number) + 1
    return plan
