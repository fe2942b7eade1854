"""Gate ``terminology``: glossary terms must reach French as the glossary says; names stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdhkb.check.terminology import load, required
from hdhkb.tools import check as runner
from helpers import ROOT


def check(capsys: pytest.CaptureFixture[str], root: Path, *gates: str) -> tuple[int, str]:
    code = runner.main(["--only", *gates, "--root", str(root)])
    return code, capsys.readouterr().out


def lines(capsys: pytest.CaptureFixture[str], root: Path, gate: str) -> set[str]:
    return set(check(capsys, root, gate)[1].splitlines())


def add_entries(root: Path, *pairs: tuple[str, str]) -> tuple[Path, list[int]]:
    """Append translated entries to a catalog; return it and the msgid line of each."""
    po = root / "locale" / "fr" / "LC_MESSAGES" / "index.po"
    text = po.read_text()
    for msgid, msgstr in pairs:
        text += f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n'
    po.write_text(text)
    lines = po.read_text().splitlines()
    return po, [lines.index(f'msgid "{msgid}"') + 1 for msgid, _ in pairs]


def test_terminology_passes_on_the_project(capsys):
    code, out = check(capsys, ROOT, "terminology")
    assert (code, out) == (0, "")


def test_wrong_term_and_translated_name_fail(project_copy: Path, capsys):
    before = lines(capsys, project_copy, "terminology")
    _, (term, name) = add_entries(
        project_copy,
        ("Member States support the secondary use of health data.",
         "Les États membres soutiennent la réutilisation des données de santé."),
        ("The Health Data Hub hosts the data.", "La Plateforme héberge les données."),
    )
    code, out = check(capsys, project_copy, "terminology")
    assert code == 1
    assert (f"locale/fr/LC_MESSAGES/index.po:{term}: [terminology] 'secondary use' must be "
            "translated «utilisation secondaire» or «utilisations secondaires» in") in out
    assert (f"locale/fr/LC_MESSAGES/index.po:{name}: [terminology] name 'Health Data Hub' "
            "must stay as it is in French") in out
    assert "or change the glossary locale/terminology.toml" in out
    assert len(set(out.splitlines()) - before) == 2


def test_plurals_case_apostrophes_and_spaces_are_accepted(project_copy: Path, capsys):
    before = lines(capsys, project_copy, "terminology")
    add_entries(
        project_copy,
        ("Data holders talk to health data access bodies.",
         "Les Détenteurs de données parlent aux organismes responsables de l\u2019accès "
         "aux\u00a0données de santé."),
        ("Secondary use is research.", "L'utilisation secondaire, c'est la recherche."),
    )
    assert lines(capsys, project_copy, "terminology") == before


def test_longer_terms_hide_shorter_ones():
    terms = load(ROOT / "locale" / "terminology.toml")
    used = [form for _, form in required(terms, "The Health Data Hub and the European "
                                                "Health Data Space use health data.")]
    assert used == ["European Health Data Space", "Health Data Hub", "health data"]
    assert [f for _, f in required(terms, "The Health Data Hub")] == ["Health Data Hub"]


def test_the_glossary_covers_the_terms_of_the_french_review():
    """Issue 14: controller, lead, third countries, patient summaries, EU4Health, data
    challenge (kept in English, marked as English)."""
    terms = load(ROOT / "locale" / "terminology.toml")
    french = {english: term.french for term in terms for english in term.english}
    assert "responsable du traitement" in french["controller"]
    assert "codiriger" in french["co-lead"] and "diriger" in french["led the"]
    assert french["third countries"] == ("pays tiers",)
    assert "dossiers de patients" in french["patient summaries"]
    assert french["EU4Health"] == ("programme « L'UE pour la santé » (EU4Health)",)
    assert french["data challenge"] == ("[data challenge]{.language-en}",
                                        "[data challenges]{.language-en}")


def test_english_words_kept_in_french_must_be_marked_english(project_copy: Path, capsys):
    """MyST drops {lang=en}: the class is what gives readers lang="en"."""
    before = lines(capsys, project_copy, "terminology")
    _, (bare, dropped, marked) = add_entries(
        project_copy,
        ("The first data challenge took place.", "Le premier data challenge a eu lieu."),
        ("A second data challenge followed.",
         "Un deuxième [data challenge]{lang=en} a suivi."),
        ("A third data challenge ended it.",
         "Un troisième [data challenge]{.language-en} l’a clos."),
    )
    out = lines(capsys, project_copy, "terminology") - before
    assert {line.split(": [")[0] for line in out} == {
        f"locale/fr/LC_MESSAGES/index.po:{bare}", f"locale/fr/LC_MESSAGES/index.po:{dropped}"}
    assert all("'data challenge' must be translated «[data challenge]{.language-en}»" in line
               for line in out)
