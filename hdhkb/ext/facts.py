"""Facts: every figure, date, amount, address and contact of the site, kept once.

The seed posting said "40 pilot projects" in English and "28" in French: two
copies of a fact drift. So facts live in one TOML file (``hdhkb_facts_file``),
typed and sourced, and pages cite them with the ``{fact}`name``` role. The
role formats the value for the language being built (Babel: ``€800`` /
``800 €``, ``February 2021`` / ``février 2021``) and links it to its source.
Because the role is in the page source, the message extracted for translators
contains ``{fact}`name``` itself, not a formatted value, and the French
``msgstr`` is re-parsed, so French pages format the same fact the French way.

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
    format_compact_currency,
    format_compact_decimal,
    format_currency,
    format_decimal,
    format_percent,
)
from babel.units import format_unit
from docutils import nodes
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
        line = first_line.get(name, 1)
        try:
            facts[name] = _make_fact(name, data, line)
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


def _whole_currency(value: float, currency: str, locale: Locale) -> str:
    pattern = locale.currency_formats["standard"].pattern
    if float(value).is_integer():
        pattern = pattern.replace("0.00", "0")
        return format_currency(value, currency, format=pattern, locale=locale,
                               currency_digits=False)
    return format_currency(value, currency, locale=locale)


def format_day(value: dt.date, language: str) -> str:
    """A day as readers of *language* write it: ``1 December 2019``, ``1er décembre 2019``."""
    text = format_date(value, "d MMMM y", locale=Locale.parse(language))
    if language == "fr" and value.day == 1:  # French writes "1er décembre"
        text = "1er" + text[1:]
    return text


def format_fact(fact: Fact, language: str) -> str:
    """The fact's value as readers of *language* write it."""
    locale = Locale.parse(language)
    kind, value = fact.type, fact.value
    if kind == "date":
        return format_day(value, language)
    if kind == "month":
        return format_date(value, "MMMM y", locale=locale)
    if kind == "year":
        return str(value)
    if kind == "integer":
        if fact.extra.get("compact"):
            return format_compact_decimal(value, locale=locale, fraction_digits=2)
        return format_decimal(value, locale=locale)
    if kind == "percent":
        return format_percent(value / 100, locale=locale)
    if kind == "money":
        currency = fact.extra["currency"]
        if fact.extra.get("compact"):
            return format_compact_currency(value, currency, locale=locale, fraction_digits=2)
        return _whole_currency(value, currency, locale)
    if kind == "duration":
        return format_unit(value, f"duration-{fact.extra['unit']}", length="long", locale=locale)
    if kind == "text":
        if isinstance(value, dict):
            return value.get(language) or value["en"]
        return value
    if kind == "address":
        return f"{value['street']}, {value['postal_code']} {value['locality']}"
    return str(value)  # email, url


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
            return [nodes.reference(self.rawtext, text, refuri=target, classes=classes)], []
        return [nodes.inline(self.rawtext, text, classes=classes)], []


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("hdhkb_facts_file", "_data/facts.toml", "env", types=(str,))
    app.connect("builder-inited", load)
    app.add_role("fact", FactRole())
    return hdhkb.PARALLEL_SAFE
