"""Facts: every figure, date, amount, address and contact of the site, kept once.

The seed posting said "40 pilot projects" in English and "28" in French: two
copies of a fact drift. So facts live in one TOML file (``hdhkb_facts_file``),
typed and sourced, and pages cite them with the ``{fact}`name``` role. The
role formats the value for the language being built (Babel: ``€800`` /
``800 €``, ``February 2021`` / ``février 2021``) and links it to its source.
Because the role is in the page source, the message extracted for translators
contains ``{fact}`name``` itself, not a formatted value, and the French
``msgstr`` is re-parsed, so French pages format the same fact the French way.

Numbers follow each language's writers, not CLDR's defaults (docs/editors.md,
"Numbers and dates"): scales in words (« 2,5 millions d’euros », "€2.5
million"), small numbers spelled out in French running text (« deux ans »),
one no-break space (U+00A0) between a number and its unit or noun, « 1er » for
the first day of a month, no leading zero. What depends on the sentence
around a fact is decided once the paragraph is parsed (:class:`NumberStyle`).

``{fact}`name.as_of``` gives the date a changing fact was true.
A reference to an unknown fact, or a malformed facts file, is a warning with
file and line (the build runs with ``-W``, so it fails).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import (
    format_compact_decimal,
    format_currency,
    format_decimal,
    format_percent,
    get_currency_name,
    get_currency_symbol,
)
from babel.units import format_unit
from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

import hdhkb

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: Required and optional keys of a fact, by type (beyond type/source/as_of/note).
TYPES: dict[str, tuple[set[str], set[str]]] = {
    "date": ({"value"}, set()),
    "month": ({"value"}, set()),
    "year": ({"value"}, set()),
    "integer": ({"value"}, {"compact"}),
    "percent": ({"value"}, set()),
    "money": ({"value", "currency"}, {"compact"}),
    "duration": ({"value", "unit"}, set()),
    "email": ({"value"}, set()),
    "url": ({"value"}, set()),
    "text": ({"value"}, set()),
    "address": ({"street", "postal_code", "locality", "country"}, set()),
}
COMMON = {"type", "source", "as_of", "note"}
UNITS = {"day", "week", "month", "year"}
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
#: ``source = "posting"``: the fact comes from the seed posting itself (no URL).
POSTING_SOURCE = "posting"


class FactError(ValueError):
    """A malformed fact; ``line`` is where it starts in the facts file."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Fact:
    """One typed, sourced value."""

    name: str
    type: str
    value: Any
    source: str
    line: int
    as_of: Fact | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def source_url(self) -> str | None:
        return self.source if self.source.startswith(("https://", "http://")) else None

    def date(self) -> dt.date:
        """The fact as a date (first day of a month or year), for date arithmetic."""
        if self.type == "date":
            return self.value
        if self.type == "month":
            return self.value
        if self.type == "year":
            return dt.date(self.value, 1, 1)
        msg = f"fact {self.name!r} is a {self.type}, not a date"
        raise TypeError(msg)


def _month(value: Any, line: int, name: str) -> dt.date:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        year, month = map(int, value.split("-"))
        if 1 <= month <= 12:
            return dt.date(year, month, 1)
    msg = f"fact {name!r}: a month is written \"YYYY-MM\", not {value!r}"
    raise FactError(msg, line)


def _check_value(name: str, kind: str, data: dict[str, Any], line: int) -> Any:
    """Validate and convert a fact's value for its type."""
    value = data.get("value")

    def bad(expected: str) -> FactError:
        return FactError(f"fact {name!r} ({kind}): value must be {expected}, not {value!r}", line)

    if kind == "date":
        if type(value) is not dt.date:
            raise bad("a TOML date (YYYY-MM-DD, unquoted)")
        return value
    if kind == "month":
        return _month(value, line, name)
    if kind in {"year", "integer"}:
        if type(value) is not int:
            raise bad("an integer")
        return value
    if kind in {"percent", "money", "duration"}:
        if type(value) not in (int, float):
            raise bad("a number")
        if kind == "money" and not re.fullmatch(r"[A-Z]{3}", str(data.get("currency", ""))):
            raise FactError(f"fact {name!r}: currency must be an ISO 4217 code", line)
        if kind == "duration" and data.get("unit") not in UNITS:
            raise FactError(f"fact {name!r}: unit must be one of {sorted(UNITS)}", line)
        return value
    if kind == "email":
        if not (isinstance(value, str) and re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", value)):
            raise bad("an e-mail address")
        return value
    if kind == "url":
        if not (isinstance(value, str) and re.fullmatch(r"https?://\S+", value)):
            raise bad("an http(s) URL")
        return value
    if kind == "text":
        if isinstance(value, str):
            return value
        if isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()):
            return value
        raise bad("a string, or a table of strings by language")
    if kind == "address":
        return {key: data[key] for key in ("street", "postal_code", "locality", "country")}
    raise AssertionError(kind)


#: A table header ``[name]`` or a key ``name = …`` (names quoted or not).
DEFINITION = re.compile(r'^\s*(?:\[\s*"?([^"\]\s]+)"?\s*\]|"?([^"=\s]+)"?\s*=)')


def parse_facts(text: str) -> tuple[dict[str, Fact], list[FactError]]:
    """Parse a facts file; return the valid facts and one error per bad entry."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        return {}, [FactError(f"not valid TOML: {error}", int(match.group(1)) if match else 1)]
    # Where each name is first defined ([name] or name = …), in one pass.
    first_line: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = DEFINITION.match(line)
        if match:
            first_line.setdefault(match.group(1) or match.group(2), number)

    facts: dict[str, Fact] = {}
    errors: list[FactError] = []
    for name, data in raw.items():
        where = first_line.get(name, 1)
        try:
            facts[name] = _make_fact(name, data, where)
        except FactError as error:
            errors.append(error)
    return facts, errors


def _make_fact(name: str, data: Any, line: int) -> Fact:
    if not NAME.match(name):
        raise FactError(f"fact name {name!r} must be lower_snake_case", line)
    if not isinstance(data, dict):
        raise FactError(f"fact {name!r} must be a table ([{name}])", line)
    kind = data.get("type")
    if kind not in TYPES:
        raise FactError(f"fact {name!r}: type must be one of {sorted(TYPES)}, not {kind!r}", line)
    required, optional = TYPES[kind]
    missing = (required | {"source"}) - data.keys()
    if missing:
        raise FactError(f"fact {name!r} lacks {', '.join(sorted(missing))}", line)
    unknown = data.keys() - required - optional - COMMON
    if unknown:
        raise FactError(f"fact {name!r}: unknown key(s) {', '.join(sorted(unknown))}", line)
    source = data["source"]
    if not (isinstance(source, str)
            and (source == POSTING_SOURCE or re.fullmatch(r"https?://\S+", source))):
        raise FactError(
            f"fact {name!r}: source must be an http(s) URL or {POSTING_SOURCE!r}", line
        )
    as_of = _as_of(name, data.get("as_of"), source, line)
    value = _check_value(name, kind, data, line)
    extra = {key: data[key] for key in optional & data.keys()}
    if kind == "money":
        extra["currency"] = data["currency"]
    if kind == "duration":
        extra["unit"] = data["unit"]
    return Fact(name, kind, value, source, line, as_of, str(data.get("note", "")), extra)


def _as_of(name: str, value: Any, source: str, line: int) -> Fact | None:
    """``as_of`` as a small fact of its own (date, month or year), for formatting."""
    if value is None:
        return None
    for kind in ("date", "month", "year"):
        try:
            return Fact(f"{name}.as_of", kind, _check_value(name, kind, {"value": value}, line),
                        source, line)
        except FactError:
            continue
    msg = f"fact {name!r}: as_of must be a date (YYYY-MM-DD), \"YYYY-MM\" or a year"
    raise FactError(msg, line)


#: The one no-break space between a number written in digits and its unit or
#: noun, in every language: U+00A0, the character translators type in the
#: catalogs (``{fact}`sds_staff` personnes``). CLDR mixes U+00A0, U+202F and a
#: plain space (fr: "6 mois" but "2 ans"); we normalise. U+202F stays only
#: inside numbers, as CLDR's French thousands separator ("52 000").
NBSP = "\u00a0"
#: A space between a digit and what follows it that is not a digit.
_AFTER_DIGIT = re.compile(r"(?<=\d)[ \u00a0\u202f](?=[^\d\s])")

#: Numbers spelled out in running text, by language. French style (Lexique des
#: règles typographiques en usage à l'Imprimerie nationale) writes the small
#: numbers of a sentence in words: « une semaine », « deux ans », « un
#: pétaoctet ». Our rule: integers from 0 to 9, in running text only (a value
#: alone in a table cell or a list of key facts stays in digits). English keeps
#: digits, as the English posting does ("Nearly 1 petabyte", "2 years").
#: A table, not a library: ten words and the gender of "un"/"une" are all we
#: need, and num2words has no grammatical gender for French.
WORDS: dict[str, tuple[str, ...]] = {
    "fr": ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"),
}
#: Feminine of "one", where the language has one (« une semaine »).
FEMININE_ONE = {"fr": "une"}
#: The gender of each duration unit's noun, per language ("week": « semaine »).
FEMININE_UNITS = {"fr": {"week"}}
#: From this value on, a ``compact`` figure is written with words for its scale
#: (« 2,5 millions », "2.5 million"); below it, in full digits.
COMPACT_FROM = 1_000_000
FRENCH_VOWELS = "aeiouyàâäéèêëîïôöùûüœæh"


def _nbsp(text: str) -> str:
    """The one no-break space between every number and the word after it."""
    return _AFTER_DIGIT.sub(NBSP, text)


def spelled(value: int, language: str, *, feminine: bool = False) -> str | None:
    """*value* in words for running text in *language*, or None (digits)."""
    words = WORDS.get(language)
    if words is None or not 0 <= value < len(words):
        return None
    if value == 1 and feminine and language in FEMININE_ONE:
        return FEMININE_ONE[language]
    return words[value]


def _whole_currency(value: float, currency: str, locale: Locale) -> str:
    pattern = locale.currency_formats["standard"].pattern
    if float(value).is_integer():
        pattern = pattern.replace("0.00", "0")
        return format_currency(value, currency, format=pattern, locale=locale,
                               currency_digits=False)
    return format_currency(value, currency, locale=locale)


def _scaled(value: float, locale: Locale) -> str:
    """« 2,5 millions », "2.5 million": the number, then its scale in words."""
    return _nbsp(format_compact_decimal(value, format_type="long", locale=locale,
                                        fraction_digits=2))


def _scaled_money(value: float, currency: str, language: str, locale: Locale) -> str:
    """« 2,5 millions d’euros » (currency named, as French running text does);
    "€2.5 million" (symbol first, as English writes it)."""
    amount = _scaled(value, locale)
    if language == "fr":
        name = get_currency_name(currency, count=2, locale=locale)
        article = "d\u2019" if name[:1].lower() in FRENCH_VOWELS else "de "
        return f"{amount} {article}{name}"
    symbol = get_currency_symbol(currency, locale=locale)
    return f"{symbol}{NBSP if symbol[-1:].isalpha() else ''}{amount}"


def format_fact(fact: Fact, language: str, *, running_text: bool = False) -> str:
    """The fact's value as readers of *language* write it.

    *running_text*: the value stands in a sentence (not alone in a table cell),
    where a French writer spells small numbers out (see :data:`WORDS`).
    """
    locale = Locale.parse(language)
    kind, value = fact.type, fact.value
    if kind == "date":
        return format_day(value, language)
    if kind == "month":
        return format_date(value, "MMMM y", locale=locale)
    if kind == "year":
        return str(value)
    if kind == "integer":
        if fact.extra.get("compact") and value >= COMPACT_FROM:
            return _scaled(value, locale)
        words = spelled(value, language) if running_text else None
        return words or format_decimal(value, locale=locale)
    if kind == "percent":
        return _nbsp(format_percent(value / 100, locale=locale))
    if kind == "money":
        currency = fact.extra["currency"]
        if fact.extra.get("compact") and value >= COMPACT_FROM:
            return _scaled_money(value, currency, language, locale)
        return _whole_currency(value, currency, locale)
    if kind == "duration":
        unit = fact.extra["unit"]
        text = _nbsp(format_unit(value, f"duration-{unit}", length="long", locale=locale))
        feminine = unit in FEMININE_UNITS.get(language, set())
        words = (spelled(value, language, feminine=feminine)
                 if running_text and float(value).is_integer() else None)
        if words:
            digits = format_decimal(value, locale=locale)
            return text.replace(f"{digits}{NBSP}", f"{words} ", 1)
        return text
    if kind == "text":
        if isinstance(value, dict):
            return value.get(language) or value["en"]
        return value
    if kind == "address":
        return f"{value['street']}, {value['postal_code']} {value['locality']}"
    return str(value)  # email, url


def format_day(day: dt.date, language: str) -> str:
    """A date as readers of *language* write it: "1 December 2026", « 1er décembre 2026 ».

    No leading zero; French writes the first day of a month as an ordinal; a
    no-break space after the day, as after any number. Shared
    by the facts and the footer's "last updated" date (``hdhkb.ext.lastupdated``).
    """
    number, _, rest = format_date(day, "d MMMM y", locale=Locale.parse(language)).partition(" ")
    if language == "fr" and day.day == 1:
        number = "1er"
    return f"{number}{NBSP}{rest}"  # the day is a number, the month its noun


def load(app: Sphinx) -> None:
    """Read the facts file at the start of every build (it is cheap) into ``env``."""
    path = Path(app.env.srcdir, app.config.hdhkb_facts_file)
    app.env.hdhkb_facts_path = path  # type: ignore[attr-defined]
    facts: dict[str, Fact] = {}
    if not path.is_file():
        logger.warning("facts file %s does not exist", path, type="hdhkb", subtype="facts")
    else:
        facts, errors = parse_facts(path.read_text(encoding="utf-8"))
        for error in errors:
            logger.warning("%s", error, type="hdhkb", subtype="facts",
                           location=f"{path}:{error.line}")
    app.env.hdhkb_facts = facts  # type: ignore[attr-defined]


def facts_path(env: BuildEnvironment) -> Path:
    """The facts file: worked out by ``load`` once per build, as every {fact} role asks."""
    path = getattr(env, "hdhkb_facts_path", None)
    return path if path is not None else Path(env.srcdir, env.config.hdhkb_facts_file)


def get_facts(env: BuildEnvironment) -> dict[str, Fact]:
    """The facts of this build (read in ``builder-inited``)."""
    return getattr(env, "hdhkb_facts", {})


class FactRole(SphinxRole):
    """``{fact}`name``` → the formatted value, linked to its source."""

    def location(self) -> str:
        """``file:line`` of the role itself, not of its paragraph's first line.

        MyST passes the paragraph's line; the line breaks already rendered in
        the paragraph (MyST keeps them as text) give the offset.
        """
        parent = getattr(self.inliner, "parent", None)
        offset = parent.astext().count("\n") if isinstance(parent, nodes.Element) else 0
        source, line = self.get_source_info(self.lineno + offset)
        return f"{source}:{line}" if source else self.get_location()

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.env.note_dependency(str(facts_path(self.env)))
        name, _, part = self.text.strip().partition(".")
        fact = get_facts(self.env).get(name)
        if fact is None or part not in {"", "as_of"} or (part and fact.as_of is None):
            what = "unknown fact" if fact is None else "unknown part of fact"
            logger.warning("%s %r (facts live in %s)", what, self.text,
                           self.config.hdhkb_facts_file, type="hdhkb", subtype="facts",
                           location=self.location())
            return [nodes.literal(self.rawtext, self.text)], []
        language = self.config.language or "en"
        # One class per fact, so that tests (and styles) can find each use.
        classes = ["hdhkb-fact", f"hdhkb-fact-{name}" + ("-as-of" if part else "")]
        shown = fact.as_of if part and fact.as_of else fact
        text = format_fact(shown, language)
        target = {"email": f"mailto:{text}", "url": text}.get(shown.type, fact.source_url)
        if target:
            node: nodes.Element = nodes.reference(self.rawtext, text, refuri=target,
                                                  classes=classes)
        else:
            node = nodes.inline(self.rawtext, text, classes=classes)
        # Whether the value stands in a sentence, and what follows it, is known
        # only once the whole paragraph is parsed: see NumberStyle.
        if shown.type == "integer":
            node[COUNT_ATTRIBUTE] = True
        words = format_fact(shown, language, running_text=True)
        if words != text:
            node[WORDS_ATTRIBUTE] = words
        return [node], []


#: On a fact's node: it is a count, whose noun follows it ("300 staff"). Other
#: quantities carry their unit ("6 months", "60%", "€800 a month").
COUNT_ATTRIBUTE = "hdhkb_count"
#: On a fact's node: its value as written in running text, when that differs.
WORDS_ATTRIBUTE = "hdhkb_running_text"
#: The plain space or line break between a number and the word after it.
_SPACE_BEFORE_WORD = re.compile(r"^[ \n](?=[^\W\d_])")


def _no_break_after(node: nodes.Element) -> None:
    """A no-break space between *node* and the word that follows it, if one does.

    MyST keeps a line break of the source as a text node of its own ("\\n").
    """
    parent = node.parent
    # By identity: text nodes are strings, equal to any other with the same text.
    position = next(i for i, child in enumerate(parent.children) if child is node) + 1
    following = parent.children[position] if position < len(parent.children) else None
    if not isinstance(following, nodes.Text):
        return
    text = str(following)
    after = parent.children[position + 1] if position + 1 < len(parent.children) else None
    if text == "\n" and isinstance(after, nodes.Text) and re.match(r"[^\W\d_]", str(after)):
        parent.children[position] = nodes.Text(NBSP)
    elif _SPACE_BEFORE_WORD.match(text):
        parent.children[position] = nodes.Text(_SPACE_BEFORE_WORD.sub(NBSP, text))
    else:
        return
    parent.children[position].parent = parent


def in_running_text(node: nodes.Element) -> tuple[bool, bool]:
    """(whether *node* stands in a sentence, whether it starts one).

    In a sentence: its paragraph (or title, or table cell's paragraph) has
    letters besides the value itself. "Duration: 6 months" in a list of key
    facts is a value alone in its paragraph, and stays in digits.
    """
    block = node.parent
    while block is not None and not isinstance(block, nodes.TextElement | nodes.Structural):
        block = block.parent
    if not isinstance(block, nodes.TextElement):
        return False, False
    before: list[str] = []
    for text in block.findall(nodes.Text):
        if _inside(text, node):
            break
        before.append(text.astext())
    rest = block.astext().replace(node.astext(), "", 1)
    running = re.search(r"[^\W\d_]", rest) is not None
    preceding = "".join(before).rstrip()
    starts = preceding == "" or preceding[-1] in ".!?"
    return running, starts


def _inside(text: nodes.Node, node: nodes.Element) -> bool:
    parent = text.parent
    while parent is not None:
        if parent is node:
            return True
        parent = parent.parent
    return False


class NumberStyle(SphinxTransform):
    """The number rules that depend on the sentence around a fact.

    - In running text, small numbers in words (« a duré une semaine »), with a
      capital at the start of a sentence.
    - A no-break space (:data:`NBSP`) between a count in digits and the word
      after it, typed or not: "300 staff", « 300 personnes ».

    Runs after the translation (Sphinx's ``Locale`` transform, priority 20), on
    the paragraph readers get: a French msgstr is re-parsed, its roles too.
    """

    default_priority = 30

    def apply(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(nodes.Element)):
            words = node.get(WORDS_ATTRIBUTE)
            if words:
                running, starts = in_running_text(node)
                if running:
                    node[:] = [nodes.Text(words[:1].upper() + words[1:] if starts else words)]
            if node.get(COUNT_ATTRIBUTE) and node.astext()[-1:].isdigit():
                _no_break_after(node)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("hdhkb_facts_file", "_data/facts.toml", "env", types=(str,))
    app.connect("builder-inited", load)
    app.add_role("fact", FactRole())
    app.add_transform(NumberStyle)
    return hdhkb.PARALLEL_SAFE
