"""Shared fixtures: one real build of the site per session, and throw-away copies.

Tests that only read the site share ``site`` (a real ``make pdf`` of both
languages into a temporary folder: the pages and their PDFs, as ``make dist``
publishes them). Tests that break things work on
``project_copy``, a copy of the project that reuses this virtual environment.
What tests share besides fixtures is in ``helpers.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hdhkb.workspace import copy_project
from helpers import ROOT, make

collect_ignore = ["roots"]
pytest_plugins = ["sphinx.testing.fixtures"]


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``_build/html`` of a real, strict ``make pdf`` (``make html`` with the PDFs)."""
    builddir = tmp_path_factory.mktemp("build")
    make(ROOT, "pdf", BUILDDIR=str(builddir))
    return builddir / "html"


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")
