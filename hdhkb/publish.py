"""Putting finished builds in place, so that readers never see half of one.

Shared by ``make html`` (``hdhkb.tools.html``) and ``make dist``
(``hdhkb.tools.dist``):

- :class:`Lock`: one build at a time per build folder. A second ``make html``
  waits, saying so in one line, instead of racing the first one's swap.
- :func:`stage`: a language's next tree is made beside the published one from
  hard links of unchanged files plus copies of changed ones, then
  :func:`swap_in` puts it in place in one step (Linux ``renameat2``
  exchange: a web server sees the old tree or the new one, never a mix).
- :func:`write_root`: the files at the root of the published tree, which
  belong to no language: the language chooser (``index.html`` sends the reader
  to the first of the browser's languages that we publish, plain links without
  JavaScript, no inline script), ``robots.txt`` and ``sitemap.xml``, a sitemap
  index of each language's sitemap.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import filecmp
import json
import os
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html import escape
from pathlib import Path
from string import Template

from hdhkb.settings import Language

#: Work-directory entries that are Sphinx's bookkeeping, not part of the site.
SKIP = {".buildinfo", ".buildinfo.bak", ".doctrees"}
#: Templates of the root files.
ROOT_TEMPLATES = Path(__file__).parent / "root"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: renameat2() arguments (linux/fs.h).
AT_FDCWD = -100
RENAME_EXCHANGE = 1 << 1


class PublishError(Exception):
    """A tree cannot be published; the message says why (and which file)."""


# -- One build at a time -------------------------------------------------------


class Lock:
    """An exclusive lock on *path* (``flock``), released when the process ends.

    Nothing is left behind that could block a later run: the lock file stays,
    but a lock dies with the processes that hold it (Ctrl+C, ``kill -9``). The
    processes ``make html`` forks hold it too, on purpose: if the parent alone
    is killed, a build it forked that is still running keeps the folder until
    it ends, and no new build writes beside it.
    """

    def __init__(self, path: Path, what: str) -> None:
        self.path = path
        self.what = what
        self._fd: int | None = None

    def __enter__(self) -> Lock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode(errors="replace").strip() or "another process"
            sys.stderr.write(f"{self.what}: waiting for the build already running in this "
                             f"folder ({holder}) to finish…\n")
            sys.stderr.flush()
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, {self.what}".encode(), 0)
        self._fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            os.close(self._fd)  # releases the lock
            self._fd = None


# -- Staging and swapping --------------------------------------------------------


def _same(a: Path, b: Path) -> bool:
    """Whether two files have the same bytes (cheap when they differ in size or are one)."""
    sa, sb = a.stat(), b.stat()
    if (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino):
        return True
    if sa.st_size != sb.st_size:
        return False
    return filecmp.cmp(a, b, shallow=False)


def site_files(tree: Path) -> Iterator[Path]:
    """Every file of a built tree that belongs to the site, relative to *tree*."""
    for dirpath, dirnames, filenames in os.walk(tree):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP)
        rel = Path(dirpath).relative_to(tree)
        for name in sorted(filenames):
            if name not in SKIP:
                yield rel / name


def stage(work: Path, live: Path, staging: Path) -> int:
    """Fill *staging* with *work*'s site files; return how many were copied (not linked)."""
    if staging.exists():
        shutil.rmtree(staging)
    copied = 0
    for rel in site_files(work):
        src, old, dst = work / rel, live / rel, staging / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if old.is_file() and _same(src, old):
            os.link(old, dst)  # unchanged: share the published file
            continue
        shutil.copy2(src, dst)
        copied += 1
    staging.mkdir(parents=True, exist_ok=True)
    return copied


def staging_dir(live: Path) -> Path:
    """Where the next version of *live* is prepared, beside it."""
    return live.with_name(f".{live.name}.new")


def remove_leftovers(live: Path) -> None:
    """Delete staging folders an interrupted run left beside *live* (under the lock)."""
    for path in (staging_dir(live), live.with_name(f"{live.name}.old")):
        if path.exists():
            shutil.rmtree(path)


def exchange(a: Path, b: Path) -> bool:
    """Swap two directories atomically; False when the system cannot."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # old kernel or a filesystem without RENAME_EXCHANGE
    raise OSError(code, f"renameat2({a}, {b}): {os.strerror(code)}")


def swap_in(staging: Path, live: Path) -> str:
    """Put *staging* in place of *live*; return how it was done."""
    if not live.exists():
        staging.rename(live)
        return "renamed into place"
    if exchange(staging, live):
        shutil.rmtree(staging)  # now holds the old tree
        return "swapped atomically"
    old = live.with_name(f"{live.name}.old")
    if old.exists():
        shutil.rmtree(old)
    live.rename(old)
    staging.rename(live)
    shutil.rmtree(old)
    return "swapped with two renames"


# -- The root of the published tree ----------------------------------------------


def chooser_files(languages: list[Language]) -> dict[str, str]:
    """The language chooser, by file name."""
    links = "\n".join(
        f'<li><a href="{lang.code}/" hreflang="{lang.code}" lang="{lang.code}">'
        f"{escape(lang.name)}</a></li>"
        for lang in languages
    )
    source, others = languages[0], languages[1:]
    return {
        "index.html": Template((ROOT_TEMPLATES / "index.html").read_text()).substitute(
            lang=source.code,
            title=escape(" · ".join(lang.title for lang in languages)),
            heading=escape(source.title),
            subtitles="\n".join(f'<p lang="{lang.code}">{escape(lang.title)}</p>'
                                for lang in others),
            links=links,
            favicon=f"{source.code}/_static/favicon.svg",
        ),
        "chooser.js": Template((ROOT_TEMPLATES / "chooser.js").read_text()).substitute(
            languages=json.dumps([lang.code for lang in languages])
        ),
        "chooser.css": (ROOT_TEMPLATES / "chooser.css").read_text(),
    }


def sitemap_url(outdir: Path, language: str) -> str:
    """Absolute URL of *language*'s sitemap, from the first URL it lists."""
    path = outdir / language / "sitemap.xml"
    if not path.is_file():
        raise PublishError(f"{path}: missing (is hdhkb.ext.sitemap loaded?)")
    loc = ET.parse(path).getroot().find(f"{{{SITEMAP_NS}}}url/{{{SITEMAP_NS}}}loc")
    marker = f"/{language}/"
    if loc is None or not loc.text or marker not in loc.text:
        raise PublishError(f"{path}:1: no <loc> under {marker}")
    return loc.text[: loc.text.index(marker) + len(marker)] + "sitemap.xml"


def crawler_files(outdir: Path, languages: list[str]) -> dict[str, str]:
    """``sitemap.xml`` (a sitemap index) and ``robots.txt`` for the root."""
    urls = [sitemap_url(outdir, code) for code in languages]
    index = "".join(f"  <sitemap><loc>{escape(url)}</loc></sitemap>\n" for url in urls)
    root_url = urls[0].rsplit(f"/{languages[0]}/", 1)[0] + "/"
    return {
        "sitemap.xml": (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            f'<sitemapindex xmlns="{SITEMAP_NS}">\n{index}</sitemapindex>\n'
        ),
        "robots.txt": f"User-agent: *\nAllow: /\n\nSitemap: {root_url}sitemap.xml\n",
    }


def write_root(outdir: Path, languages: list[Language]) -> None:
    """Write the chooser and the crawler files into *outdir* (raises PublishError)."""
    codes = [lang.code for lang in languages]
    missing = [code for code in codes if not (outdir / code / "index.html").is_file()]
    if missing:
        raise PublishError(f"no build for {', '.join(missing)} in {outdir}")
    files = {**chooser_files(languages), **crawler_files(outdir, codes)}
    for name, text in files.items():
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=outdir, prefix=f".{name}.",
                                         delete=False) as tmp:
            tmp.write(text)
        os.replace(tmp.name, outdir / name)


def publish(staged: dict[str, Path], live: Path, languages: list[Language] | None) -> None:
    """Swap each language's staged tree into ``live/<lang>``; with *languages*, the root too."""
    for code, staging in staged.items():
        swap_in(staging, live / code)
        sys.stdout.write(f"published {live / code}\n")
    if languages is not None:
        write_root(live, languages)
