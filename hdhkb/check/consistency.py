"""Gate ``consistency``: one English sentence, one French sentence, across the whole site.

The same posting examples were translated two ways on two pages (« lié au
Covid-19 » / « lié à la Covid-19 »): each catalog is right on its own, only a
comparison across catalogs sees it. Every finished translation of every
catalog (the pages' and the interface's) is grouped by its English
(``msgctxt`` + ``msgid``):

- identical English, different French: a problem, at each catalog line but the
  first, naming the first (fix: give both the same French);
- near-identical English (``difflib`` ratio ≥ :data:`NEAR`, e.g. the same
  sentence with one word changed) whose French differ more than their English
  do (French ratio < English ratio − :data:`SLACK`): reported for review, not a
  failure. Such pairs are often meant to differ (the posting quotes both of the
  seed's versions); a person looks, and fixes the French if it drifted.

Whitespace runs and line wrapping are not differences.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from hdhkb.check import Problem, Project, msgid_line, shorten, translated

NAME = "consistency"
NEEDS_HTML = False
HELP = "identical English messages have identical French in every catalog (near ones: review)"

#: English messages at least this similar (difflib's ratio) are "near-identical".
NEAR = 0.9
#: How much more their French may differ than their English before review.
SLACK = 0.05
#: Shorter messages are left out of the near-identical comparison: two short
#: labels one letter apart ("Lead" / "Leads") are different words, not drift.
MIN_LENGTH = 40
SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Message:
    """One finished translation, where it is."""

    path: str
    line: int
    english: str
    french: str


def normalise(text: str) -> str:
    return SPACES.sub(" ", text).strip()


def messages(project: Project) -> list[Message]:
    """Every finished translation of every catalog, in file order."""
    found = []
    for path in project.all_po_files():
        rel = project.rel(path)
        for entry in translated(project.catalog(path)):
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            french = entry.msgstr or "\x00".join(
                entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
            found.append(Message(rel, msgid_line(Path(path), entry), normalise(key),
                                 normalise(french)))
    return found


def run(project: Project) -> Iterator[Problem]:
    first: dict[str, Message] = {}
    for message in messages(project):
        earlier = first.setdefault(message.english, message)
        if earlier is message or earlier.french == message.french:
            continue
        yield Problem(
            message.path, message.line, NAME,
            f"same English as {earlier.path}:{earlier.line} ({shorten(message.english, 50)}), "
            f"different French: {shorten(message.french, 50)} here, "
            f"{shorten(earlier.french, 50)} there",
            f"give both the same French (edit this entry or {earlier.path}:{earlier.line})",
        )


def review(project: Project) -> Iterator[Problem]:
    """Near-identical English whose French drifted further apart: for a person to look at."""
    unique: dict[str, Message] = {}
    for message in messages(project):
        if len(message.english) >= MIN_LENGTH:
            unique.setdefault(message.english, message)
    ordered = sorted(unique.values(), key=lambda m: len(m.english))
    for i, one in enumerate(ordered):
        for other in ordered[i + 1:]:
            # ratio = 2·matches / total length ≤ 2·shorter / total: stop when too long.
            if 2 * len(one.english) / (len(one.english) + len(other.english)) < NEAR:
                break
            english = difflib.SequenceMatcher(None, one.english, other.english)
            if english.real_quick_ratio() < NEAR or english.quick_ratio() < NEAR:
                continue
            ratio = english.ratio()
            if ratio < NEAR:
                continue
            french = difflib.SequenceMatcher(None, one.french, other.french).ratio()
            if french >= ratio - SLACK:
                continue
            yield Problem(
                other.path, other.line, NAME,
                f"review: English {ratio:.0%} alike with {one.path}:{one.line} "
                f"({shorten(one.english, 40)}), French only {french:.0%} alike",
                "if the two French say the same thing differently, give them one wording; "
                "if the English differ on purpose, nothing to do",
            )
