"""The counsellor's comments as the candidate reads them (coverage panel, conversation, coverage report).

The counsellor writes in the review screen (or ``vae-assistant review``); the candidate must find those words the
next time they open the dossier, next to the task they are about, without going looking for them.
"""

from __future__ import annotations

from datetime import datetime

from vae_assistant.dossier.labels import REVIEW_STATUS_LABELS
from vae_assistant.dossier.model import Comment, Dossier


def comment_line(comment: Comment, *, with_target: bool = False, situation: bool = True) -> str:
    """« Accompagnateur, le 04/03/2025 — à retravailler : Précisez le public. » (plain text, never markup).

    ``with_target`` names the task and the situation commented on (``situation=False``: the task only, for the
    situations screen, where the situation is the one on show).
    """
    target = []
    if with_target and comment.task_id:
        target.append(f"tâche {comment.task_id}")
    if with_target and situation and comment.situation_id:
        target.append(f"situation {comment.situation_id}")
    where = f" ({', '.join(target)})" if target else ""
    status = f" — {REVIEW_STATUS_LABELS[comment.status].lower()}" if comment.status else ""
    text = f" : {' '.join(comment.text.split())}" if comment.text.strip() else ""
    return f"{comment.author}, le {comment.created_at.astimezone():%d/%m/%Y}{where}{status}{text}"


def comments_since(dossier: Dossier, moment: datetime | None) -> list[Comment]:
    """Comments written after ``moment`` (the candidate's last answer): what they have not read yet."""
    return [c for c in dossier.comments if moment is None or c.created_at > moment]


def last_answer_time(dossier: Dossier) -> datetime | None:
    return next((m.created_at for m in reversed(dossier.conversation) if m.role == "candidate"), None)


SENT_BACK = ("a_retravailler", "a_completer")
"""Review statuses that send a task back to the candidate."""


def comments_note(comments: list[Comment]) -> str:
    """The note the conversation shows for comments the candidate has not seen yet."""
    head = (
        "Votre accompagnateur a laissé un commentaire\u00a0:"
        if len(comments) == 1
        else f"Votre accompagnateur a laissé {len(comments)} commentaires\u00a0:"
    )
    lines = [head, *(f"• {comment_line(c, with_target=True)}" for c in comments)]
    # what to do next: the command that goes back to each task the counsellor sent back (its latest status)
    latest: dict[str, str | None] = {}
    for comment in comments:
        if comment.task_id and comment.status:
            latest.pop(comment.task_id, None)
            latest[comment.task_id] = comment.status
    back = [task_id for task_id, status in latest.items() if status in SENT_BACK]
    if len(back) == 1:
        lines.append(f"Pour reprendre la tâche {back[0]}, tapez /aller {back[0]}")
    elif back:
        lines.append("Pour reprendre ces tâches, tapez\u00a0: " + " · ".join(f"/aller {task_id}" for task_id in back))
    return "\n".join(lines)
