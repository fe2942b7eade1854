"""What a message's MyST markup contains, as MyST itself parses it.

The catalog gates (``markup``, ``numbers``, ``rawhtml``) compare a msgstr with
its msgid: the links, roles and code a reader gets must be the same, only the
words change. Regular expressions over MyST get nesting and escapes wrong, so
each message is parsed with the very markdown-it parser MyST builds for the
site (``myst_parser.parsers.mdit.create_md_parser`` with the project's
``myst_enable_extensions``) and the inline tokens are summed up here.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

#: Roles whose target must be the same in every language (their text may differ).
TARGET_ROLES = frozenset({"ref", "doc", "term", "fact", "numref", "download", "any", "eq",
                          "std:ref", "std:doc", "std:term"})
#: ``text <target>`` inside a role.
EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
#: printf-style and Python-style placeholders (our messages have none: they are MyST).
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-+ #0]*\d*(?:\.\d+)?[sdifr%]|\{\d*\}|\{[a-z_]\w*\}")
#: Emphasis marks that markdown-it left as text: an unclosed ** or *.
STRAY = re.compile(r"(?<![\\\w])\*{1,3}|\*{1,3}(?![\w])")
#: Numbers as written in either language: 1,000 / 1 000 / 2,5 / 2.5 / 2023-2028.
NUMBER = re.compile(r"\d+(?:[ \u00a0\u202f.,]\d+)*")


@dataclass
class Inline:
    """The markup of one message."""

    links: Counter[str] = field(default_factory=Counter)
    roles: Counter[tuple[str, str]] = field(default_factory=Counter)
    code: Counter[str] = field(default_factory=Counter)
    html: Counter[str] = field(default_factory=Counter)
    strong: int = 0
    emphasis: int = 0
    #: The words a reader sees (text tokens only: no URL, role target or code).
    text: str = ""

    @property
    def stray_marks(self) -> list[str]:
        return STRAY.findall(self.text)

    @property
    def placeholders(self) -> Counter[str]:
        return Counter(PLACEHOLDER.findall(self.text))

    @property
    def numbers(self) -> Counter[str]:
        return Counter(normalise_number(n) for n in NUMBER.findall(self.text))


def normalise_number(text: str) -> str:
    """The digits of a number: ``1,000``, ``1 000`` and ``1000`` are the same number."""
    return re.sub(r"\D", "", text)


def role_target(name: str, content: str) -> str:
    """The target of a role (``{ref}`text <label>``` → ``label``)."""
    match = EXPLICIT.match(content)
    target = match["target"] if match else content
    return " ".join(target.split()) if name in {"term", "std:term"} else target.strip()


@functools.lru_cache(maxsize=8)
def parser(extensions: frozenset[str]) -> MarkdownIt:
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(MdParserConfig(enable_extensions=set(extensions)), RendererHTML)


def blocks(text: str, extensions: frozenset[str]) -> list[Token]:
    """The block tokens of a page (fences, directives…), without the inline pass."""
    md = parser(extensions)
    tokens: list[Token] = []
    md.block.parse(text.replace("\r\n", "\n"), md, {}, tokens)
    return tokens


def _walk(tokens: Iterable[Token]) -> Iterable[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def inline(text: str, extensions: Iterable[str]) -> Inline:
    """The markup of *text* (a message: inline MyST); read-only.

    Remembered: the markup, numbers and rawhtml gates read the same messages,
    one after the other, before every build.
    """
    return _inline(text, frozenset(extensions))


@functools.lru_cache(maxsize=16384)
def _inline(text: str, extensions: frozenset[str]) -> Inline:
    found = Inline()
    words: list[str] = []
    env: dict[str, Any] = {}
    for token in _walk(parser(extensions).parseInline(text, env)):
        if token.type == "text":
            words.append(token.content)
        elif token.type == "link_open":
            found.links[str(token.attrGet("href") or "")] += 1
        elif token.type == "myst_role":
            name = str(token.meta.get("name", ""))
            if name in TARGET_ROLES:
                found.roles[(name, role_target(name, token.content))] += 1
        elif token.type == "code_inline":
            found.code[token.content] += 1
        elif token.type == "html_inline":
            found.html[token.content] += 1
        elif token.type == "strong_open":
            found.strong += 1
        elif token.type == "em_open":
            found.emphasis += 1
        elif token.type in {"softbreak", "hardbreak"}:
            words.append(" ")
    found.text = "".join(words)
    return found
