"""The command line: ``vae-assistant [COMMAND] …``.

Each command lives in its own module with a ``register(subparsers)`` function; this module wires them, speaks
French to the user and turns every :class:`~vae_assistant.errors.VaeError` into a message and exit code 2.
Without a command, the assistant (the TUI) opens.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import importlib
import re
import sys
import textwrap
import traceback
from collections.abc import Sequence

from vae_assistant import __version__
from vae_assistant.cli import _french  # noqa: F401  (translates argparse's own messages)
from vae_assistant.dossier import lock
from vae_assistant.errors import EXIT_USER_ERROR, VaeError, os_error
from vae_assistant.shell import shell_word

# Modules under vae_assistant.cli that add a command; add a line to register a new one.
COMMAND_MODULES = [
    "referential_cmd",
    "dossier_cmd",
    "coverage_cmd",
    "export_cmd",
    "match_cmd",
    "open_cmd",
    "review_cmd",
]

EXIT_INTERNAL_ERROR = 1
EXIT_INTERRUPTED = 130


_INVALID_CHOICE = re.compile(
    r"argument (?P<argument>\S+) : choix invalide : '(?P<value>.*)' \(choix possibles : (?P<choices>.*)\)$"
)


_INSIDE_GUILLEMETS = re.compile(r"(?<=«) | (?=»)")


class FrenchHelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, with non-breaking spaces inside « »: wrapping at the terminal's width must not leave
    a guillemet alone at a line's end or start (« ou « / 12/03/2015 » » in ``dossier experience --help``). Lines
    break at spaces only: argparse also broke at hyphens, cutting a file name (« livret2-prénom- / nom.docx ») or
    the dossier folder (« …/share/vae- / assistant/dossiers ») in two."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return _wrap(_INSIDE_GUILLEMETS.sub("\u00a0", text), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in _wrap(_INSIDE_GUILLEMETS.sub("\u00a0", text), width - len(indent)))


def _wrap(text: str, width: int) -> list[str]:
    """As argparse's own wrapping (its spaces are ASCII ones: the non-breaking spaces stay), at spaces only."""
    text = re.sub(r"[ \t\n\r\f\v]+", " ", text).strip()
    return textwrap.wrap(text, max(width, 11), break_on_hyphens=False, break_long_words=False)


class FrenchArgumentParser(argparse.ArgumentParser):
    """An argument parser whose errors are one French line and exit code 2."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        super().__init__(*args, **kwargs)

    def format_help(self) -> str:
        """argparse's help, then the command's examples as written (:mod:`vae_assistant.cli.examples`)."""
        from vae_assistant.cli.examples import examples_text

        examples = examples_text(self.prog.removeprefix("vae-assistant").strip())
        return super().format_help() + (f"\n{examples}" if examples else "")

    def parse_args(self, args=None, namespace=None):  # type: ignore[no-untyped-def, override]
        """As argparse's, but an option no parser knows is reported by the command it was typed for: its usage, and
        the option it most likely stands for (argparse gave the whole program's usage and no clue)."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            _parser_for(self, parsed).error(f"arguments non reconnus : {' '.join(extras)}")
        return parsed

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        hint = _choice_hint(message, self.prog) or _option_hint(message, self)
        self.exit(EXIT_USER_ERROR, f"Erreur : {message}\n" + (f"{hint}\n" if hint else ""))


def _parser_for(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.ArgumentParser:
    """The parser of the command (and action) ``args`` were parsed for: ``dossier add`` for « dossier add … »."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            chosen = action.choices.get(getattr(args, action.dest, None) or "")
            if chosen is not None:
                return _parser_for(chosen, args)
    return parser


def _option_hint(message: str, parser: argparse.ArgumentParser) -> str | None:
    """After « arguments non reconnus » naming an option: the close one (« --fichier » for ``--file``) and where
    the command's options are listed. After « arguments obligatoires manquants : ACTION » (``vae-assistant
    dossier`` alone): the actions there are."""
    missing = re.search(r"arguments obligatoires manquants : (.*)$", message)
    if missing is not None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction) and action.metavar in missing.group(1):
                return f"Précisez l'action : {', '.join(action.choices)}. « {parser.prog} --help » les décrit."
        return f"« {parser.prog} --help » dit ce que la commande attend, avec des exemples."
    found = re.search(r"arguments non reconnus : (.*)$", message)
    if found is None:
        return None
    known = [option for option in parser._option_string_actions if option.startswith("--")]
    for word in found.group(1).split():
        if word.startswith("--"):
            close = difflib.get_close_matches(word.split("=")[0], known, n=1, cutoff=0.6)
            if close:
                return f"Vouliez-vous dire « {close[0]} » ? « {parser.prog} --help » liste ses options."
    return f"« {parser.prog} --help » dit ce que la commande attend, avec des exemples."


def _choice_hint(message: str, prog: str) -> str | None:
    """After « choix invalide » (a command or an action mistyped): the close one, or, for a lone word naming a
    dossier, how to open it (``vae-assistant marie`` is not the shortcut ``vae-assistant marie.vae.json``)."""
    found = _INVALID_CHOICE.search(message)
    if found is None:
        return None
    value, choices = found.group("value"), re.findall(r"'([^']*)'", found.group("choices"))
    if found.group("argument") == "-":  # « dossier add marie recit.txt »: the file without --file
        return f"Pour lire le texte d'un fichier, écrivez --file devant son nom : --file {value}"
    if prog == "vae-assistant":  # before the close command: « mon-dossier » is close to « dossier »
        from vae_assistant.dossier.storage import close_dossier, dossier_path

        with contextlib.suppress(VaeError, OSError, ValueError):
            path = dossier_path(value)
            if path.is_file():
                return f"Pour ouvrir le dossier {value} : vae-assistant open {shell_word(value)}"
            if "." in value or "/" in value:  # a file's name (« mon-dossier.json »), not a mistyped command
                close = close_dossier(path)
                if close:
                    return f"Pour ouvrir le dossier {close} : vae-assistant open {close}"
                return (f"Aucun dossier ne s'appelle {value} : « vae-assistant dossier list » montre les vôtres, "
                        "« vae-assistant --help » les commandes.")
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    if close:
        argument = found.group("argument")
        before = argument.split("/")[-1] if argument.startswith("-") else prog  # « --version jury », « … add »
        return f"Vouliez-vous dire « {before} {close[0]} » ?"
    return None


def build_parser() -> argparse.ArgumentParser:
    parser = FrenchArgumentParser(
        prog="vae-assistant",
        description="Assistant hors ligne pour rédiger votre livret 2 de VAE.",
        epilog="Sans commande, l'assistant s'ouvre sur son écran d'accueil (votre dernier dossier en tête) ; "
        "« vae-assistant DOSSIER.vae.json » l'ouvre sur ce dossier. « vae-assistant COMMANDE --help » détaille une "
        "commande. Codes de sortie : 0 si tout s'est bien passé, 2 pour une entrée à corriger (le message dit "
        "laquelle ; rien n'est écrasé), 1 pour une erreur interne (son détail est enregistré dans un fichier), 130 "
        "pour une commande interrompue (Ctrl+C).",
    )
    parser.add_argument(
        "--version", action="version", version=f"vae-assistant {__version__}", help="afficher la version et quitter"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=FrenchArgumentParser)
    for name in COMMAND_MODULES:
        importlib.import_module(f"vae_assistant.cli.{name}").register(subparsers)
    _describe_commands(parser)
    return parser


def _describe_commands(parser: argparse.ArgumentParser) -> None:
    """A command registered without a description shows the line the list of commands gives it at the top of its
    own help (« dossier show --help » began with its usage and nothing said what it does)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for listed in action._choices_actions:
                command = action.choices[listed.dest]
                if not command.description and listed.help:
                    command.description = listed.help[0].upper() + listed.help[1:] + "."
                _describe_commands(command)


def _utf8_streams() -> None:
    """French text must not crash a terminal whose locale is not UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure and (stream.encoding or "").lower().replace("-", "") != "utf8":
            reconfigure(errors="replace")


_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# A file name that is not UTF-8 (a Latin-1 « récit.txt » copied from an old key) reaches Python with each odd byte
# as a lone surrogate, which stderr would print as « \udce9 ».
_UNDECODED = re.compile("[\udc80-\udcff]")


def report_error(error: VaeError) -> int:
    """The error in French on stderr; what it quotes of the user's input cannot drive the terminal: a control
    character (an escape sequence pasted into an argument) shows as « \ufffd ». A byte of a file name that is not
    UTF-8 is read as Latin-1, the likeliest case for a French name: « r\udce9cit.txt » shows as « récit.txt »."""
    text = _CONTROLS.sub("\ufffd", f"Erreur : {error}")
    print(_UNDECODED.sub(lambda m: bytes([ord(m.group()) - 0xDC00]).decode("latin-1"), text), file=sys.stderr)
    return error.exit_code


def _open_assistant(args: argparse.Namespace) -> int:
    from vae_assistant.cli.support import require_terminal
    from vae_assistant.tui import run_app

    require_terminal()
    return run_app(path=None)


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_streams()
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    from vae_assistant.cli.open_cmd import looks_like_dossier

    if len(argv) == 1 and looks_like_dossier(argv[0]):
        argv = ["open", argv[0]]
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None) or _open_assistant
    # Written in the dossier locks this command takes: another command finding one says which command it waits for.
    lock.command_name = " ".join(w for w in (args.command, getattr(args, "dossier_command", None)) if w) or None
    try:
        return int(handler(args) or 0)
    except VaeError as error:
        return report_error(error)
    except KeyboardInterrupt:
        print("\nInterrompu.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (``| head``); nothing to say to anyone.
        sys.stderr.close()
        return 0
    except OSError as exc:
        # A file refused by the system (permission, full disk…) where no command checked for it first: still the
        # user's to fix, so a French message and exit code 2 rather than a crash report.
        error = os_error(exc)
        if error is None:
            return _crash()
        return report_error(error)
    except Exception:
        return _crash()
    finally:
        lock.command_name = None


def _crash() -> int:
    """Record the exception being handled for a bug report, and say so in French."""
    from vae_assistant.crash import write_crash_report

    report = write_crash_report(traceback.format_exc())
    print(
        "Erreur interne inattendue (ce n'est pas de votre faute).\n"
        f"Le détail technique a été enregistré dans {report}.",
        file=sys.stderr,
    )
    return EXIT_INTERNAL_ERROR
