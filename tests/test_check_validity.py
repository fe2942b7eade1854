"""Gate ``validity``: catalogs GNU msgfmt rejects (or not UTF-8) fail at their file:line."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from hdhkb.tools import check as runner
from helpers import ROOT

ENTRY = 'msgid "Broken on purpose"\nmsgstr "Cassé exprès"\n'


def check(capsys: pytest.CaptureFixture[str], root: Path, *gates: str) -> tuple[int, str]:
    code = runner.main(["--only", *gates, "--root", str(root)])
    return code, capsys.readouterr().out


def catalog(root: Path) -> Path:
    return root / "locale" / "fr" / "LC_MESSAGES" / "index.po"


def append(path: Path, text: str) -> int:
    """Append *text* to *path*; return the line number where it starts."""
    before = path.read_text() + "\n"
    path.write_text(before + text)
    return before.count("\n") + 1


def test_msgfmt_passes_on_the_project(capsys):
    code, out = check(capsys, ROOT, "validity")
    assert (code, out) == (0, "")


def test_unterminated_string_fails_though_babel_reads_it(project_copy: Path, capsys):
    po = catalog(project_copy)
    line = append(po, ENTRY.replace('"Cassé exprès"', '"Cassé exprès'))
    read_po(io.BytesIO(po.read_bytes()))  # what Sphinx uses: no error at all
    code, out = check(capsys, project_copy, "validity")
    assert code == 1
    assert (f"locale/fr/LC_MESSAGES/index.po:{line + 1}: [validity] msgfmt: end-of-line within "
            'string — close the string with a " on the same line') in out


def test_duplicate_msgid_fails_at_both_entries(project_copy: Path, capsys):
    po = catalog(project_copy)
    first = append(po, ENTRY)
    second = append(po, ENTRY.replace("Cassé exprès", "Autre traduction"))
    code, out = check(capsys, project_copy, "validity")
    assert code == 1
    assert f"index.po:{second}: [validity] msgfmt: duplicate message definition" in out
    # msgfmt points at the msgstr of the first definition (measured with GNU gettext 0.21)
    assert f"index.po:{first + 1}: [validity] msgfmt: ...this is the location of the first" in out


def test_bad_escape_fails_through_the_command_line(project_copy: Path):
    po = catalog(project_copy)
    line = append(po, ENTRY.replace("exprès", r"expr\qès"))
    result = subprocess.run([sys.executable, "-m", "hdhkb", "check", "--only", "validity",
                             "--root", str(project_copy)], capture_output=True, text=True)
    assert result.returncode == 1
    assert f"locale/fr/LC_MESSAGES/index.po:{line + 1}: [validity] msgfmt: invalid control" \
           in result.stdout
    assert "check validity:" in result.stderr and "problem(s)" in result.stderr


def test_the_interface_catalog_is_checked_too(project_copy: Path, capsys):
    po = project_copy / "hdhkb" / "locale" / "fr" / "LC_MESSAGES" / "sphinx.po"
    first = append(po, ENTRY)
    second = append(po, ENTRY)
    code, out = check(capsys, project_copy, "validity")
    assert code == 1
    assert f"hdhkb/locale/fr/LC_MESSAGES/sphinx.po:{second}: [validity] msgfmt: duplicate" in out
    assert first < second


def obsolete(entry: str) -> str:
    return "".join(f"#~ {line}\n" for line in entry.splitlines())


@pytest.mark.parametrize(("active", "revivable"), [
    (ENTRY.replace('"Cassé exprès"', '""'), True),  # what sphinx-intl update writes
    (ENTRY, True),  # the same translation twice: nothing to lose either
    (ENTRY.replace("Cassé exprès", "Autre traduction"), False),  # a person must choose
])
def test_an_obsolete_copy_of_a_message_that_is_back(tmp_path: Path, active: str,
                                                    revivable: bool):
    """msgfmt calls it a duplicate; only make update-po may merge it, and only losslessly."""
    from hdhkb.check import validity

    po = tmp_path / "page.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  + active + "\n" + obsolete(ENTRY), encoding="utf-8")
    found = validity.problems(po, "page.po")
    assert found, "msgfmt rejects it: the build must too"
    for_merge = validity.problems(po, "page.po", for_merge=True)
    if revivable:
        assert [(p.line, p.message) for p in found] == [(8, validity.REVIVED)]
        assert "make update-po" in found[0].fix
        assert for_merge == []
    else:
        assert [p.line for p in found] == [8, 6] and "duplicate" in found[0].message
        assert for_merge == found
