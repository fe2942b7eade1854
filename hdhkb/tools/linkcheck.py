"""``python -m hdhkb linkcheck``: external links of every language, one merged report.

Runs Sphinx's ``linkcheck`` builder once per language (``-D language=…``,
separate output and doctree folders, in parallel), then merges the two
``output.json`` files into ``report.json`` and a summary grouped by page,
``report.txt``, that tells broken, timed-out, redirected, working, ignored
and unchecked links apart.

Offline is not a pass: when *no* external link got an answer from *any*
server and every one failed before reaching one (DNS, refused, unreachable,
connect timeout, proxy), the network is taken to be unreachable. The run then
says so loudly, marks those links "not-checked" and exits 0: it is the only
failure that does not fail, since this project's own CI has no internet.
Everything else (a 404, a missing anchor, a 5xx after the retries, a read
timeout) fails. No probe is sent anywhere: the links themselves are the probe.

That verdict used to take minutes offline (every link retried until DNS
failed three times). So the links' own host names are looked up first, all
at once, for a few seconds at most (:func:`reachable_hosts`): when none
resolves, no request could reach a server, Sphinx is not run, and the report
lists every link of the sources as not checked, in seconds.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from hdhkb import settings

HELP = "check the external links of every language, one merged report (make linkcheck)"

#: Report categories, in the order the summary lists them.
CATEGORIES = (
    "broken",
    "timeout",
    "not-checked",
    "redirected",
    "working",
    "ignored",
    "unchecked",
)
#: Categories that fail the run.
FAILING = {"broken", "timeout", "unknown"}
NOT_CHECKED_BANNER = "external links not checked: network unreachable"

#: Failures that happen before any server answers, from urllib3/requests messages.
NO_ANSWER = (
    (
        "DNS resolution failed",
        re.compile(
            r"NameResolutionError|Failed to resolve|Name or service not known|"
            r"Temporary failure in name resolution|nodename nor servname|getaddrinfo failed",
            re.I,
        ),
    ),
    ("connection refused", re.compile(r"Connection refused|Errno 111|WinError 10061", re.I)),
    (
        "network unreachable",
        re.compile(r"Network is unreachable|No route to host|Errno 101|Errno 113", re.I),
    ),
    ("connect timeout", re.compile(r"ConnectTimeout|connect timeout=", re.I)),
    ("proxy refused the connection", re.compile(r"ProxyError|Unable to connect to proxy", re.I)),
)
HTTP_ERROR = re.compile(r"^(\d{3}) (?:Client|Server) Error")


@dataclass
class Link:
    """One external link of one page, merged over the languages that share its result."""

    page: str
    line: int
    uri: str
    status: str
    sphinx_status: str
    code: int
    info: str
    kind: str = ""
    languages: list[str] = field(default_factory=list)
    lines: dict[str, list[int]] = field(default_factory=dict)


def no_answer_reason(info: str) -> str | None:
    """Why no server answered, when a failure happened before reaching one."""
    for reason, pattern in NO_ANSWER:
        if pattern.search(info):
            return reason
    return None


def classify(entry: dict) -> tuple[str, str]:
    """(category, kind) of one ``output.json`` entry of Sphinx's linkcheck builder."""
    status, info = str(entry.get("status", "")), str(entry.get("info", ""))
    if status in {"working", "ignored", "unchecked"}:
        return status, "service unavailable (503)" if info == "service unavailable" else ""
    if status == "redirected":
        return "redirected", f"HTTP {entry.get('code') or '3xx'}"
    if status in {"broken", "timeout"}:
        if reason := no_answer_reason(info):
            return status, f"no answer: {reason}"
        if status == "timeout":
            return "timeout", "server too slow (read timeout)"
        if info.startswith("Anchor "):
            return "broken", "missing anchor"
        if match := HTTP_ERROR.match(info):
            return "broken", f"HTTP {match.group(1)}"
        return "broken", "unauthorized (401)" if info == "unauthorized" else "error"
    return "unknown", f"unknown Sphinx status {status!r}"


def read_results(path: Path, language: str) -> list[Link]:
    """The links of one language's ``output.json`` (one JSON object per line)."""
    links = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as err:
            raise ValueError(f"{path}:{number}: not JSON: {err}") from err
        category, kind = classify(entry)
        links.append(
            Link(
                page=str(entry.get("filename", "")),
                line=int(entry.get("lineno") or 0),
                uri=str(entry.get("uri", "")),
                status=category,
                sphinx_status=str(entry.get("status", "")),
                code=int(entry.get("code") or 0),
                info=str(entry.get("info", "")),
                kind=kind,
                languages=[language],
            )
        )
    return links


def network_verdict(links: list[Link]) -> tuple[str, str]:
    """("reachable" | "unreachable" | "untested", why) from the links' own results."""
    tried = [
        link
        for link in links
        if link.sphinx_status in {"working", "redirected", "broken", "timeout"}
        and urlsplit(link.uri).scheme in {"http", "https"}
    ]
    if not tried:
        return "untested", "no external link was requested"
    silent = [link for link in tried if link.kind.startswith("no answer")]
    if len(silent) < len(tried):
        return "reachable", f"{len(tried) - len(silent)} of {len(tried)} requests got an answer"
    hosts = sorted({urlsplit(link.uri).hostname or "?" for link in silent})
    reasons = Counter(link.kind.removeprefix("no answer: ") for link in silent)
    example = silent[0]
    why = (
        f"none of the {len(tried)} external link checks ({len(hosts)} host(s): "
        f"{', '.join(hosts[:5])}{', …' if len(hosts) > 5 else ''}) reached a server; "
        f"every one failed first ({', '.join(f'{n}× {r}' for r, n in reasons.most_common())}), "
        f"e.g. {example.uri}: {example.info}"
    )
    return "unreachable", why


def merge(per_language: dict[str, list[Link]]) -> list[Link]:
    """One row per (page, link, result), with the languages and lines that share it.

    Lines are kept per language: Sphinx reports line 1 for a link in a
    translated paragraph, so French lines cannot be matched with English ones.
    """
    rows: dict[tuple, Link] = {}
    for language, links in per_language.items():
        for link in links:
            key = (link.page, link.uri, link.status, link.kind, link.code)
            row = rows.setdefault(key, Link(**{**asdict(link), "languages": [], "lines": {}}))
            if language not in row.languages:
                row.languages.append(language)
            row.lines.setdefault(language, []).append(link.line)
            row.line = (
                min(row.line, link.line)
                if row.line > 1 and link.line > 1
                else max(row.line, link.line)
            )
    return sorted(rows.values(), key=lambda link: (link.page, link.line, link.uri))


def summary(report: dict) -> str:
    """The readable report: verdict first, then every link grouped by page."""
    counts = report["counts"]
    lines = [f"External link check of {', '.join(report['languages'])}, {report['generated']}"]
    if report["network"] == "unreachable":
        bar = "!" * 78
        lines += [
            bar,
            f"!! {NOT_CHECKED_BANNER.upper()}",
            f"!! why: {report['network_why']}",
            "!! These links were NOT verified: this is not a pass. Run `make linkcheck`",
            "!! where the internet is reachable (the weekly GitHub workflow does).",
            bar,
        ]
    lines.append(f"RESULT: {report['result'].upper()}: {report['message']}")
    lines.append("  " + " · ".join(f"{name} {counts.get(name, 0)}" for name in CATEGORIES))
    for problem in report["sphinx_failures"]:
        lines.append(f"  sphinx-build failed: {problem}")
    by_page: dict[str, list[dict]] = defaultdict(list)
    for link in report["links"]:
        by_page[link["page"]].append(link)
    for page, links in sorted(by_page.items()):
        lines += ["", page]
        for link in links:
            detail = link["kind"]
            if link["info"] and link["status"] in {"broken", "timeout", "redirected", "unknown"}:
                info = link["info"] if len(link["info"]) < 200 else link["info"][:197] + "..."
                detail = f"{detail}: {info}" if detail else info
            where = " ".join(
                f"{language}:{','.join(map(str, link['lines'][language]))}"
                for language in link["languages"]
            )
            lines.append(
                f"  {link['status'].upper():<11} {link['uri']}  ({where})"
                + (f"\n      {detail}" if detail else "")
            )
    return "\n".join(lines) + "\n"


def build_report(per_language: dict[str, list[Link]], sphinx_failures: list[str],
                 unresolved: str = "") -> dict:
    """Merge, decide the network verdict and the result, and count.

    *unresolved*: why no link was requested at all (no host name resolves).
    """
    everything = [link for links in per_language.values() for link in links]
    network, network_why = network_verdict(everything)
    if unresolved:
        network_why = unresolved
    if network == "unreachable":
        for link in everything:
            if link.kind.startswith("no answer"):
                link.status = "not-checked"
    links = merge(per_language)
    counts = Counter(link.status for link in links)
    failing = [link for link in links if link.status in FAILING]
    if failing or sphinx_failures:
        result = "failed"
        parts = [
            f"{counts[name]} {name}" for name in ("broken", "timeout", "unknown") if counts[name]
        ]
        parts += [f"sphinx-build failed ({len(sphinx_failures)})"] if sphinx_failures else []
        message = ", ".join(parts)
    elif network == "unreachable":
        result = "not-checked"
        message = f"{NOT_CHECKED_BANNER} ({counts['not-checked']} links not verified)"
    else:
        result = "passed"
        message = f"{counts['working']} working, {counts['redirected']} redirected, none broken"
    return {
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "languages": list(per_language),
        "result": result,
        "message": message,
        "network": network,
        "network_why": network_why,
        "counts": {name: counts.get(name, 0) for name in (*CATEGORIES, "unknown")},
        "sphinx_failures": sphinx_failures,
        "links": [asdict(link) for link in links],
    }


def run_sphinx(
    languages: list[str],
    srcdir: Path,
    confdir: Path,
    outdir: Path,
    doctrees: Path,
    options: list[str],
) -> dict[str, tuple[int, Path]]:
    """One linkcheck build per language, in parallel; exit code and log per language."""
    running = {}
    for language in languages:
        log = outdir / f"sphinx-{language}.log"
        (outdir / language).mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "linkcheck",
            "-c",
            str(confdir),
            "-D",
            f"language={language}",
            "-d",
            str(doctrees / f"linkcheck-{language}"),
            *options,
            str(srcdir),
            str(outdir / language),
        ]
        with log.open("w", encoding="utf-8") as handle:
            handle.write("$ " + " ".join(command) + "\n")
            handle.flush()
            running[language] = (
                subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT),
                log,
            )
    return {language: (process.wait(), log) for language, (process, log) in running.items()}


#: An external link in a source file (what Sphinx's builder would request).
SOURCE_URL = re.compile(r"""https?://[^\s<>"'`)\]]+""")
#: How long the host lookups may take, together, and how many hosts are asked:
#: a dozen distinct hosts that all fail to resolve mean no network, not dead sites.
LOOKUP_SECONDS = 3.0
LOOKUP_HOSTS = 12


def source_links(srcdir: Path, ignore: list[str]) -> list[Link]:
    """Every external link written in the pages and the facts file, with its line."""
    links = []
    files = sorted([*srcdir.rglob("*.md"), *srcdir.rglob("*.toml")])
    for path in files:
        page = path.relative_to(srcdir).with_suffix("").as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in SOURCE_URL.finditer(line):
                uri = match.group(0).rstrip(".,;:")
                ignored = any(re.match(pattern, uri) for pattern in ignore)
                links.append(Link(page=page, line=number, uri=uri,
                                  status="ignored" if ignored else "broken",
                                  sphinx_status="ignored" if ignored else "broken", code=0,
                                  info="" if ignored else "DNS resolution failed: no host "
                                  "of any link resolves", kind="" if ignored else
                                  "no answer: DNS resolution failed"))
    return links


def reachable_hosts(hosts: set[str], seconds: float = LOOKUP_SECONDS) -> int:
    """How many of *hosts* resolve, looked up in parallel for *seconds* at most."""
    import concurrent.futures
    import socket

    if not hosts:
        return 0
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=min(LOOKUP_HOSTS, len(hosts)))
    futures = [pool.submit(socket.getaddrinfo, host, 443)
               for host in sorted(hosts)[:LOOKUP_HOSTS]]
    resolved = 0
    try:
        for future in concurrent.futures.as_completed(futures, timeout=seconds):
            if future.exception() is None:
                resolved += 1
                break  # one is enough: the network is there
    except concurrent.futures.TimeoutError:
        pass
    pool.shutdown(wait=False, cancel_futures=True)
    return resolved


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hdhkb linkcheck", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--languages", default="en fr", help="space-separated languages (default: en fr)"
    )
    parser.add_argument("--srcdir", type=Path, default=Path("source"))
    parser.add_argument("--confdir", type=Path, default=Path("."))
    parser.add_argument("--outdir", type=Path, default=Path("_build/linkcheck"))
    parser.add_argument("--doctrees", type=Path, default=Path("_build/doctrees"))
    parser.add_argument(
        "--require-network",
        action="store_true",
        help="fail when the network is unreachable (a CI that has internet)",
    )
    parser.add_argument("sphinxopts", nargs="*", help="extra sphinx-build options (after --)")
    args = parser.parse_args(argv)
    languages = args.languages.split()
    args.outdir.mkdir(parents=True, exist_ok=True)
    per_language: dict[str, list[Link]] = {}
    failures: list[str] = []
    ignore = list(settings.load(args.confdir).get("linkcheck_ignore") or [])
    written = source_links(args.srcdir, ignore)
    hosts = {urlsplit(link.uri).hostname or "" for link in written if link.status != "ignored"}
    unresolved = ""
    if hosts and not reachable_hosts(hosts - {""}):
        # No host name of any link resolves: no request could reach a server.
        asked = sorted(hosts - {""})[:LOOKUP_HOSTS]
        unresolved = (f"no host name of the links resolves ({len(asked)} of {len(hosts)} hosts "
                      f"looked up: {', '.join(asked[:5])}, …): Sphinx's link check was not "
                      "run, no request was sent")
        per_language = {language: [Link(**{**asdict(link), "languages": [language]})
                                   for link in written] for language in languages}
        exits = {}
    else:
        exits = run_sphinx(
            languages, args.srcdir, args.confdir, args.outdir, args.doctrees, args.sphinxopts
        )
    for language, (code, log) in exits.items():
        output = args.outdir / language / "output.json"
        links = read_results(output, language) if output.is_file() else []
        per_language[language] = links
        # linkcheck exits 1 for broken links and timeouts; any other failure is the build's.
        explained = code == 1 and any(link.sphinx_status in {"broken", "timeout"} for link in links)
        if code != 0 and not explained:
            failures.append(f"{language}: exit {code}, see {log}")
            sys.stderr.write(log.read_text(encoding="utf-8")[-4000:])
    report = build_report(per_language, failures, unresolved)
    (args.outdir / "report.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    text = summary(report)
    (args.outdir / "report.txt").write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    sys.stdout.write(f"report: {args.outdir / 'report.txt'} and {args.outdir / 'report.json'}\n")
    if report["result"] == "not-checked":
        sys.stderr.write(f"WARNING: {NOT_CHECKED_BANNER}: {report['network_why']}\n")
    if report["result"] == "not-checked" and args.require_network:
        sys.stderr.write("failing: --require-network was given\n")
        return 1
    return 1 if report["result"] == "failed" else 0
