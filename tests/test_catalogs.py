"""``make update-po``: nothing lost, stale entries carry the old English, stable bytes.

Works on a copy of the project with a page of its own (``roundtrip.md``), so
that it does not depend on what the pages say today.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from helpers import make

pytestmark = pytest.mark.slow

PARAGRAPHS = {
    "a": "The platform gives researchers access to health data for projects in the public "
         "interest.",
    "b": "Its catalogue lists the databases that a project may ask to use.",
    "c": "Every request is reviewed by an ethics committee before any data is released.",
}
FRENCH = {
    "Round trip": "Aller-retour",
    PARAGRAPHS["a"]: "La plateforme donne aux chercheurs accès aux données de santé pour des "
                     "projets d'intérêt public.",
    PARAGRAPHS["b"]: "Son catalogue recense les bases qu'un projet peut demander à utiliser.",
    PARAGRAPHS["c"]: "Chaque demande est examinée par un comité d'éthique avant toute mise à "
                     "disposition de données.",
}
EDITED_A = PARAGRAPHS["a"].replace("access to health data", "secure access to health data")
EDITED_A_AGAIN = EDITED_A.replace("projects", "studies")


def write_page(project: Path, paragraphs: list[str]) -> None:
    body = "\n\n".join(paragraphs)
    (project / "source" / "roundtrip.md").write_text(
        f"---\norphan: true\n---\n\n(roundtrip-page)=\n# Round trip\n\n{body}\n", encoding="utf-8"
    )


def catalogs(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (project / "locale").rglob("*.po")}


def undated(found: dict[str, bytes]) -> dict[str, bytes]:
    """Without POT-Creation-Date: two extractions a minute apart differ in it alone."""
    return {name: re.sub(rb'\n"POT-Creation-Date: [^"]*"\n', b"\n", data)
            for name, data in found.items()}


def update_po(project: Path) -> None:
    make(project, "update-po")


def entry(po: polib.POFile, msgid: str) -> polib.POEntry:
    found = [e for e in po if e.msgid == msgid]
    assert found, f"no entry {msgid!r}"
    return found[0]


def msgfmt_check(path: Path) -> None:
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def powrap_check(path: Path) -> None:
    result = subprocess.run([str(Path(sys.prefix) / "bin" / "powrap"), "--check", "--quiet",
                             str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_update_po_round_trip(mini_copy: Path) -> None:
    project = mini_copy
    po_path = project / "locale" / "fr" / "LC_MESSAGES" / "roundtrip.po"
    write_page(project, list(PARAGRAPHS.values()))
    update_po(project)
    po = polib.pofile(str(po_path))
    assert not po.metadata_is_fuzzy  # a fuzzy header would make msgfmt skip it
    assert {e.msgid for e in po} == set(FRENCH)
    for e in po:  # the translator's work
        e.msgstr = FRENCH[e.msgid]
    po.save(str(po_path))
    update_po(project)
    powrap_check(po_path)
    first = catalogs(project)

    # Unchanged sources: not one byte changes (POT-Creation-Date included).
    update_po(project)
    assert catalogs(project) == first

    # An editor rewrites a and removes b.
    write_page(project, [EDITED_A, PARAGRAPHS["c"]])
    update_po(project)
    po = polib.pofile(str(po_path))
    edited = entry(po, EDITED_A)
    assert edited.fuzzy and edited.msgstr == FRENCH[PARAGRAPHS["a"]]
    assert edited.previous_msgid == PARAGRAPHS["a"]
    removed = entry(po, PARAGRAPHS["b"])
    assert removed.obsolete and removed.msgstr == FRENCH[PARAGRAPHS["b"]]
    kept = entry(po, PARAGRAPHS["c"])
    assert not kept.fuzzy and kept.msgstr == FRENCH[PARAGRAPHS["c"]]
    assert not po.metadata_is_fuzzy
    text = po_path.read_text(encoding="utf-8")
    assert '#| msgid "' in text and "\n#~ msgid " in text
    msgfmt_check(po_path)
    powrap_check(po_path)

    # Still fuzzy: the #| line survives re-runs, byte for byte.
    stale = catalogs(project)
    update_po(project)
    assert catalogs(project) == stale

    # A translator ran sphinx-intl update after an English edit (as its
    # documentation says): it turns "#| msgid" into "# | msgid" comments and
    # rewraps. update-po afterwards gives exactly what it gives without
    # sphinx-intl: every previous-English line back, byte for byte.
    previous = [line for line in po_path.read_text(encoding="utf-8").splitlines()
                if line.startswith("#| ")]
    write_page(project, [EDITED_A, PARAGRAPHS["c"], PARAGRAPHS["b"]])
    make(project, "gettext")
    subprocess.run([str(Path(sys.prefix) / "bin" / "sphinx-intl"), "update", "-p",
                    "_build/gettext", "-d", "locale", "-l", "fr"], cwd=project, check=True,
                   capture_output=True)
    mangled = po_path.read_text(encoding="utf-8")
    assert "\n#| msgid" not in mangled and "\n# | msgid" in mangled, "sphinx-intl changed"
    update_po(project)
    through_sphinx_intl = undated(catalogs(project))
    po_path.write_bytes(stale[po_path.name])
    update_po(project)
    assert undated(catalogs(project)) == through_sphinx_intl
    assert [line for line in po_path.read_text(encoding="utf-8").splitlines()
            if line.startswith("#| ")] == previous
    write_page(project, [EDITED_A, PARAGRAPHS["c"]])
    update_po(project)
    assert undated(catalogs(project)) == undated(stale)

    # make stats shows what changed, word by word.
    stats = make(project, "stats").stdout
    assert "roundtrip.po:" in stats and "{+secure+}" in stats, stats

    # Edited again before the translator got to it: #| still holds the English
    # the French was made from.
    write_page(project, [EDITED_A_AGAIN, PARAGRAPHS["c"]])
    update_po(project)
    po = polib.pofile(str(po_path))
    again = entry(po, EDITED_A_AGAIN)
    assert again.fuzzy and again.previous_msgid == PARAGRAPHS["a"]
    assert again.msgstr == FRENCH[PARAGRAPHS["a"]]

    # The translator updates the French and clears the flag (as a text editor
    # would: only the "#, fuzzy" line goes). update-po then drops #| and
    # changes nothing else.
    text = po_path.read_text(encoding="utf-8")
    assert text.count("#, fuzzy\n") == 1
    po_path.write_text(text.replace("#, fuzzy\n", ""), encoding="utf-8")
    before = po_path.read_text(encoding="utf-8").splitlines()
    update_po(project)
    after = po_path.read_text(encoding="utf-8").splitlines()
    assert after == [line for line in before if not line.startswith("#| ")]
    assert "#|" not in po_path.read_text(encoding="utf-8")
    msgfmt_check(po_path)

    # The removed paragraph comes back: its obsolete translation comes back too.
    write_page(project, [EDITED_A_AGAIN, PARAGRAPHS["b"], PARAGRAPHS["c"]])
    update_po(project)
    back = entry(polib.pofile(str(po_path)), PARAGRAPHS["b"])
    assert not back.obsolete and not back.fuzzy and back.msgstr == FRENCH[PARAGRAPHS["b"]]


def test_catalog_of_a_removed_page_is_reported(mini_copy: Path) -> None:
    """A renamed page: the old catalog is reported, and the documented recipe
    (git mv -f OLD.po NEW.po, update-po again) keeps every translation."""
    project_copy = mini_copy
    source, messages = project_copy / "source", project_copy / "locale" / "fr" / "LC_MESSAGES"
    (source / "glossary.md").rename(source / "terms.md")
    index = source / "index.md"
    text = index.read_text(encoding="utf-8")
    assert "\nglossary\n" in text  # the toctree entry
    index.write_text(text.replace("\nglossary\n", "\nterms\n"), encoding="utf-8")
    old = messages / "glossary.po"
    translations = {e.msgid: e.msgstr for e in polib.pofile(str(old))}
    result = make(project_copy, "update-po", check=False)
    assert result.returncode != 0
    assert "locale/fr/LC_MESSAGES/glossary.po:1: error: orphan catalog" in result.stderr
    assert "'glossary'" in result.stderr and "git mv -f" in result.stderr
    assert old.exists()  # reported, never deleted: its translations are still there
    new = messages / "terms.po"
    assert all(not e.msgstr for e in polib.pofile(str(new)))
    old.replace(new)
    make(project_copy, "update-po")
    assert {e.msgid: e.msgstr for e in polib.pofile(str(new))} == translations


POT = """msgid ""
msgstr ""
"Project-Id-Version: Test\\n"
"POT-Creation-Date: {date}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"

#: ../../source/glossary.md:0
msgid "Cnam"
msgstr ""

#: ../../source/glossary.md:12
msgid "National health insurance fund."
msgstr ""
"""


def test_new_pot_date_alone_changes_nothing(tmp_path: Path) -> None:
    """Sphinx stamps every .pot with a new date (and writes line 0 for some
    messages): neither may make update-po rewrite an up-to-date catalog."""
    from hdhkb.tools.update_po import update

    root = tmp_path
    pot_dir = root / "_build" / "gettext"
    pot_dir.mkdir(parents=True)
    locale = root / "locale"
    (pot_dir / "glossary.pot").write_text(POT.format(date="2026-01-01 10:00+0000"))
    assert update(pot_dir, locale, ["fr"], root) == 0
    po = locale / "fr" / "LC_MESSAGES" / "glossary.po"
    first = po.read_bytes()
    assert b"#: source/glossary.md:12\n" in first  # relative to the project root
    assert b"2026-01-01 10:00+0000" in first and b"#, fuzzy" not in first
    (pot_dir / "glossary.pot").write_text(POT.format(date="2026-02-02 11:00+0000"))
    assert update(pot_dir, locale, ["fr"], root) == 0
    assert po.read_bytes() == first


def test_previous_english_survives_babels_comment_wrapping() -> None:
    """sphinx-intl (Babel) wraps "# | msgid" comments like prose, dropping the space at the
    break; update-po reads the previous English back whole and keeps the translator's own
    comments apart."""
    from hdhkb.tools.update_po import _commented_previous, _unwrap

    wrapped = ['| msgid ""', '| "The platform gives researchers access to health data for '
               'projects in the', '"', '| "public interest."', "Checked with the team."]
    assert _commented_previous("\n".join(wrapped)) == [
        "The platform gives researchers access to health data for projects in the "
        "public interest."]
    assert _unwrap(wrapped)[1] == ["Checked with the team."]
