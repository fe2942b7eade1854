"""Gate ``validity``: every catalog can be read exactly, as GNU ``msgfmt --check`` reads it.

Sphinx reads catalogs through Babel, which silently truncates an unterminated
string, keeps one of two duplicate msgids, accepts bad escapes and decodes a
file in whatever charset its header claims, printing parse trouble to stdout
where ``-W`` does not see it: a broken catalog reaches readers half-read. GNU
msgfmt is the reference parser (Poedit and Weblate use it too), so its
verdict is ours, plus what it lets through and we cannot read exactly:

- a byte order mark (msgfmt reports a bare "syntax error" at 1:2);
- conflict markers left by a merge (``<<<<<<<``, ``=======``, ``>>>>>>>``);
- a charset other than UTF-8 in the header, or bytes that are not UTF-8
  (msgfmt accepts ``charset=ISO-8859-1`` on a UTF-8 file: every accent would
  turn into mojibake).

This gate runs first wherever catalogs are read: in ``make check``, before
every publishing build (``hdhkb.tools.html``) and before ``make update-po``
writes anything (:func:`problems` is the strict reader they share).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from hdhkb.check import CheckError, Problem, Project

NAME = "validity"
NEEDS_HTML = False
HELP = "every .po reads exactly: GNU msgfmt --check, UTF-8, no BOM, no conflict markers"
#: The files this gate reads, one at a time (``hdhkb.check.incremental``).
FILES = "catalogs"

COMMAND = ("msgfmt", "--check-format", "--check-header", "--check-domain", "-o", "/dev/null")
#: ``file:line: text`` or ``file:line:column: text`` as msgfmt prints them.
LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?:\d+:)? (?P<text>.*)$")
#: What to do, by the words of msgfmt's message (first match wins).
ADVICE = (
    ("end-of-line within string", 'close the string with a " on the same line'),
    ("duplicate message definition", "keep only one entry for this msgid (merge the two)"),
    ("first definition", "the duplicate's first entry is here"),
    ("invalid control sequence", r"use only \n, \t, \" and \\ escapes in the string"),
    ("Python brace format", "our messages are MyST, not Python format strings: delete the "
     "`python-brace-format` flag from the entry's `#,` line"),
    ("format specification", "keep the same placeholders as the English, in the same kind"),
    ("header", "restore the header entry (msgid \"\") as `make update-po` writes it"),
    ("syntax error", "fix the entry's quoting: each line is msgid/msgstr/msgctxt or a "
     "\"quoted\" continuation, or a # comment"),
)
DEFAULT_ADVICE = "fix the entry so that `msgfmt --check` accepts it (run it on the file to see)"
BOM = b"\xef\xbb\xbf"
CONFLICT = re.compile(rb"^(<<<<<<<|=======|>>>>>>>)( |$)", re.M)
CHARSET = re.compile(rb'^"Content-Type: [^"]*charset=([^"\\ ;]+)', re.M | re.I)


def advice(text: str) -> str:
    return next((fix for words, fix in ADVICE if words in text), DEFAULT_ADVICE)


def line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def encoding_problems(data: bytes) -> list[tuple[int, str, str]]:
    """(line, message, fix) for what stops the file from being read as UTF-8 text."""
    found = []
    if data.startswith(BOM):
        found.append((1, "the file starts with a byte order mark (BOM)",
                      "save the file as UTF-8 without BOM (your editor's encoding setting)"))
    for match in CONFLICT.finditer(data):
        found.append((line_of(data, match.start()),
                      f"merge conflict marker {match.group(1).decode()!r}",
                      "resolve the conflict: keep one version of the entry and delete the "
                      "<<<<<<< ======= >>>>>>> lines"))
    declared = CHARSET.search(data)
    if declared is None:
        found.append((1, "the header declares no charset (no Content-Type line)",
                      'restore the header line "Content-Type: text/plain; charset=UTF-8\\n" in '
                      'the first entry (msgid "")'))
    elif declared.group(1).decode(errors="replace").lower() not in {"utf-8", "utf8"}:
        found.append((line_of(data, declared.start()),
                      f"the header declares charset={declared.group(1).decode(errors='replace')}",
                      "declare charset=UTF-8 in the Content-Type header and save the file as "
                      "UTF-8 (every tool of ours reads and writes UTF-8)"))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        found.append((line_of(data, error.start), f"bytes that are not UTF-8 ({error.reason})",
                      "save the file as UTF-8 (it was written in another encoding)"))
    return found


#: The message and fix for an obsolete copy of a message that is back (see below).
REVIVED = ("the message is back in the page and an obsolete (#~) copy of it remains below "
           "(what sphinx-intl update writes when a paragraph comes back)")
REVIVED_FIX = ("run make update-po: it gives the message its old translation back and drops "
               "the #~ copy")


def obsolete_copies(path: Path) -> list[tuple[range, range]]:
    """Line spans of (message, obsolete copy) pairs that lose nothing when merged.

    ``sphinx-intl update`` (Babel) keeps ``#~ msgid "X"`` below a new,
    untranslated ``msgid "X"`` when a paragraph comes back. msgfmt calls that a
    duplicate; but Babel reads the two apart and ``make update-po`` merges them
    (the old translation comes back), so update-po may read such a catalog.
    Only when the message has no translation, or the same one: two different
    translations are a real duplicate, for a person to resolve.
    """
    import polib

    from hdhkb.check import msgid_line, msgstr_line

    def span(entry: polib.POEntry) -> range:
        return range(msgid_line(path, entry), msgstr_line(path, entry) + 1)

    try:
        po = polib.pofile(str(path))
    except (OSError, ValueError):
        return []
    active = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    pairs = []
    for old in po.obsolete_entries():
        current = active.get((old.msgctxt, old.msgid))
        if current is not None and current.msgstr in ("", old.msgstr):
            pairs.append((span(current), span(old)))
    return pairs


def _is_copy(lines: tuple[int, int], copies: list[tuple[range, range]]) -> bool:
    first, second = lines
    return any((first in a and second in b) or (first in b and second in a) for a, b in copies)


def problems(path: Path, shown: str | None = None, *, for_merge: bool = False) -> list[Problem]:
    """Everything that stops *path* from being read exactly (empty: it reads exactly).

    *for_merge*: for ``make update-po``, which merges an obsolete copy of a
    message that is back (:func:`obsolete_copies`) without losing anything.
    """
    shown = shown or str(path)
    data = path.read_bytes()
    found = [Problem(shown, line, NAME, message, fix)
             for line, message, fix in encoding_problems(data)]
    if shutil.which(COMMAND[0]) is None:
        raise CheckError("GNU msgfmt is not installed (Debian package `gettext`)")
    result = subprocess.run([*COMMAND, str(path)], capture_output=True, text=True,
                            errors="replace")
    if result.returncode == 0:
        return found  # msgfmt's warnings (e.g. default header values) do not fail it
    located = False
    reported: list[tuple[int, str]] = []
    for raw in result.stderr.splitlines():
        match = LOCATED.match(raw)
        if not match or "warning:" in match["text"]:
            continue
        located = True
        line = int(match["line"])
        if "end-of-line within string" in match["text"]:
            line -= 1  # msgfmt counts the newline it stopped at: the string is a line above
        reported.append((line, match["text"]))
    copies = obsolete_copies(path) if any("duplicate" in text for _, text in reported) else []
    for index, (line, text) in enumerate(reported):
        # msgfmt reports a duplicate, then where its first definition is
        duplicate = "duplicate" in text and index + 1 < len(reported)
        if duplicate and _is_copy((line, reported[index + 1][0]), copies):
            if not for_merge:
                found.append(Problem(shown, line, NAME, REVIVED, REVIVED_FIX))
            continue
        if ("first definition" in text and index > 0
                and _is_copy((reported[index - 1][0], line), copies)):
            continue
        found.append(Problem(shown, line, NAME, f"msgfmt: {text}", advice(text)))
    if not located:
        found.append(Problem(shown, 1, NAME, "msgfmt rejects the catalog: "
                             + " ".join(result.stderr.split()), DEFAULT_ADVICE))
    return found


def check_file(project: Project, path: Path) -> list[Problem]:
    return problems(path, project.rel(path))


def run(project: Project) -> Iterator[Problem]:
    for path in project.all_po_files():
        yield from check_file(project, path)
