"""Gate ``spelling``: no unknown word in the English sources or the French catalogs.

The English text is what Sphinx extracts for translation (the msgids of the
current sources), checked with hunspell's en_GB dictionary; the French is
every finished msgstr, checked with fr_FR. Markup (MyST roles, link targets,
URLs, e-mail addresses, code, substitutions) is removed first. Words the
dictionaries lack but that are right (names, acronyms) go in the project word
lists ``locale/wordlist.en.txt`` and ``locale/wordlist.fr.txt``, one per line,
sorted; hunspell reads them as personal dictionaries.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from hdhkb.check import CheckError, Problem, Project, msgid_line, terminology, translated

NAME = "spelling"
NEEDS_HTML = False
HELP = "hunspell en_GB on the English sources, fr_FR on the French, plus project word lists"

DICTIONARIES = {"en": "en_GB", "fr": "fr_FR"}
LANGUAGE_NAMES = {"en": "English", "fr": "French"}

#: Markup removed before spelling, in order. Link and role texts are kept.
MARKUP: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"```.*?```", " "),                                   # code fences
        (r"\{(?:ref|doc|numref|any|download|eq|term)\}`[^`<]*`", " "),  # bare reference roles
        (r"\{[\w:.+-]+\}`([^`<]*?)\s*(?:<[^`>]*>)?`", r"\1"),  # {role}`text <target>` -> text
        (r"``.*?``|`[^`]*`", " "),                            # inline code
        (r"\{\{.*?\}\}", " "),                                # substitutions
        (r"!?\[([^\]]*)\]\([^)]*\)", r"\1"),                  # [text](target), images
        (r"\[([^\]]*)\]\[[^\]]*\]", r"\1"),                   # [text][ref]
        (r"\[\^[^\]]*\]", " "),                               # footnote references
        (r"\{[#.][^}]*\}", " "),                              # {#id .class} attributes
        (r"<[^<>\s]+[:@][^<>\s]*>", " "),                     # <https://…>, <a@b.c>
        (r"</?[a-zA-Z][^<>]*>", " "),                         # HTML tags
        (r"\b(?:https?|ftp)://\S+|\bwww\.\S+", " "),          # bare URLs
        (r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", " "),               # e-mail addresses
        (r"\\(.)", r"\1"),                                    # backslash escapes
        (r"[*_]{1,3}(?=\w)|(?<=\w)[*_]{1,3}", ""),            # emphasis marks
    )
)


def strip_markup(text: str, names: re.Pattern[str] | None = None) -> str:
    """Prose only: what a reader reads, without targets, addresses, code or *names*."""
    text = " ".join(text.split("\n"))
    for pattern, replacement in MARKUP:
        text = pattern.sub(replacement, text)
    return names.sub(" ", text) if names else text


def glossary_names(project: Project) -> re.Pattern[str] | None:
    """The glossary's never-translated names (English in French text, acronyms): known words."""
    path = project.locale / terminology.GLOSSARY
    if not path.exists():
        return None
    names = sorted((t.english[0] for t in terminology.load(path) if t.keep), key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")


def wordlist(project: Project, language: str) -> Path:
    return project.locale / f"wordlist.{language}.txt"


def unknown_words(texts: list[str], dictionary: str, personal: Path) -> list[list[tuple[str, str]]]:
    """For each text, the (word, suggestions) hunspell does not know."""
    if shutil.which("hunspell") is None:
        raise CheckError("hunspell is not installed (Debian packages hunspell, "
                         "hunspell-en-gb, hunspell-fr)")
    # '^' makes hunspell's pipe mode spell the rest of the line whatever it starts with.
    stdin = "".join("^" + " ".join(t.split()) + "\n" for t in texts)
    cmd = ["hunspell", "-a", "-i", "utf-8", "-d", dictionary]
    if personal.exists():
        cmd += ["-p", str(personal)]
    result = subprocess.run(cmd, input=stdin, capture_output=True, text=True, encoding="utf-8")
    if result.returncode != 0 or "Can't open" in result.stderr:
        raise CheckError(f"hunspell -d {dictionary} failed: {result.stderr.strip()}")
    blocks: list[list[tuple[str, str]]] = [[]]
    for line in result.stdout.splitlines()[1:]:  # the first line is hunspell's banner
        if not line:
            blocks.append([])
        elif line[0] == "&":  # & word count offset: suggestions
            head, _, suggestions = line.partition(": ")
            blocks[-1].append((head.split()[1], suggestions))
        elif line[0] == "#":  # # word offset (no suggestion)
            blocks[-1].append((line.split()[1], ""))
    return blocks[: len(texts)]


def check_wordlist(project: Project, language: str) -> Iterator[Problem]:
    """Word lists stay sorted and free of duplicates, so that merges stay easy."""
    path = wordlist(project, language)
    if not path.exists():
        return
    words = path.read_text(encoding="utf-8").splitlines()
    for number, (before, after) in enumerate(zip(words, words[1:]), 2):
        if after <= before:
            yield Problem(project.rel(path), number, NAME,
                          f"word list not sorted or duplicate word {after!r}",
                          f"sort it: `LC_ALL=C sort -u -o {project.rel(path)} {project.rel(path)}`")


def report(language: str, word: str, suggestions: str, project: Project) -> tuple[str, str]:
    hint = f" (did you mean {suggestions}?)" if suggestions else ""
    message = f"unknown {LANGUAGE_NAMES[language]} word {word!r}{hint}"
    fix = (f"correct the spelling, or if the word is right (a name, an acronym) add it "
           f"to {project.rel(wordlist(project, language))}")
    return message, fix


def run(project: Project) -> Iterator[Problem]:
    for language in DICTIONARIES:
        yield from check_wordlist(project, language)
    names = glossary_names(project)
    # English: the messages of the current sources, reported at their source line.
    english = [(pot_path, entry) for _, (pot_path, pot) in sorted(project.templates().items())
               for entry in pot]
    results = unknown_words([strip_markup(e.msgid, names) for _, e in english], DICTIONARIES["en"],
                            wordlist(project, "en"))
    for (pot_path, entry), words in zip(english, results):
        where, line = project.source_location(pot_path, entry)
        for word, suggestions in dict.fromkeys(words):
            yield Problem(where, line, NAME, *report("en", word, suggestions, project))
    # French: every finished translation, reported at its msgid line.
    french = [(path, entry) for path, po in project.catalogs() for entry in translated(po)]
    results = unknown_words([strip_markup(e.msgstr, names) for _, e in french], DICTIONARIES["fr"],
                            wordlist(project, "fr"))
    for (path, entry), words in zip(french, results):
        for word, suggestions in dict.fromkeys(words):
            yield Problem(project.rel(path), msgid_line(path, entry), NAME,
                          *report("fr", word, suggestions, project))
