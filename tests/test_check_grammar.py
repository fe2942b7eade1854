"""Gate ``grammar``: Grammalecte on the French as readers read it, with reviewed exceptions."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdhkb.check import Project
from hdhkb.check.grammar import Resolver
from hdhkb.tools import check as runner
from helpers import ROOT

NB = "\u00a0"
WRONG = ("They went to the beach.", "Ils sont allé à la plage.")


def check(capsys: pytest.CaptureFixture[str], root: Path) -> tuple[int, str]:
    code = runner.main(["--only", "grammar", "--root", str(root)])
    return code, capsys.readouterr().out


def add_entry(root: Path, msgid: str, msgstr: str) -> int:
    po = root / "locale" / "fr" / "LC_MESSAGES" / "index.po"
    po.write_text(po.read_text(encoding="utf-8") + f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n',
                  encoding="utf-8")
    return po.read_text(encoding="utf-8").splitlines().index(f'msgid "{msgid}"') + 1


def test_grammar_passes_on_the_project(capsys):
    """Zero unexplained findings: every one is fixed or reviewed in the exceptions file."""
    assert check(capsys, ROOT) == (0, "")


def test_texts_are_checked_as_readers_read_them():
    resolve = Resolver(Project(ROOT))
    assert resolve("L’action a duré {fact}`posting_tehdas_duration`, soit "
                   "{fact}`tehdas2_budget`.") == "L’action a duré deux ans, soit 6,7" + NB + \
        "millions d’euros."
    assert resolve("{fact}`posting_duration`") == f"6{NB}mois"  # alone: digits
    assert resolve("Le {term}`SNDS` et les [data challenges]{.language-en} "
                   "([source](https://example.org)), {term}`un GIP <GIP>`.") == \
        "Le SNDS et les data challenges (source), un GIP."
    assert resolve("la section « {ref}`posting-versions` »") == \
        "la section « Différences entre les versions anglaise et française de l’offre »"
    assert resolve("Mis à jour le %(last_updated)s") == f"Mis à jour le 1er{NB}décembre 2026"


def test_a_finding_fails_with_its_po_line_until_it_is_an_exception(project_copy: Path, capsys):
    line = add_entry(project_copy, *WRONG)
    code, out = check(capsys, project_copy)
    assert code == 1
    (problem,) = out.splitlines()
    assert problem.startswith(f"locale/fr/LC_MESSAGES/index.po:{line}: [grammar] gv1__ppas_")
    assert "'allé'" in problem and "grammalecte-exceptions.toml" in problem
    rule = problem.split("[grammar] ")[1].split(":")[0]
    exceptions = project_copy / "locale" / "fr" / "grammalecte-exceptions.toml"
    exceptions.write_text(exceptions.read_text(encoding="utf-8") + (
        f'\n[[exception]]\nrule = "{rule}"\ncontext = "Ils sont allé"\n'
        'why = "A test of the exceptions file."\n'), encoding="utf-8")
    assert check(capsys, project_copy) == (0, "")


def test_an_exception_that_matches_nothing_fails(tmp_path: Path, monkeypatch):
    """Without running Grammalecte: it finds nothing, so every entry is stale."""
    from hdhkb.check import grammar

    (tmp_path / "locale" / "fr").mkdir(parents=True)
    exceptions = tmp_path / "locale" / "fr" / "grammalecte-exceptions.toml"
    exceptions.write_text('# reviewed\n\n[[off]]\nrule = "a"\nwhy = "b"\n\n[[exception]]\n'
                          'rule = "typo_espace_manquant_après3"\ncontext = "nowhere.example"\n'
                          'why = "Stale."\n', encoding="utf-8")

    class Tiny:
        locale, target = tmp_path / "locale", "fr"

        def rel(self, path: Path) -> str:
            return str(Path(path).relative_to(tmp_path))

    monkeypatch.setattr(grammar, "texts", lambda project: [grammar.Text("x.po", 1, "Bonjour.")])
    monkeypatch.setattr(grammar, "grammalecte", lambda lines: [[] for _ in lines])
    problems = sorted(grammar.run(Tiny()), key=lambda p: p.line)  # type: ignore[arg-type]
    assert [(p.path, p.line) for p in problems] == [
        ("locale/fr/grammalecte-exceptions.toml", 3), ("locale/fr/grammalecte-exceptions.toml", 7)]
    assert "exception 'typo_espace_manquant_après3' for 'nowhere.example' matches no finding" \
        in problems[1].message
