"""Gate ``msgfmt``: every catalog is valid for GNU ``msgfmt --check``.

Sphinx reads catalogs through Babel, which silently truncates an unterminated
string, keeps one of two duplicate msgids and accepts bad escapes, printing
parse trouble to stdout where ``-W`` does not see it. GNU msgfmt is the
reference parser (Poedit and Weblate use it too), so its verdict is ours.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator

from hdhkb.check import CheckError, Problem, Project

NAME = "msgfmt"
NEEDS_HTML = False
HELP = "every .po passes GNU msgfmt --check-format --check-header --check-domain"

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
)
DEFAULT_ADVICE = "fix the entry so that `msgfmt --check` accepts it (run it on the file to see)"


def advice(text: str) -> str:
    return next((fix for words, fix in ADVICE if words in text), DEFAULT_ADVICE)


def run(project: Project) -> Iterator[Problem]:
    if shutil.which(COMMAND[0]) is None:
        raise CheckError("GNU msgfmt is not installed (Debian package `gettext`)")
    for path in project.all_po_files():
        rel = project.rel(path)
        result = subprocess.run([*COMMAND, rel], capture_output=True, text=True, cwd=project.root)
        if result.returncode == 0:
            continue  # msgfmt's warnings (e.g. default header values) do not fail it
        found = False
        for raw in result.stderr.splitlines():
            match = LOCATED.match(raw)
            if not match or "warning:" in match["text"]:
                continue
            found = True
            line = int(match["line"])
            if "end-of-line within string" in match["text"]:
                line -= 1  # msgfmt counts the newline it stopped at: the string is a line above
            yield Problem(rel, line, NAME, f"msgfmt: {match['text']}",
                          advice(match["text"]))
        if not found:
            yield Problem(rel, 1, NAME, "msgfmt rejects the catalog: "
                          + " ".join(result.stderr.split()), DEFAULT_ADVICE)
