"""Writes ``examples/dossier-exemple.vae.json``: a realistic, fictional CASP candidate, for the README's pictures
of the livret and for the livret's tests.

Run it again after a change of the CASP referential or of the matcher (``.venv/bin/python
examples/make_example.py``): situations are matched with the real matcher, so the stored evidence follows them.
Names are invented; people accompanied are anonymised, as a jury expects.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from vae_assistant.dossier import model
from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.referential import match_function
from vae_assistant.dossier.storage import encode
from vae_assistant.referential import resolve

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "dossier-exemple.vae.json"

SITUATIONS: list[dict] = [
    {
        "title": "Premier accueil d'une femme sans ressources au guichet",
        "for_task": "1.4",
        "context": {
            "structure": "Centre communal d'action sociale (CCAS) d'une ville de 40 000 habitants",
            "public": "Adultes en difficulté sociale, sans rendez-vous",
            "period": "Novembre 2021",
            "role": "Agente d'accueil et d'orientation",
        },
        "narrative": (
            "Un lundi matin, Madame K., 52 ans, se présente à l'accueil du CCAS sans rendez-vous. Elle est tendue, "
            "parle vite et tient une pile de courriers à la main.\n\n"
            "Je l'ai d'abord installée dans le bureau d'entretien pour garantir la confidentialité, loin de la file "
            "d'attente. J'ai pris le temps de l'écouter sans l'interrompre, puis j'ai reformulé sa demande : elle "
            "venait pour une facture d'électricité impayée, mais en l'écoutant j'ai repéré que ses droits au RSA "
            "étaient suspendus depuis deux mois.\n\n"
            "J'ai présenté les missions du CCAS et les limites de mon rôle : je ne pouvais pas décider d'une aide "
            "financière, mais je pouvais préparer le dossier et l'orienter vers la conseillère en économie sociale "
            "et familiale. Nous avons trié ensemble les courriers ; j'ai évalué l'urgence (risque de coupure sous "
            "huit jours) et j'ai obtenu un rendez-vous le jour même.\n\n"
            "Avec le recul, j'ai compris que la demande affichée cachait une autre difficulté. Depuis, je pose "
            "systématiquement une question ouverte sur la situation administrative en fin d'entretien. 🙂"
        ),
    },
    {
        "title": "Orientation d'un jeune vers la Mission locale",
        "for_task": "2.2",
        "context": {
            "structure": "CCAS",
            "public": "Jeune de 19 ans sorti du lycée sans diplôme",
            "period": "Mars 2022",
            "role": "Agente d'accueil et d'orientation",
        },
        "narrative": (
            "Un jeune homme de 19 ans est venu demander « un travail, n'importe lequel ». Il avait quitté le lycée "
            "en terminale et n'avait aucun suivi.\n"
            "J'ai identifié que sa demande relevait de la Mission locale, qui accompagne les 16-25 ans vers l'emploi "
            "et la formation. Je lui ai expliqué le rôle de cette structure et ce qu'elle pouvait lui apporter "
            "(accompagnement, Contrat d'engagement jeune, aide au permis).\n"
            "J'ai appelé ma contact à la Mission locale devant lui pour fixer un premier rendez-vous, et je lui ai "
            "remis une fiche avec l'adresse, le plan et les documents à apporter.\n"
            "Trois semaines plus tard, il est repassé nous dire qu'il était inscrit dans le dispositif. 👍"
        ),
    },
    {
        "title": "Construire un projet d'insertion avec une mère isolée",
        "for_task": "3.3",
        "context": {
            "structure": "Association d'insertion « Tremplin » (atelier et accompagnement)",
            "public": "Allocataires du RSA",
            "period": "2022-2023",
            "role": "Accompagnatrice socioprofessionnelle",
        },
        "narrative": (
            "J'ai accompagné pendant dix mois Madame B., 34 ans, mère de deux enfants, allocataire du RSA depuis "
            "quatre ans.\n\n"
            "Lors des trois premiers entretiens, nous avons approfondi le diagnostic : freins de mobilité (pas de "
            "permis), garde des enfants le mercredi, et une expérience ancienne d'aide à domicile qu'elle ne "
            "valorisait pas. J'ai confirmé avec elle ces hypothèses avant de proposer quoi que ce soit.\n\n"
            "Nous avons construit ensemble un projet d'accompagnement en trois étapes, formalisé dans un contrat "
            "d'engagement réciproque : inscription à une formation d'assistante de vie aux familles, solution de "
            "garde avec le centre social, puis recherche d'un employeur. Je l'ai laissée choisir l'ordre des "
            "étapes, pour qu'elle reste actrice de son parcours.\n\n"
            "Nous faisions le point toutes les trois semaines. Quand la formation a été reportée, nous avons ajusté "
            "le plan : elle a fait un stage d'observation dans un service d'aide à domicile en attendant.\n\n"
            "En fin d'accompagnement, j'ai rédigé le bilan pour le référent RSA du Département et je l'ai relu avec "
            "elle. Elle a obtenu son titre et travaille aujourd'hui à temps partiel."
        ),
    },
    {
        "title": "Animer un atelier CV pour des demandeurs d'emploi",
        "for_task": "2.4",
        "context": {
            "structure": "Association d'insertion « Tremplin »",
            "public": "Groupe de huit demandeurs d'emploi",
            "period": "Printemps 2023",
            "role": "Animatrice de l'atelier",
        },
        "narrative": (
            "Chaque mois, j'anime un atelier collectif de deux heures sur le CV et la lettre de motivation.\n"
            "Je prépare le contenu à l'avance : un support projeté, des exemples de CV anonymisés et une grille "
            "d'auto-évaluation. J'adapte les exemples aux métiers visés par les participants inscrits.\n"
            "Pendant l'atelier, je commence par un tour de table pour que chacun présente son projet, puis nous "
            "travaillons en binômes sur les CV. Je veille à ce que les personnes qui maîtrisent mal l'écrit ne "
            "restent pas en retrait : je les associe à un binôme plus à l'aise et je passe les voir.\n"
            "À la fin, je recueille les avis sur une fiche de satisfaction ; j'ai ainsi ajouté une séance sur "
            "l'utilisation du site de France Travail, demandée par plusieurs participants. 💻📄"
        ),
    },
    {
        "title": "Mobiliser les partenaires autour d'une famille menacée d'expulsion",
        "for_task": "4.1",
        "context": {
            "structure": "CCAS",
            "public": "Famille avec trois enfants",
            "period": "Hiver 2022",
            "role": "Agente d'accueil, en appui de l'assistante sociale",
        },
        "narrative": (
            "Une famille de cinq personnes faisait l'objet d'une procédure d'expulsion pour dettes de loyer.\n\n"
            "J'ai recensé les partenaires à mobiliser : le bailleur social, la Caisse d'allocations familiales pour "
            "le Fonds de solidarité logement, l'association d'aide aux locataires et l'assistante sociale de "
            "secteur. J'ai préparé une fiche de liaison pour chacun, avec l'accord de la famille.\n\n"
            "J'ai organisé une réunion de concertation au CCAS : chacun a précisé ce qu'il pouvait faire et dans "
            "quels délais. J'ai rédigé le compte rendu et je l'ai diffusé à tous les participants le lendemain.\n\n"
            "Un plan d'apurement a été signé avec le bailleur et l'expulsion a été suspendue. Cette situation m'a "
            "appris l'importance d'entretenir le réseau avant l'urgence : depuis, je tiens à jour un annuaire des "
            "partenaires du territoire, partagé avec l'équipe."
        ),
    },
    {
        "title": "Tenir à jour la documentation de l'accueil",
        "for_task": "5.3",
        "context": {
            "structure": "CCAS",
            "public": "Tout public de l'accueil",
            "period": "Depuis 2020",
            "role": "Référente documentation de l'accueil",
        },
        "narrative": (
            "Je suis chargée de la documentation mise à disposition du public dans l'espace d'accueil.\n"
            "Je fais une veille chaque semaine sur les sites de la CAF, de France Travail et du Département, et je "
            "suis abonnée aux lettres d'information des principaux partenaires.\n"
            "J'ai réalisé des fiches pratiques d'une page (« Faire une demande de logement social », « Le chèque "
            "énergie », « Ouvrir ses droits à la complémentaire santé solidaire ») en langage simple, avec des "
            "pictogrammes, car beaucoup de personnes reçues lisent difficilement le français.\n"
            "Je vérifie tous les trois mois que les informations sont à jour et je retire les documents périmés."
        ),
    },
    {
        "title": "Organiser mon travail et rendre compte de mon activité",
        "for_task": "6.7",
        "context": {
            "structure": "CCAS",
            "public": "—",
            "period": "Chaque année depuis 2020",
            "role": "Agente d'accueil et d'orientation",
        },
        "narrative": (
            "Pour organiser l'accueil, je tiens un planning partagé des rendez-vous et des permanences des "
            "partenaires, et un tableau de suivi des personnes orientées.\n"
            "Chaque fin d'année, je rédige le bilan quantitatif et qualitatif de l'activité d'accueil : nombre de "
            "personnes reçues, motifs de venue, orientations réalisées. J'en présente les résultats en réunion "
            "d'équipe.\n"
            "Ce bilan m'oblige à porter un regard critique sur ma pratique. En 2022, il a montré que les personnes "
            "âgées attendaient trop longtemps : nous avons créé un créneau d'accueil réservé le mardi matin."
        ),
    },
]

# One long narrative, as some candidates write: the story goes on with what the candidate learnt from it.
LONG_EXTRA = (
    "Ce que cette expérience m'a appris, je le mesure mieux aujourd'hui, en relisant mes notes de l'époque. Chaque "
    "semaine, je notais ce qui avait avancé, ce qui bloquait et ce que j'avais essayé.",
    "Au début, j'avais tendance à proposer des solutions trop vite. Madame B. acquiesçait, puis ne venait pas au "
    "rendez-vous suivant. J'ai compris qu'elle n'osait pas me dire que l'ordre des étapes ne lui convenait pas.",
    "J'ai donc changé ma façon de conduire les entretiens : je commence par lui demander ce qui s'est passé depuis "
    "la dernière fois, et je reformule avant de proposer quoi que ce soit.",
    "La garde des enfants a pesé plus lourd que prévu. Avec la référente famille du centre social, nous avons "
    "cherché une place au centre de loisirs le mercredi, et Madame B. a rempli elle-même le dossier d'inscription.",
    "Pendant la formation, je l'ai appelée chaque semaine le premier mois, puis tous les quinze jours. Quand elle a "
    "voulu abandonner après une remarque d'une formatrice, nous avons pris le temps d'en parler, et elle a décidé "
    "de continuer.",
    "Aujourd'hui, quand j'accompagne une personne sur un projet long, je garde ces repères : la laisser choisir, "
    "noter les petites avancées, et prévenir tôt les partenaires quand le plan change.",
)


def build() -> model.Dossier:
    ref = resolve("casp-rncp7426").referential
    match = match_function(ref)
    dossier = ops.new_dossier(
        ref,
        nom="Martin",
        prenom="Camille",
        email="camille.martin@example.org",
        phone="06 00 00 00 00",
        address="12 rue des Lilas\n44000 Nantes",
    )
    ops.add_experience(
        dossier,
        kind="job",
        employer="Centre communal d'action sociale (CCAS)",
        position="Agente d'accueil et d'orientation",
        start="2019-09",
        ongoing=True,
        working_time="full_time",
        sector="Action sociale",
        description="Accueil physique et téléphonique, premier diagnostic, orientation vers les services et les "
        "partenaires.\nRéférente de la documentation de l'accueil.",
    )
    ops.add_experience(
        dossier,
        kind="job",
        employer="Association d'insertion « Tremplin »",
        position="Accompagnatrice socioprofessionnelle",
        start="2022-01",
        end="2023-06",
        working_time="part_time",
        part_time_percent=50,
        sector="Insertion par l'activité économique",
    )
    ops.add_experience(
        dossier,
        kind="job",
        employer="Service d'aide à domicile",
        position="Aide à domicile",
        start="2014-03",
        end="2019-06",
        working_time="part_time",
        part_time_percent=80,
    )
    ops.add_experience(
        dossier,
        kind="volunteering",
        employer="Association d'aide aux devoirs du quartier",
        position="Bénévole, puis coordinatrice des bénévoles",
        start="2016",
        end="2020",
    )
    ops.add_training(
        dossier,
        title="Baccalauréat professionnel Services de proximité et vie locale",
        organisation="Lycée professionnel",
        start="2011",
        end="2013",
        diploma_obtained=True,
    )
    ops.add_training(
        dossier,
        title="Formation « Accueil des publics en situation de précarité » (21 h)",
        organisation="CNFPT",
        start="2021-03",
        end="2021-03",
    )
    ops.add_training(
        dossier, title="Prévention et secours civiques de niveau 1 (PSC1)", end="2018", diploma_obtained=True
    )
    for text in (
        "Attestation d'emploi du CCAS (depuis 2019)",
        "Certificat de travail de l'association « Tremplin »",
        "Attestation de bénévolat de l'association d'aide aux devoirs",
        "Fiche de poste d'agente d'accueil et d'orientation",
    ):
        ops.add_piece(dossier, title=text)
    for n, spec in enumerate(SITUATIONS):
        narrative = spec["narrative"]
        if n == 2:  # one long narrative, as some candidates write
            narrative += "\n\n" + "\n\n".join(LONG_EXTRA)
        ops.add_situation(
            dossier,
            narrative,
            title=spec["title"],
            context=spec["context"],
            for_task=spec["for_task"],
            match=match,
            referential=ref,
        )
    ops.confirm_task(dossier, "s1", "1.4", referential=ref, match=match)
    # The matcher (v13 on) reads s2's orientation as presenting a structure (1.2) and misses 2.2, the task the
    # candidate told it for: she confirms it, as a candidate does in the assistant (/confirmer s2 2.2).
    ops.confirm_task(dossier, "s2", "2.2", referential=ref, match=match)
    # Matcher v18 also reads s4's "grille d'auto-évaluation" of the workshop as a diagnostic tool (3.1): she rejects
    # it, as a candidate does in the assistant (/rejeter s4 3.1), so that her livret does not claim it.
    ops.reject_task(dossier, "s4", "3.1", referential=ref, match=match)
    # Matcher v20 reads s4's participants « en binômes » as team work (4.3) and s6's practical sheets for the public
    # as working documents for the team (5.3); it misses s1's orientation to the CESF, told in the same sentence as
    # the limits of her role (1.3). She rejects the first two and confirms the third, as candidates do.
    ops.reject_task(dossier, "s4", "4.3", referential=ref, match=match)
    ops.reject_task(dossier, "s6", "5.3", referential=ref, match=match)
    ops.confirm_task(dossier, "s1", "2.2", referential=ref, match=match)
    ops.add_comment(
        dossier,
        author="Sophie Durand (accompagnatrice)",
        text="Très bonne situation : précisez la durée de l'entretien et ce que vous avez noté dans le dossier.",
        status="a_completer",
        situation_id="s1",
        referential=ref,
    )
    ops.add_comment(
        dossier,
        author="Sophie Durand (accompagnatrice)",
        text="Le bloc 5 manque encore de situations sur le traitement de l'information.",
        task_id="5.2",
        referential=ref,
    )
    ops.add_comment(
        dossier,
        author="Sophie Durand (accompagnatrice)",
        text="",
        status="valide",
        situation_id="s3",
        task_id="3.3",
        referential=ref,
    )
    fixed = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
    dossier.created_at = fixed
    dossier.updated_at = fixed
    return dossier


def main() -> int:
    OUTPUT.write_bytes(encode(build()))
    print(f"Écrit : {OUTPUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
