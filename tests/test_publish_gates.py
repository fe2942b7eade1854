"""Publishing is the gate: every class of bad input is refused by make html and make dist.

One copy of the project whose site is four tiny pages (``mini_project``: the
project's Makefile, package and settings, ``tests/roots/site-mini``'s pages
and catalogs) is built and released once (``make html``, ``make dist``); then
each case breaks one thing, runs both commands as a person would, and checks
that:

- both exit non-zero (``make dist`` alone for work not yet translated, which
  the preview keeps showing in English with the reader banner);
- the message names the file and line a person must edit;
- the published trees (``_build/html``, ``_build/dist``) are byte-identical to
  before, and so is every ``.po``;

then puts the files back.

What the input gates refuse is tested one case at a time: each refusal takes a
fraction of a second. What only a build finds (a broken link, a fact, a
resource from another host in the built pages, a release's untranslated text)
is tested a few cases at a time (``BUILT``): a build takes seconds, and a
refusal that names every case's file and line proves each of them refused (any
problem named refuses), while a case that hid another would fail the test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

from hdhkb.check import msgid_line, msgstr_line
from helpers import make, mini_project, tree_bytes

pytestmark = pytest.mark.slow

CATALOGS = Path("locale/fr/LC_MESSAGES")


@dataclass
class Project:
    root: Path
    html: dict[str, bytes]
    dist: dict[str, bytes]

    def catalogs(self) -> dict[str, bytes]:
        return tree_bytes(self.root, "locale", "hdhkb/locale", suffix=".po")

    def snapshot(self) -> None:
        self.html = tree_bytes(self.root / "_build" / "html")
        self.dist = tree_bytes(self.root / "_build" / "dist")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = mini_project(tmp_path_factory.mktemp("gates") / "project")
    make(root, "html")
    make(root, "dist")
    state = Project(root, {}, {})
    state.snapshot()
    return state


# ---- ways to break things (each returns the "path:line" a person must edit) ----

Break = Callable[[Path], str]


def _po(root: Path, name: str) -> Path:
    return root / CATALOGS / name


def raw_edit(name: str, pattern: str, replace: Callable[[re.Match[str]], str],
             offset: int = 0, line: int | None = None) -> Break:
    """Edit a catalog's text at the first line matching *pattern*; point *offset* lines on
    (or at *line*: a problem of the whole file is reported at its first line)."""
    def apply(root: Path) -> str:
        path = root / name if "/" in name else _po(root, name)
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for number, text in enumerate(lines):
            match = re.match(pattern, text)
            if match:
                lines[number] = replace(match)
                path.write_text("".join(lines), encoding="utf-8")
                return f"{path.relative_to(root)}:{line or number + 1 + offset}"
        raise AssertionError(f"no line matches {pattern!r} in {path}")
    return apply


def translation(name: str, wanted: Callable[[polib.POEntry], bool],
                change: Callable[[str], str], *, at: str = "msgstr") -> Break:
    """Change the first finished translation of *name* that *wanted* accepts."""
    def apply(root: Path) -> str:
        path = _po(root, name)
        po = polib.pofile(str(path), wrapwidth=79)
        entry = next(e for e in po.translated_entries() if e.msgid and wanted(e))
        entry.msgstr = change(entry.msgstr)
        po.save(str(path))
        found = next(e for e in polib.pofile(str(path)) if e.msgid == entry.msgid)
        line = msgstr_line(path, found) if at == "msgstr" else msgid_line(path, found)
        return f"{path.relative_to(root)}:{line}"
    return apply


def flag_fuzzy(name: str) -> Break:
    def apply(root: Path) -> str:
        path = _po(root, name)
        po = polib.pofile(str(path), wrapwidth=79)
        entry = next(e for e in po.translated_entries() if e.msgid)
        entry.flags.append("fuzzy")
        po.save(str(path))
        found = next(e for e in polib.pofile(str(path)) if e.msgid == entry.msgid)
        return f"{path.relative_to(root)}:{msgid_line(path, found)}"
    return apply


def append(name: str, text: str, line_of: str | None, *, last: bool = False) -> Break:
    """Append *text* to a file; point at the (*last*) line holding *line_of* (None: the
    file's first line, where a problem of the whole page is named)."""
    def apply(root: Path) -> str:
        path = root / name
        before = path.read_text(encoding="utf-8")
        if not before.endswith("\n"):
            before += "\n"
        path.write_text(before + text, encoding="utf-8")
        if line_of is None:
            return f"{name}:1"
        offsets = [n for n, line in enumerate(text.splitlines()) if line_of in line]
        offset = offsets[-1] if last else offsets[0]
        return f"{name}:{before.count(chr(10)) + 1 + offset}"
    return apply


def brace_format(name: str) -> Break:
    """A Python-format flag (guessed by a tool) on a message whose translation adds a span."""
    def apply(root: Path) -> str:
        path = _po(root, name)
        po = polib.pofile(str(path), wrapwidth=79)
        entry = next(e for e in po.translated_entries() if "{fact}" in e.msgid)
        entry.flags.append("python-brace-format")
        entry.msgstr += " [ici]{.language-fr}"
        po.save(str(path))
        found = next(e for e in polib.pofile(str(path)) if e.msgid == entry.msgid)
        return f"{path.relative_to(root)}:{msgstr_line(path, found)}"
    return apply


def write_bytes(name: str, change: Callable[[bytes], bytes], line: int) -> Break:
    def apply(root: Path) -> str:
        path = root / name
        path.write_bytes(change(path.read_bytes()))
        return f"{name}:{line}"
    return apply


def first_msgstr_line(name: str, size: tuple[int, int] = (8, 70)) -> str:
    return rf'^msgstr "(?P<text>[^"\\{{}}`\[\]*%<>]{{{size[0]},{size[1]}}})"\n$'


def has(text: str) -> Callable[[polib.POEntry], bool]:
    return lambda entry: text in entry.msgid and text in entry.msgstr


ENTRY = 'msgid "Broken on purpose"\nmsgstr "Cassé exprès"\n'

#: (id, break, gate or what names the problem, refused by make html too)
CASES: list[tuple[str, Break, str, bool]] = [
    # -- catalogs that cannot be read exactly (validity) --
    ("unterminated-string", raw_edit("page.po", first_msgstr_line("page.po"),
                                     lambda m: f'msgstr "{m["text"][:-2]}\n'), "validity", True),
    ("bad-escape", raw_edit("page.po", first_msgstr_line("page.po"),
                            lambda m: f'msgstr "{m["text"]}\\q"\n'), "validity", True),
    ("duplicate-msgid", append(str(CATALOGS / "index.po"),
                               "\n" + ENTRY + "\n" + ENTRY.replace("Cassé", "Autre"),
                               "msgid", last=True), "validity", True),
    ("byte-order-mark", write_bytes(str(CATALOGS / "glossary.po"),
                                    lambda b: b"\xef\xbb\xbf" + b, 1), "validity", True),
    ("conflict-markers", raw_edit("glossary.po", first_msgstr_line("glossary.po"),
                                  lambda m: f'<<<<<<< HEAD\nmsgstr "{m["text"]}"\n=======\n'
                                            f'msgstr "autre"\n>>>>>>> branch\n'),
     "validity", True),
    ("charset-latin1", raw_edit("index.po", r'^"Content-Type: .*\n$',
                                lambda m: '"Content-Type: text/plain; charset=ISO-8859-1\\n"\n'),
     "validity", True),
    ("not-utf8-bytes", write_bytes(str(CATALOGS / "page.po"),
                                   lambda b: b.replace("é".encode(), "é".encode("latin-1"), 1),
                                   0), "validity", True),
    ("header-missing", raw_edit("accessibility.po", r'^"Content-Type: .*\n$', lambda m: "",
                                line=1), "validity", True),
    ("brace-format-flag", brace_format("page.po"), "validity", True),
    ("stray-text-line", raw_edit("accessibility.po", first_msgstr_line("x"),
                                 lambda m: f'msgstr "{m["text"]}"\nsans guillemets\n', 1),
     "validity", True),
    ("interface-catalog", append("hdhkb/locale/fr/LC_MESSAGES/sphinx.po",
                                 "\n" + ENTRY + "\n" + ENTRY.replace("exprès", "!"), "msgid",
                                 last=True),
     "validity", True),
    # -- translations that change what readers get (markup, numbers, rawhtml) --
    ("drops-source-link", translation("page.po", has("](https://"),
                                      lambda s: re.sub(r"\[([^\]]*)\]\(https://[^)]*\)", r"\1",
                                                       s, count=1)), "markup", True),
    ("changes-link-url", translation("glossary.po", has("](https://"),
                                     lambda s: s.replace("](https://", "](https://evil.", 1)),
     "markup", True),
    ("retargets-internal-link", translation("page.po", has("](#"),
                                            lambda s: s.replace("](#", "](#hdh-page", 1)
                                            .replace("(#hdh-page", "(#hdh-page-x", 1)),
     "markup", True),
    ("ref-label-changed", translation("page.po", has("{ref}`"),
                                      lambda s: s.replace("{ref}`", "{ref}`hdh-page", 1)
                                      .replace("`hdh-page", "`hdh-page <hdh-page>`x", 1)),
     "markup", True),
    ("term-target-changed", translation("page.po", has("{term}`"),
                                        lambda s: s.replace("<hub>", "<data holder>")),
     "markup", True),
    ("fact-typed-by-hand", translation("page.po", has("{fact}`members`"),
                                       lambda s: s.replace("{fact}`members`", "60")),
     "markup", True),
    ("fact-renamed", translation("page.po", has("{fact}`members`"),
                                 lambda s: s.replace("{fact}`members`",
                                                     "{fact}`grant`")), "markup", True),
    ("unclosed-bold", translation("page.po", has("**"), lambda s: s.replace("**", "", 1)),
     "markup", True),
    ("printf-placeholder", translation("glossary.po", lambda e: len(e.msgstr) > 20,
                                       lambda s: s + " %s"), "markup", True),
    ("brace-placeholder", translation("glossary.po", lambda e: len(e.msgstr) > 20,
                                      lambda s: s + " {}"), "markup", True),
    ("number-added", translation("index.po", lambda e: not any(c.isdigit() for c in e.msgid)
                                 and len(e.msgstr) > 20, lambda s: s + " (60 membres)"),
     "numbers", True),
    ("numbers-exceptions-malformed", append("locale/fr/reviewed-numbers.toml",
                                            '\n[[number]]\ncatalog = "hdh.po"\n', "[[number]]"),
     "numbers", True),
    ("image-from-another-host", translation("index.po", lambda e: len(e.msgstr) > 20,
                                            lambda s: s + ' <img src="https://tracker.example/'
                                                          'p.png">'), "rawhtml", True),
    ("script-in-translation", translation("index.po", lambda e: len(e.msgstr) > 20,
                                          lambda s: s + " <script>alert(1)</script>"),
     "rawhtml", True),
    ("bold-tag", translation("glossary.po", lambda e: len(e.msgstr) > 20,
                             lambda s: "<b>" + s + "</b>"), "rawhtml", True),
    # -- pages --
    ("unclosed-directive", append("source/glossary.md", "\n```{note}\nUnclosed on purpose.\n",
                                   "```"),
     "fences", True),
    ("unclosed-colon-fence", append("source/glossary.md", "\n:::{tip}\nUnclosed.\n", ":::"),
     "fences", True),
    ("page-not-utf8", write_bytes("source/accessibility.md",
                                  lambda b: b + "\nCafé\n".encode("latin-1"), 0), "pagetext", True),
    ("page-conflict-markers", append("source/page.md",
                                     "\n<<<<<<< HEAD\nOne.\n=======\nTwo.\n>>>>>>> other\n",
                                     "<<<<<<<"),
     "pagetext", True),
]


#: Problems found while or after building, a few cases per build (module docstring):
#: {batch: [(id, break, gate, refused by make html too)]}. The cases of one batch must
#: not hide each other: a build that fails is not read by the built-tree gates
#: (thirdparty), and a release refuses untranslated text before it builds.
BUILT: dict[str, list[tuple[str, Break, str, bool]]] = {
    "build-pages": [
        # -- pages and facts that only a build finds wrong (the facts file that is no
        #    TOML hides no other case here: no page of this batch names a fact) --
        ("broken-internal-link", append("source/glossary.md",
                                        "\nSee [nowhere](no-such-page.md).\n", line_of="nowhere"),
         "build", True),
        ("inline-script-in-page", append("source/glossary.md",
                                         "\n<script>document.title = 'x';</script>\n",
                                         line_of="<script>"), "build", True),
        ("facts-not-toml", append("source/_data/facts.toml", "\n[broken\n", "[broken"),
         "build", True),
    ],
    "build-facts": [
        # -- facts of the wrong shape (each a fact of its own, so they go together), and
        #    a page naming a fact that does not exist (here, where the facts still load:
        #    a facts file that is no TOML makes every fact unknown) --
        ("unknown-fact", append("source/glossary.md", "\nIt had {fact}`no_such_fact` members.\n",
                                line_of="no_such_fact"), "build", True),
        ("fact-wrong-type", append("source/_data/facts.toml",
                                   '\n[many_members]\ntype = "integer"\nvalue = "many"\n'
                                   'source = "posting"\n', line_of="[many_members]"),
         "build", True),
        ("fact-unknown-type", append("source/_data/facts.toml",
                                     '\n[logo_colour]\ntype = "colour"\nvalue = "red"\n'
                                     'source = "posting"\n', line_of="[logo_colour]"),
         "build", True),
        ("fact-without-source", append("source/_data/facts.toml",
                                        '\n[unsourced_count]\ntype = "integer"\nvalue = 3\n',
                                        line_of="[unsourced_count]"), "build", True),
    ],
    "thirdparty": [
        # -- resources from another host that only the built pages show (a page-wide
        #    one is named at the page's first line) --
        ("script-from-a-cdn-via-math", append("source/glossary.md", "\nEnergy {math}`E = mc^2`.\n",
                                              None), "thirdparty", True),
        ("iframe-from-another-host", append("source/glossary.md",
                                            '\n<iframe src="https://video.example/embed/1" '
                                            'title="x"></iframe>\n', "iframe"), "thirdparty", True),
        ("cdn-stylesheet-in-conf", append("conf.py", '\nhtml_css_files = '
                                          '["https://fonts.example/css?family=Roboto"]\n',
                                          "fonts.example"), "thirdparty", True),
    ],
    "thirdparty-image": [
        # -- alone: a release's PDF refuses it while building, so the built pages'
        #    gate never reads the others --
        ("image-from-another-host-in-page", append("source/glossary.md",
                                                   '\n<img src="https://tracker.example/p.png" '
                                                   'alt="">\n', "tracker"), "thirdparty", True),
    ],
    "release": [
        # -- work not yet translated: the preview shows English, a release refuses it --
        ("fuzzy-entry", flag_fuzzy("page.po"), "release", False),
        ("untranslated-entry", translation("glossary.po", lambda e: len(e.msgstr) > 20,
                                           lambda s: "", at="msgid"), "release", False),
    ],
}


def named(place: str, text: str) -> bool:
    """Whether *text* names *place*, "path:line" ("path:12" is not in "path:123"), or the
    path alone for "path:0", a problem of the whole file."""
    place = place.removesuffix(":0")
    return re.search(re.escape(place) + r"(?![0-9])", text) is not None


def refused_everywhere(project: Project, cases: list[tuple[str, Break, str, bool]]) -> None:
    """Break what *cases* break, all at once; run make html and make dist as a person
    would; check they refuse, name each case's file and line, and change nothing."""
    root = project.root
    originals = {p: p.read_bytes() for p in [*root.glob("source/**/*.md"), root / "conf.py",
                                              *root.glob("source/_data/*.toml"),
                                              *root.glob("locale/**/*.toml")]}
    originals |= {root / rel: data for rel, data in project.catalogs().items()}
    places = [damage(root) for _case, damage, _gate, _html in cases]  # where to edit
    refused_by_html = {html for *_, html in cases}
    assert len(refused_by_html) == 1, "make html refuses all of a batch's cases, or none"
    by_html = refused_by_html.pop()
    catalogs = project.catalogs()
    try:
        html = make(root, "html", check=False)
        dist = make(root, "dist", check=False)
        assert dist.returncode != 0, dist.stdout + dist.stderr
        assert tree_bytes(root / "_build" / "dist") == project.dist, "make dist published"
        for place in places:
            assert named(place, dist.stderr), f"{place} not in:\n{dist.stderr}"
        if by_html:
            assert html.returncode != 0, html.stdout + html.stderr
            for place in places:
                assert named(place, html.stderr), f"{place} not in:\n{html.stderr}"
            assert tree_bytes(root / "_build" / "html") == project.html, "make html published"
        else:  # the preview keeps the English, with the reader banner
            assert html.returncode == 0, html.stderr
        assert project.catalogs() == catalogs, "a command changed a catalog"
    finally:
        for path, data in originals.items():
            path.write_bytes(data)
        if not by_html:
            make(root, "html")  # back to the state of the snapshot
            assert tree_bytes(root / "_build" / "html") == project.html


@pytest.mark.parametrize(("case", "damage", "gate", "refused_by_html"), CASES,
                         ids=[case[0] for case in CASES])
def test_bad_input_is_refused_everywhere_and_nothing_changes(
        project: Project, case: str, damage: Break, gate: str, refused_by_html: bool):
    refused_everywhere(project, [(case, damage, gate, refused_by_html)])


@pytest.mark.parametrize("batch", list(BUILT))
def test_what_a_build_finds_is_refused_everywhere_and_nothing_changes(project: Project,
                                                                      batch: str):
    refused_everywhere(project, BUILT[batch])


def test_each_case_is_tested_once():
    """A case per id; the input cases are refused before any build, the others after."""
    ids = [case[0] for case in CASES] + [case[0] for cases in BUILT.values() for case in cases]
    assert len(ids) == len(set(ids)) == 43
    assert not {case[2] for case in CASES} & {"build", "thirdparty", "release"}
    assert {case[2] for cases in BUILT.values() for case in cases} == {
        "build", "thirdparty", "release"}


# ---- make update-po: a catalog it cannot read exactly is never written ----

UNREADABLE = [case for case in CASES if case[2] == "validity" and case[0] != "interface-catalog"]
#: A new posting's catalog lives in a subfolder: update-po reads it too.
POSTING_PO = CATALOGS / "postings" / "intern.po"
UNREADABLE.append(("posting-catalog-in-a-subfolder",
                   append(str(POSTING_PO), ENTRY.replace('exprès"', 'exprès\n'), "msgstr"),
                   "validity", True))


@pytest.mark.parametrize(("case", "damage"), [case[:2] for case in UNREADABLE],
                         ids=[case[0] for case in UNREADABLE])
def test_update_po_refuses_a_catalog_it_cannot_read(project: Project, case: str,
                                                    damage: Break):
    """Non-zero exit, file:line, and not one byte of any catalog changed."""
    root = project.root
    originals = {root / rel: data for rel, data in project.catalogs().items()}
    posting = root / POSTING_PO
    posting.parent.mkdir(exist_ok=True)
    posting.write_text(HEADER, encoding="utf-8")
    where = damage(root)
    catalogs = project.catalogs()
    try:
        result = make(root, "update-po", check=False)
        assert result.returncode != 0, result.stdout + result.stderr
        assert named(where, result.stderr), f"{where} not in:\n{result.stderr}"
        assert "nothing was written" in result.stderr
        assert project.catalogs() == catalogs, "update-po changed a catalog"
    finally:
        posting.unlink()
        posting.parent.rmdir()
        for path, data in originals.items():
            path.write_bytes(data)


#: A catalog header as update-po writes it, for the posting catalog above.
HEADER = ('msgid ""\nmsgstr ""\n"Project-Id-Version: test\\n"\n"Language: fr\\n"\n'
          '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n')


def test_a_verdict_bigger_than_a_pipe_comes_through(project: Project):
    """The gates' process sends its problems through a pipe (64 KiB): 1,500 of them
    (about 200 KiB) reach the refusal, every one of them, and nothing hangs."""
    root = project.root
    path = _po(root, "page.po")
    original = path.read_bytes()
    extra = "".join(f'\nmsgid "Extra sentence {n}."\nmsgstr "Phrase <b>en plus</b> {n}."\n'
                    for n in range(1500))
    path.write_bytes(original + extra.encode())
    try:
        result = make(root, "html", check=False, timeout=120)
        assert result.returncode != 0
        reported = re.search(r"hdhkb html: (\d+) problem\(s\) in 1 file\(s\)", result.stderr)
        assert reported, result.stderr[-500:]
        assert int(reported[1]) == result.stderr.count("[rawhtml]") >= 1500
        assert all(f"Phrase <b>en plus</b> {n}." in result.stderr for n in (0, 750, 1499))
        assert tree_bytes(root / "_build" / "html") == project.html
    finally:
        path.write_bytes(original)
