"""Shared fixtures: one real build of the site per session, and throw-away copies.

Tests that only read the site share ``site`` (a real ``make pdf`` of both
languages into a temporary folder: the pages and their PDFs, as ``make dist``
publishes them). Tests that break things work on
``project_copy``, a copy of the project that reuses this virtual environment.
What tests share besides fixtures is in ``helpers.py``.
"""

from __future__ import annotations

import compileall
import fcntl
import os
from pathlib import Path

import pytest

from hdhkb.workspace import copy_project
from helpers import ROOT, make, mini_project

collect_ignore = ["roots"]
pytest_plugins = ["sphinx.testing.fixtures"]


def pytest_sessionstart(session: pytest.Session) -> None:
    """Compile the package once: the copies the tests build take its bytecode along
    (``copy_project``), instead of each build compiling it again where Python writes
    none (``PYTHONDONTWRITEBYTECODE``, usual in containers). Once, before pytest-xdist's
    workers start: not while one of them copies the package."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        compileall.compile_dir(ROOT / "hdhkb", quiet=1)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``_build/html`` of a real, strict ``make pdf`` (``make html`` with the PDFs).

    Built once for the whole run: with pytest-xdist the workers share one build
    (the first to ask builds it while the others wait on a lock), since every
    test that uses it only reads it.
    """
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # a worker of pytest-xdist (-n)
        shared = shared.parent  # the folder every worker's base folder is in
    builddir = shared / "site-build"
    with (shared / "site-build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (builddir / "html" / "index.html").is_file():
            make(ROOT, "pdf", BUILDDIR=str(builddir))
    return builddir / "html"


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A copy of the project whose site is four tiny pages (``helpers.mini_project``)."""
    return mini_project(tmp_path / "project")
