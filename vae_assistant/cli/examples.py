"""The examples each command's ``--help`` ends with, the same commands README.md shows.

Kept in one place so that a test can run every one of them through the parser: an example naming an option that
does not exist (or no longer does) fails the suite instead of misleading a newcomer.
"""

from __future__ import annotations

# Command (as after « vae-assistant ») → example command lines; « # » starts a comment and « \\ » at a line's end
# goes on to the next line, as in a shell. Lines fit in 80 columns once indented.
EXAMPLES: dict[str, list[str]] = {
    "dossier new": [
        "vae-assistant dossier new mon-dossier --prenom Camille --nom Martin",
        "vae-assistant dossier new mon-dossier --prenom Camille --nom Martin \\\n"
        "    --referential casp-rncp36625",
    ],
    "dossier add": [
        'vae-assistant dossier add mon-dossier --file situation.txt \\\n'
        '    --titre "Premier accueil" --structure "CCAS de Lyon" \\\n'
        '    --public "adultes isolés" --periode 2021 --role "agente d\'accueil"',
        "vae-assistant dossier add mon-dossier -   # tapez le récit, puis Ctrl+D",
    ],
    "dossier show": ["vae-assistant dossier show mon-dossier"],
    "dossier import-docx": ["vae-assistant dossier import-docx mon-dossier brouillon.docx"],
    "dossier confirm": ["vae-assistant dossier confirm mon-dossier s2 3.3"],
    "dossier reject": ["vae-assistant dossier reject mon-dossier s2 2.2"],
    "dossier undecide": ["vae-assistant dossier undecide mon-dossier s2 2.2"],
    "dossier restore": [
        "vae-assistant dossier restore mon-dossier --list      # les sauvegardes",
        "vae-assistant dossier restore mon-dossier             # la dernière lisible",
        "vae-assistant dossier restore mon-dossier --backup 3  # la sauvegarde n° 3",
    ],
    "dossier list": ["vae-assistant dossier list"],
    "dossier check": ["vae-assistant dossier check mon-dossier"],
    "dossier experience": [
        'vae-assistant dossier experience mon-dossier --employeur "CCAS de Lyon" \\\n'
        '    --poste "agente d\'accueil" --debut "mars 2015" --fin 2019 \\\n'
        '    --temps-partiel 80',
        'vae-assistant dossier experience mon-dossier --type benevolat \\\n'
        '    --employeur "Restos du cœur" --poste "bénévole à l\'accueil" \\\n'
        '    --debut 2020 --en-cours',
    ],
    "dossier formation": [
        'vae-assistant dossier formation mon-dossier --intitule "CAP Petite enfance" \\\n'
        '    --fin 2010 --diplome-obtenu',
    ],
    "dossier piece": [
        'vae-assistant dossier piece mon-dossier \\\n'
        '    --intitule "Attestation d\'employeur du CCAS"',
    ],
    "dossier remove": ["vae-assistant dossier remove mon-dossier s2   # ou e1, f1, p1"],
    "coverage": [
        "vae-assistant coverage mon-dossier",
        "vae-assistant coverage mon-dossier --format md -o fiche-de-suivi.md",
    ],
    "export": [
        "vae-assistant export mon-dossier -o livret.docx",
        "vae-assistant export mon-dossier -o livret-acc.docx --version accompagnateur",
        "vae-assistant export mon-dossier -o livret.docx \\\n"
        "    --template modele-certificateur.docx",
    ],
    "match": [
        "vae-assistant match \"J'ai orienté une dame vers l'assistante sociale.\"",
        "vae-assistant match --file situation.txt",
    ],
    "open": ["vae-assistant open mon-dossier", "vae-assistant open mon-dossier --lecture-seule"],
    "review": ['vae-assistant review mon-dossier --auteur "Claire Dupont"'],
    "referential list": ["vae-assistant referential list"],
    "referential show": [
        "vae-assistant referential show casp-rncp7426 --brief",
        "vae-assistant referential show RNCP36625 --json",
    ],
    "referential validate": ["vae-assistant referential validate mon-titre.yaml"],
    "referential schema": ["vae-assistant referential schema > referential.schema.json"],
    "referential import-rncp": [
        "vae-assistant referential import-rncp \\\n"
        "    export-fiches-rncp-v4-1-AAAA-MM-JJ.zip RNCP37674",
    ],
}


def examples_text(command: str) -> str:
    """The « Exemples » section of ``command``'s help, its lines as written (not wrapped)."""
    lines = EXAMPLES.get(command, [])
    if not lines:
        return ""
    title = "Exemple :" if len(lines) == 1 else "Exemples :"
    return title + "\n" + "".join(f"  {line}\n" for example in lines for line in example.split("\n"))
