""""Edit this page" / "View this page" links to each page's source in the repository.

Furo draws both links from its ``source_repository``, ``source_branch`` and
``source_directory`` theme options. We set them from our own typed settings,
so that ``conf.py`` states only *where the repository is*: when
``hdhkb_source_repository`` is empty, no option is set and furo draws no link
at all (``html_show_sourcelink`` is off, so no "view source" fallback either).

``conf.py`` sits at the root and the pages in ``source/``, hence the default
``hdhkb_source_directory = "source/"``: a page's path in the repository is
``source/<page>.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError

import hdhkb

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: Hosts whose edit and view URLs furo (sphinx-basic-ng) knows how to build.
#: Any other makes the theme emit a warning on every page, i.e. fail under -W.
KNOWN_HOSTS = ("https://github.com/", "https://gitlab.com/", "https://bitbucket.org/")


def set_source_links(app: Sphinx, config: Config) -> None:
    """Fill furo's source_* theme options from the hdhkb_source_* settings."""
    repository: str = config.hdhkb_source_repository.strip()
    if not repository:
        return  # disabled: furo shows neither link
    if not repository.startswith(KNOWN_HOSTS) or repository.rstrip("/").count("/") < 4:
        msg = (
            f"hdhkb_source_repository = {repository!r} in conf.py: give the repository's "
            f"https address on one of {', '.join(KNOWN_HOSTS)} (e.g. "
            f"https://github.com/owner/name), or \"\" for no edit links"
        )
        raise ConfigError(msg)
    branch: str = config.hdhkb_source_branch.strip()
    if not branch:
        msg = "hdhkb_source_branch is empty in conf.py: name the branch editors work on"
        raise ConfigError(msg)
    options = dict(config.html_theme_options)
    options.update(
        source_repository=repository.rstrip("/") + "/",
        source_branch=branch,
        source_directory=config.hdhkb_source_directory,
    )
    config.html_theme_options = options


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("hdhkb_source_repository", "", "html", types=(str,))
    app.add_config_value("hdhkb_source_branch", "main", "html", types=(str,))
    app.add_config_value("hdhkb_source_directory", "source/", "html", types=(str,))
    app.connect("config-inited", set_source_links)
    return hdhkb.PARALLEL_SAFE
