"""The project's settings as every tool reads them: ``conf.py``, read one way.

Sphinx reads ``conf.py`` itself; the tools around it (the Makefile, ``make
check``, ``update-po``, the link checkers, the publisher) need a few of the
same settings: the languages, the source language, the base URL. They all get
them here, from :func:`load`, which evaluates ``conf.py`` the way Sphinx does
(its folder as the working directory, ``__file__`` set), so nothing is
declared twice. The languages table is read by :func:`languages_from`, which
the Sphinx extension ``hdhkb.ext.languages`` uses too.

``python3 -m hdhkb.settings languages`` prints the language codes (``en
fr``), ``targets`` the translated ones: the Makefile asks this way, with any
Python 3.11 (no virtual environment needed, nothing heavy is imported).
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: The project's root: conf.py's folder (this package lives beside it).
ROOT = Path(__file__).resolve().parent.parent


class SettingsError(ValueError):
    """conf.py does not say what the tools need; the message says what to write."""


@dataclass(frozen=True)
class Language:
    """One language of the site, as ``hdhkb_languages`` declares it."""

    code: str  #: ISO 639-1, the folder of its tree (``fr``)
    name: str  #: its name in itself (``Français``): the switcher shows it
    locale: str  #: with its region (``fr_FR``): og:locale, spelling dictionary
    title: str  #: the site's title in that language


def languages_from(table: Mapping[str, Any]) -> list[Language]:
    """The ``hdhkb_languages`` table as a list; the first is the source language."""
    if not table:
        raise SettingsError("hdhkb_languages is empty in conf.py: declare at least one language")
    found = []
    for code, entry in table.items():
        if not isinstance(entry, Mapping) or not {"name", "locale", "title"} <= entry.keys():
            raise SettingsError(
                f"hdhkb_languages[{code!r}] in conf.py must be a table with name, locale and "
                f'title, e.g. {{"name": "Français", "locale": "fr_FR", "title": "…"}}')
        found.append(Language(code, str(entry["name"]), str(entry["locale"]),
                              str(entry["title"])))
    return found


@dataclass(frozen=True)
class Settings:
    """What the tools read from conf.py."""

    root: Path
    values: Mapping[str, Any]

    @functools.cached_property
    def languages(self) -> list[Language]:
        return languages_from(self.values.get("hdhkb_languages") or {})

    @property
    def codes(self) -> list[str]:
        """Every language code, the source language first."""
        return [language.code for language in self.languages]

    @property
    def source_language(self) -> str:
        return self.codes[0]

    @property
    def targets(self) -> list[str]:
        """The languages translated from the source language."""
        return self.codes[1:]

    @property
    def base_url(self) -> str:
        base = str(self.values.get("hdhkb_base_url") or "")
        return base if base.endswith("/") else base + "/"

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


def evaluate(conf: Path) -> dict[str, Any]:
    """conf.py's namespace, as Sphinx evaluates it (``sphinx.config.eval_config_file``)."""
    namespace: dict[str, Any] = {"__file__": str(conf), "tags": None}
    code = compile(conf.read_bytes(), str(conf), "exec")
    with contextlib.chdir(conf.parent):
        exec(code, namespace)  # noqa: S102 - conf.py is the project's own settings file
    return {key: value for key, value in namespace.items() if not key.startswith("__")}


def load(root: Path = ROOT) -> Settings:
    """The settings of the project at *root* (its ``conf.py``)."""
    conf = (root / "conf.py").resolve()
    return _load(conf, conf.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _load(conf: Path, mtime: int) -> Settings:
    return Settings(conf.parent, evaluate(conf))


def main(argv: list[str]) -> int:
    """``languages`` | ``targets`` | ``source``: print them, space-separated."""
    what = argv[0] if argv else "languages"
    settings = load(Path(argv[1]) if len(argv) > 1 else Path.cwd())
    answers = {
        "languages": settings.codes,
        "targets": settings.targets,
        "source": [settings.source_language],
    }
    if what not in answers:
        sys.stderr.write(f"usage: python -m hdhkb.settings {{{'|'.join(answers)}}} [ROOT]\n")
        return 2
    sys.stdout.write(" ".join(answers[what]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
