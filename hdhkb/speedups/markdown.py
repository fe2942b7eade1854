"""MyST parsing without a fixed cost per call: the French build parses every message.

Why: Sphinx's i18n transform parses each translated message (``msgstr``) as
a little document of its own, with the page's parser. myst-parser 5.2 pays a
fixed cost on every ``parse()`` call that has nothing to do with the text:

- it builds a new markdown-it parser and renderer (plugins, rule tables);
- its renderer's ``setup_render`` evaluates ``make_document()`` (a docutils
  ``OptionParser``, ~2 ms) as the *default* of ``options.get("document", …)``
  although the document is always given.

A page has one source but dozens of messages, so in French this was a large
part of the build, and grows with the size of the site. And Sphinx parses
most messages twice: its i18n transform parses every message in a first pass
(to find translated titles) and again in a second pass for every node the
first pass left alone (paragraphs, list items…). The second result is the
same document (same text, same ``source:line``, same page), so the pool keeps
each message's nodes for the page being read and hands out a deep copy. This module registers
a subclass of myst's parser (``app.add_source_parser(…, override=True)``)
that keeps one markdown-it parser per build configuration and a renderer
whose ``setup_render`` skips the unused default, and parses each message
once per page. Output is unchanged (``tests/test_markdown.py`` builds pages,
and the whole French site, both ways and compares them); set
``hdhkb_speedups = False`` to use myst's own code path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst.languages import get_language as get_language_rst
from myst_parser.config.main import TopmatterReadError, merge_file_level, read_topmatter
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser

import hdhkb
from hdhkb.speedups import add_switch, enabled

if TYPE_CHECKING:
    from collections.abc import MutableMapping

    from markdown_it import MarkdownIt
    from sphinx.application import Sphinx


#: What this works around upstream, and when to delete it.
UPSTREAM = (
    "Sphinx's i18n transform re-parses every translated message with the page's parser, "
    "most of them twice (sphinx-doc/sphinx#8852, PR sphinx-doc/sphinx#12238: a "
    "parser-agnostic transform that parses inline text once); myst-parser builds a new "
    "markdown-it parser and a spare docutils document on every parse() call"
)
DELETE_WHEN = (
    "Sphinx parses each message once (sphinx#12238 or equivalent) and myst-parser's "
    "parse() has no fixed per-call cost: measure the French build with -D hdhkb_speedups=0"
)


class ReusableRenderer(SphinxRenderer):
    """myst's Sphinx renderer, set up for each call without building a spare document."""

    def setup_render(self, options: dict[str, Any], env: MutableMapping[str, Any]) -> None:
        document = options.get("document")
        if document is None:
            super().setup_render(options, env)
            return
        # myst_parser.mdit_to_docutils.base.DocutilsRenderer.setup_render, with
        # the document given (tests/test_markdown.py compares the two).
        self.md_env = env
        self.md_options = options
        self.md_config = options["myst_config"]
        self.document = document
        self.current_node = options.get("current_node", document)
        self.reporter = document.reporter
        self.language_module_rst = get_language_rst(  # type: ignore[assignment]
            document.settings.language_code)
        self._heading_offset = 0
        self._level_to_section = {0: document}
        self._heading_slugs = {}


#: How Sphinx names the little document of a translated message
#: (``sphinx.transforms.i18n._publish_msgstr``): ``<page>:<line>:<translated>``.
MESSAGE_SUFFIX = ":<translated>"


class ParserPool:
    """One idle markdown-it parser per configuration, for one app (one per process).

    Also the parsed messages of the page being read: ``document['source']``
    (page, line) and text → the nodes parsed, to copy for the same message.
    """

    def __init__(self) -> None:
        self.idle: dict[int, tuple[Any, MarkdownIt]] = {}
        self.page = ""
        self.messages: dict[tuple[str, str], list[nodes.Node]] = {}

    def parsed(self, source: str, text: str) -> list[nodes.Node] | None:
        page = source.rsplit(":", 2)[0]
        if page != self.page:  # a new page: forget the last one's messages
            self.page, self.messages = page, {}
        return self.messages.get((source, text))

    def take(self, config: Any) -> MarkdownIt:
        held = self.idle.pop(id(config), None)
        if held is not None and held[0] is config:
            return held[1]
        return create_md_parser(config, ReusableRenderer)

    def give_back(self, config: Any, parser: MarkdownIt) -> None:
        parser.options.pop("document", None)
        self.idle[id(config)] = (config, parser)


class ReusingMystParser(MystParser):
    """myst's parser, reusing markdown-it parsers (see the module docstring)."""

    pool: ParserPool  # set on the per-app subclass made in setup()

    def parse(self, inputstring: str, document: nodes.document) -> None:
        if not enabled(document.settings.env.config):
            super().parse(inputstring, document)
            return
        source = str(document.get("source", ""))
        message = source.endswith(MESSAGE_SUFFIX)
        if message:
            parsed = self.pool.parsed(source, inputstring)
            if parsed is not None:  # Sphinx's second pass over the same message
                document.extend(node.deepcopy() for node in parsed)
                return
        self._parse(inputstring, document)
        if message:
            self.pool.messages[source, inputstring] = [node.deepcopy() for node in document]

    def _parse(self, inputstring: str, document: nodes.document) -> None:
        config = document.settings.env.myst_config
        reusable = True
        try:
            topmatter = read_topmatter(inputstring)
        except TopmatterReadError:
            topmatter = None  # myst reports it during the render
        if topmatter:
            from myst_parser.warnings_ import create_warning

            def warning(wtype: Any, msg: str) -> None:
                create_warning(document, msg, wtype, line=1, append_to=document)

            config = merge_file_level(config, topmatter, warning)
            reusable = False  # a page's own settings: a parser of its own
        parser = self.pool.take(config) if reusable else create_md_parser(config, ReusableRenderer)
        parser.options["document"] = document
        try:
            parser.render(inputstring)
        finally:
            # Taken out of the pool while rendering, so a nested parse gets its own.
            if reusable:
                self.pool.give_back(config, parser)


def setup(app: Sphinx) -> dict[str, Any]:
    add_switch(app)
    app.setup_extension("myst_parser")
    # A subclass per app: the pool lives with this build, not in a module global.
    parser = type("ReusingMystParser", (ReusingMystParser,), {"pool": ParserPool()})
    app.add_source_parser(parser, override=True)
    return hdhkb.PARALLEL_SAFE
