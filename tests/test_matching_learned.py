"""The word weights learnt from labelled narratives (``referential/*.learned.json``) and how the matcher uses them."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from vae_assistant.cli import main
from vae_assistant.errors import ReferentialError
from vae_assistant.matching import build_matcher, get_matcher
from vae_assistant.matching.learned import LearnedWeights, learned_path, parse_learned
from vae_assistant.matching.lexicon import lexicon_path, load_lexicon
from vae_assistant.matching.matcher import LEARNED_VIA

DATA = Path(__file__).parent / "data"

STATISTICS = (
    "Depuis deux ans je tiens un tableau des passages à la permanence : qui vient, pour quoi, orienté vers qui. "
    "En fin d'année je compte les passages de 2022, je fais des graphiques et je les présente au conseil "
    "d'administration pour montrer l'évolution des demandes, surtout celles liées au logement. Cette année, "
    "les graphiques ont montré que les demandes des jeunes de moins de vingt-cinq ans avaient doublé depuis la "
    "fermeture du foyer."
)


@pytest.fixture(scope="module")
def lexicon(casp):
    return load_lexicon(lexicon_path(casp), casp)


def _weights(casp, task_id: str, words: dict[str, float], bias: float = -4.0) -> LearnedWeights:
    """Weights that tie ``words`` (read as the matcher reads them) to one task: a stand-in for learnt ones whose
    effect a test can predict."""
    reader = build_matcher(casp)
    weights = {
        key: {task_id: weight} for word, weight in words.items() for key in reader.learning_keys(f"les {word}")
    }
    return LearnedWeights(format=1, referential=casp.id, features="test", biases={task_id: bias}, weights=weights)


def test_a_story_whose_words_the_labelled_corpora_tie_to_a_task_shows_it_with_the_sentence_that_holds_them(
    casp, lexicon
):
    """Counting the visits and drawing graphs for the board is 5.2 (analysing the public's needs); no expression of
    the lexicon says it this way, the labelled stories' words do."""
    without = build_matcher(casp, lexicon).match(STATISTICS).task("5.2")
    assert without is None or not without.evidenced
    learned = _weights(
        casp, "5.2", {"graphiques": 3.0, "compte": 1.5, "évolution": 1.5, "demandes": 1.0, "2022": 3.0, "fin": 0.1}
    )
    task = build_matcher(casp, lexicon, learned).match(STATISTICS).task("5.2")
    assert task is not None and task.evidenced
    evidence = task.best_evidence
    assert evidence.via == LEARNED_VIA and evidence.score == task.score >= 0.5
    assert "graphiques" in evidence.sentence and "graphiques" in evidence.matched
    # Shown: the words that weigh for the task; not a year, nor a word that only leans towards it.
    assert "fin" not in evidence.matched and not any(word.isdigit() for word in evidence.matched)
    assert STATISTICS[evidence.start : evidence.end] == evidence.sentence


def test_an_answer_of_one_sentence_is_read_by_the_lexicon_alone(casp, lexicon):
    """The weights were learnt on whole stories: one sentence tells them too little to overrule the lexicon."""
    answer = "Je l'ai accompagnée à la caisse primaire pour son rendez-vous."
    learned = _weights(casp, "4.2", {"caisse": -5.0, "rendez-vous": -5.0})
    plain = {t.id: t.score for t in build_matcher(casp, lexicon).match(answer).tasks}
    weighed = {t.id: t.score for t in build_matcher(casp, lexicon, learned).match(answer).tasks}
    assert plain == weighed and plain["4.2"] >= 0.5


def test_in_a_whole_story_the_lexicon_alone_must_be_surer_when_the_weights_see_nothing_of_the_task(casp, lexicon):
    """Either alone must be sure, or both fairly so: in a story long enough for the weights to count in full, a
    task whose words the labelled stories never tie to it passes on the lexicon's score from 0.7 instead of 0.5."""
    story = (
        "Madame T. ne savait pas comment faire valoir ses droits à la complémentaire santé solidaire. Je l'ai "
        "accompagnée à la caisse primaire pour son rendez-vous, j'ai expliqué sa situation à l'agent d'accueil et je "
        "suis restée avec elle pendant l'entretien pour qu'elle ose poser ses questions. Elle est repartie avec son "
        "attestation, soulagée, et nous avons rangé ensemble les papiers dans une pochette à son nom."
    )
    alone = build_matcher(casp, lexicon).match(story).task("4.2")
    assert alone is not None and alone.score >= 0.7
    weighed = build_matcher(casp, lexicon, _weights(casp, "4.2", {}, bias=-20.0)).match(story).task("4.2")
    assert weighed is not None and weighed.evidenced
    assert weighed.score == pytest.approx(0.5 + 0.5 * (alone.score - 0.7) / 1.3, abs=0.001)


def test_the_joint_score_is_the_lexicon_s_alone_without_trust_and_half_where_the_sum_reaches_0_7_with_it():
    from vae_assistant.matching.matcher import _joint_score

    sums = [n / 20 for n in range(41)]
    for trust in (0.0, 0.5, 1.0):
        scores = [_joint_score(total, trust) for total in sums if total <= 1 + trust]
        assert scores == sorted(scores) and scores[0] == 0.0 and scores[-1] == pytest.approx(1.0)
    assert all(_joint_score(total, 0.0) == pytest.approx(total) for total in sums if total <= 1)
    assert _joint_score(0.7, 1.0) == pytest.approx(0.5) and _joint_score(0.69, 1.0) < 0.5


def test_a_story_like_the_corpora_s_other_trades_keeps_what_it_shows_under_the_threshold(casp, lexicon):
    """The labelled corpora hold 520 off-topic stories (other trades, former jobs, bare lists): their own
    regression says when a text reads as one of them, and its tasks are then shown, not decided."""
    story = (
        "Madame T. ne savait pas comment faire valoir ses droits à la complémentaire santé solidaire. Je l'ai "
        "accompagnée à la caisse primaire pour son rendez-vous, j'ai expliqué sa situation à l'agent d'accueil et je "
        "suis restée avec elle pendant l'entretien pour qu'elle ose poser ses questions. Elle est repartie avec son "
        "attestation, soulagée, et nous avons rangé ensemble les papiers dans une pochette à son nom."
    )
    plain = _weights(casp, "4.2", {})
    assert build_matcher(casp, lexicon, plain).match(story).task("4.2").evidenced
    reader = build_matcher(casp)
    elsewhere = plain.model_copy(
        update={"other_bias": -1.0, "other_weights": dict.fromkeys(reader.learning_keys("les pochettes"), 4.0)}
    )
    task = build_matcher(casp, lexicon, elsewhere).match(story).task("4.2")
    assert task is not None and not task.evidenced and 0 < task.score < 0.5
    assert build_matcher(casp, lexicon, elsewhere).match(story).evidenced == []


def test_a_former_beneficiary_s_story_proves_nothing_however_much_its_words_weigh(casp, lexicon):
    story = (
        "Quand j'ai perdu mon logement, l'assistante sociale m'a reçue tout de suite. Elle m'a aidée à remplir "
        "le dossier de logement d'urgence et elle a appelé le 115 pour moi. Elle m'a orientée vers une association "
        "qui m'a trouvé une chambre, et elle a fait le point avec moi chaque semaine pendant trois mois."
    )
    learned = _weights(casp, "2.3", {"appelé": 4.0, "115": 4.0, "association": 2.0}, bias=0.0)
    assert build_matcher(casp, lexicon, learned).match(story).evidenced == []


def test_the_shipped_weights_were_learnt_from_every_corpus_of_tests_data_as_it_is_now(casp):
    """A corpus added, corrected or removed without learning again (make learn) leaves weights that no longer say
    what the corpora say; the file records what it was learnt from."""
    path = learned_path(casp)
    assert path is not None and path.parent.name == "referential"
    learned = parse_learned(path.read_text(encoding="utf-8"), str(path))
    recorded = {c.path: c.sha256 for c in learned.trained_on}
    on_disk = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(DATA.glob("matching_validation*.jsonl"))
    }
    assert recorded == on_disk
    assert "dev.jsonl" not in recorded  # the development corpus measures; it is never learnt from
    assert {t.id for t in casp.tasks} == set(learned.biases)
    assert learned.other_bias is not None and learned.other_weights  # the off-topic stories' own regression


def test_the_matcher_s_fingerprint_changes_with_its_weights_so_dossiers_match_again(casp, lexicon):
    one = build_matcher(casp, lexicon, _weights(casp, "5.2", {"graphiques": 3.0}))
    other = build_matcher(casp, lexicon, _weights(casp, "5.2", {"graphiques": 2.0}))
    assert one.fingerprint != other.fingerprint != build_matcher(casp, lexicon).fingerprint


def test_broken_weights_in_the_user_folder_are_a_french_error_and_exit_code_2(casp, isolated_home, capsys):
    folder = isolated_home / "referentials"
    folder.mkdir()
    weights = folder / "casp-rncp7426.learned.json"
    weights.write_text('{"format": 1, "referential": "casp-rncp7426", "biases": {', encoding="utf-8")
    with pytest.raises(ReferentialError, match="Poids appris illisibles"):
        get_matcher(casp)
    assert main(["match", "Je l'ai orientée vers le CCAS."]) == 2
    err = capsys.readouterr().err
    assert "Poids appris illisibles" in err and str(weights) in err and "Traceback" not in err
    assert "Supprimez ou remplacez ce fichier" in err  # the user's own copy: removing it brings the shipped one back

    weights.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(ReferentialError, match=r"n'est pas un fichier texte \(UTF-8\)"):
        get_matcher(casp)
    weights.write_text('{"format": 2, "referential": "casp-rncp7426", "biases": {}, "weights": {}}', encoding="utf-8")
    with pytest.raises(ReferentialError, match=r"champ « format » : valeur 2 non permise"):
        get_matcher(casp)
    weights.write_text('{"format": 1, "referential": "casp-rncp7426", "features": "x", "biases": {"1.1": "beaucoup"}, '
                       '"weights": {}}', encoding="utf-8")
    with pytest.raises(ReferentialError, match=r"champ « biases.1.1 » : doit être un nombre"):
        get_matcher(casp)

    content = {"format": 1, "referential": "casp-rncp7426", "features": "x", "biases": {"9.9": 0.0}, "weights": {}}
    weights.write_text(json.dumps(content), encoding="utf-8")
    with pytest.raises(ReferentialError, match=r"tâche\(s\) inconnue\(s\) : 9\.9"):
        get_matcher(casp)
    content["weights"] = {"accueillir": {"1.1": 0.5}}
    weights.write_text(json.dumps(content), encoding="utf-8")
    with pytest.raises(ReferentialError, match=r"tâche\(s\) sans biais dans « weights » : 1\.1"):
        get_matcher(casp)
    content["weights"], content["referential"] = {}, "autre"
    weights.write_text(json.dumps(content), encoding="utf-8")
    with pytest.raises(ReferentialError, match="écrit pour « autre »"):
        get_matcher(casp)


def test_make_eval_says_which_corpora_the_weights_were_learnt_from_so_their_figures_are_not_read_as_a_measure(
    capsys,
) -> None:
    from vae_assistant.matching.evaluate import main as evaluate

    assert evaluate([str(DATA / "matching_validation45.jsonl"), str(DATA / "matching_stories.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "Remarque : les poids appris l'ont été sur matching_validation45.jsonl :" in out
    remark = next(line for line in out.splitlines() if line.startswith("Remarque"))
    assert "matching_stories.jsonl" not in remark  # our own stories are not learnt from


def test_the_weights_file_written_by_make_learn_reads_back_the_same_with_one_line_per_word(casp) -> None:
    """make learn needs scikit-learn, which CI does not install; what it writes is tested here."""
    from vae_assistant.matching.learn import render

    learned = _weights(casp, "5.2", {"graphiques": 3.0, "évolution": -1.25}, bias=-2.5).model_copy(
        update={"other_bias": -3.0, "other_weights": {"hotel": 2.5, "client": 1.0}}
    )
    text = render(learned)
    back = parse_learned(text, "test")
    assert back.model_dump() == learned.model_dump()
    lines = text.splitlines()
    assert sum(1 for line in lines if line.startswith('  "graphique')) == 1 and lines[-1] == "}"
