"""Gate ``spelling``: no unknown word in the English sources or the French catalogs.

The English text is what Sphinx extracts for translation (the msgids of the
current sources), checked with hunspell's en_GB dictionary; the French is
every finished msgstr, checked with fr_FR. Markup (MyST roles, link targets,
URLs, e-mail addresses, code, substitutions) is removed first, and phrases
marked as the other language (``[texte]{.language-fr}``) are spelt with that
language's dictionary; the glossary's never-translated names are skipped. Words the
dictionaries lack but that are right (names, acronyms) go in the project word
lists ``locale/wordlist.en.txt`` and ``locale/wordlist.fr.txt``, one per line,
sorted; hunspell reads them as personal dictionaries.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Collection, Iterator
from pathlib import Path

from hdhkb.check import CheckError, Problem, Project, msgid_line, terminology, translated

NAME = "spelling"
NEEDS_HTML = False
HELP = "hunspell en_GB on the English sources, fr_FR on the French, plus project word lists"



def dictionaries(project: Project) -> dict[str, str]:
    """hunspell dictionary (the language's ``locale`` in conf.py) by language code."""
    return {language.code: language.locale for language in project.settings.languages}


def language_name(code: str) -> str:
    """``French`` for ``fr``: the name of a language, in English (messages are English)."""
    from babel import Locale

    return Locale.parse(code).get_display_name("en") or code

#: Roles whose content is prose that readers see as is (other roles hold labels or keys).
PROSE_ROLES = ("term", "abbr", "sub", "sup", "dfn", "guilabel", "menuselection", "title-reference")

#: Markup removed before spelling, in order. Link and role texts are kept.
MARKUP: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"```.*?```", " "),                                   # code fences
        (r"\{[\w:.+-]+\}`([^`<]*?)\s*<[^`>]*>`", r"\1"),       # {role}`text <target>` -> text
        (rf"\{{(?:{'|'.join(PROSE_ROLES)})\}}`([^`]*)`", r"\1"),  # {term}`data holder` -> text
        (r"\{[\w:.+-]+\}`[^`]*`", " "),                       # other roles: labels, keys, facts
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
        (r"\b[a-z0-9][\w-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b", " "),  # domain names: tehdas.eu
        (r"(?<![\w-])[\w-]*\d[\w-]*", " "),                     # codes: L1462-1, C2, Covid-19
        (r"\\(.)", r"\1"),                                    # backslash escapes
        (r"[*_]{1,3}(?=\w)|(?<=\w)[*_]{1,3}", ""),            # emphasis marks
    )
)


#: A MyST span marked with another language: [texte]{.language-fr} or [texte]{lang=fr}.
FOREIGN = re.compile(r"\[(?P<text>[^\]]*)\]\{[^}]*?(?:\.language-(?P<lang1>[a-z]{2})|"
                     r"lang=[\"']?(?P<lang2>[a-z]{2}))[^}]*\}")


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


def split_languages(text: str, language: str, known: Collection[str]) -> list[tuple[str, str]]:
    """(language, text) pieces: phrases marked ``[…]{.language-xx}`` or ``{lang=xx}`` are
    spelt with their own language's dictionary (a French name quoted in English)."""
    pieces = [(m["lang1"] or m["lang2"], m["text"]) for m in FOREIGN.finditer(text)]
    rest = FOREIGN.sub(" ", text)
    return [(language, rest), *((lang, part) for lang, part in pieces if lang in known)]


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
            blocks[-1].append((_bare(head.split()[1]), suggestions))
        elif line[0] == "#":  # # word offset (no suggestion)
            blocks[-1].append((_bare(line.split()[1]), ""))
    return blocks[: len(texts)]


def _bare(word: str) -> str:
    """The word as the word list needs it: fr_FR counts a sentence's final dot in the word."""
    return word.rstrip(".") or word


def check_wordlist(project: Project, language: str) -> Iterator[Problem]:
    """Word lists stay sorted and free of duplicates, so that merges stay easy."""
    path = wordlist(project, language)
    if not path.exists():
        return
    words = path.read_text(encoding="utf-8").splitlines()
    for number, (before, after) in enumerate(zip(words, words[1:], strict=False), 2):
        if after <= before:
            yield Problem(project.rel(path), number, NAME,
                          f"word list not sorted or duplicate word {after!r}",
                          f"sort it: `LC_ALL=C sort -u -o {project.rel(path)} {project.rel(path)}`")


def report(language: str, word: str, suggestions: str, project: Project) -> tuple[str, str]:
    hint = f" (did you mean {suggestions}?)" if suggestions else ""
    message = f"unknown {language_name(language)} word {word!r}{hint}"
    fix = (f"correct the spelling, or if the word is right (a name, an acronym) add it "
           f"to {project.rel(wordlist(project, language))}")
    return message, fix


def run(project: Project) -> Iterator[Problem]:
    source, target = project.source_language, project.target
    known = dictionaries(project)
    for language in known:
        yield from check_wordlist(project, language)
    names = glossary_names(project)
    # (language, text, path, line) of every piece of prose to spell.
    pieces: list[tuple[str, str, str, int]] = []
    # English: the messages of the current sources, reported at their source line.
    for _, (pot_path, pot) in sorted(project.templates().items()):
        for entry in pot:
            where, line = project.source_location(pot_path, entry)
            pieces += [(lang, text, where, line)
                       for lang, text in split_languages(entry.msgid, source, known)]
    # French: every finished translation, reported at its msgid line.
    for path, po in project.catalogs():
        for entry in translated(po):
            where, line = project.rel(path), msgid_line(path, entry)
            pieces += [(lang, text, where, line)
                       for lang, text in split_languages(entry.msgstr, target, known)]
    for language, dictionary in known.items():
        mine = [p for p in pieces if p[0] == language]
        results = unknown_words([strip_markup(text, names) for _, text, _, _ in mine], dictionary,
                                wordlist(project, language))
        for (_, _, where, line), words in zip(mine, results, strict=True):
            for word, suggestions in dict.fromkeys(words):
                yield Problem(where, line, NAME, *report(language, word, suggestions, project))
