"""Gate ``drift``: the French catalogs are in step with the English sources.

An editor who changes a page without running ``make update-po`` leaves the
catalog describing text that no longer exists: Sphinx then silently shows the
new English on the French site. We extract the messages of the current
sources (Sphinx's gettext builder) and compare their msgids with the live
entries of each ``.po``, in both directions, page by page.
"""

from __future__ import annotations

from collections.abc import Iterator

from hdhkb.check import Problem, Project, msgid_line, shorten

NAME = "drift"
NEEDS_HTML = False
HELP = "catalogs in step with the English sources (no edit without make update-po)"

#: The catalog of the HTML templates' strings (not a page): the theme and our
#: package translate those with their own catalogs.
TEMPLATES = "sphinx"

FIX_NEW = "run `make update-po`, then translate the new message in the catalog"
FIX_GONE = "run `make update-po` (it keeps the old translation as an obsolete #~ entry)"


def run(project: Project) -> Iterator[Problem]:
    templates = project.templates()
    catalogs = {project.docname(p, project.catalog_dir): p for p in project.po_files()}
    for docname, (pot_path, pot) in sorted(templates.items()):
        if docname == TEMPLATES:
            continue
        po_path = catalogs.get(docname)
        if (project.catalog_dir / f"{docname}.po") in project.unreadable:
            continue  # the validity gate reported it
        if po_path is None:
            first = next(iter(pot), None)
            where, line = project.source_location(pot_path, first) if first else (docname, 0)
            yield Problem(where, line, NAME, f"page {docname!r} has no French catalog "
                          f"{project.rel(project.catalog_dir / docname)}.po",
                          "run `make update-po` to create it, then translate it")
            continue
        po = project.catalog(po_path)
        live = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
        wanted = {(e.msgctxt, e.msgid): e for e in pot}
        for key, entry in wanted.items():
            if key not in live:
                where, line = project.source_location(pot_path, entry)
                yield Problem(where, line, NAME,
                              f"message {shorten(entry.msgid)} is not in "
                              f"{project.rel(po_path)}", FIX_NEW)
        for key, entry in live.items():
            if key not in wanted:
                yield Problem(project.rel(po_path), msgid_line(po_path, entry), NAME,
                              f"message {shorten(entry.msgid)} is no longer in "
                              f"source/{docname}", FIX_GONE)
    for docname, po_path in sorted(catalogs.items()):
        if docname not in templates:
            yield Problem(project.rel(po_path), 1, NAME,
                          f"catalog of a page that no longer exists (source/{docname}.md)",
                          "delete the catalog with `git rm` if the page was removed on purpose")
