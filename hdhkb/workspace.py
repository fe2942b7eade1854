"""A throw-away copy of the project, for the tests and the benchmark.

Both need to build the real project without touching the work tree: a copy of
what a build reads (no .git, no _build, no .venv). Modification times are
kept, so that the copy's ``requirements.txt`` stays older than the venv's
stamp and ``make`` does not reinstall anything.
"""

from __future__ import annotations

import shutil
from pathlib import Path

#: The project's own files, relative to its root.
PROJECT_FILES = (
    "conf.py", "Makefile", "requirements.txt", "pyproject.toml",
    "source", "locale", "hdhkb", "mk", "docs", "bench",
)
ROOT = Path(__file__).resolve().parent.parent


def copy_project(dest: Path, root: Path = ROOT) -> Path:
    """Copy the project's files from *root* into *dest*; return *dest*."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        src = root / name
        if src.is_dir():
            # Compiled modules come along (valid: their sources keep their times), or
            # every build in the copy compiles the package again where Python writes
            # no bytecode (PYTHONDONTWRITEBYTECODE).
            # (*.pyc.*: a compiled module being written elsewhere at that moment.)
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("*.mo", "*.pyc.*"))
        elif src.is_file():
            shutil.copy2(src, dest / name)
    return dest
