"""``make eval``: how well the matcher finds the gold tasks of a labelled corpus, beside a naive baseline.

Usage: ``python -m vae_assistant.matching.evaluate CORPUS.jsonl [CORPUS.jsonl …] [--referential REF] [--errors]``.
Several corpora are scored one after the other, in one run: the development corpus, our own stories and the
validation corpus written apart — a change that helps the first but not the others is overfitting.
The corpus format is described in ``../shared/eval/README.md`` (id, text, gold_tasks, kind). Figures: micro
precision, recall and F1 over (text, task) pairs, the same per ``kind``, tasks flagged on ``offtopic`` texts, and
recall@3 (gold tasks among the three best-scored tasks of their text). The baseline is rapidfuzz
``token_set_ratio`` between the whole text and each task's text (title and competencies), with its threshold
tuned on the same corpus — an optimistic baseline, as the matcher's own constants were also set on it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, utils

from vae_assistant.errors import VaeError
from vae_assistant.referential import resolve
from vae_assistant.referential.model import Referential

if TYPE_CHECKING:
    from vae_assistant.matching.matcher import Matcher

Ranked = list[tuple[str, float, bool | None]]
"""Task ids with their scores, best first, and the ranker's own decision (None: decide by the threshold)."""


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    gold: frozenset[str]
    kind: str


@dataclass
class Scores:
    """Counts over (text, task) pairs, from which the figures are derived."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    at3: int = 0
    gold: int = 0
    top3_gold: int = 0
    offtopic_flags: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def recall_at_3(self) -> float:
        return self.at3 / self.gold if self.gold else 0.0

    @property
    def recall_at_3_reachable(self) -> float:
        """Gold tasks among the three best over what three places can hold (min(3, gold) per text).

        A long text with six gold tasks can put at most three of them in its top three, so the plain figure
        cannot reach 1 on long texts; this one can.
        """
        return self.at3 / self.top3_gold if self.top3_gold else 0.0


def load_corpus(path: Path) -> list[Item]:
    """The corpus items; a missing or malformed file is a French error (exit 2), not a traceback."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise VaeError(f"Corpus illisible : {path} ({exc.__class__.__name__}).") from None
    items = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            items.append(Item(str(row["id"]), str(row["text"]), frozenset(row.get("gold_tasks", [])),
                              str(row.get("kind", "?"))))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise VaeError(f"Corpus invalide : {path}, ligne {number} ({exc.__class__.__name__}).") from None
    return items


def score(items: Sequence[Item], ranked: Callable[[Item], Ranked], threshold: float) -> dict[str, Scores]:
    """Scores overall ("all") and per kind, for a ranking function and a decision threshold."""
    out: dict[str, Scores] = defaultdict(Scores)
    for item in items:
        ranking = ranked(item)
        flagged = {tid for tid, s, decided in ranking if (s >= threshold if decided is None else decided)}
        top3 = {tid for tid, _, _ in ranking[:3]}
        for bucket in (out["all"], out[item.kind]):
            bucket.tp += len(flagged & item.gold)
            bucket.fp += len(flagged - item.gold)
            bucket.fn += len(item.gold - flagged)
            bucket.gold += len(item.gold)
            bucket.top3_gold += min(3, len(item.gold))
            bucket.at3 += len(item.gold & top3)
            if item.kind == "offtopic":
                bucket.offtopic_flags += len(flagged)
        if flagged != item.gold:
            extra = ", ".join(sorted(flagged - item.gold)) or "-"
            missed = ", ".join(sorted(item.gold - flagged)) or "-"
            out["all"].errors.append(f"{item.id} ({item.kind}): faux positifs {extra} ; manqués {missed}")
    return dict(out)


def matcher_ranking(source: Referential | Matcher) -> Callable[[Item], Ranked]:
    """How a matcher ranks a text's tasks: the referential's own (lexicon and learned weights), or one given."""
    from vae_assistant.matching import get_matcher

    matcher = get_matcher(source) if isinstance(source, Referential) else source
    return lambda item: [(t.id, t.score, t.evidenced) for t in matcher.match(item.text).tasks]


def baseline_ranking(referential: Referential) -> Callable[[Item], Ranked]:
    """rapidfuzz token_set_ratio between the whole text and each task's text (title + competencies)."""
    tasks = [(t.id, utils.default_process(t.title + " " + " ".join(c.text for c in t.competencies)))
             for t in referential.tasks]

    def ranked(item: Item) -> Ranked:
        text = utils.default_process(item.text)
        scores: Ranked = [(tid, fuzz.token_set_ratio(text, task_text) / 100, None) for tid, task_text in tasks]
        return sorted(scores, key=lambda pair: -pair[1])

    return ranked


def tune_threshold(items: Sequence[Item], ranked: Callable[[Item], Ranked]) -> float:
    """The threshold that maximises micro-F1 on ``items`` (for the baseline: the optimistic reading)."""
    cache = {item.id: ranked(item) for item in items}
    candidates = sorted({round(s, 3) for r in cache.values() for _, s, _ in r} | {1.01})
    best = max(candidates, key=lambda th: score(items, lambda it: cache[it.id], th)["all"].f1)
    return best


def format_scores(title: str, results: dict[str, Scores], threshold: float) -> str:
    lines = [f"{title} (seuil {threshold:.2f})",
             f"  {'':10} {'P':>6} {'R':>6} {'F1':>6} {'R@3':>6} {'R@3*':>6} {'n':>4}"]
    order = ["all", *sorted(k for k in results if k != "all")]
    for kind in order:
        s = results[kind]
        lines.append(f"  {kind:10} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.recall_at_3:6.3f} "
                     f"{s.recall_at_3_reachable:6.3f} {s.gold:4d}")
    lines.append(f"  tâches signalées sur les textes hors sujet : {results['all'].offtopic_flags}")
    lines.append("  R@3* : tâches attendues parmi les trois premières, rapporté à min(3, attendues) par texte")
    return "\n".join(lines)


def report(
    path: Path, items: Sequence[Item], referential: Referential, show_errors: bool
) -> tuple[str, Scores]:
    """The figures of one corpus: the matcher's, then the naive baseline's (threshold tuned on the corpus); and
    the matcher's overall scores, for the summary."""
    from vae_assistant.matching import THRESHOLD

    matcher_results = score(items, matcher_ranking(referential), THRESHOLD)
    baseline = baseline_ranking(referential)
    threshold = tune_threshold(items, baseline)
    parts = [
        f"Corpus : {path} ({len(items)} textes), référentiel {referential.id}\n",
        format_scores("Matcher", matcher_results, THRESHOLD),
        "",
        format_scores("Référence naïve : token_set_ratio texte entier / tâche", score(items, baseline, threshold),
                      threshold),
    ]
    if show_errors:
        parts += ["\nErreurs du matcher :", "\n".join("  " + e for e in matcher_results["all"].errors)]
    return "\n".join(parts), matcher_results["all"]


def summary(overall: Sequence[tuple[Path, Scores]]) -> str:
    """One line per corpus, the first one (the development corpus) last, so that the end of the output says it."""
    from vae_assistant.matching import THRESHOLD

    lines = [f"Résumé du matcher (seuil {THRESHOLD:.2f})"]
    for path, s in [*overall[1:], overall[0]]:
        lines.append(f"  {path.name:28} F1 {s.f1:.3f}  P {s.precision:.3f}  R {s.recall:.3f}  "
                     f"R@3* {s.recall_at_3_reachable:.3f}  hors sujet {s.offtopic_flags}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vae_assistant.matching.evaluate")
    parser.add_argument("corpus", type=Path, nargs="+")
    parser.add_argument("--referential", default=None, help="référentiel (par défaut : CASP)")
    parser.add_argument("--errors", action="store_true", help="lister les textes mal lus")
    args = parser.parse_args(argv)
    try:
        referential = resolve(args.referential).referential
        corpora = [(path, load_corpus(path)) for path in args.corpus]
    except VaeError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return error.exit_code
    reports = [(path, *report(path, items, referential, args.errors)) for path, items in corpora]
    print(("\n\n" + "=" * 72 + "\n\n").join(text for _, text, _ in reports))
    learnt = _learnt_from(referential, [path for path, _ in corpora])
    if learnt:  # before the summary, whose last line stays the first corpus (dev) for a quick look with tail
        print(f"\nRemarque : les poids appris l'ont été sur {', '.join(learnt)} : leurs chiffres ici disent comment les"
              " poids les ont appris, pas ce qu'ils valent sur des textes jamais vus (make learn le mesure, chaque"
              " corpus laissé de côté tour à tour).")
    if len(reports) > 1:
        print("\n" + "=" * 72 + "\n\n" + summary([(path, overall) for path, _, overall in reports]))
    return 0


def _learnt_from(referential: Referential, paths: Sequence[Path]) -> list[str]:
    """The corpora among ``paths`` that the referential's learned weights were learnt from (same file, same
    content): their figures are a fit, not a measure."""
    from vae_assistant.matching.learned import learned_path, load_learned

    weights = learned_path(referential)
    if weights is None:
        return []
    try:
        recorded = {c.sha256 for c in load_learned(weights, referential).trained_on}
    except VaeError:
        return []
    return [p.name for p in paths if hashlib.sha256(p.read_bytes()).hexdigest() in recorded]


if __name__ == "__main__":
    raise SystemExit(main())
