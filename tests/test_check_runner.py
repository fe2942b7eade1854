"""The runner: one line per problem (path:line: [gate] message — fix), exit codes, gate list."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from hdhkb.check import gates
from hdhkb.tools import check as runner
from helpers import ROOT, make

LINE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>[1-9]\d*): \[(?P<gate>[a-z]+)\] .+ — .+$")
SOURCE_GATES = ["validity", "markup", "numbers", "rawhtml", "fences", "pagetext", "drift",
                "complete", "wrap", "terminology", "spelling", "consistency", "grammar"]


def test_every_gate_is_listed_and_registered():
    assert list(gates()) == [*SOURCE_GATES, "parity", "thirdparty"]
    result = subprocess.run([sys.executable, "-m", "hdhkb", "check", "--help"],
                            capture_output=True, text=True, cwd=ROOT, check=True)
    for gate in [*SOURCE_GATES, "parity", "thirdparty"]:
        assert re.search(rf"^  {gate} +\S", result.stdout, re.M), result.stdout


def test_unknown_gate_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        runner.main(["--only", "nosuchgate"])
    assert exit_.value.code == 2
    assert "invalid choice: 'nosuchgate'" in capsys.readouterr().err


def test_every_problem_is_one_line_with_file_line_gate_and_fix(project_copy: Path, capsys):
    """A catalog broken in several ways: each gate that fails says where and what to do."""
    po = project_copy / "locale" / "fr" / "LC_MESSAGES" / "index.po"
    po.write_text(po.read_text() + '\n#, fuzzy\nmsgid "The secondary use of health data"\n'
                  'msgstr "La réutilisation des donées de santé, ce qui est une phrase bien trop '
                  'longue pour une seule ligne de catalogue"\n')
    code = runner.main(["--sources", "--root", str(project_copy)])
    captured = capsys.readouterr()
    assert code == 1
    gates = set()
    for text in captured.out.splitlines():
        match = LINE.match(text)
        assert match, text
        assert (project_copy / match["path"]).exists(), text
        gates.add(match["gate"])
    assert {"drift", "complete", "wrap"} <= gates
    for gate in SOURCE_GATES:
        assert re.search(rf"^check {gate}: (ok|\d+ problem\(s\))(, \d+ for review)? \(",
                         captured.err, re.M)


def test_html_gates_alone_need_a_built_site(tmp_path: Path, capsys):
    assert runner.main(["--html-gates", "--root", str(ROOT), "--html", str(tmp_path)]) == 2
    assert "[parity] could not run: no built site" in capsys.readouterr().err


def test_make_check_po_fails_on_a_broken_catalog(project_copy: Path):
    po = project_copy / "locale" / "fr" / "LC_MESSAGES" / "index.po"
    po.write_text(po.read_text() + '\nmsgid "Broken"\nmsgstr "Cassé\n')
    line = len(po.read_text().splitlines())
    result = make(project_copy, "check-po", check=False)
    assert result.returncode != 0
    assert (f"locale/fr/LC_MESSAGES/index.po:{line}: [validity] msgfmt: end-of-line within "
            "string") in result.stdout
