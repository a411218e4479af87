"""A word of a command we suggest, written so that it works when pasted in a terminal."""

from __future__ import annotations

import re
import shlex

# What a shell reads as one plain word: letters of any script (« hélène », « récit.txt »), digits and a few signs
# (« ~/ » at the start is the home folder, for the shell as for the program).
_PLAIN = re.compile(r"[\w@%+=:,./~-]+")


def shell_word(text: str) -> str:
    """``text`` as is when a shell reads it as one word, else quoted: « récit.txt » stays as it is (``shlex.quote``
    would write « 'récit.txt' »), « Mes dossiers/zoé » becomes « 'Mes dossiers/zoé' »."""
    return text if _PLAIN.fullmatch(text) else shlex.quote(text)
