"""Gate ``spelling``: hunspell en_GB on the English, fr_FR on the French, plus word lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdhkb.check.spelling import split_languages, strip_markup
from hdhkb.tools import check as runner
from helpers import ROOT

#: The seed's French sentence, with its typo ("Sarcom" for "Sarcome").
SEED_EN = ("Study of the impact and treatments schemes on real-life data in order to identify "
           "the best treatment options for Sarcoma")
SEED_FR = ("Etude de l'impact et des traitements sur des données de vie réelle afin d'identifier "
           "les meilleurs schémas thérapeutiques pour le traitement du Sarcom")


def check(capsys: pytest.CaptureFixture[str], root: Path, *gates: str) -> tuple[int, str]:
    code = runner.main(["--only", *gates, "--root", str(root)])
    return code, capsys.readouterr().out


def lines(capsys: pytest.CaptureFixture[str], root: Path, gate: str) -> set[str]:
    return set(check(capsys, root, gate)[1].splitlines())


def add_entry(root: Path, msgid: str, msgstr: str) -> tuple[str, int]:
    po = root / "locale" / "fr" / "LC_MESSAGES" / "index.po"
    po.write_text(po.read_text() + f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n')
    line = po.read_text().splitlines().index(f'msgid "{msgid}"') + 1
    return "locale/fr/LC_MESSAGES/index.po", line


def test_spelling_passes_on_the_project(capsys):
    code, out = check(capsys, ROOT, "spelling")
    assert (code, out) == (0, "")


def test_the_seed_typo_sarcom_is_caught(project_copy: Path, capsys):
    path, line = add_entry(project_copy, SEED_EN, SEED_FR)
    code, out = check(capsys, project_copy, "spelling")
    assert code == 1
    here = [text for text in out.splitlines() if text.startswith(f"{path}:{line}:")]
    # The seed has two errors: "Sarcom", and "Etude" (French capitals keep their accents).
    assert [text.split(" (did you mean")[0] for text in here] == [
        f"{path}:{line}: [spelling] unknown French word 'Etude'",
        f"{path}:{line}: [spelling] unknown French word 'Sarcom'",
    ], out
    assert "'Sarcom' (did you mean Sarcome" in here[1]
    assert here[1].endswith("add it to locale/wordlist.fr.txt")


def test_the_corrected_seed_sentence_passes(project_copy: Path, capsys):
    before = lines(capsys, project_copy, "spelling")
    add_entry(project_copy, SEED_EN, SEED_FR.replace("Sarcom", "Sarcome").replace("Etude", "Étude"))
    assert lines(capsys, project_copy, "spelling") == before


def test_english_typo_fails_at_its_source_line(project_copy: Path, capsys):
    page = project_copy / "source" / "index.md"
    page.write_text(page.read_text() + "\nThe platfrom hosts health data.\n")
    line = page.read_text().splitlines().index("The platfrom hosts health data.") + 1
    code, out = check(capsys, project_copy, "spelling")
    assert code == 1
    assert (f"source/index.md:{line}: [spelling] unknown English word 'platfrom' (did you mean "
            "platform") in out


def test_word_list_accepts_a_name_and_must_stay_sorted(project_copy: Path, capsys):
    before = lines(capsys, project_copy, "spelling")
    path, line = add_entry(project_copy, "Ask Zorglub.", "Demandez à Zorglub.")
    code, out = check(capsys, project_copy, "spelling")
    assert code == 1 and f"{path}:{line}: [spelling] unknown French word 'Zorglub'" in out
    wordlist = project_copy / "locale" / "wordlist.fr.txt"
    words = sorted({*wordlist.read_text().split(), "Zorglub"})
    wordlist.write_text("\n".join(words) + "\n")
    assert lines(capsys, project_copy, "spelling") == before
    wordlist.write_text("\n".join(reversed(words)) + "\n")
    code, out = check(capsys, project_copy, "spelling")
    assert code == 1 and "locale/wordlist.fr.txt:2: [spelling] word list not sorted" in out


def test_markup_is_stripped_before_spelling():
    text = ("See {ref}`posting-tasks`, {ref}`the tasks <posting-tasks>`, {term}`data holder`, "
            "{fact}`hdh_staff.as_of`, [the site](https://www.health-data-hub.fr), [tehdas.eu](x), "
            "<https://x.example/a_b>, <jobs@health-data-hub.fr>, `make html`, {{ fee_eur }}, "
            "article L1462-1, **bold** *words*.")
    assert strip_markup(text).split() == [
        "See", ",", "the", "tasks,", "data", "holder,", ",", "the", "site,", ",", ",", ",", ",",
        ",", "article", ",", "bold", "words.",
    ]


def test_phrases_marked_french_are_spelt_in_french():
    text = "The [déclaration d'accessibilité]{.language-fr} and [Sénat]{lang=fr} say so."
    assert split_languages(text, "en", ("en", "fr")) == [
        ("en", "The   and   say so."), ("fr", "déclaration d'accessibilité"), ("fr", "Sénat"),
    ]
