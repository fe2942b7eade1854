"""Gate ``numbers``: reviewed exceptions name their catalog by path, and an unused one fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdhkb.tools import check as runner

HEADER = ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n'
          '"Content-Type: text/plain; charset=UTF-8\\n"\n\n')
ENTRY = 'msgid "The office opened in spring."\nmsgstr "Le bureau a ouvert au printemps 2019."\n'


def check(capsys: pytest.CaptureFixture[str], root: Path) -> tuple[int, str]:
    code = runner.main(["--only", "numbers", "--root", str(root)])
    return code, capsys.readouterr().out


def setup_posting(root: Path, exceptions: str) -> Path:
    catalog = root / "locale" / "fr" / "LC_MESSAGES" / "postings" / "intern.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(HEADER + ENTRY, encoding="utf-8")
    (root / "locale" / "fr" / "reviewed-numbers.toml").write_text(exceptions, encoding="utf-8")
    return catalog


def exception(catalog: str, number: str = "2019") -> str:
    return (f'[[number]]\ncatalog = "{catalog}"\nmsgid = "The office opened"\n'
            f'number = "{number}"\nwhy = "the French names the year"\n')


def test_a_number_added_in_a_posting_catalog_fails_at_its_msgstr(mini_copy: Path, capsys):
    setup_posting(mini_copy, "")
    code, out = check(capsys, mini_copy)
    assert code == 1
    assert "locale/fr/LC_MESSAGES/postings/intern.po:7: [numbers] the number 2019" in out


def test_an_exception_names_a_catalog_in_a_subfolder(mini_copy: Path, capsys):
    setup_posting(mini_copy, exception("postings/intern.po"))
    code, out = check(capsys, mini_copy)
    assert code == 0, out


def test_an_exception_for_another_catalog_of_the_same_name_does_not_apply(mini_copy: Path,
                                                                         capsys):
    setup_posting(mini_copy, exception("intern.po"))
    code, out = check(capsys, mini_copy)
    assert code == 1 and "postings/intern.po:7: [numbers] the number 2019" in out


def test_an_exception_that_matches_nothing_fails_at_its_line(mini_copy: Path, capsys):
    setup_posting(mini_copy, exception("postings/intern.po") + "\n"
                  + exception("postings/intern.po", number="2020"))
    code, out = check(capsys, mini_copy)
    assert code == 1
    assert ("locale/fr/reviewed-numbers.toml:7: [numbers] the reviewed number 2020 matches no "
            "translation of postings/intern.po") in out
    assert "intern.po:7:" not in out
