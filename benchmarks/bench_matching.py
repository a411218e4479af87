"""The matcher: index build, one 700-word narrative, the whole dev corpus, peak memory.

Targets from issue 3, on this 2-core machine: index ≤ 300 ms, one narrative ≤ 15 ms, corpus ≤ 2 s. The index is
rebuilt from scratch each time (``build_matcher`` bypasses the cache; simplemma's own dictionary stays loaded, as
it does in a running program). The narrative is written for the benchmark, varied so that sentences differ.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from common import Result, median_ms, peak_mb

from vae_assistant.matching import build_matcher, get_matcher
from vae_assistant.matching import index as index_module
from vae_assistant.matching import normalize as normalize_module
from vae_assistant.matching.learned import learned_path, load_learned
from vae_assistant.matching.lexicon import lexicon_path, load_lexicon
from vae_assistant.referential import resolve

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev.jsonl"

_SENTENCES = [
    "Le lundi matin, je tiens la permanence d'accueil de l'association avec une collègue bénévole.",
    "Une dame est arrivée sans rendez-vous, inquiète, avec un courrier de la CAF qu'elle ne comprenait pas.",
    "Je l'ai installée dans le petit bureau, porte fermée, et je lui ai demandé ce qui l'amenait.",
    "Elle m'a expliqué que ses allocations avaient été suspendues depuis deux mois.",
    "Nous avons regardé ensemble son espace en ligne et il manquait une déclaration trimestrielle.",
    "Je lui ai montré comment se connecter et où cliquer pour remplir la déclaration.",
    "Comme elle avait aussi des dettes de loyer, j'ai appelé l'assistante sociale du secteur pour passer le relais.",
    "Je lui ai donné les coordonnées du point d'accès au droit pour la question de son bail.",
    "Le jeudi, j'anime un atelier sur la recherche d'emploi pour un petit groupe de jeunes de la mission locale.",
    "Je prépare le déroulé, les supports et je fais un tour de table au début de chaque séance.",
    "En réunion d'équipe, je présente les situations difficiles pour que nous décidions ensemble.",
    "Chaque fin de mois, je remplis le tableau de suivi des passages pour le rapport d'activité.",
]


def narrative(words: int = 700) -> str:
    parts: list[str] = []
    n = 0
    while sum(len(p.split()) for p in parts) < words:
        parts.append(_SENTENCES[n % len(_SENTENCES)])
        n += 1
    return " ".join(parts)


def _first_build(referential, lexicon, learned) -> None:
    """A build as the first one of a program: the caches of expressions, word runs and word readings emptied (they
    only spare later builds); the lemmatiser's own caches stay, as they fill with any text. The lexicon and the
    learned weights are read before, as files (7 ms for the weights)."""
    index_module.expression_pattern.cache_clear()
    index_module.expression_words.cache_clear()
    normalize_module.lexicon_words.cache_clear()
    normalize_module._context_may_change.cache_clear()
    normalize_module._plain_reading.cache_clear()
    normalize_module._pieces.cache_clear()
    index_module._slot_key.cache_clear()
    build_matcher(referential, lexicon, learned)


def run() -> list[Result]:
    referential = resolve("casp-rncp7426").referential
    path = lexicon_path(referential)
    lexicon = load_lexicon(path, referential) if path else None
    weights = learned_path(referential)
    learned = load_learned(weights, referential) if weights else None
    build_matcher(referential, lexicon)  # loads simplemma's dictionary once, as a running program has
    build = median_ms(lambda: _first_build(referential, lexicon, learned), repeat=7)
    matcher = get_matcher(referential)
    text = narrative()
    one = median_ms(lambda: matcher.match(text), repeat=31)
    results = [
        Result("matching: index build (CASP + lexicon + learned weights)", build, "ms", 300),
        Result("matching: 700-word narrative (median)", one, "ms", 15),
    ]
    if CORPUS.is_file():
        texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
        start = time.perf_counter()
        fresh = build_matcher(referential, lexicon, load_learned(weights, referential) if weights else None)
        for t in texts:
            fresh.match(t)
        results.append(Result(f"matching: dev corpus ({len(texts)} texts, index included)",
                              (time.perf_counter() - start) * 1000, "ms", 2000))
    # A referential without a lexicon reads words by family too (one more posting lookup per word).
    plain = build_matcher(resolve("casp-rncp36625").referential)
    results.append(Result("matching: 700-word narrative, referential without lexicon (median)",
                          median_ms(lambda: plain.match(text), repeat=31), "ms", 15))
    results.append(Result("matching: peak memory, build + match", peak_mb(
        lambda: build_matcher(referential, lexicon, load_learned(weights, referential) if weights else None).match(text)
    ), "MB"))
    return results
