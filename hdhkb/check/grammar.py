"""Gate ``grammar``: Grammalecte on the French as readers read it.

hunspell spells word by word; nothing read the French sentences. Grammalecte
(Debian's ``grammalecte-cli``, offline, run by Debian's Python 3) checks grammar
and French typography: agreement, elision, no-break spaces before « ; : ! ? »
and between a number and its unit. It must read what readers read, so each
text is first resolved the way the build renders it:

- every finished msgstr of the page catalogs and of the interface catalog;
- MyST markup resolved: ``{fact}`…``` filled in with the French value (as
  ``hdhkb.ext.facts`` writes it, in words in running text), a glossary term or
  link by its text, ``{ref}`label``` by the French title of its section,
  ``{contact}`…``` by the contact (or a sample address while none is set),
  emphasis and ``[…]{.language-en}`` by their text, ``<https://…>`` by the URL;
- interface placeholders (``%(last_updated)s``, ``{language}``, ``${resultCount}``)
  by sample values, HTML by its text;
- the site's French title (``<title>``, OpenGraph) and copyright line (conf.py),
  and the French values of text facts.

Meta descriptions are the pages' opening paragraphs (``hdhkb.ext.seo``):
checked as those paragraphs. All texts go to one ``grammalecte-cli`` call (one
line each; it takes about a second). Its spelling findings are left to the
``spelling`` gate.

A finding that is wrong (Grammalecte does not know a name, a legal title…) is
recorded in ``locale/fr/grammalecte-exceptions.toml`` as an ``[[exception]]``:
its rule id, the exact context it was found in (a piece of the resolved text
that contains the underlined words; it covers every place with that context)
and why it is wrong. A rule whose advice the site's typography rejects
everywhere (Grammalecte's superscript « 1ᵉʳ » where the site writes « 1er »)
is an ``[[off]]`` entry: rule id and why. An entry that matches nothing any
more is a problem too, so that the file stays a list of reviewed cases.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from hdhkb.check import CheckError, Problem, Project, msgid_line, shorten, translated

NAME = "grammar"
NEEDS_HTML = False
HELP = "Grammalecte on the French as readers see it (markup resolved, facts filled in)"

EXCEPTIONS = "grammalecte-exceptions.toml"  # in locale/<lang>/
COMMAND = "grammalecte-cli"
#: A stand-in for a contact address while conf.py sets none (the text must still read well).
SAMPLE_CONTACT = "accessibilite@example.org"
#: Sample values of the interface strings' placeholders.
PLACEHOLDERS = {
    "last_updated": "1er\u00a0décembre 2026", "copyright": "2026, les contributeurs",
    "sphinx": "Sphinx", "furo": "Furo", "contact": SAMPLE_CONTACT, "language": "français",
    "percent": "50,0\u00a0%", "total": "12", "fuzzy": "2", "untranslated": "3",
    "resultCount": "2", "key": "A", "path": "copyright.html", "docstitle": "la documentation",
    "filename": "page.html", "version": "1.0", "sphinx_version": "9.0",
    "copyright_prefix": "Droits d’auteur",
}


@dataclass(frozen=True)
class Text:
    """One text as readers read it, and the catalog line a person must edit."""

    path: str
    line: int
    text: str


@dataclass(frozen=True)
class Exception_:
    rule: str
    context: str
    why: str
    line: int


@dataclass(frozen=True)
class Finding:
    rule: str
    message: str
    start: int
    end: int
    suggestions: tuple[str, ...]


# -- resolving the markup -----------------------------------------------------------

ROLE = re.compile(r"\{(?P<role>[\w:.+-]+)\}`(?P<body>[^`]*)`")
SPACES = re.compile(r"[ \t\r\n]+")


class Resolver:
    """MyST as the French build renders it, for the sentences Grammalecte reads."""

    def __init__(self, project: Project) -> None:
        from hdhkb.ext.facts import parse_facts

        self.project = project
        facts_file = project.source / project.config.get("hdhkb_facts_file", "_data/facts.toml")
        self.facts, _ = parse_facts(facts_file.read_text(encoding="utf-8")) \
            if facts_file.is_file() else ({}, [])
        self.contact = project.config.get("hdhkb_accessibility_contact") or SAMPLE_CONTACT
        self.titles = self._label_titles()

    def _label_titles(self) -> dict[str, str]:
        """``(label)=`` → the French title of the heading below it."""
        french = {}
        for _, po in self.project.catalogs():
            french.update({e.msgid: e.msgstr for e in translated(po)})
        titles = {}
        for page in sorted(self.project.source.rglob("*.md")):
            text = page.read_text(encoding="utf-8")
            for match in re.finditer(r"^\(([\w-]+)\)=\n+#+ +(.+)$", text, re.M):
                titles[match[1]] = french.get(match[2].strip(), match[2].strip())
        return titles

    def role(self, match: re.Match[str], running: bool) -> str:
        from hdhkb.ext.facts import format_fact

        role, body = match["role"], match["body"]
        shown = re.match(r"(?s)(.*?)\s*<[^<>]+>$", body)
        if shown and role != "fact":
            return shown[1]
        if role == "fact":
            name, _, part = body.strip().partition(".")
            fact = self.facts.get(name)
            if fact is None:
                return body
            value = fact.as_of if part and fact.as_of else fact
            return format_fact(value, self.project.target, running_text=running)
        if role in {"ref", "numref"}:
            return self.titles.get(body.strip(), body)
        if role == "contact":
            return self.contact
        return body

    def __call__(self, text: str) -> str:
        text = re.sub(r"```.*?```", " ", text, flags=re.S)
        running = re.search(r"[^\W\d_]", ROLE.sub("", text)) is not None
        text = ROLE.sub(lambda m: self.role(m, running), text)
        text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](target)
        text = re.sub(r"\[([^\]]*)\]\{[^}]*\}", r"\1", text)  # [text]{.language-en}
        text = re.sub(r"<((?:https?|mailto):[^<>\s]+)>", r"\1", text)  # <https://…>
        text = re.sub(r"``(.*?)``|`([^`]*)`", lambda m: m[1] or m[2] or "", text)
        text = re.sub(r"\*\*(.+?)\*\*|\*(.+?)\*", lambda m: m[1] or m[2], text)
        text = re.sub(r"\\(.)", r"\1", text)
        return self.interface(text)

    @staticmethod
    def interface(text: str) -> str:
        """Placeholders and HTML of the interface strings, as a reader sees them."""
        text = re.sub(r"%\((?P<name>\w+)\)s|\$\{(?P<name2>\w+)\}|\{(?P<name3>\w+)\}",
                      lambda m: PLACEHOLDERS.get(m["name"] or m["name2"] or m["name3"], "Xyz"),
                      text)
        text = re.sub(r"</?[a-zA-Z][^<>]*>", "", text)
        return SPACES.sub(" ", html.unescape(text)).strip()


def texts(project: Project) -> list[Text]:
    """Every French text readers read, resolved, with the line to edit."""
    resolve = Resolver(project)
    found = []
    for path in project.all_po_files():
        rel = project.rel(path)
        for entry in translated(project.catalog(path)):
            line = msgid_line(path, entry)
            strings = [entry.msgstr] if entry.msgstr else [
                entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
            found += [Text(rel, line, resolve(s)) for s in strings if s.strip()]
    conf = project.root / "conf.py"
    conf_lines = conf.read_text(encoding="utf-8").splitlines()

    def conf_line(value: str) -> int:
        return next((i for i, text in enumerate(conf_lines, 1) if value in text), 1)

    target = project.target
    settings_values = [language.title for language in project.settings.languages
                       if language.code == target]
    settings_values += [project.config.get("hdhkb_copyrights", {}).get(target, "")]
    found += [Text("conf.py", conf_line(v), v) for v in settings_values if v]
    facts = project.source / project.config.get("hdhkb_facts_file", "_data/facts.toml")
    for fact in resolve.facts.values():
        if fact.type == "text" and isinstance(fact.value, dict) and target in fact.value:
            found.append(Text(project.rel(facts), fact.line, fact.value[target]))
    return [t for t in found if t.text]


# -- Grammalecte -------------------------------------------------------------------

def grammalecte(lines: list[str]) -> list[list[Finding]]:
    """Grammar and typography findings of each line (one paragraph each), in one call."""
    if shutil.which(COMMAND) is None:
        raise CheckError("grammalecte-cli is not installed (Debian packages grammalecte-cli "
                         "and python3-grammalecte; .ci/run installs them)")
    with tempfile.TemporaryDirectory(prefix="hdhkb-grammar-") as folder:
        source = Path(folder) / "texts.txt"
        source.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        result = subprocess.run([COMMAND, "-f", str(source), "-j", "-owe"],
                                capture_output=True, text=True, encoding="utf-8")
    if result.returncode != 0:
        raise CheckError(f"{COMMAND} failed: {result.stderr.strip()}")
    output = result.stdout
    data = json.loads(output[output.index("{"):])
    findings: list[list[Finding]] = [[] for _ in lines]
    for paragraph in data.get("data", []):
        index = paragraph["iParagraph"] - 1
        for error in paragraph.get("lGrammarErrors", []):
            findings[index].append(Finding(error["sRuleId"], error["sMessage"],
                                           error["nStart"], error["nEnd"],
                                           tuple(error.get("aSuggestions", []))))
    return findings


def load_exceptions(path: Path) -> list[Exception_]:
    """The reviewed ``[[exception]]`` entries, and the ``[[off]]`` ones (context ``""``)."""
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CheckError(f"{path}: {error}") from None
    found = []
    for table, keys in (("exception", ("rule", "context", "why")), ("off", ("rule", "why"))):
        starts = [i for i, line in enumerate(text.splitlines(), 1)
                  if line.strip() == f"[[{table}]]"]
        for number, item in enumerate(data.get(table, [])):
            line = starts[number] if number < len(starts) else 1
            if not all(isinstance(item.get(key), str) and item[key] for key in keys):
                raise CheckError(f"{path}:{line}: an [[{table}]] entry needs "
                                 f"{', '.join(f'`{key}`' for key in keys)}")
            found.append(Exception_(item["rule"], item.get("context", ""), item["why"], line))
    return found


def excused(finding: Finding, text: str, exceptions: list[Exception_]) -> Exception_ | None:
    """The exception that covers *finding*: same rule, its context around the finding."""
    for exception in exceptions:
        if exception.rule != finding.rule:
            continue
        if not exception.context:  # [[off]]: everywhere
            return exception
        # Any kind of space matches any other (one character each: offsets hold).
        plain, context = text.translate(ONE_SPACE), exception.context.translate(ONE_SPACE)
        start = plain.find(context)
        while start != -1:
            if start <= finding.start and finding.end <= start + len(context):
                return exception
            start = plain.find(context, start + 1)
    return None


#: No-break spaces as plain ones, to match an exception's context as typed.
ONE_SPACE = str.maketrans({"\u00a0": " ", "\u202f": " "})


def run(project: Project) -> Iterator[Problem]:
    items = texts(project)
    exceptions_path = project.locale / project.target / EXCEPTIONS
    exceptions = load_exceptions(exceptions_path)
    exceptions_rel = project.rel(exceptions_path)
    used: set[Exception_] = set()
    for item, findings in zip(items, grammalecte([t.text for t in items]), strict=True):
        for finding in findings:
            exception = excused(finding, item.text, exceptions)
            if exception is not None:
                used.add(exception)
                continue
            words = item.text[finding.start:finding.end]
            context = item.text[max(0, finding.start - 30):finding.end + 30]
            hint = f" (suggestion: {', '.join(finding.suggestions[:3])})" \
                if finding.suggestions else ""
            yield Problem(
                item.path, item.line, NAME,
                f"{finding.rule}: {finding.message}{hint} at {words!r} in {shorten(context, 70)}",
                f"correct the French; if Grammalecte is wrong, add an [[exception]] to "
                f"{exceptions_rel} (rule = {finding.rule!r}, context = the words around it, "
                f"why = the reason)",
            )
    for exception in exceptions:
        if exception not in used:
            yield Problem(exceptions_rel, exception.line, NAME,
                          f"exception {exception.rule!r} for {shorten(exception.context, 50)} "
                          "matches no finding any more",
                          "delete it (the text changed or Grammalecte no longer objects)")
