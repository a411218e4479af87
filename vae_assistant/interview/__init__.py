"""The interview engine: a UI-free state machine that asks the candidate, task by task, for concrete situations.

The questions are data (``prompts/*.yaml``, see :mod:`vae_assistant.interview.script`); the engine
(:mod:`vae_assistant.interview.engine`) stores answers in the dossier, runs the matcher, says what each answer
proved and asks one follow-up about what is still missing. Shells call :meth:`Interview.handle` with what the
candidate typed and save the dossier after each :class:`Turn` that changed it.
"""

from vae_assistant.interview.commands import COMMANDS, Command, help_lines, parse_command
from vae_assistant.interview.engine import (
    AssistantMessage,
    Interview,
    RecognisedCompetency,
    Recognition,
    Turn,
)
from vae_assistant.interview.script import Script, ScriptError, load_script, user_prompts_dir
from vae_assistant.interview.state import InterviewState, Pending

__all__ = [
    "COMMANDS",
    "AssistantMessage",
    "Command",
    "Interview",
    "InterviewState",
    "Pending",
    "RecognisedCompetency",
    "Recognition",
    "Script",
    "ScriptError",
    "Turn",
    "help_lines",
    "load_script",
    "parse_command",
    "user_prompts_dir",
]
