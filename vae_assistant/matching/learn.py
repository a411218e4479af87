"""``make learn``: learn a referential's word weights from labelled corpora, and measure them on corpora they never saw.

Usage: ``python -m vae_assistant.matching.learn CORPUS.jsonl [CORPUS.jsonl …] [--referential REF] [--output FILE]
[--cross] [--check CORPUS.jsonl …]``.

Each corpus is a file of labelled narratives (format of ``../shared/eval/README.md``). One logistic regression per
task, over the content words the matcher reads in a whole text (present or not), gives one weight per word; weights
smaller than ``PRUNE`` are dropped (they change no decision and would make the file three times larger).

``--cross`` measures what the weights are worth on a corpus written by other hands: each corpus in turn is left out,
the weights are learnt on the others, and the matcher (lexicon + those weights) reads the corpus left out. ``--check``
corpora are never learnt from, only read by the final weights, beside the matcher without weights: the development
corpus must stay one of them (it is what the matcher was built on, not what it learns from).

scikit-learn is needed here only (``pip install -e '.[learn]'``); the assistant itself reads the weights as JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from vae_assistant.errors import VaeError
from vae_assistant.matching import build_matcher, lexicon_path, load_lexicon
from vae_assistant.matching.evaluate import Item, Ranked, Scores, load_corpus, matcher_ranking, score
from vae_assistant.matching.learned import LEARNED_SUFFIX, LearnedWeights, TrainingCorpus
from vae_assistant.matching.matcher import THRESHOLD, Matcher
from vae_assistant.paths import shipped_referential_dir
from vae_assistant.referential import resolve
from vae_assistant.referential.model import Referential

REGULARISATION = 0.3
"""scikit-learn's C (inverse L2 strength): 0.1, 0.3 and 1 were tried, leaving each corpus out, within 0.005 F1."""
PRUNE = 0.05
MIN_POSITIVES = 3  # a task told in fewer texts gets no weights: its regression would learn the texts by heart
FEATURES = "mots pleins du texte entier, tels que le matcher les lit (Matcher.learning_keys), présents ou non"


def _sklearn():  # type: ignore[no-untyped-def]
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        print("Erreur : apprendre les poids demande scikit-learn : .venv/bin/pip install -e '.[learn]' "
              "(ou make learn).", file=sys.stderr)
        raise SystemExit(2) from None
    return DictVectorizer, LogisticRegression


def learn(
    items: Sequence[Item], keys: dict[str, set[str]], referential: Referential, corpora: list[TrainingCorpus]
) -> LearnedWeights:
    """Weights for every task of ``referential`` told in at least ``MIN_POSITIVES`` of ``items``."""
    dict_vectorizer, logistic_regression = _sklearn()
    vectorizer = dict_vectorizer()
    matrix = vectorizer.fit_transform([dict.fromkeys(keys[item.id], 1.0) for item in items])
    names = vectorizer.get_feature_names_out()
    biases: dict[str, float] = {}
    weights: dict[str, dict[str, float]] = {}
    for task in referential.tasks:
        labels = [task.id in item.gold for item in items]
        if sum(labels) < MIN_POSITIVES:
            continue
        model = logistic_regression(C=REGULARISATION, max_iter=5000)
        model.fit(matrix, labels)
        biases[task.id] = round(float(model.intercept_[0]), 4)
        for name, weight in zip(names, model.coef_[0], strict=True):
            if abs(weight) >= PRUNE:
                weights.setdefault(str(name), {})[task.id] = round(float(weight), 4)
    other = logistic_regression(C=REGULARISATION, max_iter=5000)
    other.fit(matrix, [item.kind == "offtopic" for item in items])
    other_weights = {
        str(name): round(float(w), 4) for name, w in zip(names, other.coef_[0], strict=True) if abs(w) >= PRUNE
    }
    return LearnedWeights(
        format=1,
        referential=referential.id,
        features=FEATURES,
        settings={"C": REGULARISATION, "prune": PRUNE, "min_positives": MIN_POSITIVES, "learner": "logistic L2"},
        trained_on=corpora,
        biases=biases,
        weights=dict(sorted(weights.items())),
        other_bias=round(float(other.intercept_[0]), 4),
        other_weights=dict(sorted(other_weights.items())),
    )


def render(learned: LearnedWeights) -> str:
    """The file's text: its settings and sources indented, then one line per word (a diff shows which words moved)."""
    data = learned.model_dump()
    weights, other = data.pop("weights"), data.pop("other_weights")
    head = json.dumps(data, ensure_ascii=False, indent=1)
    rows = ",\n".join(f"  {json.dumps(w, ensure_ascii=False)}: {json.dumps(r)}" for w, r in weights.items())
    others = ",\n".join(f"  {json.dumps(w, ensure_ascii=False)}: {json.dumps(r)}" for w, r in other.items())
    return head[:-2] + ',\n "weights": {\n' + rows + '\n },\n "other_weights": {\n' + others + "\n }\n}\n"


def corpus_record(path: Path, texts: int) -> TrainingCorpus:
    return TrainingCorpus(path=path.name, sha256=hashlib.sha256(path.read_bytes()).hexdigest(), texts=texts)


def _line(title: str, scores: Scores) -> str:
    return (f"  {title:34} F1 {scores.f1:.3f}  P {scores.precision:.3f}  R {scores.recall:.3f}  "
            f"hors sujet {scores.offtopic_flags}")


def _scores(rankings: dict[str, Ranked], items: Sequence[Item]) -> Scores:
    """The figures of ``items`` from rankings already made (a corpus left out is read by its own matcher)."""
    return score(items, lambda item: rankings[item.id], THRESHOLD)["all"]


def _rank(matcher: Matcher, items: Sequence[Item], into: dict[str, Ranked]) -> dict[str, Ranked]:
    ranking = matcher_ranking(matcher)
    into.update((item.id, ranking(item)) for item in items)
    return into


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vae_assistant.matching.learn")
    parser.add_argument("corpus", type=Path, nargs="+", help="corpus annotés dont apprendre")
    parser.add_argument("--referential", default=None, help="référentiel (par défaut : CASP)")
    parser.add_argument("--output", type=Path, default=None, help="fichier des poids (par défaut : celui livré)")
    parser.add_argument("--cross", action="store_true", help="mesurer en laissant chaque corpus de côté")
    parser.add_argument("--check", type=Path, nargs="*", default=[], help="corpus seulement mesurés")
    args = parser.parse_args(argv)
    try:
        referential = resolve(args.referential).referential
        path = lexicon_path(referential)
        lexicon = load_lexicon(path, referential) if path is not None else None
        corpora = [(p, load_corpus(p)) for p in args.corpus]
        checks = [(p, load_corpus(p)) for p in args.check]
    except VaeError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return error.exit_code
    plain = build_matcher(referential, lexicon)
    keys = {item.id: plain.learning_keys(item.text) for _, items in corpora for item in items}
    everything = [item for _, items in corpora for item in items]
    if args.cross:
        print("Chaque corpus laissé de côté, lu avec des poids appris sur les autres :")
        without = _rank(plain, everything, {})
        with_weights: dict[str, Ranked] = {}
        for n, (p, items) in enumerate(corpora):
            rest = [item for m, (_, its) in enumerate(corpora) if m != n for item in its]
            _rank(build_matcher(referential, lexicon, learn(rest, keys, referential, [])), items, with_weights)
            print(f"  {p.name}: sans {_line('', _scores(without, items)).strip()} | "
                  f"avec {_line('', _scores(with_weights, items)).strip()}")
        print(_line("tous, sans poids appris", _scores(without, everything)))
        print(_line("tous, poids appris sur les autres", _scores(with_weights, everything)))
    learned = learn(everything, keys, referential, [corpus_record(p, len(items)) for p, items in corpora])
    output = args.output or shipped_referential_dir() / (referential.id + LEARNED_SUFFIX)
    temporary = output.with_name(output.name + f".{os.getpid()}.tmp")
    temporary.write_text(render(learned), encoding="utf-8")
    temporary.replace(output)
    weights = sum(len(row) for row in learned.weights.values())
    print(f"Poids appris pour {len(learned.biases)} tâches ({weights} poids sur {len(learned.weights)} mots, "
          f"{len(everything)} récits) : {output}")
    final = build_matcher(referential, lexicon, learned)
    for p, items in checks:
        print(f"{p.name} (jamais appris) :")
        print(_line("sans poids appris", _scores(_rank(plain, items, {}), items)))
        print(_line("avec les poids appris", _scores(_rank(final, items, {}), items)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
