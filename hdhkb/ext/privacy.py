"""Privacy: a Content-Security-Policy on every page, and safe external links.

The site makes no request to any other host (no web fonts, CDN or analytics),
and says so to the browser: each page carries a ``<meta
http-equiv="Content-Security-Policy">`` that allows only the site's own
resources. Inline code is allowed by hash only, and only what the theme needs
(furo's one-line theme script and its ``<style>`` of CSS variables): the hashes
are the setting ``hdhkb_csp_hashes``. When the theme changes its inline code,
the build fails naming the page, the line and the hash to add, instead of
shipping pages that the browser would break.

External links get ``rel="noopener"`` (a post-transform sets the reference
node's ``rel``, which Sphinx's HTML writer renders).
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

import hdhkb

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: Inline <script>/<style> elements (no src): their exact text is what is hashed.
# JSON-LD (type="application/ld+json") is a data block, never executed: CSP does not apply.
INLINE = re.compile(
    r"<(script|style)\b(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>(.*?)</\1>",
    re.DOTALL | re.IGNORECASE,
)
#: Inline style attributes: allowed by hash of their value ('unsafe-hashes').
STYLE_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*?\sstyle=\"([^\"]*)\"", re.IGNORECASE)
#: Inline event handlers, which our policy never allows.
HANDLER = re.compile(r"<[a-zA-Z][^>]*?\s(on[a-z]+)=", re.IGNORECASE)


def digest(text: str) -> str:
    """CSP source expression of an inline element's text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def policy(hashes: list[str]) -> str:
    """The Content-Security-Policy: the site's own resources, inline code by hash."""
    allowed = " ".join(f"'{h}'" for h in hashes)
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' {allowed}".strip(),
            f"style-src 'self' 'unsafe-hashes' {allowed}".strip(),
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        )
    )


def add_policy(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Put the policy first among the meta tags, before any script or style."""
    content = policy(app.config.hdhkb_csp_hashes)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    context["metatags"] = meta + "\n" + context.get("metatags", "")


def blocked(text: str, allowed: set[str]) -> list[tuple[int, str, str]]:
    """Inline code in *text* that the policy would block: (line, what, hash)."""
    return [(line, what, source) for line, what, source, _code in inline_code(text, allowed)]


def inline_code(text: str, allowed: set[str]) -> list[tuple[int, str, str, str]]:
    """Inline code in *text* that the policy would block: (line, what, hash, the code)."""
    found = []
    for match in INLINE.finditer(text):
        found.append((match.start(), f"<{match.group(1)}>", digest(match.group(2)),
                      match.group(0)))
    for match in STYLE_ATTRIBUTE.finditer(text):
        found.append((match.start(), "style attribute", digest(html.unescape(match.group(1))),
                      match.group(1)))
    result = [
        (text.count("\n", 0, start) + 1, what, source, code)
        for start, what, source, code in found
        if source not in allowed
    ]
    for match in HANDLER.finditer(text):
        result.append((text.count("\n", 0, match.start()) + 1, f"{match.group(1)}= handler", "",
                       match.group(0)))
    return result


def content_origin(app: Sphinx, path: Path, code: str) -> str | None:
    """``file:line`` of the page source or translation that holds *code*, if one does.

    Code that came from a page (raw HTML in its Markdown or in its translation)
    must be removed there: allowing it by hash would let content run scripts.
    """
    docname = path.relative_to(app.outdir).with_suffix("").as_posix()
    if docname not in app.env.found_docs:
        return None
    needle = code.strip().splitlines()[0].strip() if code.strip() else ""
    candidates: list[Path] = [Path(app.env.doc2path(docname))]
    for directory in app.config.locale_dirs:
        candidates.append(Path(app.srcdir, directory, app.config.language or "",
                               "LC_MESSAGES", f"{docname}.po"))
    for candidate in candidates:
        if not needle or not Path(candidate).is_file():
            continue
        for number, line in enumerate(Path(candidate).read_text(encoding="utf-8",
                                                                errors="replace").splitlines(), 1):
            if needle in line or needle in line.replace('\\"', '"'):
                return f"{candidate}:{number}"
    return None


def check_inline_code(app: Sphinx, exception: BaseException | None) -> None:
    """Fail (a warning, -W) on inline code the policy would block, naming file:line.

    One warning per distinct piece of code, at its first place, so that a theme
    change reads as one line per hash to add, not one per page.
    """
    if exception is not None or app.builder.format != "html":
        return
    allowed = {f"'{h}'" for h in app.config.hdhkb_csp_hashes}
    seen: set[tuple[str, str]] = set()
    for path in sorted(Path(app.outdir).rglob("*.html")):
        if "_static" in path.parts:
            continue
        for line, what, source, code in inline_code(path.read_text(encoding="utf-8"), allowed):
            if (what, source) in seen:
                continue
            seen.add((what, source))
            origin = content_origin(app, path, code)
            if origin:
                logger.warning(
                    "inline %s in the page's content (raw HTML, seen in %s:%d): pages and "
                    "translations may not run code or inline styles; remove it there",
                    what, path.name, line, type="hdhkb", subtype="csp", location=origin)
                continue
            if source:
                msg = (f"inline {what} blocked by the Content-Security-Policy: add "
                       f"{source.strip(chr(39))!r} to hdhkb_csp_hashes in conf.py if it is "
                       "the theme's own code")
            else:
                msg = (f"inline {what} blocked by the Content-Security-Policy: use a "
                       "script file instead")
            logger.warning(msg, type="hdhkb", subtype="csp", location=f"{path}:{line}")


class NoOpener(SphinxPostTransform):
    """``rel="noopener"`` on links to other sites."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for node in self.document.findall(nodes.reference):
            uri = node.get("refuri", "")
            if node.get("internal") or urlparse(uri).scheme not in {"http", "https"}:
                continue
            rel = node.get("rel", "").split()
            if "noopener" not in rel:
                node["rel"] = " ".join([*rel, "noopener"])


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("hdhkb_csp_hashes", [], "html", types=(list, tuple))
    app.add_post_transform(NoOpener)
    app.connect("html-page-context", add_policy)
    app.connect("build-finished", check_inline_code)
    return hdhkb.PARALLEL_SAFE
