"""The matcher, told as candidates' stories: their own words find the tasks they prove, with the sentence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vae_assistant.errors import ReferentialError
from vae_assistant.matching import MATCHER_VERSION, get_matcher, match_text
from vae_assistant.matching.normalize import Vocabulary, content_tokens, fold, split_words, surface_forms
from vae_assistant.matching.segment import split_sentences
from vae_assistant.referential import resolve

SHARED = Path(__file__).resolve().parents[2] / "shared"


def evidenced(referential, text: str) -> list[str]:
    return [t.id for t in match_text(referential, text).evidenced]


# -- normalisation and segmentation ----------------------------------------------------------------------------


def test_pasted_word_apostrophes_and_elisions_give_the_same_words_as_typed_ones():
    typed = [t.key for t in content_tokens("J'ai reçu l'usager qu'on m'a adressé")]
    pasted = [t.key for t in content_tokens("J’ai reçu l’usager qu’on m’a adressé")]
    assert typed == pasted
    assert "usager" in typed and "recevoir" in typed
    glued = [t.key for t in content_tokens("Jai reçu lusager quon ma adressé")]
    assert {"recevoir", "usager", "adresser"} <= set(glued)
    assert [w.surface for w in split_words("la lune, une demande, Sarah")] == ["la", "lune", "une", "demande", "Sarah"]


def test_rendez_vous_stays_one_word_and_other_hyphenated_words_split():
    words = [w.surface for w in split_words("un rendez-vous avec l'assistante-sociale")]
    assert "rendez-vous" in words and "rend" not in words
    assert "assistante" in words and "sociale" in words


def test_accents_are_folded_after_lemmatising():
    assert fold("Élaborer Médiation") == "elaborer mediation"
    assert [t.key for t in content_tokens("démarches")] == ["demarche"]


def test_a_pronoun_after_a_preposition_is_no_subject_so_the_noun_after_it_stays_a_noun(casp):
    """« rempli avec elle la demande » read « elle la demande » as « she asks for it », and the form was lost."""
    keys = [t.key for t in content_tokens("J'ai rempli avec elle la demande d'aide juridictionnelle.")]
    assert "demande" in keys and "demander" not in keys
    assert [t.key for t in content_tokens("Elle la demande depuis des mois.")] == ["demander", "mois"]
    assert "3.7" in evidenced(casp, "Ensuite j'ai rempli avec elle la demande d'aide juridictionnelle.")


def test_a_typo_is_repaired_against_the_index_but_a_real_word_is_never_changed():
    vocabulary = Vocabulary(surface_forms(["Accueil physique", "formation", "planning"]))
    assert vocabulary.key("acceuil") == ("accueil", True)
    assert vocabulary.key("planing")[0] == "planning"
    assert vocabulary.key("information") == ("information", False)  # not "formation"
    assert Vocabulary(surface_forms(["réinsertion"])).key("désinsertion")[0] != "reinsertion"


def test_an_anonymised_name_does_not_end_the_sentence(casp):
    text = "Je suis allée avec Monsieur B. à son premier rendez-vous chez l'employeur."
    assert [s.text for s in split_sentences(text)] == [text]
    assert "4.2" in evidenced(casp, text)


def test_the_trade_s_abbreviations_read_as_what_they_stand_for_and_the_verb_as_stays_a_verb(casp):
    assert "2.3" in evidenced(casp, "Jai pris rdv pour elle avec l'AS de secteur.")
    vocabulary = get_matcher(casp).index.vocabulary
    social_worker = content_tokens("J'ai appelé l'AS.", vocabulary, keep_stop=True)
    assert [t.key for t in social_worker][-2:] == ["assistant", "social"]
    assert {t.surface for t in social_worker[-2:]} == {"AS"}
    assert "assistant" not in [t.key for t in content_tokens("Tu as appelé.", vocabulary, keep_stop=True)]


def test_a_candidate_s_shorthand_notes_read_as_the_words_they_shorten(casp):
    shorthand = [
        "J'ai pris un RV pour lui avec la ML.",
        "Chaque semaine j'anime la réu d'info collective des inscrits.",
        "tél à la conseillère FT pr lui expliquer la situ du bénef",
        "donné num et coord de l'ADIL pr son pb de logt",
    ]
    written = [
        "J'ai pris un rendez-vous pour lui avec la mission locale.",
        "Chaque semaine j'anime la réunion d'information collective des inscrits.",
        "téléphoné à la conseillère France Travail pour lui expliquer la situation du bénéficiaire",
        "donné numéro et coordonnées de l'ADIL pour son problème de logement",
    ]
    for short, full in zip(shorthand, written, strict=True):
        assert evidenced(casp, short) == evidenced(casp, full) != []
    vocabulary = get_matcher(casp).index.vocabulary
    assert [t.key for t in content_tokens("l'éduc", vocabulary)] == ["educateur"]
    assert [t.key for t in content_tokens("les ordis", vocabulary)] == ["ordinateur"]


def test_a_candidate_who_types_without_accents_or_apostrophes_is_read_as_one_who_does(casp):
    typed = (
        "J'ai mené l'entretien dans un bureau fermé pour que personne n'entende. Je lui ai présenté les missions de "
        "notre structure et ce que nous pouvions faire pour elle. Chaque matin, je vérifiais que les ordinateurs du "
        "libre accès marchaient."
    )
    bare = (
        "jai mene lentretien dans un bureau ferme pour que personne nentende. je lui ai presente les missions de "
        "notre structure et ce que nous pouvions faire pour elle. chaque matin je verifiais que les ordinateurs du "
        "libre acces marchaient."
    )
    assert set(evidenced(casp, typed)) >= {"1.2", "1.4"}
    assert set(evidenced(casp, bare)) == set(evidenced(casp, typed))


def test_the_administrative_passive_tells_the_writer_s_own_acts(casp):
    """« Mme L. a été orientée par mes soins vers le CCAS » is her orientation, not someone else's (« orientée par le
    SIAO »); « le monsieur a été accompagné jusqu'à l'agence » is not a beneficiary's « j'ai été accompagnée »."""
    assert "2.2" in evidenced(casp, "Madame L. a été orientée par mes soins vers le CCAS.")
    assert "2.2" not in evidenced(casp, "Madame L., orientée par le SIAO, est arrivée lundi avec ses enfants.")
    assert "4.2" in evidenced(casp, "Le monsieur a été accompagné jusqu'à l'agence.")


def test_going_to_introduce_oneself_is_the_writer_s_act_and_being_fetched_is_not(casp):
    """« Je suis allée me présenter à l'UDAF » is her reflexive act (4.1), not an act done to her."""
    assert "4.1" in evidenced(casp, "Je suis allée me présenter à l'UDAF et au CCAS pour qu'on travaille ensemble.")
    assert evidenced(casp, "Elle est venue me présenter l'UDAF et le CCAS pour qu'on travaille ensemble.") == []


def test_information_told_in_reported_speech_was_given_and_a_promise_was_not_kept_yet(casp):
    """« Je lui ai expliqué qu'il pourrait avoir droit à… »: the conditional is the tense of reported speech, the
    information was given (2.1); « je lui ai dit que je l'aiderais à remplir le dossier » only promises 3.7."""
    assert "2.1" in evidenced(casp, "Je lui ai expliqué qu'il pourrait avoir droit à la prime d'activité.")
    assert "3.7" not in evidenced(casp, "Je lui ai dit que je l'aiderais à remplir le dossier.")
    assert "3.7" in evidenced(casp, "Je l'ai aidé à remplir le dossier.")


def test_a_word_written_as_it_sounds_is_read_as_the_word(casp):
    """Quick notes and text messages spell by ear: k for qu, f for ph, one consonant for two."""
    vocabulary = get_matcher(casp).index.vocabulary
    for written, meant in [("expliker", "expliquer"), ("kestion", "question"), ("telefoné", "telephone"),
                           ("ofre", "offre"), ("acompagnement", "accompagnement")]:
        assert vocabulary.key(written)[0] == meant, written
    assert "3.7" in evidenced(casp, "g expliker a la dame kel papier il fallait et je l'ai aidée a remplir le dossié")


def test_one_slip_of_the_finger_in_a_short_word_is_repaired(casp):
    assert "2.3" in evidenced(casp, "J'ai passé le relasi à la conseillère de la mission locale.")


def test_sentences_keep_their_offsets_and_abbreviations_do_not_cut_them():
    text = "J'ai reçu M. Martin hier. il avait peur\n- atelier CV\n- fiche de liaison"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["J'ai reçu M. Martin hier.", "il avait peur", "atelier CV",
                                           "fiche de liaison"]
    assert all(text[s.start : s.end] == s.text for s in sentences)


# -- stories ---------------------------------------------------------------------------------------------------


def test_a_candidate_who_puts_a_lady_in_touch_with_the_social_worker_sees_orientation_with_her_sentence(casp):
    text = (
        "Une femme est venue un mardi, elle ne savait plus vers qui se tourner. "
        "Je l'ai mise en lien avec l'assistante sociale du CCAS et je lui ai donné son numéro."
    )
    report = match_text(casp, text)
    task = report.task("2.2")
    assert task is not None and task.evidenced
    evidence = task.best_evidence
    assert evidence is not None
    assert evidence.sentence.startswith("Je l'ai mise en lien")
    assert text[evidence.start : evidence.end] == evidence.sentence
    assert evidence.via and evidence.matched
    assert 0.0 <= task.score <= 1.0


def test_a_workshop_leader_sees_task_2_4(casp):
    assert "2.4" in evidenced(casp, "Tous les jeudis j'anime un atelier CV pour six demandeurs d'emploi.")


def test_a_counsellor_who_calms_an_aggressive_man_sees_task_1_6(casp):
    text = "Un monsieur s'est mis à crier dans le hall ; j'ai désamorcé la tension et prévenu ma responsable."
    assert "1.6" in evidenced(casp, text)


def test_a_candidate_writing_without_accents_and_with_typos_is_still_read(casp):
    text = "on a fait un atelier cv avec les jeunes, moi j'anime et je les aide a remplir le formulaire de la caf"
    found = evidenced(casp, text)
    assert "2.4" in found and "3.7" in found


def test_team_work_counts_more_when_the_text_names_the_public_served_than_when_nothing_does(casp):
    team = "Je participe chaque semaine à la réunion d'équipe où nous répartissons le travail."

    def score(text: str) -> float:
        return next(t.score for t in match_text(casp, text).tasks if t.id == "4.3")

    alone = score(team)
    with_public = score(team + " Nous accompagnons des demandeurs d'emploi.")
    as_beneficiary = score(team + " Ma conseillère France Travail m'a reçue.")
    with_clients = score(team + " Je réserve les chambres des clients.")
    assert with_public > alone > with_clients
    assert as_beneficiary == alone  # the writer as the trade's public does not make it the writer's trade


def test_a_hotel_receptionist_proves_nothing(casp):
    text = (
        "Je travaille à la réception d'un hôtel quatre étoiles. J'accueille les clients, je gère les réservations "
        "des chambres et j'oriente les touristes vers les restaurants du quartier. Le matin, je fais patienter les "
        "clients qui attendent leur taxi."
    )
    assert evidenced(casp, text) == []


def test_a_network_administrator_proves_nothing(casp):
    text = (
        "Je suis administrateur réseau. Je développe le réseau informatique de l'entreprise, je configure les "
        "routeurs et je fais la veille sur les failles de sécurité des serveurs."
    )
    assert evidenced(casp, text) == []


def test_a_school_teacher_s_team_work_and_meetings_are_not_the_trade_s_but_a_social_worker_s_are(casp):
    teacher = (
        "Professeur des écoles en CM2, je travaille en équipe avec la collègue de la classe voisine. J'anime la "
        "réunion de rentrée avec les parents des élèves. Je m'occupe aussi de l'insertion des enfants qui arrivent en "
        "cours d'année."
    )
    social = (
        "Je travaille en équipe avec la collègue de l'accueil. J'anime la réunion d'information collective sur "
        "le RSA. Je m'occupe aussi de l'insertion des nouveaux allocataires."
    )
    assert not {"2.4", "4.3"} & set(evidenced(casp, teacher))
    assert {"2.4", "4.3"} <= set(evidenced(casp, social))


def test_a_school_teacher_s_welcome_meetings_training_and_team_work_prove_nothing(casp):
    teacher = (
        "Professeure des écoles, j'animais les réunions de rentrée avec les parents et j'accueillais les enfants le "
        "matin au portail. J'ai suivi des formations sur la différenciation et je travaillais en équipe avec la "
        "maîtresse spécialisée du RASED."
    )
    assert evidenced(casp, teacher) == []
    social = (
        "Conseillère au CCAS, j'ai suivi une formation sur l'accès aux droits des personnes étrangères pour mieux "
        "accompagner les usagers."
    )
    assert evidenced(casp, social) == ["6.5"]


def test_a_writer_who_was_herself_followed_tells_what_was_done_for_her_not_what_she_did(casp):
    beneficiary = "À 19 ans j'étais suivie par une éducatrice qui m'a aidée à remplir mes papiers pour la CAF."
    assert evidenced(casp, beneficiary) == []
    assert "3.7" in evidenced(casp, "J'ai aidé Mme P. à monter son dossier de surendettement.")


@pytest.mark.parametrize(
    ("tells_none", "tells_it", "task_id"),
    [
        pytest.param(
            "Quand j'ai perdu mon logement, l'assistante sociale du CCAS m'a reçue le jour même. Elle m'a aidée à "
            "remplir le dossier de logement social et elle a téléphoné au bailleur pour moi, parce que je n'osais pas. "
            "Ensuite elle m'a orientée vers l'épicerie solidaire.",
            "Quand Mme R. a perdu son logement, je l'ai reçue le jour même. Je l'ai aidée à remplir le dossier de "
            "logement social et j'ai téléphoné au bailleur avec elle, parce qu'elle n'osait pas.",
            "3.7",
            id="a former beneficiary tells what her counsellor did for her",
        ),
        pytest.param(
            "Mes missions au centre social : accueil du public, information sur les droits, orientation vers les "
            "partenaires, animation d'ateliers collectifs sur le CV et la lettre de motivation, travail en réseau "
            "avec les associations du quartier, veille documentaire, bilans d'activité pour les financeurs.",
            "Mes tâches à l'épicerie solidaire :\n- accueil des familles orientées par les assistantes sociales, je "
            "vérifie leur dossier\n- atelier cuisine le mardi, je prépare les recettes et j'anime avec une bénévole",
            "2.4",
            id="a list of duties copied from a job description, then a note whose lines tell the writer's acts",
        ),
        pytest.param(
            "Mes missions à la maison France services :\n- accueil du public\n- information sur les droits\n- aide "
            "aux démarches en ligne\n- orientation vers les partenaires\n- animation d'ateliers numériques\n- travail "
            "en réseau\n- participation aux réunions d'équipe",
            "Mes missions à la maison France services :\n- le mardi, j'accompagne les usagers dans leurs démarches en "
            "ligne et je les aide à créer leur compte ameli\n- je prépare et j'anime l'atelier numérique du jeudi pour "
            "six personnes",
            "2.4",
            id="the same list of duties one item a line, then items that tell the writer's acts",
        ),
        pytest.param(
            "Voici mes missions, telles qu'elles figurent dans ma fiche de poste de conseillère au PLIE :\n- accueil "
            "et orientation des publics ;\n- participation aux instances partenariales (comité de pilotage, "
            "commissions) ;\n- animation d'ateliers collectifs ;\n- rédaction des bilans d'activité pour les "
            "financeurs ;\n- contribution au travail en équipe.",
            "Voici mes missions, telles que je les vis au PLIE :\n- le jeudi, j'anime l'atelier collectif sur la "
            "recherche d'emploi pour huit participants.",
            "2.4",
            id="a list of duties whose heading runs on before its colon, one item with its details in brackets",
        ),
        pytest.param(
            "À 22 ans je ne savais pas quoi faire. Le conseiller de la mission locale m'a posé plein de questions sur "
            "mes envies, il m'a fait signer mon contrat d'engagement jeune, et c'est lui qui a appelé le garage du "
            "quartier pour que je fasse un stage.",
            "Le jeune ne savait pas quoi faire. Je lui ai posé des questions sur ses envies, je lui ai fait signer son "
            "contrat d'engagement jeune et j'ai appelé le garage du quartier pour qu'il fasse un stage.",
            "3.4",
            id="a young man tells what his counsellor did for him",
        ),
        pytest.param(
            "Pendant mon stage d'observation au centre social, j'ai assisté aux entretiens de la référente famille, "
            "qui aidait les parents à remplir les dossiers de la CAF. J'ai vu comment l'équipe organisait les ateliers "
            "parents-enfants. En cours, nous avons étudié les techniques d'entretien et la méthodologie du projet.",
            "Au centre social, j'ai reçu les parents en entretien et je les ai aidés à remplir les dossiers de la CAF.",
            "3.7",
            id="a trainee tells what she observed and studied",
        ),
        pytest.param(
            "Après mon licenciement, je suis allé au centre social. L'animatrice m'a reçu dans un petit bureau et "
            "m'a écouté longtemps. Elle a rempli avec moi le dossier de prime d'activité sur son ordinateur. Ensuite "
            "elle m'a inscrit à l'atelier CV du jeudi.",
            "Après son licenciement, M. D. est venu au centre social. Je l'ai reçu dans un petit bureau et j'ai rempli "
            "avec lui le dossier de prime d'activité.",
            "3.7",
            id="a former beneficiary's story, whose form-filling is told without a 'for me'",
        ),
        pytest.param(
            "En stage de deuxième année, j'étais observatrice aux réunions d'équipe du service social : chaque lundi, "
            "les collègues faisaient le point sur les situations et se répartissaient les nouvelles demandes.",
            "Chaque lundi, en réunion d'équipe, je présente les nouvelles demandes et nous nous les répartissons entre "
            "collègues ; j'ai repris la situation de Mme K. quand sa référente était absente.",
            "4.3",
            id="a trainee who sat in as an observer",
        ),
        pytest.param(
            "Je pense que l'accompagnement est d'abord une affaire de confiance. L'accueil devrait toujours se faire "
            "sans jugement, et un bon professionnel sait se remettre en question. Le réseau de partenaires est "
            "indispensable, car aucune structure ne peut tout faire seule. On ne devrait jamais remplir un dossier à "
            "la place de la personne.",
            "Je pense que l'accompagnement est d'abord une affaire de confiance : avec Mme L., j'ai rempli le dossier "
            "de la MDPH à ses côtés, elle lisait chaque question et je l'aidais à trouver ses mots.",
            "3.7",
            id="a writer who only gives opinions about the trade",
        ),
        pytest.param(
            "Offre d'emploi : conseiller ou conseillère en insertion (H/F), CDD de douze mois, chantier d'insertion "
            "de la Creuse.\nVos missions :\n- recevoir les salariés en parcours et faire avec eux le point chaque "
            "mois ;\n- monter les dossiers de formation avec l'OPCO et France Travail ;\n- orienter les salariés "
            "vers le CSAPA, la PASS ou le CMP selon leurs besoins ;\n- participer aux réunions d'équipe.\nProfil : "
            "diplôme de niveau 5, sens de l'écoute.",
            "Au chantier d'insertion de la Creuse, je reçois les salariés en parcours et j'ai monté avec M. T. son "
            "dossier de formation de cariste ; je l'ai orienté vers le CSAPA pour son alcool.",
            "2.2",
            id="a job advertisement",
        ),
        pytest.param(
            "Un soir d'hiver, une bénévole de la maraude m'a emmené à l'accueil de jour : je vivais alors dans ma "
            "voiture. Là, un travailleur social a appelé le 115 et j'ai eu une place le soir même. Ensuite il m'a "
            "montré comment faire ma domiciliation et demander le RSA.",
            "À la maraude, j'ai emmené M. R., qui vivait dans sa voiture, à l'accueil de jour ; j'ai appelé le 115 "
            "avec lui et il a eu une place le soir même.",
            "2.3",
            id="a former homeless man taken to the day centre",
        ),
        pytest.param(
            "En stage au CCAS, je passais chaque vendredi à l'accueil regarder comment les agents géraient la file "
            "d'attente les jours de distribution.",
            "Au CCAS, les jours de distribution, je gère la file d'attente : je donne des tickets numérotés à "
            "l'entrée et je fais passer d'abord les personnes âgées.",
            "6.4",
            id="a trainee who watched how others managed the queue",
        ),
    ],
)
def test_a_text_that_tells_no_act_of_the_writer_proves_nothing_and_the_same_acts_told_as_hers_do(
    casp, tells_none, tells_it, task_id
):
    """The trade's acts done for the writer by someone else, only named in a list of duties, watched and studied by
    a trainee, or given as opinions prove nothing."""
    assert evidenced(casp, tells_none) == []
    assert task_id in evidenced(casp, tells_it)


def test_a_professional_looking_back_on_her_work_is_not_read_as_a_beneficiary(casp):
    """« Cette expérience m'a appris », « comme pour moi » are also a professional's words: twice in a text, they do
    not make it a former beneficiary's story (the example dossier's third situation once lost its six tasks so)."""
    looking_back = (
        "Nous avons construit ensemble un projet d'accompagnement en trois étapes, formalisé dans un contrat "
        "d'engagement. Ce que cette expérience m'a appris, je le mesure en relisant mes notes. Ces notes m'ont servi "
        "à préparer les points d'étape, et les petites victoires comptent pour les personnes comme pour moi. Ce que "
        "cette expérience m'a appris aussi, c'est la patience."
    )
    assert "3.3" in evidenced(casp, looking_back)


def test_a_text_that_opens_on_another_trade_s_job_proves_nothing_and_one_that_opens_on_ours_does(casp):
    """A hearing-aid specialist's « premier entretien », « bilan » and « réorientation » are her trade's, not ours;
    the same opening in one of our structures, then the same acts, prove them."""
    other = (
        "Je suis audioprothésiste dans un centre auditif de Lorient. Je reçois chaque personne pour un premier "
        "entretien, je fais le bilan de sa situation, puis je lui explique les aides possibles et je l'oriente vers "
        "son médecin quand il le faut."
    )
    ours = (
        "Je suis conseillère dans un centre social de Lorient. Je reçois chaque personne pour un premier entretien, "
        "je fais le bilan de sa situation, puis je lui explique les aides possibles et je l'oriente vers son médecin "
        "quand il le faut."
    )
    assert evidenced(casp, other) == []
    assert evidenced(casp, ours) != []


def test_a_job_named_only_by_the_public_s_needs_is_another_trade_s_and_france_services_is_ours(casp):
    """« Matériel médical à domicile » names a need of our public, not our trade: the technician's form counts less
    than the same form filled in a France services, which the anchors know by its name."""
    technician = (
        "Je suis technicienne chez un prestataire de matériel médical à domicile. Avant chaque livraison, je passe "
        "voir le logement de la personne âgée et je lui explique comment marche le lit. Je remplis le dossier de "
        "prise en charge avec l'ordonnance."
    )
    agent = (
        "Je suis agente dans une France services de la Nièvre. Avant chaque rendez-vous, je passe en revue les "
        "papiers de la personne âgée et je lui explique comment marche son espace en ligne. Je remplis avec elle le "
        "dossier de prime d'activité."
    )
    assert "3.7" in evidenced(casp, agent)
    assert match_text(casp, technician).task("3.7").score < match_text(casp, agent).task("3.7").score * 0.8


def test_a_former_job_in_another_trade_counts_less_and_a_former_job_in_this_trade_counts_in_full(casp, monkeypatch):
    """Candidates retrain: an opening on the job they had before tells that trade's « accueil » and « dossiers »."""
    from vae_assistant.matching import matcher as module

    other = (
        "Avant le CCAS, j'ai été chargée de clientèle pendant huit ans chez un fournisseur d'électricité. Je recevais "
        "les clients en retard de paiement, je faisais le point avec eux sur leurs factures, je leur expliquais les "
        "offres et les aides auxquelles ils avaient droit, je montais avec eux un échéancier et je les orientais vers "
        "le service recouvrement."
    )
    same = (
        "Avant le CCAS, j'ai travaillé cinq ans à la mission locale de Nantes. J'accueillais les jeunes sans "
        "rendez-vous, je faisais un premier entretien pour comprendre leur situation et je les orientais vers les "
        "partenaires du logement et de la santé."
    )
    matcher = get_matcher(casp)
    read = {text: {t.id: t.score for t in matcher.match(text).tasks} for text in (other, same)}
    monkeypatch.setattr(module, "FORMER_JOB_ODDS", float("inf"))  # no opening read as a former job
    unread = {text: {t.id: t.score for t in matcher.match(text).tasks} for text in (other, same)}
    assert read[other]["2.1"] < unread[other]["2.1"] * 0.75
    assert read[same] == unread[same] and max(read[same], key=read[same].get) == "3.1"


def test_a_writer_who_says_her_former_job_was_before_the_social_trade_tells_that_trade_s_acts(casp):
    """« Avant le social, j'ai été… »: the writer names the change of trade herself, so her former job's
    welcoming of recruits and « situations de crise » are not this trade's, however close its words."""
    army = (
        "Avant le social, j'ai été gendarme pendant quinze ans en brigade. J'accueillais les nouveaux arrivants à "
        "la brigade, je leur présentais le règlement et mon rôle de chef de groupe. Je gérais les situations de "
        "crise lors des interventions, et quand un collègue allait mal je l'orientais vers l'assistante sociale "
        "de la gendarmerie."
    )
    assert len(evidenced(casp, army)) <= 1
    assert "1.6" not in evidenced(casp, army)


def test_a_former_job_told_with_its_years_counts_less_like_one_told_with_avant(casp, monkeypatch):
    """« De 2005 à 2015, j'ai été agent de sécurité… » opens a former job as « Avant le CCAS, j'ai été… » does."""
    from vae_assistant.matching import matcher as module

    dated = (
        "De 2003 à 2014, j'ai été gardien d'immeuble à Lyon. J'accueillais les nouveaux locataires, je leur "
        "présentais la résidence et le règlement. Quand un habitant devenait agressif, je gardais mon calme et "
        "j'appelais la police."
    )
    assert evidenced(casp, dated) == []
    monkeypatch.setattr(module, "_FORMER_JOB", re.compile(r"(?!)"))  # no opening read as a former job
    assert "1.6" in evidenced(casp, dated)


def test_the_writer_thanked_after_her_own_act_keeps_it(casp):
    assert "3.7" in evidenced(casp, "Je l'ai aidée à remplir le dossier de logement social, elle m'a remerciée.")


def test_a_plan_in_three_steps_ending_on_a_training_is_not_the_writer_in_training(casp):
    """The cue "en formation" (the writer was a trainee) needs its two words together: "un plan en trois étapes :
    crèche, permis, formation" is the writer's plan."""
    text = "Ensemble, nous avons construit un plan en trois étapes : crèche, permis, formation."
    assert "3.3" in evidenced(casp, text)
    assert "2.4" not in evidenced(casp, "En formation, on nous a appris à animer un atelier CV.")


def test_the_waiting_room_is_a_place_not_the_management_of_the_flow(casp):
    """The waiting room is where the flow is managed, but also where one puts up posters."""
    waiting = "J'ai affiché les horaires des permanences dans la salle d'attente."
    assert "6.4" not in evidenced(casp, waiting)
    flow = "Quand la salle d'attente est pleine, je fais patienter les personnes et je prends les urgences en premier."
    assert "6.4" in evidenced(casp, flow)
    assert "2.2" in evidenced(casp, "Au CCAS, je l'ai orientée vers la permanence de l'avocat pour son divorce.")


def test_a_workshop_leader_who_speaks_of_her_participants_is_not_a_participant(casp):
    """"en tant que participant" (the writer attended) lost its stop words and read as "participant" alone."""
    assert "2.4" in evidenced(casp, "J'ai animé un atelier CV pour les participants du chantier d'insertion.")
    attended = "J'ai assisté à un atelier CV en tant que participante, au chantier d'insertion."
    assert "2.4" not in evidenced(casp, attended)


def test_the_quality_of_the_welcome_is_an_aim_not_a_quality_of_the_writer(casp):
    improved = (
        "Pour améliorer la qualité de l'accueil, j'ai réaménagé la salle d'attente avec des plantes et des chaises "
        "confortables."
    )
    assert "6.2" in evidenced(casp, improved)
    qualities = "L'empathie et l'écoute sont des qualités essentielles pour accueillir le public."
    assert evidenced(casp, qualities) == []


def test_words_other_trades_share_with_ours_are_not_traps_on_their_own(casp):
    """A job interview rehearsal is no sports training, the family allowance fund no shop till."""
    rehearsal = "J'ai animé une séance d'entraînement aux entretiens d'embauche pour six jeunes de la mission locale."
    assert "2.4" in evidenced(casp, rehearsal)
    fund = "J'ai aidé la dame à remplir sa déclaration trimestrielle pour la caisse d'allocations familiales."
    assert "3.7" in evidenced(casp, fund)


def test_a_writer_who_calls_to_find_out_for_herself_collects_information(casp):
    """"me renseigner" is the writer's own act; "m'écouter" was done to her."""
    assert "5.1" in evidenced(casp, "J'ai appelé la CAF pour me renseigner sur les conditions de la prime d'activité.")
    listened = "C'est une assistante sociale du CCAS qui m'a reçue, elle a pris le temps de m'écouter."
    assert evidenced(casp, listened) == []


def test_a_candidate_who_only_says_what_she_likes_proves_nothing(casp):
    text = (
        "Je suis conseillère en insertion dans un CCAS. J'aime beaucoup le contact avec le public et le travail en "
        "équipe, et j'aimerais animer des ateliers CV."
    )
    assert evidenced(casp, text) == []


def test_a_candidate_who_lists_what_she_knows_and_what_her_job_includes_proves_nothing(casp):
    text = (
        "Je suis conseillère en insertion au PLIE. Je connais bien le travail en équipe et l'orientation vers les "
        "partenaires. L'animation d'ateliers CV fait partie de mes missions."
    )
    assert evidenced(casp, text) == []
    # "que je connais" says who the partner is, not what the writer knows how to do.
    call = (
        "J'ai appelé la conseillère de la mission locale que je connais et je lui ai expliqué la situation du jeune "
        "pour qu'elle le reçoive vite."
    )
    assert "2.3" in evidenced(casp, call)


def test_a_counsellor_who_changed_method_when_the_young_man_stopped_coming_sees_the_adjustment_task(casp):
    """No expression of the lexicon tells it; an exemplar sentence of task 3.5 is close enough."""
    text = (
        "Le jeune ne venait plus à ses rendez-vous, alors j'ai changé de méthode et je suis allée le voir sur son "
        "chantier."
    )
    assert evidenced(casp, text) == ["3.5"]
    evidence = next(t for t in match_text(casp, text).tasks if t.id == "3.5").competencies[0].evidence[0]
    assert {"rendez-vous", "méthode"} <= set(evidence.matched)


def test_a_handball_coach_s_sessions_reviews_and_team_work_prove_nothing(casp):
    text = (
        "Éducatrice sportive dans un club de handball, je prépare chaque entraînement et je fais un bilan avec "
        "chaque joueuse en fin de saison. Je travaille en équipe avec les autres entraîneurs."
    )
    assert evidenced(casp, text) == []


def test_a_garage_a_call_centre_and_a_pharmacy_welcome_and_direct_people_but_prove_nothing(casp):
    other_trades = [
        "Réceptionnaire dans un garage, j'accueille chaque personne qui dépose son véhicule, je l'écoute décrire la "
        "panne et je l'oriente vers le bon mécanicien. Je prends les rendez-vous de révision.",
        "Dans un centre d'appels, je réponds aux personnes qui appellent, j'écoute leur demande, je les informe sur "
        "leurs droits et je transfère l'appel vers le service compétent quand ce n'est pas de mon ressort.",
        "Préparatrice à l'officine, j'accueille chaque personne au comptoir, je lis son ordonnance, je lui explique "
        "comment prendre ses médicaments et je l'oriente vers son médecin quand il le faut.",
    ]
    for text in other_trades:
        assert evidenced(casp, text) == [], text
    social = (
        "Je l'ai orientée vers la pharmacie pour ses médicaments, puis je l'ai mise en lien avec l'assistante sociale "
        "du CCAS pour sa demande d'aide."
    )
    assert "2.2" in evidenced(casp, social)


def test_what_the_person_helped_did_is_not_the_candidate_s_act_but_still_tells_a_crisis(casp):
    """« Il a obtenu un échéancier » is the person's act; the candidate's own sentence before it is the proof."""
    assert "4.2" not in evidenced(casp, "Il a obtenu un échéancier du bailleur.")
    assert "2.1" not in evidenced(casp, "Dehors, il a expliqué ses droits à la retraite à sa voisine.")
    assert evidenced(casp, "Au bout de trois mois il a signé un contrat d'apprentissage.") == []
    assert "4.2" in evidenced(casp, "Je suis allée avec lui voir le bailleur. Il a obtenu un échéancier.")
    # A passive or « il est apparu que » tells the writer's work without naming her.
    assert "2.2" in evidenced(casp, "Ils ont été orientés vers le point conseil budget de l'UDAF.")
    # What the person does at the desk is the crisis itself (the lexicon marks 1.6 told_by_the_person).
    assert "1.6" in evidenced(casp, "Il criait, il tapait sur le comptoir, les autres demandeurs reculaient.")
    assert "1.6" in evidenced(casp, "Il criait, il tapait sur le comptoir, les autres reculaient. Je me suis levée, "
                                    "je lui ai parlé calmement et je l'ai fait sortir avec moi.")


def test_a_quick_note_without_accents_counts_though_too_short_to_name_its_public(casp, monkeypatch):
    """A note names no public (« fiche horaires mise a jour »): it no longer counts at the factor meant for texts
    that could be anyone's; another trade's notes stay silent."""
    import vae_assistant.matching.matcher as matcher_module

    def score(text: str, task_id: str) -> float:
        return next((t.score for t in get_matcher(casp).match(text).tasks if t.id == task_id), 0.0)

    note = "fiche horaires mise a jour pr l accueil"
    assert "5.3" in evidenced(casp, note)
    as_a_note = score(note, "5.3")
    for other in [
        "vidange faite sur la clio du client, plaquettes changees, rdv pris pr le controle technique",
        "ronde de nuit faite, portail ferme, camera 3 hs signalee au chef de poste",
    ]:
        assert evidenced(casp, other) == [], other
    monkeypatch.setattr(matcher_module, "NOTE_FACTOR", 0.0)
    assert score(note, "5.3") < as_a_note - 0.05


def test_a_candidate_who_went_with_a_lady_to_the_caisse_primaire_sees_task_4_2(casp):
    """« La caisse primaire » is the CPAM: a structure of the trade, not a shop's till."""
    assert "4.2" in evidenced(casp, "Je l'ai accompagnée à la caisse primaire pour son rendez-vous.")


def test_a_person_referred_to_the_candidate_by_another_service_is_context_not_the_candidate_s_orientation(casp):
    referred = "Mme K., orientée par le SIAO, est arrivée au CHRS en mars avec ses deux enfants."
    assert "2.2" not in evidenced(casp, referred)
    assert "2.2" in evidenced(casp, "Je l'ai orientée vers l'assistante sociale du secteur pour son loyer.")
    # "adressée par" must stand together: an address and a group run by an association are an orientation.
    address = "Pour le deuil, je lui ai donné l'adresse d'un groupe de parole organisé par une association de veuves."
    assert "2.2" in evidenced(casp, address)


def test_what_a_colleague_or_the_social_worker_did_is_not_the_candidate_s_act(casp):
    others = [
        "C'est ma collègue qui anime l'atelier CV le mardi.",
        "L'assistante sociale avait déjà monté le dossier de surendettement.",
        "Son référent RSA l'a orientée vers la mission locale.",
    ]
    for text in others:
        assert evidenced(casp, text) == [], text
    assert "2.4" in evidenced(casp, "Ma collègue et moi avons animé l'atelier CV du mardi.")
    # The structure as subject is what it offers, not what the writer did.
    assert "2.4" not in evidenced(casp, "Le CCAS organise chaque mois une réunion d'information sur les droits.")
    assert "2.4" in evidenced(casp, "Notre association a mis en place un atelier CV que j'anime le mardi.")
    assert "3.7" in evidenced(casp, "Avec l'assistante sociale, j'ai monté le dossier de surendettement.")


def test_a_candidate_who_took_contact_with_the_partner_in_the_task_s_own_words_sees_task_2_3(casp):
    assert "2.3" in evidenced(casp, "J'ai pris contact avec la conseillère de la mission locale pour lui.")
    # Keeping in touch with an employer who took a trainee is not taking contact to pass a situation on.
    assert "2.3" not in evidenced(casp, "Je garde le contact avec la coiffeuse qui a pris S. en stage.")


def test_a_note_that_names_the_act_with_its_noun_reads_like_the_sentence_that_tells_it(casp):
    assert evidenced(casp, "Remplissage du formulaire de la CSS avec lui sur l'ordinateur.") == ["3.7"]
    assert evidenced(casp, "J'ai rempli le formulaire de la CSS avec lui sur l'ordinateur.") == ["3.7"]
    assert evidenced(casp, "Appel au 115 avec lui pour une place ce soir.") == ["2.3"]
    assert evidenced(casp, "Je lui ai envoyé un SMS de rappel la veille du rendez-vous.") == ["6.1"]
    # Chasing a missing paper by text message is following a file, not planning the desk's appointments.
    assert "6.1" not in evidenced(casp, "je le relance par sms si il manque une piece a son dossier de bourse")


def test_a_dog_trainer_s_first_assessment_and_follow_up_prove_nothing(casp):
    """No trap names dogs: the bank of other trades' sentences (domain.trap_examples) does."""
    text = (
        "Éducatrice canine, j'accueille les maîtres et leur chien pour un premier bilan de comportement. Je leur "
        "propose ensuite un suivi en cours collectifs le samedi matin. Quand un chien est agressif, j'oriente vers le "
        "vétérinaire comportementaliste."
    )
    assert evidenced(casp, text) == []


def test_a_pool_builder_s_diagnosis_and_follow_up_prove_nothing_though_no_sentence_of_his_trade_is_known(casp):
    """No trap and no other-trade sentence is about pools: the text's words, on the whole, lean to other trades."""
    from vae_assistant.matching.normalize import content_tokens

    text = (
        "Je suis pisciniste. J'accueille les particuliers pour un premier entretien, je fais le diagnostic du terrain "
        "et de l'eau, je les accompagne dans le choix du bassin et j'assure le suivi de l'entretien avec mon équipe."
    )
    matcher = get_matcher(casp)
    keys = [t.key for t in content_tokens(text, matcher.index.vocabulary)]
    assert matcher.index.task_words.other_trade(keys) > 0
    assert evidenced(casp, text) == []
    # The trade's own words lean the other way.
    ours = "J'ai reçu une allocataire du RSA au CCAS et je l'ai orientée vers l'assistante sociale du secteur."
    assert matcher.index.task_words.other_trade([t.key for t in content_tokens(ours)]) < 0


FOLLOW_UP = [
    "Je revois le jeune chaque semaine pour faire le point sur ses candidatures et ses relances.",
    "On a fait le point sur son stage et sur les candidatures envoyées depuis le dernier rendez-vous.",
    "Chaque quinzaine je reprends avec elle ses objectifs, ses candidatures et les relances à faire.",
    "J'ai suivi ses candidatures spontanées et je l'ai relancé quand il ne répondait plus.",
]
WATCH = [
    "Je lis chaque semaine la lettre d'information de la DREETS pour suivre les nouveaux dispositifs.",
    "Je me suis abonnée aux newsletters des réseaux d'insertion pour suivre les changements de loi.",
    "Je consulte les sites officiels et je note les nouveautés réglementaires dans un fichier.",
    "Je lis la presse spécialisée et je partage les articles sur la réforme avec l'équipe.",
]
FORTNIGHT = "Le monsieur revenait toutes les quinzaines : on regardait ses candidatures, ses relances et son stage."


def _without_task_words(matcher):
    """The same matcher without its word–task association: what the expressions and examples find alone."""
    import copy

    without = copy.copy(matcher)
    without.index = copy.copy(matcher.index)
    without.index.task_words = None
    return without


@pytest.fixture(scope="module")
def lexicon_only(casp):
    """The shipped lexicon and rules without the learned weights."""
    from vae_assistant.matching import build_matcher
    from vae_assistant.matching.lexicon import lexicon_path, load_lexicon

    return build_matcher(casp, load_lexicon(lexicon_path(casp), casp))


def _matcher_with(casp, lexicon):
    from vae_assistant.matching.index import build_index
    from vae_assistant.matching.matcher import Matcher

    return Matcher(casp.id, "test", build_index(casp, lexicon), [t.id for t in casp.tasks])


def test_a_task_told_in_the_words_its_examples_use_is_suggested_with_those_words_but_never_decided_by_them(casp):
    from vae_assistant.matching.lexicon import Domain, Lexicon, TaskVocabulary
    from vae_assistant.matching.matcher import TASK_WORDS_WEIGHT

    other_trades = Domain(trap_examples=[
        "J'accueille les clients à la réception de l'hôtel et je leur remets la clé de la chambre.",
        "Je fais le diagnostic de la voiture et je prépare le devis pour le client.",
        "Je conseille les clientes sur la coupe et la couleur avant le shampoing.",
        "Je prépare les commandes de la boutique et je relance le transporteur.",
    ])
    matcher = _matcher_with(casp, Lexicon(referential=casp.id, domain=other_trades, tasks={
        "3.4": TaskVocabulary(more_examples=FOLLOW_UP), "5.5": TaskVocabulary(more_examples=WATCH),
    }))
    report = matcher.match(FORTNIGHT)
    task = report.task("3.4")
    assert task is not None and not task.evidenced and 0 < task.score <= TASK_WORDS_WEIGHT
    evidence = task.best_evidence
    assert evidence.sentence == FORTNIGHT and {"candidatures", "relances"} <= set(evidence.matched)
    assert "regardait" not in evidence.matched, "a word no example uses tells nothing"
    assert report.task("5.5") is None
    # Under four words its examples know, a sentence tells the association nothing.
    assert matcher.match("On regardait ses candidatures.").task("3.4") is None


@pytest.mark.parametrize(
    ("text", "task_id"),
    [
        ("J'ai envoyé un mail à l'éducatrice de l'ASE pour lui passer les informations et convenir de qui ferait "
         "quoi.", "2.3"),
        ("Je crée des liens avec les associations du quartier, je vais à leurs assemblées et je les invite à nos "
         "portes ouvertes.", "4.1"),
    ],
)
def test_the_trade_s_words_together_decide_a_task_that_its_expressions_only_hint_at(casp, text, task_id):
    """What the word–task association is for: beside a weaker cue, the sentence's own mix of the task's words."""
    matcher = get_matcher(casp)
    without = _without_task_words(matcher)
    assert task_id not in [t.id for t in without.match(text).evidenced]
    task = matcher.match(text).task(task_id)
    assert task is not None and task.evidenced


def test_a_weak_cue_among_words_that_tell_its_task_is_recognised(casp, monkeypatch):
    """Opening the door and letting the lady say what brings her is a welcome: the cue alone is not enough, the
    sentence's other words side with 1.1 rather than any other task, and the two signals together decide."""
    from vae_assistant.matching import matcher as module

    text = "J'ai ouvert la porte du centre social à une dame et je l'ai laissée dire ce qui l'amenait chez nous."
    matcher = get_matcher(casp)
    agreed = matcher.match(text).task("1.1")
    monkeypatch.setattr(module, "SENTENCE_SECOND", 0.0)
    alone = matcher.match(text).task("1.1")
    assert agreed.evidenced and agreed.score >= alone.score + 0.05


def test_the_sentence_s_own_words_temper_an_expression_by_at_most_a_quarter():
    from vae_assistant.matching.matcher import SENTENCE_AGREE, SENTENCE_DISAGREE, SENTENCE_FLOOR, _sentence_agreement

    values = [SENTENCE_DISAGREE - 5, SENTENCE_DISAGREE, (SENTENCE_DISAGREE + SENTENCE_AGREE) / 2, SENTENCE_AGREE, 9]
    factors = [_sentence_agreement(v) for v in values]
    assert factors == sorted(factors) and factors[0] == SENTENCE_FLOOR == 0.75 and factors[-1] == 1.0
    assert SENTENCE_FLOOR < factors[2] < 1.0


def test_an_expression_in_a_text_whose_words_are_about_something_else_counts_less(casp):
    """"Fiches de liaison" names the cupboard next door here: no sentence's words go with writing one to a partner."""
    from vae_assistant.matching.matcher import SENTENCE_FLOOR, TASK_WORDS_FLOOR

    text = (
        "Mon bureau est au premier étage, juste à côté de l'armoire des fiches de liaison. Le matin, je prends le bus "
        "de huit heures et j'arrive avant l'ouverture des portes."
    )
    matcher = get_matcher(casp)
    without = _without_task_words(matcher)
    before = without.match(text).task("3.6")
    after = matcher.match(text).task("3.6")
    assert before.evidenced and not after.evidenced
    # the text's words and, at most a quarter more, the sentence's own
    assert before.score * TASK_WORDS_FLOOR * SENTENCE_FLOOR - 0.01 <= after.score < before.score
    # The same words in notes typed without accents are left alone: notes say too little to tell.
    notes = "mon bureau est a cote de l'armoire des fiches de liaison. le matin je prends le bus de huit heures."
    assert matcher.match(notes).task("3.6").score == without.match(notes).task("3.6").score


def test_a_sentence_that_strings_four_acts_together_can_show_two_tasks(casp):
    """« …je l'ai informée de ses droits au RSA… et je l'ai aidée à remplir le formulaire » tells 2.1 and 3.7."""
    from vae_assistant.matching import matcher as module

    text = (
        "Je l'ai reçue, je l'ai informée de ses droits au RSA, je lui ai expliqué les conditions et je l'ai aidée "
        "à remplir le formulaire de demande en ligne."
    )
    assert {"2.1", "3.7"} <= set(evidenced(casp, text))
    matcher = get_matcher(casp)
    several = matcher.match(text).task("2.1").score
    try:
        module.MANY_ACTS = 99  # every sentence competing as hard as one act
        one = matcher.match(text).task("2.1").score
    finally:
        module.MANY_ACTS = 4
    assert one < several * 0.9


def test_the_person_seated_at_the_desk_is_not_the_desk_being_moved(casp):
    seated = "J'ai accueilli la dame au guichet, puis je l'ai installée dans le petit bureau pour être tranquilles."
    assert "6.2" not in evidenced(casp, seated)
    assert "6.2" in evidenced(casp, "Avec la responsable, nous avons déplacé le guichet près de l'entrée.")


def test_a_hyphenated_word_of_the_lexicon_is_two_words_that_stand_together():
    from vae_assistant.matching.index import expression_variants

    assert expression_variants("migrant|primo-arrivant") == ["migrant", "primo+arrivant"]
    assert expression_variants("rendez-vous pris") == ["rendez-vous pris"]


def test_a_trainee_who_attended_a_cv_workshop_is_not_read_as_its_leader(casp):
    text = (
        "Pendant ma formation, j'ai participé à un atelier CV avec d'autres stagiaires et j'ai assisté à une réunion "
        "d'information collective sur l'apprentissage."
    )
    assert "2.4" not in evidenced(casp, text)


def test_a_leader_of_the_same_workshop_is(casp):
    assert "2.4" in evidenced(casp, "Chaque mardi, j'anime une réunion d'information collective sur l'apprentissage.")


def test_a_multi_word_alternative_is_one_choice_not_an_extra_required_word(casp):
    text = "Je l'ai orientée vers la mission locale de son quartier."
    task = match_text(casp, text).task("2.2")
    assert task is not None and task.evidenced


def test_one_word_alone_is_a_cue_not_a_proof(casp):
    assert evidenced(casp, "Il y avait un formulaire sur la table.") == []


def test_a_counsellor_who_realised_something_is_not_writing_a_report(casp):
    text = "Je me suis rendu compte que la dame ne savait pas lire."
    assert "3.6" not in evidenced(casp, text)


def test_an_empty_text_gives_an_empty_report_stamped_with_the_matcher_version(casp):
    report = match_text(casp, "  \n ")
    assert report.tasks == []
    assert casp.fingerprint in report.fingerprint and f"matcher:{MATCHER_VERSION}" in report.fingerprint


def test_every_task_has_competencies_with_evidence_and_tasks_are_best_first(casp):
    text = (
        "Je tiens l'agenda des rendez-vous de l'équipe. En réunion d'équipe je présente les situations bloquées. "
        "J'ai créé un répertoire des partenaires du quartier pour mes collègues."
    )
    report = match_text(casp, text)
    assert report.tasks, "the text shows several tasks"
    scores = [t.score for t in report.tasks]
    assert scores == sorted(scores, reverse=True)
    for task in report.tasks:
        assert task.competencies and all(c.evidence for c in task.competencies)
        assert all(c.id.startswith(task.id + ".") for c in task.competencies)


def test_the_matcher_is_built_once_per_referential(casp):
    assert get_matcher(casp) is get_matcher(casp)


def test_a_referential_without_lexicon_is_matched_from_its_own_words():
    referential = resolve("casp-rncp36625").referential
    matcher = get_matcher(referential)
    assert "lexicon" not in matcher.fingerprint
    report = matcher.match("Je prépare et j'anime des réunions d'information collective pour les demandeurs d'emploi.")
    assert all(0.0 <= t.score <= 1.0 for t in report.tasks)


def test_a_broken_lexicon_in_the_user_folder_is_a_french_error(casp, isolated_home):
    folder = isolated_home / "referentials"
    folder.mkdir()
    (folder / "casp-rncp7426.lexicon.yaml").write_text(
        "format: 1\nreferential: casp-rncp7426\ntasks:\n  '9.9':\n    expressions: [bonjour]\n", encoding="utf-8"
    )
    with pytest.raises(ReferentialError, match=r"tâche « 9\.9 » inconnue"):
        get_matcher(casp)


def test_a_partner_added_once_to_a_word_set_is_known_to_every_expression_that_names_the_set(casp):
    from vae_assistant.matching.lexicon import parse_lexicon

    lexicon = parse_lexicon(
        "format: 1\nreferential: casp-rncp7426\ndomain:\n  word_sets:\n    structures: [CSAPA, point justice]\n"
        "tasks:\n  '4.1':\n    expressions:\n      - text: rencontrer|rencontré @structures|mairie\n"
        "        weight: 0.9\n",
        "test",
    )
    expression = lexicon.tasks["4.1"].expressions[0]
    assert expression.text == "rencontrer|rencontré CSAPA|point_justice|mairie"
    matcher = _matcher_with(casp, lexicon)
    for partner in ("l'équipe du CSAPA", "le point justice", "la mairie"):
        task = matcher.match(f"Avec les usagers du CCAS en tête, j'ai rencontré {partner} de la ville.").task("4.1")
        assert task is not None and task.evidenced, partner
        # The evidence names the expression as its author wrote it, not the whole set.
        assert task.best_evidence.via == "rencontrer|rencontré @structures|mairie"
    with pytest.raises(ReferentialError, match=r"@partenaires"):
        parse_lexicon(
            "format: 1\nreferential: casp-rncp7426\ntasks:\n  '4.1':\n    expressions: [rencontrer @partenaires]\n",
            "test",
        )


@pytest.mark.parametrize("text", ["?", "…", "12 !", "- -", "\U0001F600", " \n\t"])
def test_a_text_without_a_word_tells_nothing_and_does_not_fail(casp, text):
    assert get_matcher(casp).match(text).tasks == []


def test_a_counsellor_who_says_she_cannot_instruct_the_application_is_not_read_as_instructing_it(casp):
    text = "Je ne peux pas instruire la demande de FSL moi-même : ce n'est pas mon rôle."
    assert "3.4" not in evidenced(casp, text)
    assert "3.4" in evidenced(casp, "J'ai instruit la demande de FSL avec elle.")


def test_a_form_not_filled_in_is_not_help_with_forms_and_spoken_negation_counts_too(casp):
    assert "3.7" in evidenced(casp, "J'ai rempli avec elle le formulaire de demande de logement.")
    assert "3.7" not in evidenced(casp, "Je n'ai pas rempli avec elle le formulaire de demande de logement.")
    assert "3.7" not in evidenced(casp, "J'ai pas rempli avec elle le formulaire de demande de logement.")


def test_the_persons_difficulty_told_in_the_negative_does_not_cancel_the_writers_help(casp):
    text = "Elle ne savait pas remplir le formulaire de demande de logement, alors je l'ai aidée."
    assert "3.7" in evidenced(casp, text)


def test_an_act_refused_avoided_or_only_wished_by_someone_else_is_not_done(casp):
    """The QA pass saw 3.7 proposed from a form the candidate refused to fill in."""
    not_done = [
        ("J'ai refusé de remplir son formulaire de demande de logement à sa place.", "3.7"),
        ("Elle voulait que je remplisse son formulaire de demande de logement à sa place.", "3.7"),
        ("Au lieu de remplir son formulaire de demande de logement, je lui ai donné un rendez-vous.", "3.7"),
        ("Plutôt que de l'orienter tout de suite vers l'assistante sociale, j'ai pris le temps de l'écouter.", "2.2"),
        ("J'ai hésité à appeler le 115 pour lui, puis je l'ai laissé décider.", "2.3"),
    ]
    for text, task_id in not_done:
        assert task_id not in evidenced(casp, text), text
    # What she went on to do is still hers, and a request she granted is an act she did.
    assert "1.1" in evidenced(casp, not_done[3][0])
    granted = "Elle m'a demandé de l'aider à remplir sa demande de logement, je l'ai aidée ligne par ligne."
    assert "3.7" in evidenced(casp, granted)


def test_not_every_pas_is_a_negation(casp):
    assert "2.4" in evidenced(casp, "J'anime chaque mois un atelier « premiers pas vers l'emploi » pour six jeunes.")
    assert "2.2" in evidenced(casp, "Je ne fais pas que l'écouter : je l'oriente vers l'assistante sociale du CCAS.")


def test_what_one_follows_is_suivre_and_a_filled_in_form_is_remplir():
    keys = [t.key for t in content_tokens("Je suis les actualités. Je suis la référente. Elle est remplie.")]
    assert keys == ["suivre", "actualite", "referente", "remplir"]


def test_words_of_the_trade_out_of_their_order_weigh_less_than_in_order(casp):
    in_order = match_text(casp, "Je pose des questions sur sa situation.").task("1.5")
    reversed_ = match_text(casp, "Sa situation pose des questions.").task("1.5")
    assert in_order is not None and in_order.evidenced
    assert reversed_ is None or reversed_.score < in_order.score


# -- corpora ----------------------------------------------------------------------------------------------------

STORIES = Path(__file__).resolve().parent / "data" / "matching_stories.jsonl"


def test_on_our_own_validation_stories_the_matcher_is_precise_and_silent_on_other_trades(casp):
    """32 narratives written apart from the dev corpus, with traps from hotels, IT, sales, teaching, care, HR."""
    from vae_assistant.matching.evaluate import load_corpus, matcher_ranking, score
    from vae_assistant.matching.matcher import THRESHOLD

    results = score(load_corpus(STORIES), matcher_ranking(casp), THRESHOLD)["all"]
    assert results.precision >= 0.93
    assert results.f1 >= 0.89
    assert results.recall_at_3_reachable >= 0.93
    assert results.offtopic_flags <= 1


DATA = Path(__file__).resolve().parent / "data"


@pytest.mark.parametrize(
    ("corpus", "f1", "precision", "recall_at_3", "offtopic", "hard_gap"),
    [
        # Used to accept lexicon changes since matcher v4: measured 0.76 / 0.76 / 0.85, 3 flags (v4: 0.67, 9).
        ("matching_validation.jsonl", 0.77, 0.78, 0.88, 2, 0.10),
        # Written 2026-12-03, used to choose v5's constants and lexicon: 0.79 / 0.77 / 0.91, 1 flag.
        ("matching_validation2.jsonl", 0.80, 0.79, 0.91, 2, 0.15),
        # Written 2026-12-03, first measured at 0.574 (v4: 0.537), then read for traps and missed phrasings: 0.66.
        ("matching_validation3.jsonl", 0.68, 0.70, 0.77, 3, 0.10),
        # Written 2026-12-03, measured only (v4 0.530, 2 flags): 0.58 / 0.66 / 0.70, no flag; hard texts 0.51
        # against focused 0.58 — its short notes are the matcher's weak side. v10: 0.63 / 0.72 / 0.73, focused up to
        # 0.63, hard still 0.53.
        ("matching_validation4.jsonl", 0.59, 0.68, 0.70, 1, 0.12),
        # Written after v5 and measured once, never read: 0.58 / 0.69 / 0.71, 2 flags (v4: 0.46, 7 flags).
        ("matching_validation5.jsonl", 0.59, 0.72, 0.73, 2, 0.10),
        # Written after v5 by ten other imagined candidates, measured once: 0.50 / 0.56 / 0.63, 4 flags (v4: 0.46,
        # 5 flags); hard texts 0.38 against focused 0.47.
        # v13 (more learning sentences): focused 0.59, hard 0.44.
        ("matching_validation6.jsonl", 0.50, 0.59, 0.64, 3, 0.16),
        # Written after v5, first measured at 0.58 / 0.60 / 0.69 with 7 flags; traps for other trades were then
        # chosen knowing its authors' trades (5 flags); v7: 0.60 / 0.62 / 0.69; hard texts 0.41 against focused 0.56.
        ("matching_validation7.jsonl", 0.61, 0.64, 0.74, 5, 0.17),
        # Written after v7, measured after v7: 0.59 / 0.64 / 0.73 (v5 the same), 10 off-topic flags: its other trades
        # (driving school, hairdresser, funeral services…) are in no trap list; v9 (bank of other trades'
        # sentences): 0.60 / 0.65 / 0.73, 6 flags.
        ("matching_validation8.jsonl", 0.62, 0.71, 0.78, 5, 0.10),
        # Written after v9, measured once on v9: 0.65 / 0.67 / 0.83, 11 flags (its trap trades are in no list);
        # v10 (word–task association, other-trade leaning, agreement): 0.73 / 0.78 / 0.87, 3 flags; hard 0.58,
        # focused 0.74.
        # v12 (words agreeing with an expression): focused 0.77, hard still 0.58.
        # v20: focused 0.79, hard notes still 0.58.
        ("matching_validation9.jsonl", 0.68, 0.73, 0.84, 5, 0.22),
        # Written after v9, measured once on v9 (0.62 / 0.63 / 0.67, 4 flags) and once on v10: 0.66 / 0.70 / 0.78,
        # 3 flags; its hard notes 0.36 against focused 0.61 — the weak side again.
        # v12: focused 0.63, hard still 0.36.
        ("matching_validation10.jsonl", 0.62, 0.66, 0.74, 4, 0.28),
        # Written during v10's work, measured once on v10: 0.61 / 0.73 / 0.77, 8 flags on 5 of its 10 off-topic
        # texts (candidates telling a former job: notary clerk, optician, mountain guide…); v9: 0.55 / 0.60, 15.
        # v20: focused 0.75, hard notes 0.65.
        ("matching_validation11.jsonl", 0.57, 0.69, 0.73, 9, 0.20),
        # Written after v10 with plain off-topic traps, measured once on v11: 0.63 / 0.69 / 0.74, 3 flags on 2 of its
        # 10 off-topic texts (v9: 0.57 / 0.60 / 0.66, 5); hard 0.44 against focused 0.59.
        # v20: focused 0.69 (everyday phrasings in the lexicon), hard notes still 0.50; v23: focused 0.81, hard 0.53.
        ("matching_validation12.jsonl", 0.59, 0.65, 0.70, 4, 0.30),
        # Written after v11 (implicit acts, refused acts, phonetic notes), measured once on v11 (0.49 / 0.65 / 0.70,
        # 8 flags on 4 of its 10 off-topic texts) and once on v12: 0.51 / 0.66 / 0.71, 8 flags; hard 0.30 against
        # focused 0.53. Its recall (0.41) is the matcher's weak side: most misses have no cue at all.
        ("matching_validation13.jsonl", 0.47, 0.62, 0.67, 9, 0.26),
        # Written after v15 (plain stories of one situation), measured once on v11 (0.63 / 0.66 / 0.77, 22 flags)
        # and once on v15 (0.64 / 0.70 / 0.81, 18 flags); its off-topic texts then read for v16: 0.66 / 0.73, 11.
        ("matching_validation14.jsonl", 0.62, 0.69, 0.76, 12, 0.15),
        # Written after v16, measured once on v11 (0.56 / 0.60 / 0.71, 13 flags) and once on v16: 0.62 / 0.70 / 0.77,
        # 8 flags; its hard notes (0.64) above its focused texts (0.54).
        ("matching_validation15.jsonl", 0.59, 0.66, 0.73, 9, 0.10),
        # Written after v16, measured once on v11 (0.55 / 0.63 / 0.72, 12 flags) and once on v16: 0.59 / 0.70 / 0.72,
        # 5 flags; hard notes 0.38 against focused 0.61, the weak side again.
        ("matching_validation16.jsonl", 0.55, 0.66, 0.69, 6, 0.26),
        # Written after v16, measured once on v11 (0.60 / 0.61 / 0.76, 19 flags) and on v16 (0.63 / 0.65 / 0.78, 15
        # flags); its off-topic texts then read for v17: 0.66 / 0.70 / 0.78, 8 flags; hard 0.64, focused 0.63.
        ("matching_validation17.jsonl", 0.62, 0.66, 0.74, 9, 0.10),
        # Written after v16, measured once on v11 (0.54 / 0.57 / 0.69, 18 flags) and v16 (0.55 / 0.61 / 0.71, 15
        # flags), then on v17: 0.57 / 0.64 / 0.71, 9 flags; hard 0.52 against focused 0.56.
        ("matching_validation18.jsonl", 0.53, 0.60, 0.67, 10, 0.10),
        # Written after v18, measured on v11 (0.52 / 0.64 / 0.78, 8 flags), v16 (0.57 / 0.70 / 0.79, 8) and v20:
        # 0.63 / 0.72 / 0.86, 7 flags; hard 0.73, focused 0.56.
        ("matching_validation19.jsonl", 0.59, 0.68, 0.82, 8, 0.10),
        # Written after v18, measured on v11 (0.47 / 0.54 / 0.76, 11 flags), v16 (0.52 / 0.60 / 0.74, 7) and v20:
        # 0.59 / 0.67 / 0.81, 4 flags; hard 0.52, focused 0.44.
        ("matching_validation20.jsonl", 0.55, 0.63, 0.77, 5, 0.10),
        # Written at the end of v21's work, measured once on v21: 0.53 / 0.62 / 0.68, 1 flag; its quick notes
        # (pr, ds, jai, ->) 0.16 against focused 0.51: the widest hard-note gap of all corpora.
        ("matching_validation21.jsonl", 0.50, 0.58, 0.64, 3, 0.40),
        # Written at the end of v21's work, measured once on v21: 0.66 / 0.72 / 0.75, 2 flags; hard 0.67, focused 0.66.
        ("matching_validation22.jsonl", 0.62, 0.68, 0.71, 4, 0.10),
        # Written during v22's work, measured on v21 (0.62 / 0.68 / 0.78, 5 flags) and v22: 0.63 / 0.67 / 0.76, 5 flags.
        ("matching_validation23.jsonl", 0.59, 0.63, 0.72, 7, 0.10),
        # Written during v22's work, measured on v21 (0.66 / 0.69 / 0.81, 10 flags); its off-topic texts and errors
        # then read for v22: 0.76 / 0.76 / 0.84, 3 flags.
        ("matching_validation24.jsonl", 0.72, 0.72, 0.80, 5, 0.10),
        # Written during v22's work, measured once (0.59 / 0.68), then read for v22: 0.66 / 0.72 / 0.82, 3 flags;
        # its hard notes (experienced workers' shorthand) 0.53 against focused 0.69.
        ("matching_validation25.jsonl", 0.63, 0.68, 0.78, 5, 0.20),
        # Written during v22's work, measured once (0.64 / 0.78), then read for v22: 0.64 / 0.78 / 0.94, 1 flag.
        ("matching_validation26.jsonl", 0.61, 0.74, 0.90, 3, 0.10),
        # Kept sealed during v22's work; measured once on the final v22: 0.62 / 0.74 / 0.87, 2 flags (v21 0.58).
        # v23: focused 0.74, hard notes unchanged at 0.54.
        ("matching_validation27.jsonl", 0.59, 0.70, 0.83, 4, 0.22),
        # Kept sealed during v22's work; measured once on the final v22: 0.66 / 0.70 / 0.82, 3 flags (v21 0.62).
        # v23: its hard notes 0.50 -> 0.44 when notes without the trade's words stopped counting as anyone's
        # (NOTE_FACTOR; hard notes over all corpora 0.716 -> 0.724).
        ("matching_validation28.jsonl", 0.62, 0.66, 0.78, 5, 0.30),
        # Kept sealed to the end of v22's work; measured once on the final v22: 0.68 / 0.71 / 0.82, 6 flags (v21 0.66).
        ("matching_validation29.jsonl", 0.65, 0.67, 0.78, 8, 0.18),
        # Kept sealed to the end of v22's work; measured once on the final v22: 0.65 / 0.69 / 0.80, 0 flags (v21 0.59).
        ("matching_validation30.jsonl", 0.62, 0.65, 0.76, 2, 0.10),
        # Kept sealed during v23's work; measured once on v22 (0.61 / 0.69, 0 flags) and once on v23's first release:
        # 0.61 / 0.71 / 0.78, 0 flags, its hard notes 0.38 against focused 0.62; then read (final v23 0.63 / 0.72).
        ("matching_validation31.jsonl", 0.58, 0.67, 0.74, 2, 0.28),
        # Measured once on v22 (0.62 / 0.63, 12 flags), then read for v23's last rules: 0.67 / 0.69 / 0.88, 5 flags.
        ("matching_validation32.jsonl", 0.63, 0.65, 0.84, 7, 0.12),
        # Kept sealed during v23's work; v22 0.65 / 0.67, 1 flag; v23's first release 0.68 / 0.70 / 0.84, 1 flag;
        # then read (final v23 0.71 / 0.72).
        ("matching_validation33.jsonl", 0.64, 0.66, 0.80, 3, 0.14),
        # Kept sealed during v23's work; v22 0.60 / 0.67, 1 flag; v23's first release 0.61 / 0.67 / 0.84, 1 flag;
        # then read (final v23 0.63 / 0.68).
        ("matching_validation34.jsonl", 0.57, 0.63, 0.80, 3, 0.08),
        # Kept sealed to the end of v23's work; v22 0.71 / 0.73, 3 flags; v23 0.74 / 0.76 / 0.92, 3 flags; then read.
        ("matching_validation35.jsonl", 0.70, 0.72, 0.88, 5, 0.08),
        # Kept sealed to the end of v23's work; v22 0.68 / 0.71, 7 flags; v23 0.70 / 0.72 / 0.82, 7 flags; then read.
        ("matching_validation36.jsonl", 0.66, 0.68, 0.78, 9, 0.12),
        # Kept sealed to the end of v23's work; v22 0.60 / 0.69, 1 flag; final v23 0.62 / 0.70 / 0.83, 1 flag.
        ("matching_validation37.jsonl", 0.58, 0.66, 0.79, 3, 0.17),
        # Kept sealed to the end of v23's work; v22 0.61 / 0.70, 2 flags; final v23 0.60 / 0.70 / 0.83, 2 flags.
        ("matching_validation38.jsonl", 0.57, 0.66, 0.79, 4, 0.14),
        # Written and kept sealed while v24's learned weights were built; the lexicon and rules (v23's) measured
        # once: 0.74 / 0.70 / 0.87, 2 flags (v24 with the weights 0.79 / 0.74); hard 0.69 against focused 0.73.
        ("matching_validation39.jsonl", 0.70, 0.66, 0.83, 4, 0.10),
        # Idem: 0.71 / 0.64 / 0.83, 9 flags (v24 0.75 / 0.69, 3 flags); hard 0.76 against focused 0.71.
        ("matching_validation40.jsonl", 0.67, 0.61, 0.80, 11, 0.10),
        # Idem: 0.64 / 0.61 / 0.85, 3 flags (v24 0.73 / 0.69, 2 flags); hard 0.58 against focused 0.64.
        ("matching_validation41.jsonl", 0.60, 0.58, 0.82, 5, 0.12),
        # Idem: 0.75 / 0.71 / 0.90, 2 flags (v24 0.82 / 0.79, 2 flags); hard 0.64 against focused 0.71.
        ("matching_validation42.jsonl", 0.71, 0.68, 0.86, 4, 0.12),
        # Written and kept sealed at the end of v24's work; the lexicon and rules measured once: 0.68 / 0.66 / 0.82,
        # 2 flags (the final v24, weights learnt from validation 1-42: 0.78 / 0.76, 1 flag); hard 0.64, focused 0.68.
        ("matching_validation43.jsonl", 0.64, 0.61, 0.78, 4, 0.10),
        # Idem: 0.76 / 0.73 / 0.88, 7 flags (v24 0.82 / 0.81, 1 flag); hard 0.74, focused 0.74.
        ("matching_validation44.jsonl", 0.72, 0.69, 0.84, 9, 0.10),
        # Idem: 0.64 / 0.70 / 0.76, 4 flags (v24 0.71 / 0.82, 0 flags); hard 0.44 against focused 0.62.
        ("matching_validation45.jsonl", 0.60, 0.66, 0.72, 6, 0.22),
        # Idem: 0.68 / 0.66 / 0.85, 2 flags (v24 0.76 / 0.72, 0 flags); hard 0.69 against focused 0.77.
        ("matching_validation46.jsonl", 0.64, 0.62, 0.81, 4, 0.12),
        # Written and kept sealed at the end of v24's work, on harder angles; the lexicon and rules measured once
        # (the final v24 with weights learnt from validation 1-46 in brackets). Rural writers in their fifties:
        # 0.58 / 0.67 / 0.71, 0 flags (0.64 / 0.73); hard 0.44 against focused 0.51.
        ("matching_validation47.jsonl", 0.54, 0.63, 0.67, 2, 0.10),
        # Overseas, creole words: 0.62 / 0.63 / 0.85, 6 flags (0.68 / 0.69, 4 flags).
        ("matching_validation48.jsonl", 0.58, 0.59, 0.81, 8, 0.10),
        # Digital inclusion, notes and lists: 0.70 / 0.72 / 0.80, 2 flags (0.75 / 0.75, 1 flag).
        ("matching_validation49.jsonl", 0.66, 0.68, 0.76, 4, 0.10),
        # Family and youth support, emotional texts: 0.60 / 0.74 / 0.84, 5 flags (0.71 / 0.78, 3 flags).
        ("matching_validation50.jsonl", 0.56, 0.70, 0.80, 7, 0.10),
        # The employment side in business words: 0.66 / 0.66 / 0.85, 7 flags (0.75 / 0.76, 6 flags).
        ("matching_validation51.jsonl", 0.62, 0.62, 0.81, 9, 0.10),
        # Writers in difficulty throughout (spelling, run-on sentences): 0.66 / 0.66 / 0.81, 5 flags (0.67 / 0.72).
        ("matching_validation52.jsonl", 0.62, 0.62, 0.77, 7, 0.10),
    ],
)
def test_on_corpora_written_by_other_hands_the_lexicon_keeps_its_measured_level(
    lexicon_only, corpus, f1, precision, recall_at_3, offtopic, hard_gap
):
    """Narratives whose authors never saw the lexicon, the matcher nor dev (tests/data/README.md), read by the
    lexicon and rules alone: since v24 these corpora are what the learned weights are learnt from, so read with the
    weights they would measure how well the weights learnt them, not how well anything generalises.

    The floors sit a little under the level measured for matcher v10–v12 (F1 and precision about 0.03–0.04 below),
    so that a change that loses generalisation shows here; tests/data/README.md gives each corpus's figures.
    """
    from vae_assistant.matching.evaluate import load_corpus, score
    from vae_assistant.matching.matcher import THRESHOLD

    results = score(
        load_corpus(DATA / corpus),
        lambda item: [(t.id, t.score, t.evidenced) for t in lexicon_only.match(item.text).tasks],
        THRESHOLD,
    )
    overall = results["all"]
    assert overall.f1 >= f1
    assert overall.precision >= precision
    assert overall.recall_at_3_reachable >= recall_at_3
    assert overall.offtopic_flags <= offtopic
    assert results["hard"].f1 >= results["focused"].f1 - hard_gap


def test_on_the_dev_corpus_the_matcher_meets_the_issue_s_targets_far_above_the_naive_baseline(casp):
    """Targets of the matcher's issue: F1 and precision 0.75, recall@3 0.85 (of the gold tasks a top three can
    hold), at most one task on off-topic texts, hard texts within 0.10 of focused ones. Measured for v5: F1 0.83,
    P 0.85, R@3* 0.88, 0 flags, hard 0.76 against focused 0.84."""
    corpus = SHARED / "eval" / "dev.jsonl"
    if not corpus.is_file():
        pytest.skip("../shared/eval/dev.jsonl is absent")
    from vae_assistant.matching.evaluate import baseline_ranking, load_corpus, matcher_ranking, score, tune_threshold
    from vae_assistant.matching.matcher import THRESHOLD

    items = load_corpus(corpus)
    results = score(items, matcher_ranking(casp), THRESHOLD)
    ours = results["all"]
    baseline = baseline_ranking(casp)
    theirs = score(items, baseline, tune_threshold(items, baseline))["all"]
    assert ours.f1 >= 0.75
    assert ours.precision >= 0.75
    assert ours.recall_at_3_reachable >= 0.85
    assert ours.offtopic_flags <= 1
    assert results["hard"].f1 >= results["focused"].f1 - 0.10
    assert ours.f1 >= theirs.f1 + 0.5


# -- referentials without a lexicon (imported from the RNCP) ----------------------------------------------------

WEB_FICHE = """
format: 1
id: developpeur-web-test
title: Développeur web et web mobile
certifier: Ministère du Travail
rncp: {code: RNCP37674}
blocs:
- {id: BC01, title: Développer la partie front-end d'une application web ou web mobile sécurisée}
- {id: BC02, title: Développer la partie back-end d'une application web ou web mobile sécurisée}
activities:
- id: BC01
  title: Développer la partie front-end d'une application web ou web mobile sécurisée
  bloc: BC01
  competencies:
  - {id: BC01.c1, text: Installer et configurer son environnement de travail en fonction du projet web ou web mobile}
  - {id: BC01.c2, text: Maquetter des interfaces utilisateur web ou web mobile}
  - {id: BC01.c3, text: Réaliser des interfaces utilisateur statiques web ou web mobile}
  - {id: BC01.c4, text: Développer la partie dynamique des interfaces utilisateur web ou web mobile}
- id: BC02
  title: Développer la partie back-end d'une application web ou web mobile sécurisée
  bloc: BC02
  competencies:
  - {id: BC02.c1, text: Mettre en place une base de données relationnelle}
  - {id: BC02.c2, text: Développer des composants d'accès aux données SQL et NoSQL}
  - {id: BC02.c3, text: Développer des composants métier coté serveur}
  - {id: BC02.c4, text: Documenter le déploiement d'une application dynamique web ou web mobile}
"""


@pytest.fixture(scope="module")
def web_fiche():
    from vae_assistant.matching import build_matcher
    from vae_assistant.referential.loader import parse_referential

    return build_matcher(parse_referential(WEB_FICHE, "fiche-web.yaml"))


def test_a_web_developer_s_own_words_find_the_back_end_bloc_of_an_imported_fiche(web_fiche):
    text = (
        "J'ai créé une base PostgreSQL pour stocker les adhérents et leurs cotisations, avec les tables et les clés "
        "étrangères. J'ai écrit les requêtes SQL et une API en PHP côté serveur."
    )
    report = web_fiche.match(text)
    assert [t.id for t in report.evidenced] == ["BC02"]
    words = {w for c in report.tasks[0].competencies for e in c.evidence for w in e.matched}
    assert {"côté", "serveur"} <= words  # "côté" meets the fiche's "coté", read by the lemmatiser as coter


def test_words_of_one_family_meet_without_a_lexicon_but_one_shared_word_proves_nothing(web_fiche):
    mockups = web_fiche.match("J'ai fait les maquettes des interfaces de l'application pour les utilisateurs.")
    assert "BC01" in [t.id for t in mockups.evidenced]  # maquette / Maquetter
    assert web_fiche.match("J'ai fait les maquettes du spectacle de fin d'année.").evidenced == []
    assert web_fiche.match("Je cuisine les plats du jour et je gère les commandes du restaurant.").tasks == []


def test_a_clause_told_in_part_counts_for_a_shipped_referential_without_a_lexicon():
    from vae_assistant.matching import build_matcher

    matcher = build_matcher(resolve("casp-rncp36625").referential)
    text = "Avec chaque personne suivie, on construit pas à pas son parcours vers l'emploi ou une formation."
    assert [t.id for t in matcher.match(text).evidenced] == ["C2"]


def test_without_a_lexicon_a_competency_s_rare_word_is_a_cue_and_its_leading_verb_is_nothing():
    from vae_assistant.matching import build_matcher

    matcher = build_matcher(resolve("casp-rncp36625").referential)  # "Réaliser une veille sur l'environnement…"
    cue = matcher.match("Je fais une veille sur les offres du territoire.").tasks
    assert [t.id for t in cue] == ["C4"] and not cue[0].evidenced
    assert matcher.match("J'ai réalisé un classeur de fiches.").tasks == []
    told = matcher.match("Je fais une veille sur l'environnement professionnel de l'insertion.")
    assert [t.id for t in told.evidenced] == ["C4"]


def test_make_eval_ends_with_a_summary_whose_last_line_is_the_first_corpus(capsys):
    """`make eval` puts dev first; its figures close the output, where a quick look (tail) finds them."""
    from vae_assistant.matching.evaluate import main

    assert main([str(DATA / "matching_stories.jsonl"), str(DATA / "matching_validation.jsonl")]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-3].startswith("Résumé du matcher")
    assert lines[-2].lstrip().startswith("matching_validation.jsonl") and "F1 0." in lines[-2]
    assert lines[-1].lstrip().startswith("matching_stories.jsonl")


def test_the_words_shown_with_an_evidence_leave_out_the_function_words_an_expression_requires(casp):
    """« =mon rôle » matches « j'ai expliqué mon rôle »: a person checking it needs « rôle », not « mon »."""
    from vae_assistant.dossier import operations as ops
    from vae_assistant.matching.normalize import telling_words
    from vae_assistant.review.evidence import task_evidence

    assert telling_words(["pas", "à", "sa", "place", "mon", "rôle"]) == ["place", "rôle"]
    dossier = ops.new_dossier(casp, nom="Martin", prenom="Léa")
    text = "J'ai expliqué mon rôle à la dame dès le début de l'entretien."
    ops.add_situation(dossier, text, match=get_matcher(casp).match, referential=casp)
    assert "mon" in dossier.situations[0].match.task("1.3").best_evidence.matched  # what the matcher required
    lines = [line for item in task_evidence(dossier, casp, "1.3") for line in item.lines]
    assert lines and "rôle" in lines[0].matched and all("mon" not in line.matched for line in lines)
