"""The interview: a patient counsellor that asks one question at a time and says what each answer proved.

A state machine over the referential (accueil → identité → parcours → per activity a context question → per task
a question asking for one concrete situation → follow-ups on the competencies still missing → fin). It reads and
changes only the dossier in memory, through :mod:`vae_assistant.dossier.operations`; the shell saves the dossier
after each :class:`Turn` whose ``changed`` is true, and runs the engine in a worker since matching takes time.

Why it behaves as it does:

* **One question at a time, never the same twice.** Every question has an id (``task:1.1``,
  ``probe:1.1:1.1.c3``…) kept in the state; follow-ups pick the most important competency of the current task that
  coverage says is still missing *and* that was not asked about, and the interview moves on after
  ``max_follow_ups`` of them. Only an explicit move back to a task can bring a question back, reworded.
* **An answer extends the situation it belongs to.** The answer to a task question starts a situation for that
  task; the answers to its follow-ups are appended to it, so the livret gets one coherent story and the matcher
  sees the whole text. The reply quotes only what the *new* text proved.
* **The candidate decides.** What the matcher found is offered as :class:`Recognition` items the shell turns into
  accept/reject buttons (or ``/confirmer s3 1.2``, ``/ecarter s3 1.2``); decisions are saved in the situation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from vae_assistant.coach.paragraphs import fragments
from vae_assistant.coach.text import word_set
from vae_assistant.coverage import compute_coverage
from vae_assistant.coverage.model import Coverage, TaskCoverage
from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.labels import FIELD_LABELS
from vae_assistant.dossier.model import Dossier, Message, Situation
from vae_assistant.dossier.operations import MatchFunction
from vae_assistant.dossier.text import check_narrative_size, clean_text, has_words
from vae_assistant.errors import InputError, VaeError
from vae_assistant.interview.commands import (
    UNKNOWN,
    Command,
    bare_command,
    close_command,
    fold_accents,
    help_lines,
    parse_command,
    typed_situation_id,
    typed_task_id,
)
from vae_assistant.interview.context import context_from_answer
from vae_assistant.interview.script import Script, first_line, first_words, render, shorten
from vae_assistant.interview.state import Pending, Phase, read_state
from vae_assistant.matching.normalize import lemma_key
from vae_assistant.matching.types import MatchReport
from vae_assistant.referential.model import Activity, Competency, Referential, Task

AssistantMessage = Message
"""The assistant's messages are the dossier's own :class:`~vae_assistant.dossier.model.Message` (role assistant)."""

MAX_RECOGNISED_SHOWN = 5
KNOWN_TASK = "déjà repérée, ce passage la complète"
# A current task the matcher scores at least this much without deciding it is "close": the reply quotes the words.
NEAR_SCORE = 0.1
MAX_NEAR_WORDS = 4
# Verbs every story uses: quoting « faisait » as a word to build on would tell the candidate nothing.
PLAIN_VERBS = frozenset({"faire", "etre", "avoir", "aller", "dire", "pouvoir", "vouloir", "devoir", "venir", "voir"})
MAX_COMPETENCIES_SHOWN = 4
MIN_SITUATION_WORDS = 5
"""Fewer words that prove nothing (« oui », « je sais pas ») do not start a situation."""
MAX_GAPS_SHOWN = 6

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\d+])(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")


def in_sentence(value: str, answer: str) -> str:
    """A context field within a sentence, as the candidate wrote it: the reader capitalises each field for the
    livret's table (« Des allocataires du RSA »), « public : des allocataires » reads right in a reply; a name the
    answer capitalised stays so (« PLIE de Reims », « Emmaüs »)."""
    first = value.split()[0] if value.split() else ""
    lowered = first[:1].lower() + first[1:]
    if first != lowered and re.search(rf"(?<!\w){re.escape(lowered)}(?!\w)", answer):
        return lowered + value[len(first) :]
    return value


@dataclass(frozen=True)
class RecognisedCompetency:
    id: str
    text: str
    sentence: str


@dataclass(frozen=True)
class Recognition:
    """A task the matcher found in a situation, for the accept/reject buttons."""

    situation_id: str
    task_id: str
    title: str
    score: float
    sentence: str | None
    competencies: tuple[RecognisedCompetency, ...]
    current: bool
    decision: str | None = None
    known: bool = False
    """Already proposed for this situation: a follow-up answer proved more of it (its competencies are the new
    ones only), the shell has its row already."""


@dataclass(frozen=True)
class Turn:
    """What one call to the engine produced; ``messages`` are already in ``dossier.conversation``.

    ``action`` asks the shell to do something on its side: ``"help"``, ``"coverage"``, ``"export"``,
    ``"identity"``, ``"parcours"``, ``"quit"``. ``error`` is a French explanation of input the engine refused
    (nothing was stored: the shell keeps the candidate's text in the input). ``notes`` are French plain texts to
    show once and never store, such as the welcome-back of a resumed interview.
    """

    messages: list[AssistantMessage] = field(default_factory=list)
    recognised: list[Recognition] = field(default_factory=list)
    task_id: str | None = None
    action: str | None = None
    changed: bool = False
    phase: str = "accueil"
    candidate_message: Message | None = None
    error: str | None = None
    notes: list[str] = field(default_factory=list)


_NON_ANSWER_WORDS = word_set(
    "ok okay oui ouais non merci d accord dac je j ne n sais sait savais pas plus trop rien de autre autres c est "
    "tout voila bien beaucoup super parfait tres bon ben euh bah ah oh hmm a ajouter dire vraiment aucune aucun "
    "idee me m souviens souvient rappelle peut etre ca cela compris entendu"
)


def is_a_non_answer(text: str) -> bool:
    """« ok merci », « rien de plus », « je ne sais plus trop »: a reply made only of acknowledgements and
    don't-knows, which tells nothing of the situation (« Elle est repartie contente. » does)."""
    words = re.findall(r"[^\W\d_]+", fold_accents(text))
    return 0 < len(words) <= 8 and all(word in _NON_ANSWER_WORDS for word in words)


_WORD_RE = re.compile(r"\w+", re.UNICODE)
_JOINS = re.compile(r"\s+|\s+\w{1,2}\s+|\s+\w{1,2}['’]|['’]")
"""What may come between two words of one phrase: a space, a small word (« met a jour », « faisait le point »)."""


def near_phrases(sentence: str, matched: list[str]) -> list[str]:
    """The matched words of ``sentence`` as the candidate wrote them, those that follow each other in one phrase
    (« met a jour », not « met », « jour »: a small word between them is kept), without short words or plain
    verbs alone (« fait », « est »), each once."""
    words = list(_WORD_RE.finditer(sentence))
    wanted = {w.lower() for w in matched}
    hits = [i for i, w in enumerate(words) if w.group(0).lower() in wanted]
    groups: list[list[int]] = []
    for i in hits:
        between = sentence[words[groups[-1][-1]].end() : words[i].start()] if groups else ""
        if groups and _JOINS.fullmatch(between):
            groups[-1].append(i)
        else:
            groups.append([i])
    phrases = [
        sentence[words[group[0]].start() : words[group[-1]].end()]
        for group in groups
        if any(_meaningful(words[i].group(0)) for i in group)
    ]
    found = {w.group(0).lower() for w in words}
    phrases += [w for w in matched if w.lower() not in found and _meaningful(w)]  # not found as such: alone
    return [p for i, p in enumerate(phrases) if p.lower() not in {q.lower() for q in phrases[:i]}]


def _meaningful(word: str) -> bool:
    return len(word) > 2 and lemma_key(word.lower())[0] not in PLAIN_VERBS


class Interview:
    """The interview of one candidate on one referential (see the module docstring)."""

    def __init__(self, referential: Referential, dossier: Dossier, match: MatchFunction, script: Script) -> None:
        if dossier.certification.referential_id != referential.id:
            raise InputError(
                f"Ce dossier vise le référentiel «\u00a0{dossier.certification.referential_id}\u00a0», "
                f"pas «\u00a0{referential.id}\u00a0»."
            )
        self.referential = referential
        self.dossier = dossier
        self.match = match
        self.script = script
        self._last_read: tuple[str, MatchReport] | None = None
        self.state, self._state_was_reset = read_state(dossier.interview)
        self._tasks = referential.tasks
        self._task_ids = [t.id for t in self._tasks]
        if self.state.task_id is not None and self.state.task_id not in self._task_ids:
            self.state.task_id, self.state.pending, self.state.situation_id = None, None, None
        self._out: list[tuple[str, str | None, str | None]] = []
        self._recognised: list[Recognition] = []
        self._candidate: Message | None = None

    # -- what the shell reads --------------------------------------------------------------------------------

    @property
    def phase(self) -> Phase:
        return self.state.phase

    @property
    def current_task(self) -> Task | None:
        return self.referential.task(self.state.task_id) if self.state.task_id else None

    @property
    def pending_question(self) -> str | None:
        """The question waiting for an answer (the shell may show it above the input)."""
        return self.state.pending.text if self.state.pending else None

    def activity_context(self, activity_id: str) -> str | None:
        """What the candidate said about the context (structure, public, period, role) of an activity."""
        return self.state.activity_context.get(activity_id)

    def coverage(self) -> Coverage:
        return compute_coverage(self.dossier, self.referential)

    # -- entry points ----------------------------------------------------------------------------------------

    def start(self) -> Turn:
        """Greet a new candidate and ask the first question, or welcome them back where they stopped.

        On a resumed dossier the welcome-back is a note (``Turn.notes``), never stored: a candidate who opens the
        dossier five times to reread it must not find five greetings in the conversation. The question waiting
        is stored again only when the conversation does not already end with it (its last assistant message),
        and then once, so that calling ``start`` again changes nothing.
        """
        values = self._values()
        if self.state.phase == "accueil" and not self._state_was_reset:
            self._say(self.script.text("greeting.welcome", **values))
            self._after_intro()
            return self._turn(changed=True)
        note = self.script.text("greeting.resume", **values)
        if self._state_was_reset:
            note += " Le fil de l'entretien n'a pas pu être relu\u00a0; vos textes, eux, sont tous là."
        pending = self.state.pending
        if pending is not None:
            if self._last_assistant_text().endswith(pending.text.strip()):
                return Turn(notes=[note], task_id=self.state.task_id, phase=self.state.phase)
            reminder = self.script.text("greeting.reminder", **values)
            self._say(f"{reminder}\n\n{pending.text}", self.state.task_id)
        elif self.state.phase == "fin":
            self._finish()
            if len(self._out) == 1 and self._last_assistant_text() == self._out[0][0].strip():
                self._reset_output()  # the same summary already closes the conversation
                return Turn(notes=[note], task_id=self.state.task_id, phase=self.state.phase)
        else:
            self._after_intro()
        return self._turn(changed=True, notes=[note])

    def _last_assistant_text(self) -> str:
        last = next((m for m in reversed(self.dossier.conversation) if m.role == "assistant"), None)
        return last.text.strip() if last is not None else ""

    def answer(self, text: str) -> Turn:
        """Store the candidate's message, read it in the light of the pending question, and reply."""
        text = clean_text(text)
        if not text.strip():
            raise InputError("Votre message est vide.", hint="Écrivez votre réponse, ou /passer pour passer.")
        check_narrative_size(text)
        if self.state.phase == "accueil":
            self._after_intro()
        pending = self.state.pending
        kind = pending.kind if pending else None
        if kind == "identity":
            self._answer_identity(text)
        elif kind == "parcours":
            self._answer_parcours(text)
        elif kind == "opener" and pending is not None:
            self._answer_opener(text, pending)
        elif self.state.phase == "tache" and self.state.task_id is not None:
            self._answer_task(text, kind)
        else:
            self._answer_free(text)
        return self._turn(changed=True)

    def skip(self) -> Turn:
        """Pass the pending question: the next step of the introduction, the task question, or the next task."""
        pending = self.state.pending
        if pending is None:
            self._say(self.script.text("replies.no_question", **self._values()), self.state.task_id)
            if self.state.phase != "fin":
                self._move_on()
        elif pending.kind in ("identity", "parcours"):
            self.state.pending = None
            self._after_intro()
        elif pending.kind == "opener":
            if pending.activity_id:  # passed on purpose: an empty frame, not asked again
                self.state.activity_context = {**self.state.activity_context, pending.activity_id: ""}
            self.state.pending = None
            self._ask_task(self._require_current())
        else:
            task = self._require_current()
            if task.id not in self.state.skipped:
                self.state.skipped = [*self.state.skipped, task.id]
            self._say(self.script.text("replies.skipped", **self._values(task)), task.id)
            self._move_on()
        return self._turn(changed=True)

    def next_task(self) -> Turn:
        """The next task not covered yet, after the current one, wrapping around; the end when all are."""
        current = self.state.task_id
        if self.state.phase in ("accueil", "identite", "parcours") or current is None:
            target = self._next_uncovered(None)
        else:
            target = self._next_uncovered(current) or self._next_uncovered(None, exclude=current)
        if target is None:
            self._finish()
        else:
            self._enter(target)
        return self._turn(changed=True)

    def previous_task(self) -> Turn:
        """The task before the current one in the referential's order, covered or not (the candidate asked)."""
        current = self.state.task_id
        index = len(self._tasks) if current is None else self._task_ids.index(current)
        if index == 0:
            self._say(self.script.text("replies.first_task", **self._values(self._tasks[0])), current)
        else:
            self._enter(self._tasks[index - 1])
        return self._turn(changed=True)

    def go_to(self, task_id: str) -> Turn:
        """Move the interview to a task (the tree in the TUI, ``/aller 3.3``)."""
        task_id = typed_task_id(task_id)
        if task_id not in self._task_ids:
            raise InputError(
                self.script.text("replies.unknown_task", **self._values(task_id=task_id)),
                hint=f"Tâches de ce référentiel\u00a0: {self._task_ids[0]} à {self._task_ids[-1]}.",
            )
        self._enter(self.referential.task(task_id))
        return self._turn(changed=True)

    def confirm(self, situation_id: str, task_id: str) -> Turn:
        """The candidate says the situation does prove the task."""
        ops.confirm_task(self.dossier, situation_id, task_id, referential=self.referential, match=self.match)
        task = self.referential.task(task_id)
        self._say(self.script.text("replies.confirmed", **self._values(task, situation_id=situation_id)), task_id)
        return self._turn(changed=True)

    def reject(self, situation_id: str, task_id: str) -> Turn:
        """The candidate says the matcher was wrong: the situation does not prove the task."""
        ops.reject_task(self.dossier, situation_id, task_id, referential=self.referential)
        task = self.referential.task(task_id)
        self._say(self.script.text("replies.rejected", **self._values(task, situation_id=situation_id)), task_id)
        return self._turn(changed=True)

    def handle(self, text: str) -> Turn:
        """What the input box calls: a slash command is run, anything else is an answer.

        Refused input (an empty or oversized message, an unknown command or task) comes back as ``Turn.error``
        rather than an exception, with nothing stored, so the shell keeps the text in the input.
        """
        command = parse_command(text)
        try:
            if command is None:
                meant = bare_command(text)
                if meant is not None:
                    raise InputError(
                        f"«\u00a0{text.strip()}\u00a0» ressemble à une commande\u00a0: tapez {meant} (avec la "
                        "barre oblique «\u00a0/\u00a0» au début).",
                        hint="Si c'était bien votre réponse, ajoutez-y quelques mots.",
                    )
                return self.answer(text)
            return self.run(command)
        except VaeError as exc:
            self._reset_output()
            return Turn(task_id=self.state.task_id, phase=self.state.phase, error=str(exc))

    def run(self, command: Command) -> Turn:
        """Run a parsed slash command."""
        simple = {"next": self.next_task, "previous": self.previous_task, "skip": self.skip}
        if command.name in simple:
            return simple[command.name]()
        if command.name == "goto":
            if not command.arguments:
                raise InputError("Précisez la tâche, par exemple\u00a0: /aller 3.3")
            return self.go_to(command.argument)
        if command.name in ("confirm", "reject"):
            args = command.arguments
            if len(args) != 2:
                raise InputError(f"Précisez la situation et la tâche, par exemple\u00a0: /{command.typed} s3 1.2")
            method = self.confirm if command.name == "confirm" else self.reject
            return method(typed_situation_id(args[0]), typed_task_id(args[1]))
        if command.name == UNKNOWN:
            meant = close_command(command.typed)
            raise InputError(
                f"Je ne connais pas la commande «\u00a0/{command.typed}\u00a0».",
                hint=f"Vouliez-vous dire {meant}\u00a0?" if meant else "Tapez /aide pour la liste des commandes.",
            )
        return Turn(task_id=self.state.task_id, phase=self.state.phase, action=command.name)

    @staticmethod
    def help_text() -> str:
        """The commands, in Markdown, for a shell's help screen."""
        return "\n".join(help_lines())

    # -- the introduction ------------------------------------------------------------------------------------

    def _after_intro(self) -> None:
        """Ask identity, then parcours, when missing and not asked yet; then the first task not covered."""
        contact = self.dossier.candidate.contact
        if contact.is_empty and "identity" not in self.state.asked:
            self.state.phase = "identite"
            self._ask("identity", "identity", self.script.text("identity.question", **self._values()))
        elif not self.dossier.experiences and "parcours" not in self.state.asked:
            self.state.phase = "parcours"
            self._ask("parcours", "parcours", self.script.text("parcours.question", **self._values()))
        else:
            target = self._task_to_resume()
            if target is None:
                self._finish()
            else:
                self._enter(target)

    def _task_to_resume(self) -> Task | None:
        if self.state.task_id is not None:
            return self.referential.task(self.state.task_id)
        return self._next_uncovered(None)

    def _answer_identity(self, text: str) -> None:
        self._store_candidate(text, None, None)
        found = {"email": _EMAIL.search(text), "phone": _PHONE.search(text)}
        values = {key: m.group(0) for key, m in found.items() if m}
        self.state.pending = None
        if values:
            ops.edit_candidate(self.dossier, **values)
            labels = {"email": "courriel", "phone": "téléphone"}
            recorded = ", ".join(f"{labels[k]} {v}" for k, v in values.items())
            self._say(self.script.text("identity.thanks", **self._values(recorded=recorded)))
        else:
            self._say(self.script.text("identity.nothing", **self._values()))
        self._after_intro()

    def _answer_parcours(self, text: str) -> None:
        self._store_candidate(text, None, None)
        self.state.parcours_notes = [*self.state.parcours_notes, text]
        self.state.pending = None
        self._say(self.script.text("parcours.thanks", **self._values()))
        self._after_intro()

    # -- activities and tasks --------------------------------------------------------------------------------

    def _enter(self, task: Task) -> None:
        """Move to ``task``: its activity's context question first if never asked, else the task's question."""
        activity = self.referential.activity_of(task.id)
        self.state.task_id = task.id
        self.state.situation_id = None
        opener_id = f"opener:{activity.id}"
        pending = self.state.pending
        if pending is not None and pending.kind == "opener" and pending.activity_id == activity.id:
            # from the context question straight to one of its tasks: passed, as with /passer
            self.state.activity_context = {**self.state.activity_context, activity.id: ""}
        # asked but neither answered nor passed (the candidate went elsewhere): the question still stands
        if activity.id not in self.state.activity_context:
            self.state.phase = "activite"
            text = self.script.activity_opener(activity, **self._values(task, activity))
            self._ask("opener", opener_id, text, task_id=task.id, activity_id=activity.id)
        else:
            self._ask_task(task)

    def _answer_opener(self, text: str, pending: Pending) -> None:
        if pending.activity_id:
            self.state.activity_context = {**self.state.activity_context, pending.activity_id: text}
        self.state.pending = None
        task = self._require_current()
        if has_words(text) and any(t.id == task.id for t in self.match(text).evidenced):
            # The candidate answered the frame question with a story of the task (« Au CCAS, les jours de
            # distribution, j'ai mis en place des tickets… »): it gives the frame and is the task's first situation,
            # so that she does not have to tell it again.
            self._say(self.script.text("activity.story", **self._values(task)), task.id)
            self.state.mark_asked(f"task:{task.id}")
            self.state.phase = "tache"
            self._answer_task(text, "task")
            return
        self._store_candidate(text, pending.task_id, None)
        self._say(self.script.text("activity.thanks", **self._values(task)), task.id)
        self._ask_task(task)

    def _ask_task(self, task: Task) -> None:
        self.state.phase = "tache"
        question_id = f"task:{task.id}"
        values = self._values(task)
        if question_id not in self.state.asked:
            self._ask("task", question_id, self.script.task_question(task, **values), task_id=task.id)
            return
        # Back on a task already asked: continue its latest situation if a competency is still worth a
        # follow-up, else ask for another situation, in words not used yet for this task.
        latest = self._latest_situation(task.id)
        coverage = self.coverage().task(task.id)
        if latest is not None and coverage.status != "couvert":
            competency = self._next_probe(task, coverage, latest)
            if competency is not None:
                self.state.situation_id = latest.id
                back = self.script.text(
                    "task.back_situation", **values, situation_id=latest.id, situation_title=latest.title
                )
                self._ask_probe(task, competency, prefix=back)
                return
        if latest is None:  # asked, never answered (the candidate moved on): the question still stands
            self._ask("task", question_id, self.script.task_question(task, **values), task_id=task.id)
            return
        variants = self.script.again
        ids = [f"again:{task.id}:{n}" for n in range(len(variants))]
        index = next((n for n, qid in enumerate(ids) if qid not in self.state.asked), len(variants) - 1)
        back = self.script.text("task.back", **values)
        self._ask("again", ids[index], f"{back}\n\n{render(variants[index], **values)}", task_id=task.id)

    def _answer_task(self, text: str, kind: str | None) -> None:
        if not has_words(text):  # « ? »: not a story, nor a part of one (the livret would print it)
            raise InputError(
                "Votre message ne contient aucun mot.",
                hint="Répondez avec vos mots ; /passer laisse cette tâche de côté pour l'instant.",
            )
        task = self._require_current()
        situation = self._situation_for_answer(task, kind)
        framed = ""
        shown: dict[str, set[str]] = {}
        if situation is None and len(text.split()) < MIN_SITUATION_WORDS and not self.match(text).evidenced:
            # « je sais pas »: kept in the conversation, not as a situation (the livret would print it), and the
            # question still stands; « J'ai accueilli une dame. » is short, but a story
            self._store_candidate(text, task.id, None)
            self._say(self.script.text("replies.too_short", **self._values(task)), task.id)
            return
        if situation is None:
            context = self._activity_frame(task)
            told = self._frame_told(task, context)
            situation = ops.add_situation(
                self.dossier, text, for_task=task.id, context=context, match=self.match, referential=self.referential
            )
            since = 0
            if context and not told:
                answer = self.state.activity_context.get(self.referential.activity_of(task.id).id, "")
                recorded = "\u00a0; ".join(
                    f"{FIELD_LABELS[k].lower()}\u00a0: {in_sentence(v, answer)}" for k, v in context.items()
                )
                framed = "\n\n" + self.script.text("replies.framed", **self._values(task), recorded=recorded)
        elif is_a_non_answer(text):
            # « ok merci », « rien de plus » to a follow-up: the interview goes on as after an answer that adds
            # nothing, but these words stay out of the narrative, which the jury's livret prints as it is
            since = None
        else:
            shown = self._shown_in(situation)
            narrative = f"{situation.narrative.rstrip()}\n\n{text}"
            situation = ops.edit_situation(
                self.dossier, situation.id, narrative=narrative, match=self.match, referential=self.referential
            )
            since = len(situation.narrative) - len(text)
        self.state.situation_id = situation.id
        self.state.pending = None
        self._store_candidate(text, task.id, situation.id)
        if since is None:
            reply = self.script.text("replies.not_added", **self._values(task))
        else:
            recognised, again = self._recognise(situation, since, task.id, shown)
            # read again with the answer, the story may no longer show a task it showed (the learned weights read
            # the whole story): the candidate was told it was recognised, and must be told it no longer is
            lost = [t for t in shown if t in self._task_ids and t not in situation.counted_tasks]
            reply = self._describe(recognised, situation, task, again=again, follow_up=since > 0, lost=lost) + framed
            if since > 0 and fragments(f"-\n\n{text}"):  # the answer, as a paragraph after the story's opening
                reply += "\n\n" + self.script.text("replies.fragment", **self._values(task))
        coverage = self.coverage().task(task.id)
        values = self._values(task)
        if coverage.status == "couvert":
            self._say(f"{reply}\n\n{self.script.text('replies.covered', **values)}", task.id)
            self._move_on()
            return
        competency = None
        if self.state.follow_ups.get(task.id, 0) < self.script.max_follow_ups:
            competency = self._next_probe(task, coverage, situation)
        if competency is None:
            # « une bonne base » for a story that shows the task in part; one that does not show it at all was
            # just told so (« je ne reconnais pas encore clairement la tâche… »)
            key = "replies.move_on_unshown" if coverage.status == "non_couvert" else "replies.move_on"
            self._say(f"{reply}\n\n{self.script.text(key, **values)}", task.id)
            self._move_on()
            return
        self._ask_probe(task, competency, prefix=reply)

    def _activity_frame(self, task: Task) -> dict[str, str]:
        """The context fields the candidate's answer on this task's activity states clearly (see context.py)."""
        answer = self.state.activity_context.get(self.referential.activity_of(task.id).id)
        return context_from_answer(answer) if answer else {}

    def _frame_told(self, task: Task, context: dict[str, str]) -> bool:
        """Whether an earlier situation of ``task``'s activity already took this frame: the candidate was told
        then (« j'ai repris… »), and saying it again under every story of the activity is only noise."""
        activity = {t.id for t in self.referential.activity_of(task.id).tasks}
        return any(
            s.for_task in activity and s.context.model_dump(exclude_none=True) == context
            for s in self.dossier.situations
        )

    def _answer_free(self, text: str) -> None:
        """An answer with no task at hand (after the end): a situation of its own, matched."""
        situation = ops.add_situation(self.dossier, text, match=self.match, referential=self.referential)
        self._store_candidate(text, None, situation.id)
        recognised, _ = self._recognise(situation, 0, None)
        reply = self._describe(recognised, situation, None)
        self._say(f"{reply}\n\n{self.script.text('replies.no_task_answer', **self._values())}")

    def _situation_for_answer(self, task: Task, kind: str | None) -> Situation | None:
        """The situation a follow-up answer extends; None when the answer starts a new one."""
        if kind != "probe" or self.state.situation_id is None:
            return None
        try:
            situation = self.dossier.situation(self.state.situation_id)
        except KeyError:
            return None
        return situation

    def _latest_situation(self, task_id: str) -> Situation | None:
        mine = [s for s in self.dossier.situations if s.for_task == task_id]
        return mine[-1] if mine else None

    def _next_probe(self, task: Task, coverage: TaskCoverage, situation: Situation | None = None) -> Competency | None:
        """The most important competency of ``task`` still missing and never asked about (see Script.probe_order).

        A competency whose text repeats one already shown or already asked about is not asked again. One the
        story already comes close to (« on a regardé ensemble sur le site de la CAF » before « Quelles sources
        avez-vous consultées ? ») is asked last: asking it first sounds as if the candidate had not been heard.
        """
        status = {c.id: c.status for c in coverage.competencies}
        norm = {c.id: " ".join(c.text.lower().split()) for c in task.competencies}
        shown = {norm[cid] for cid, s in status.items() if s != "non_couvert"}
        asked = {norm[c.id] for c in task.competencies if f"probe:{task.id}:{c.id}" in self.state.asked}
        missing = [
            competency
            for competency in self.script.probe_order(task)
            if status.get(competency.id) == "non_couvert"
            and norm[competency.id] not in shown
            and norm[competency.id] not in asked
        ]
        if not missing:
            return None
        told = self._competencies_near(situation, task) if situation is not None else set()
        return next((c for c in missing if c.id not in told), missing[0])

    def _read_again(self, situation: Situation) -> MatchReport:
        """The matcher's whole report on a story (the dossier keeps only the tasks it shows); a turn asks for it
        twice, for the words close to the task and for the next follow-up, so the last one is kept."""
        if self._last_read is None or self._last_read[0] != situation.narrative:
            self._last_read = (situation.narrative, self.match(situation.narrative))
        return self._last_read[1]

    def _competencies_near(self, situation: Situation, task: Task) -> set[str]:
        """The competencies of ``task`` the story already comes close to, evidenced or not (the story is read
        again: the dossier keeps only the tasks it shows)."""
        record = self._read_again(situation).task(task.id)
        if record is None:
            return set()
        return {c.id for c in record.competencies if c.score >= NEAR_SCORE}

    def _ask_probe(self, task: Task, competency: Competency, prefix: str = "") -> None:
        self.state.follow_ups = {**self.state.follow_ups, task.id: self.state.follow_ups.get(task.id, 0) + 1}
        question = self.script.probe(task, competency, **self._values(task))
        text = f"{prefix}\n\n{question}".strip()
        self._ask(
            "probe",
            f"probe:{task.id}:{competency.id}",
            text,
            task_id=task.id,
            competency_id=competency.id,
            remember=question,
        )

    def _move_on(self) -> None:
        target = self._next_uncovered(self.state.task_id)
        if target is None:
            self._finish()
        else:
            self._enter(target)

    def _next_uncovered(self, after: str | None, exclude: str | None = None) -> Task | None:
        """The first task after ``after`` (from the start when None) that coverage does not call *couvert*."""
        start = self._task_ids.index(after) + 1 if after is not None else 0
        coverage = self.coverage()
        for task in self._tasks[start:]:
            if task.id != exclude and coverage.task(task.id).status != "couvert":
                return task
        return None

    def _finish(self) -> None:
        """The end of the tour: what is still missing, most costly first, and how to go back."""
        self.state.phase = "fin"
        self.state.pending = None
        coverage = self.coverage()
        values = self._values()
        if not coverage.gaps:
            self._say(self.script.text("replies.finished_complete", **values))
            return
        gaps = "\n".join(f"- {gap.message}" for gap in coverage.gaps[:MAX_GAPS_SHOWN])
        if len(coverage.gaps) > MAX_GAPS_SHOWN:
            more = len(coverage.gaps) - MAX_GAPS_SHOWN
            gaps += f"\n- … et {'un autre point' if more == 1 else f'{more} autres points'} (/couverture)."
        # tasks passed over by a jump (/aller) were never asked: « nous avons fait le tour » would not be true
        unasked = [
            t.id
            for t in self._tasks
            if coverage.task(t.id).status != "couvert"
            and f"task:{t.id}" not in self.state.asked
            and t.id not in self.state.skipped
        ]
        key = "replies.finished_unasked" if unasked else "replies.finished_gaps"
        listed = ", ".join(unasked[:MAX_GAPS_SHOWN]) + ("…" if len(unasked) > MAX_GAPS_SHOWN else "")
        self._say(self.script.text(key, **values, gaps=gaps, count=str(len(coverage.gaps)), unasked=listed))

    # -- what an answer proved -------------------------------------------------------------------------------

    @staticmethod
    def _shown_in(situation: Situation) -> dict[str, set[str]]:
        """What the story already proved, before a follow-up answer extends it: per task the matcher proposed (and
        the candidate did not reject), the competencies it quoted a sentence for."""
        if situation.match is None:
            return {}
        return {
            record.id: {c.id for c in record.competencies if c.evidence}
            for record in situation.match.tasks
            if record.evidenced and record.id not in situation.rejected_tasks
        }

    def _recognise(
        self, situation: Situation, since: int, current: str | None, shown: dict[str, set[str]] | None = None
    ) -> tuple[list[Recognition], bool]:
        """Tasks the matcher found with sentences from the new text (offset ≥ ``since``), the current one first.

        ``shown``: what the story proved before the new text (see _shown_in). A follow-up answer that proves again
        a competency already quoted for this situation brings nothing new: « Tâche 3.7 » with a new sentence after
        every answer told the candidate the same thing three times. Such a task is kept only for the competencies
        the new text is the first to prove (``Recognition.known``). The second value says whether the new text
        proved again something already shown (the reply then says so without repeating it)."""
        shown = shown or {}
        if situation.match is None:
            return [], False
        found = []
        again = False
        for record in situation.match.tasks:
            if not record.evidenced or record.id in situation.rejected_tasks or record.id not in self._task_ids:
                continue
            task = self.referential.task(record.id)
            texts = {c.id: c.text for c in task.competencies}
            competencies = tuple(
                RecognisedCompetency(c.id, texts.get(c.id, c.id), evidence.sentence)
                for c in record.competencies
                for evidence in [next((e for e in c.evidence if e.start >= since), None)]
                if evidence is not None
            )
            known = shown.get(task.id)
            if known is not None:
                fresh = tuple(c for c in competencies if c.id not in known)
                again = again or len(fresh) < len(competencies)
                competencies = fresh
            if not competencies:
                continue
            found.append(
                Recognition(
                    situation_id=situation.id,
                    task_id=task.id,
                    title=task.title,
                    score=record.score,
                    sentence=competencies[0].sentence,
                    competencies=competencies,
                    current=task.id == current,
                    decision=situation.decision(task.id),
                    known=known is not None,
                )
            )
        found.sort(key=lambda r: (not r.current, -r.score))
        self._recognised.extend(found)
        return found, again

    def _describe(
        self,
        recognised: list[Recognition],
        situation: Situation,
        task: Task | None,
        *,
        again: bool = False,
        follow_up: bool = False,
        lost: Sequence[str] = (),
    ) -> str:
        """What the new text proved; ``again``: it proved again some of what the story already showed.

        ``follow_up``: the text answers a follow-up on a story that did not show its task, and the candidate was
        told so under the story, with how to confirm it anyway; the same paragraph after every answer was noise
        (QA pass 9). Words that now come close to the task are still quoted. ``lost``: tasks the story showed
        before the text and no longer shows with it; each is named, with how to confirm it anyway (« Je n'ai pas
        repéré de compétence nouvelle » alone hid that the task recognised a minute before was gone).
        """
        values = self._values(task, situation_id=situation.id)
        if not recognised:
            text = self.script.text("replies.proved_again" if again else "replies.nothing_new", **values)
        else:
            lines = [self.script.text("replies.recognised", **values), ""]
            quoted: set[str] = set()
            for item in recognised[:MAX_RECOGNISED_SHOWN]:
                known = f" *({KNOWN_TASK})*" if item.known else ""
                lines.append(f"- **Tâche {item.task_id}** — {first_line(item.title, 120)}{known}")
                for competency in item.competencies[:MAX_COMPETENCIES_SHOWN]:
                    sentence = " ".join(competency.sentence.split())
                    # a sentence that proves several things is quoted once, then referred to by its first words
                    # (« plus haut » alone left the candidate to guess which of the sentences above)
                    if sentence in quoted:
                        proof = f"(phrase citée plus haut\u00a0: «\u00a0{first_words(sentence)}\u00a0»)"
                    else:
                        proof = f"«\u00a0{shorten(sentence)}\u00a0»"
                    quoted.add(sentence)
                    # the quote on its own line under the competency (a Markdown hard break), so that nothing
                    # comes between a competency that trails off and the candidate's words
                    lines.append(f"  - *{first_line(competency.text, 110)}*\\\n    {proof}")
            if len(recognised) > MAX_RECOGNISED_SHOWN:
                more = len(recognised) - MAX_RECOGNISED_SHOWN
                lines.append(f"- … et {'une autre tâche' if more == 1 else f'{more} autres tâches'}.")
            text = "\n".join(lines)
        missing = task is not None and task.id not in situation.counted_tasks
        if task is not None and missing and not any(r.task_id == task.id for r in recognised):
            words = self._near_words(situation, task)
            if words:
                text += "\n\n" + self.script.text("replies.near_current", **values, words=words)
            elif task.id in lost:
                text += "\n\n" + self.script.text("replies.no_longer", **values)
            elif not follow_up:
                text += "\n\n" + self.script.text("replies.not_current", **values)
        for task_id in lost:
            if task is None or task_id != task.id:
                gone = self._values(self.referential.task(task_id), situation_id=situation.id)
                text += "\n\n" + self.script.text("replies.no_longer", **gone)
        return text

    def _near_words(self, situation: Situation, task: Task) -> str:
        """The candidate's words that bring the story close to ``task`` without showing it (a score under the
        threshold but not negligible), quoted: so that the candidate knows what to build on. Empty otherwise.

        The dossier keeps only the tasks a story shows, so the story is read again (a few milliseconds)."""
        record = self._read_again(situation).task(task.id)
        if record is None or record.evidenced or record.score < NEAR_SCORE or record.best_evidence is None:
            return ""
        words = near_phrases(record.best_evidence.sentence, record.best_evidence.matched)[:MAX_NEAR_WORDS]
        if not words:
            return ""
        return ", ".join(f"«\u00a0{w}\u00a0»" for w in words)

    # -- plumbing --------------------------------------------------------------------------------------------

    def _values(self, task: Task | None = None, activity: Activity | None = None, **extra: str) -> dict[str, str]:
        candidate = self.dossier.candidate
        certification = self.dossier.certification
        values = {
            "prenom": candidate.prenom,
            "nom": candidate.nom,
            "certification": certification.short_title or certification.title,
            "commands": "\n".join(help_lines()),
        }
        if task is not None:
            activity = activity or self.referential.activity_of(task.id)
            values |= {"task_id": task.id, "task_title": first_line(task.title, 200)}
        elif self.state.task_id is not None:
            current = self.referential.task(self.state.task_id)
            values |= {"task_id": current.id, "task_title": first_line(current.title, 200)}
        if activity is not None:
            values |= {"activity_id": activity.id, "activity_title": first_line(activity.title, 200)}
        return values | extra

    def _require_current(self) -> Task:
        task = self.current_task
        if task is None:  # a pending task question always has a task; this guards hand-edited states
            task = self._next_uncovered(None) or self._tasks[0]
            self.state.task_id = task.id
        return task

    def _ask(
        self,
        kind: str,
        question_id: str,
        text: str,
        *,
        task_id: str | None = None,
        activity_id: str | None = None,
        competency_id: str | None = None,
        remember: str | None = None,
    ) -> None:
        """Say ``text`` and record it as the pending question (``remember``: the part to remind on resume)."""
        self.state.mark_asked(question_id)
        self.state.pending = Pending(
            kind=kind,  # type: ignore[arg-type]
            id=question_id,
            text=remember or text,
            task_id=task_id,
            activity_id=activity_id,
            competency_id=competency_id,
        )
        self._say(text, task_id)

    def _say(self, text: str, task_id: str | None = None) -> None:
        self._out.append((text, task_id, self.state.situation_id))

    def _store_candidate(self, text: str, task_id: str | None, situation_id: str | None) -> None:
        self._candidate = ops.add_message(self.dossier, "candidate", text, task_id=task_id, situation_id=situation_id)

    def _reset_output(self) -> None:
        self._out, self._recognised, self._candidate = [], [], None

    def _turn(self, *, changed: bool, notes: list[str] | None = None) -> Turn:
        """Append what was said to the conversation, persist the state, and hand the turn to the shell."""
        messages = [
            ops.add_message(self.dossier, "assistant", text, task_id=task_id, situation_id=situation_id)
            for text, task_id, situation_id in self._out
        ]
        self.dossier.interview = self.state.model_dump(mode="json")
        self.dossier.touch()
        turn = Turn(
            messages=messages,
            recognised=list(self._recognised),
            task_id=self.state.task_id,
            changed=changed,
            phase=self.state.phase,
            candidate_message=self._candidate,
            notes=notes or [],
        )
        self._reset_output()
        return turn
