"""Every catalog is clean for every tool: real header, no guessed flags, stable bytes.

Translators open the catalogs in Poedit, OmegaT or Weblate, which run GNU
gettext or translate-toolkit on them; ``make update-po`` must agree with both
on every byte, or the files flip between two forms forever.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest
from babel import Locale

from hdhkb.catalogs import GUESSED_FLAGS, PLACEHOLDERS, drop_guessed_flags, normalise_header
from helpers import ROOT, make

CATALOGS = sorted([*(ROOT / "locale").rglob("*.po"), *(ROOT / "hdhkb" / "locale").rglob("*.po")])
REQUIRED = ("Language", "Language-Team", "Last-Translator", "PO-Revision-Date", "Plural-Forms",
            "Content-Type")


def test_there_are_catalogs() -> None:
    assert len(CATALOGS) >= 8


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_msgfmt_check_prints_nothing(path: Path) -> None:
    """``msgfmt -c`` succeeds without a single warning (default header values included)."""
    result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stderr, result.stderr


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_real_header_and_no_guessed_flags(path: Path) -> None:
    po = polib.pofile(str(path))
    for key in REQUIRED:
        value = po.metadata.get(key, "")
        assert value.strip(), f"{path}: no {key}"
        assert not any(p in value for p in PLACEHOLDERS), f"{path}: {key}: {value}"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    language = path.relative_to(path.parents[2]).parts[0]  # <lang>/LC_MESSAGES/x.po
    assert po.metadata["Language"] == language
    assert po.metadata["Language-Team"] == Locale.parse(language).english_name
    assert "SOME DESCRIPTIVE TITLE" not in po.header and "FIRST AUTHOR" not in po.header
    flagged = [e.msgid[:40] for e in po if GUESSED_FLAGS & set(e.flags)]
    assert not flagged, flagged


TEMPLATE = '''# SOME DESCRIPTIVE TITLE.
# Copyright (C) 2026, Example contributors
# This file is distributed under the same license as the Example package.
# FIRST AUTHOR <EMAIL@ADDRESS>, 2026.
#
msgid ""
msgstr ""
"Project-Id-Version: Example\\n"
"POT-Creation-Date: 2026-01-02 03:04+0000\\n"
"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"
"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"
"Language-Team: fr <LL@li.org>\\n"
"Language: fr\\n"
"Content-Type: text/plain; charset=utf-8\\n"

#: source/sub/page.md:3
#, python-format
msgid "See [the list](https://fr.wikipedia.org/wiki/Groupement_d%27int%C3%A9r%C3%AAt)."
msgstr "Voir [la liste](https://fr.wikipedia.org/wiki/Groupement_d%27int%C3%A9r%C3%AAt)."
'''


def test_template_header_gets_real_values() -> None:
    po = polib.pofile(TEMPLATE)
    normalise_header(po)
    drop_guessed_flags(po)
    assert po.header.splitlines() == [
        "French translation of the Example, page sub/page.",
        "Copyright (C) 2026, Example contributors",
        "This file is distributed under the same license as the Example package.",
    ]
    assert po.metadata["PO-Revision-Date"] == "2026-01-02 03:04+0000"
    assert po.metadata["Last-Translator"] == "Example contributors"
    assert po.metadata["Language-Team"] == "French"
    assert po.metadata["Plural-Forms"].startswith("nplurals=")
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po[0].flags == []


def catalogs(project: Path) -> dict[str, bytes]:
    return {str(p.relative_to(project)): p.read_bytes() for p in (project / "locale").rglob("*.po")}


@pytest.mark.slow
def test_round_trips_through_msgmerge_and_translate_toolkit(project_copy: Path) -> None:
    """update-po → msgmerge --previous → update-po, and → translate-toolkit load/save →
    update-po, leave every real catalog byte for byte as update-po wrote it."""
    from translate.storage import factory

    project = project_copy
    committed = catalogs(project)
    make(project, "update-po")
    canonical = catalogs(project)
    assert canonical == committed, "the committed catalogs are not what update-po writes"

    pots = project / "_build" / "gettext"
    for name in canonical:
        po = project / name
        pot = pots / po.with_suffix(".pot").name
        subprocess.run(["msgmerge", "--quiet", "--previous", "--update", "--backup=none",
                        str(po), str(pot)], check=True)
        after = polib.pofile(str(po))
        assert after.metadata["POT-Creation-Date"] == polib.pofile(
            canonical[name].decode()).metadata["POT-Creation-Date"], name
    make(project, "update-po")
    assert catalogs(project) == canonical

    for name in canonical:
        store = factory.getobject(str(project / name))
        store.savefile(str(project / name))
    make(project, "update-po")
    assert catalogs(project) == canonical


SPHINX_POT = '''# SOME DESCRIPTIVE TITLE.
# Copyright (C) 2026, Example contributors
# This file is distributed under the same license as the Example package.
# FIRST AUTHOR <EMAIL@ADDRESS>, YEAR.
#
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: Example \\n"
"Report-Msgid-Bugs-To: \\n"
"POT-Creation-Date: 2026-03-04 05:06+0000\\n"
"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"
"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"
"Language-Team: LANGUAGE <LL@li.org>\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"

#: ../../source/new-page.md:2
msgid "A new page"
msgstr ""

#: ../../source/new-page.md:4
msgid "See [the list](https://fr.wikipedia.org/wiki/Groupement_d%27int%C3%A9r%C3%AAt)."
msgstr ""
'''


def test_a_new_catalog_is_born_clean(tmp_path: Path) -> None:
    """What Sphinx's gettext builder writes becomes a catalog msgfmt -c has nothing to say about."""
    from hdhkb.tools.update_po import update

    pots = tmp_path / "_build" / "gettext"
    pots.mkdir(parents=True)
    (pots / "new-page.pot").write_text(SPHINX_POT, encoding="utf-8")
    assert update(pots, tmp_path / "locale", ["fr"], tmp_path) == 0
    path = tmp_path / "locale" / "fr" / "LC_MESSAGES" / "new-page.po"
    result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stderr, result.stderr
    po = polib.pofile(str(path))
    assert po.header.splitlines()[0] == "French translation of the Example, page new-page."
    assert po.metadata["Last-Translator"] == "Example contributors"
    assert po.metadata["PO-Revision-Date"] == "2026-03-04 05:06+0000"
    assert not any(GUESSED_FLAGS & set(e.flags) for e in po)
    first = path.read_bytes()
    assert update(pots, tmp_path / "locale", ["fr"], tmp_path) == 0
    assert path.read_bytes() == first
