"""Gate ``terminology``: translations use the glossary's French terms.

The same English term must always reach readers as the same French term
(an "health data access body" is an *organisme responsable de l'accès aux
données de santé*, never a loose paraphrase), and names such as "Health Data
Hub" are never translated. The glossary is ``locale/terminology.toml``; each
translated message whose msgid contains a term must contain its French form.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from hdhkb.check import CheckError, Problem, Project, msgid_line, shorten, translated

NAME = "terminology"
NEEDS_HTML = False
HELP = "glossary terms (locale/terminology.toml) translated as required, names kept"

GLOSSARY = "terminology.toml"
SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Term:
    """English forms and the French forms one of which the translation must contain."""

    english: tuple[str, ...]
    french: tuple[str, ...]
    keep: bool  # a name: matched exactly on both sides

    def pattern(self) -> re.Pattern[str]:
        flags = 0
        if not self.keep and all(e == e.lower() for e in self.english):
            flags = re.IGNORECASE
        forms = sorted(self.english, key=len, reverse=True)
        words = "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms)
        return re.compile(rf"(?<!\w)(?:{words})(?!\w)", flags)

    def found_in(self, text: str) -> bool:
        text = normalise(text)
        if self.keep:
            return any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text) for f in self.french)
        folded = text.casefold()
        return any(re.search(rf"(?<!\w){re.escape(normalise(f).casefold())}(?!\w)", folded)
                   for f in self.french)


def normalise(text: str) -> str:
    """One plain space for any run of (non-breaking) spaces; one kind of apostrophe."""
    return SPACES.sub(" ", text.replace("\u2019", "'"))


def _forms(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def load(path: Path) -> list[Term]:
    """The glossary, longest English form first (so longer terms hide shorter ones)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CheckError(f"no glossary at {path}") from None
    except tomllib.TOMLDecodeError as error:
        raise CheckError(f"{path}: {error}") from None
    terms = [Term((n,), (n,), True) for n in data.get("names", [])]
    for number, item in enumerate(data.get("term", []), 1):
        english, french = item.get("en"), item.get("fr")
        if not english or not french:
            raise CheckError(f"{path}: [[term]] number {number} needs both `en` and `fr`")
        terms.append(Term(_forms(english), _forms(french), False))
    return sorted(terms, key=lambda t: -max(map(len, t.english)))


def required(terms: list[Term], msgid: str) -> list[tuple[Term, str]]:
    """The terms *msgid* uses (with the form used), each span claimed by the longest term."""
    text = normalise(msgid)
    found = []
    for term in terms:
        match = term.pattern().search(text)
        if match:
            found.append((term, match.group(0)))
            text = term.pattern().sub(lambda m: "\0" * len(m.group(0)), text)
    return found


def run(project: Project) -> Iterator[Problem]:
    glossary = project.locale / GLOSSARY
    terms = load(glossary)
    for path, po in project.catalogs():
        rel = project.rel(path)
        for entry in translated(po):
            for term, used in required(terms, entry.msgid):
                if term.found_in(entry.msgstr):
                    continue
                wanted = " or ".join(f"«{f}»" for f in term.french)
                if term.keep:
                    message = f"name {used!r} must stay as it is in French"
                else:
                    message = f"{used!r} must be translated {wanted}"
                yield Problem(rel, msgid_line(path, entry), NAME,
                              f"{message} in {shorten(entry.msgstr, 50)}",
                              f"use {wanted} in the msgstr, or change the glossary "
                              f"{project.rel(glossary)} if the term itself is wrong")
