"""The matcher: from a candidate's own words to the tasks and competencies they prove, with the sentences.

Public API (other modules code against it)::

    from vae_assistant.matching import get_matcher, match_text
    report = get_matcher(referential).match(text)     # MatchReport, see matching.types
    report = match_text(referential, text)

A matcher is built once per referential (with its lexicon and learned weights, when they exist) and cached:
building it lemmatises the whole referential.
"""

from __future__ import annotations

import threading
from pathlib import Path

from vae_assistant.matching.index import build_index
from vae_assistant.matching.learned import LearnedScorer, LearnedWeights, learned_path, load_learned
from vae_assistant.matching.lexicon import Lexicon, lexicon_path, load_lexicon
from vae_assistant.matching.matcher import THRESHOLD, Matcher
from vae_assistant.matching.types import CompetencyMatch, Evidence, MatchReport, TaskMatch
from vae_assistant.referential.model import Referential

MATCHER_VERSION = "24"
"""Bump when the matching rules change, so that dossiers re-match their situations."""

_cache: dict[tuple[str, str, str, str], Matcher] = {}
_lock = threading.Lock()


def report_fingerprint(
    referential: Referential, lexicon: Lexicon | None, learned: LearnedWeights | None = None
) -> str:
    """Referential fingerprint + matcher version (+ lexicon and learned weights digests): any change marks stored
    matches stale."""
    lexicon_part = f"+lexicon:{lexicon.digest}" if lexicon is not None else ""
    learned_part = f"+learned:{learned.digest}" if learned is not None else ""
    return f"{referential.fingerprint}+matcher:{MATCHER_VERSION}{lexicon_part}{learned_part}"


def build_matcher(
    referential: Referential, lexicon: Lexicon | None = None, learned: LearnedWeights | None = None
) -> Matcher:
    """A new matcher for ``referential`` with an explicit lexicon and learned weights (or none): for tests and
    evaluation."""
    index = build_index(referential, lexicon)
    scorer = LearnedScorer.from_weights(learned) if learned is not None else None
    return Matcher(referential.id, report_fingerprint(referential, lexicon, learned), index,
                   [t.id for t in referential.tasks], scorer)


def _file_state(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        stat = path.stat()
    except OSError:
        return ""
    return f"{path}:{stat.st_mtime_ns}:{stat.st_size}"


def get_matcher(referential: Referential) -> Matcher:
    """The matcher of ``referential``, with its lexicon and learned weights if they are found; cached until one of
    them changes."""
    path = lexicon_path(referential)
    weights_path = learned_path(referential)
    key = (referential.fingerprint, referential.id, _file_state(path), _file_state(weights_path))
    with _lock:
        matcher = _cache.get(key)
        if matcher is None:
            lexicon = load_lexicon(path, referential) if path is not None else None
            learned = load_learned(weights_path, referential) if weights_path is not None else None
            matcher = build_matcher(referential, lexicon, learned)
            _cache[key] = matcher
        return matcher


def match_text(referential: Referential, text: str) -> MatchReport:
    """Read ``text`` against ``referential``: every task with a score, best first, evidenced ones marked."""
    return get_matcher(referential).match(text)


__all__ = [
    "MATCHER_VERSION",
    "THRESHOLD",
    "CompetencyMatch",
    "Evidence",
    "MatchReport",
    "Matcher",
    "TaskMatch",
    "build_matcher",
    "get_matcher",
    "match_text",
]
