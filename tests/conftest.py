"""Shared fixtures: one real build of the site per session, and throw-away copies.

Tests that only read the site share ``site`` (a real ``make pdf`` of both
languages into a temporary folder: the pages and their PDFs, as ``make dist``
publishes them). Tests that break things work on
``project_copy``, a copy of the project that reuses this virtual environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from hdhkb.workspace import copy_project

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.prefix)
LANGUAGES = ("en", "fr")
collect_ignore = ["roots"]


def make(cwd: Path, *targets: str, check: bool = True, timeout: float = 600, **variables: str):
    """Run ``make`` as a person would, with this test run's venv."""
    env = {**os.environ, "MAKEFLAGS": ""}
    args = ["make", "-C", str(cwd), *targets, f"VENV={VENV}"]
    args += [f"{key}={value}" for key, value in variables.items()]
    result = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env)
    if check and result.returncode != 0:
        pytest.fail(f"{' '.join(args)} failed ({result.returncode}):\n"
                    f"{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``_build/html`` of a real, strict ``make pdf`` (``make html`` with the PDFs)."""
    builddir = tmp_path_factory.mktemp("build")
    make(ROOT, "pdf", BUILDDIR=str(builddir))
    return builddir / "html"


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def pages(site: Path, language: str) -> list[str]:
    """Every HTML page of one language, as paths relative to its root."""
    tree = site / language
    return sorted(
        str(p.relative_to(tree)) for p in tree.rglob("*.html") if not p.name.startswith("_")
        and "_static" not in p.parts
    )


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

pytest_plugins = ["sphinx.testing.fixtures"]
