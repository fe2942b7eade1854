"""The package keeps its shape: four parts, private internals only in speedups, one map.

- No module outside ``hdhkb/speedups/`` reaches another package's private
  names (``obj._x``, ``from pkg import _x``, ``getattr(obj, "_x")``): an
  upgrade of Sphinx, docutils, MyST or furo must not break what readers get.
- Every speed-up names the upstream issue it works around and when to delete it.
- ``docs/maintainers.md`` lists every module of the package.
- Every command of ``python -m hdhkb`` is a ``make`` target of the same name.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hdhkb import cli, speedups
from helpers import ROOT

PACKAGE = ROOT / "hdhkb"
#: Names whose private attributes are our own (an object's own state).
OWN = {"self", "cls"}


def private_uses(source: str) -> list[tuple[int, str]]:
    """(line, what) of every use of a private name that is not the object's own."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            owner = node.value
            if not (isinstance(owner, ast.Name) and owner.id in OWN):
                found.append((node.lineno, f".{node.attr}"))
        elif isinstance(node, ast.ImportFrom) and not (node.module or "").startswith("hdhkb"):
            found += [(node.lineno, f"from {node.module} import {alias.name}")
                      for alias in node.names if _private(alias.name)]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, f"import {alias.name}") for alias in node.names
                      if any(_private(part) for part in alias.name.split("."))]
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id in {"getattr", "hasattr", "setattr", "delattr"}
              and len(node.args) > 1 and isinstance(node.args[1], ast.Constant)
              and isinstance(node.args[1].value, str) and _private(node.args[1].value)):
            found.append((node.lineno, f"{node.func.id}(…, {node.args[1].value!r})"))
    return found


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_the_scan_finds_private_names():
    """The rule's own check can fail."""
    sample = ("import sphinx._internal\nfrom docutils import _x\nnode._document = d\n"
              "getattr(node, '_document', None)\nself._mine = 1\nx.__class__\n")
    assert [what for _line, what in private_uses(sample)] == [
        "import sphinx._internal", "from docutils import _x", "._document",
        "getattr(…, '_document')"]


def test_no_private_names_of_other_packages_outside_speedups():
    offenders = []
    for path in modules():
        rel = path.relative_to(ROOT)
        if rel.parts[:2] == ("hdhkb", "speedups"):
            continue
        offenders += [f"{rel}:{line}: {what}"
                      for line, what in private_uses(path.read_text(encoding="utf-8"))]
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize("name", speedups.PATCHES)
def test_every_speedup_names_its_upstream_issue_and_when_to_delete_it(name: str):
    module = __import__(f"hdhkb.speedups.{name}", fromlist=["UPSTREAM"])
    assert len(module.UPSTREAM) > 40 and len(module.DELETE_WHEN) > 20
    assert re.search(r"[\w-]+/[\w-]+#\d+|no upstream issue|not reported upstream",
                     module.UPSTREAM), module.UPSTREAM
    assert callable(getattr(module, "setup", None))


def layout_entries() -> set[str]:
    """The paths the map of docs/maintainers.md lists: the first word of each of its lines."""
    guide = (ROOT / "docs" / "maintainers.md").read_text(encoding="utf-8")
    block = guide[guide.index("## Layout"):]
    block = block[: block.index("\n## ", 4)]
    return set(re.findall(r"^(\S+\.py)\s", block, re.M))


def test_the_maintainers_map_lists_every_module():
    """Each module by its path under hdhkb/ (ext/facts.py, not facts.py), one line each."""
    listed = layout_entries()
    missing = [path.relative_to(PACKAGE).as_posix() for path in modules()
               if path.relative_to(PACKAGE).as_posix() not in listed]
    assert not missing, f"docs/maintainers.md (Layout) does not list: {missing}"


def test_the_maintainers_map_lists_no_module_that_is_gone():
    gone = sorted(entry for entry in layout_entries()
                  if not (PACKAGE / entry).is_file() and not (ROOT / entry).is_file())
    assert not gone, f"docs/maintainers.md (Layout) lists modules that do not exist: {gone}"


def test_every_command_is_a_make_target_of_the_same_name():
    commands = subprocess.run([sys.executable, "-m", "hdhkb", "--help"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout
    listed = re.findall(r"^  (\S+)  ", commands, re.M)
    assert listed == list(cli.COMMANDS)
    targets = subprocess.run(["make", "-C", str(ROOT), "help"], check=True, capture_output=True,
                             text=True).stdout
    make_targets = set(re.findall(r"^  (\S+)", targets, re.M))
    assert set(listed) <= make_targets, set(listed) - make_targets
