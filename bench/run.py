"""``make bench``: how long builds take, how they scale, and what a first visit weighs.

Why: editors and CI wait on builds, and the site must grow to a thousand pages
per language without the build time exploding. Timings are only meaningful
side by side, on one machine, in one run: every number below is the median of
``--repeat`` runs, and ratios compare medians of the same run.

1. cold bilingual ``make html`` vs a cold bare ``sphinx-build -b html`` of the
   same sources (MyST + furo, none of our extensions, English only);
2. incremental ``make html``: no change, one ``.md`` edited (until it shows in
   both published languages), one French ``.po`` edited;
3. scaling: synthetic pages (``bench/synthetic.py``) added to a copy of the
   project, built cold at each size; seconds per page and peak memory;
4. page weight: the bytes a first visit to the home page and to the posting
   loads (HTML, CSS and what it pulls in, JS, fonts, images), summed from the
   files and measured in Chromium;
5. PDFs (``make pdf``: the pages and each language's PDFs): cold, interleaved
   with the cold ``make html`` runs, each PDF's render time, and the same
   incremental builds until the edit is in the PDFs.

Everything runs in a temporary copy of the project; results go to stdout (a
table with PASS/FAIL per target) and to ``--out``/bench.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import synthetic  # noqa: E402
from weight import CHROMIUM, browser_weight, page_weight  # noqa: E402

from hdhkb.workspace import copy_project  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {
    "cold_ratio": 1.15,  # cold bilingual / bare single-language
    "edit_md_s": 1.5,  # one-page edit visible in both languages, median seconds
    "cold_pdf_ratio": 1.3,  # cold bilingual HTML + PDF / cold bilingual HTML only
    "edit_pdf_s": 1.5,  # one-page edit visible in both languages' PDFs, median seconds
    "scaling_ratio": 1.5,  # per-page cost at the largest size / at the smallest
    "weight_kb": 150,  # first visit, KB (1000 bytes)
}
#: Runs a command and reports its wall time and the peak RSS of its descendants.
MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
with open(sys.argv[1], "w") as log:
    code = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=log).returncode
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = usage.ru_utime + usage.ru_stime
print(json.dumps({"code": code, "wall": wall, "cpu": cpu, "maxrss_kib": usage.ru_maxrss}))
"""


@dataclass
class Run:
    wall: float
    cpu: float  # user + system seconds of every process: less sensitive to others' load
    maxrss_kib: int
    warnings: int = 0


@dataclass
class Series:
    """Repeated measurements of one thing."""

    name: str
    runs: list[Run] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def peak_mib(self) -> float:
        return max(r.maxrss_kib for r in self.runs) / 1024


def measure(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run *cmd*, fail loudly (with its stderr) if it fails."""
    with tempfile.NamedTemporaryFile("r", suffix=".log") as log:
        out = subprocess.run(
            [sys.executable, "-c", MEASURE, log.name, *cmd],
            cwd=cwd, env=env, capture_output=True, text=True, check=True,
        )
        result = json.loads(out.stdout)
        stderr = log.read()
        if result["code"] != 0:
            sys.stderr.write(stderr)
            raise SystemExit(f"bench: {' '.join(cmd)} failed in {cwd} ({result['code']})")
    warnings = len(re.findall(r"\b(WARNING|ERROR)\b", stderr))
    return Run(result["wall"], result["cpu"], result["maxrss_kib"], warnings)


def make(project: Path, venv: Path, builddir: Path, jobs: str | None,
         target: str = "html", speedups: bool = True) -> list[str]:
    cmd = ["make", "-C", str(project), target, f"VENV={venv}", f"BUILDDIR={builddir}"]
    if not speedups:  # hdhkb/speedups off: the same pages, only slower
        cmd.append("SPHINXOPTS=-D hdhkb_speedups=0")
    return cmd + ([f"SPHINXJOBS={jobs}"] if jobs else [])


def clean(project: Path, builddir: Path) -> None:
    """Make the next build cold: no build directory, no compiled catalogs."""
    shutil.rmtree(builddir, ignore_errors=True)
    for mo in (project / "locale").rglob("*.mo"):
        mo.unlink()


def bare_conf(project: Path, dest: Path) -> Path:
    """conf.py of the floor: MyST + furo with our MyST settings, no extension of ours."""
    import runpy

    ns = runpy.run_path(str(project / "conf.py"))
    keep = (
        "project", "root_doc", "source_suffix", "exclude_patterns", "myst_enable_extensions",
        "myst_heading_anchors", "myst_substitutions", "html_theme", "language",
    )
    lines = ['extensions = ["myst_parser"]']
    lines += [f"{key} = {ns[key]!r}" for key in keep if key in ns]
    dest.mkdir(parents=True)
    (dest / "conf.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dest


def bench_cold(project: Path, venv: Path, tmp: Path, repeat: int, jobs: str | None) -> dict:
    """``make html`` against the bare floor, plain and with our process tuning.

    The target compares with plain ``sphinx-build`` (the floor of the stack,
    as the issue defines it). ``make html`` runs Sphinx through ``python -m
    hdhkb build``, whose garbage-collector tuning would speed up the bare
    build too, so the like-for-like ratio is measured and printed as well.
    """
    builddir, pdf_builddir = tmp / "build-cold", tmp / "build-cold-pdf"
    off_builddir = tmp / "build-cold-off"
    conf = bare_conf(project, tmp / "bare-conf")
    ours, bare = Series("cold bilingual make html"), Series("cold bare sphinx-build (en)")
    off = Series("cold bilingual make html, speed-ups off")
    tuned = Series("cold bare build (en) through python -m hdhkb build")
    pdf = Series("cold bilingual make pdf (HTML + PDF)")
    renders: dict[str, dict[str, Any]] = {}
    python = str(venv / "bin" / "python")
    for _ in range(repeat):  # interleaved, so that load from elsewhere hits all alike
        clean(project, builddir)
        ours.runs.append(measure(make(project, venv, builddir, jobs), project))
        clean(project, off_builddir)
        off.runs.append(measure(make(project, venv, off_builddir, jobs, speedups=False),
                                project))
        clean(project, pdf_builddir)
        pdf.runs.append(measure(make(project, venv, pdf_builddir, jobs, "pdf"), project))
        for name, entry in pdf_state(pdf_builddir).items():
            render = renders.setdefault(name, {"pages": entry["pages"], "seconds": []})
            render.update(bytes=entry["bytes"])
            render["seconds"].append(entry["seconds"])
        for series, runner in ((bare, ["-m", "sphinx"]), (tuned, ["-m", "hdhkb.sphinxbuild"])):
            shutil.rmtree(tmp / "bare", ignore_errors=True)
            cmd = [python, *runner, "-b", "html", "-q", "-c", str(conf),
                   "-d", str(tmp / "bare" / "doctrees"), str(project / "source"),
                   str(tmp / "bare" / "html")]
            series.runs.append(measure(cmd, project))
    warnings = bare.runs[-1].warnings
    bare.note = f"{warnings} warnings: what only our extensions understand is left unrendered"
    tuned.note = "the same, garbage collector tuned like make html's builds"
    pdf.note = "both languages, each with its two PDFs"
    off.note = "-D hdhkb_speedups=0: byte-identical pages (tests/test_speedups.py)"
    return {"ours": ours, "bare": bare, "tuned": tuned, "ratio": ours.median / bare.median,
            "off": off, "off_ratio": off.median / bare.median,
            "pdf": pdf, "pdf_ratio": pdf.median / ours.median, "renders": renders,
            "builddir": builddir, "pdf_builddir": pdf_builddir}


def pdf_state(builddir: Path) -> dict[str, dict[str, Any]]:
    """What hdhkb.ext.pdf recorded of each PDF (pages, bytes, render seconds), by file."""
    state: dict[str, dict[str, Any]] = {}
    for path in sorted((builddir / "doctrees").glob("*/hdhkb-pdf.json")):
        language = path.parent.name
        for name, entry in json.loads(path.read_text(encoding="utf-8")).items():
            state[f"{language}/pdf/{name}"] = entry
    return state


def _pdf_text(builddir: Path, lang: str, page: str) -> str:
    from pypdf import PdfReader

    reader = PdfReader(builddir / "html" / lang / "pdf" / f"{page}-{lang}.pdf")
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def _published(builddir: Path, lang: str, page: str) -> str:
    return (builddir / "html" / lang / f"{page}.html").read_text(encoding="utf-8")


def bench_incremental(
    project: Path, venv: Path, builddir: Path, repeat: int, jobs: str | None,
    target: str = "html", page: str = "posting", speedups: bool = True,
) -> dict[str, Series]:
    """No-op, one .md edited, one .po edited: each until the result is published.

    With ``target="pdf"`` (``make pdf``), until the edit is in the PDFs too;
    without *speedups*, with ``hdhkb.speedups`` off.
    """
    import polib

    md = project / "source" / f"{page}.md"
    po_path = project / "locale" / "fr" / "LC_MESSAGES" / f"{page}.po"
    md_text = md.read_text(encoding="utf-8")
    po_text = po_path.read_text(encoding="utf-8")
    suffix = (", make pdf" if target == "pdf" else "") + ("" if speedups else ", speed-ups off")

    def published(lang: str) -> str:
        html = _published(builddir, lang, page)
        return html + (_pdf_text(builddir, lang, page) if target == "pdf" else "")

    cmd = make(project, venv, builddir, jobs, target, speedups)
    noop = Series(f"no-op make {target}")
    edit_md = Series(f"edit {page}.md{suffix}")
    edit_po = Series(f"edit fr {page}.po{suffix}")
    measure(cmd, project)  # settle: the cold build may leave nothing to do, or a little
    for k in range(repeat):
        if speedups:  # without them, only the page edit is compared
            noop.runs.append(measure(cmd, project))
        token = f"Benchmark edit {k} {time.time_ns()}"
        md.write_text(md_text + f"\n{token}.\n", encoding="utf-8")
        edit_md.runs.append(measure(cmd, project))
        for lang in ("en", "fr"):
            if token not in published(lang):
                raise SystemExit(f"bench: the .md edit is not visible in {lang}/{page} "
                                 f"(make {target})")
        if speedups:
            # The catalog edit comes on top of the built page edit; both are undone
            # together after it (one build fewer per round: a build with PDFs takes
            # seconds).
            po = polib.pofile(po_text)
            entry = next(e for e in po if e.msgstr and not e.fuzzy and not e.obsolete
                         and "\n" not in e.msgstr)
            # Letters only: a figure typed in a translation is refused (the numbers gate).
            french_token = "Repère " + "".join(chr(ord("a") + int(d))
                                                for d in f"{k}{time.time_ns()}")
            entry.msgstr = f"{entry.msgstr} {french_token}"
            po_path.write_text(str(po), encoding="utf-8")
            edit_po.runs.append(measure(cmd, project))
            if french_token not in published("fr"):
                raise SystemExit(f"bench: the .po edit is not visible in fr/{page} "
                                 f"(make {target})")
        md.write_text(md_text, encoding="utf-8")
        po_path.write_text(po_text, encoding="utf-8")
        if k < repeat - 1:  # the next round starts from the original (the next section
            measure(cmd, project)  # settles on its own)
    edit_md.note = "until the edit is in both published trees" + (
        f" and both {page} PDFs" if target == "pdf" else "")
    if target == "pdf":
        edit_po.note = f"until the edit is in the French {page} PDF"
    if not speedups:
        return {"edit_md": edit_md}
    return {"noop": noop, "edit_md": edit_md, "edit_po": edit_po}


def bench_scaling(
    venv: Path, tmp: Path, sizes: list[int], repeat: int, jobs: str | None, root: Path = ROOT,
) -> dict[int, Series]:
    results = {}
    for n in sizes:
        project = copy_project(tmp / f"syn-{n}", root=root)
        synthetic.generate(project, n)
        series = Series(f"cold make html, +{n} synthetic pages")
        builddir = tmp / f"build-syn-{n}"
        for _ in range(repeat):
            clean(project, builddir)
            series.runs.append(measure(make(project, venv, builddir, jobs), project))
        results[n] = series
        shutil.rmtree(builddir, ignore_errors=True)
    return results


def bench_weight(site: Path, heavy: str = "posting") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for lang in ("en", "fr"):
        for page in ("index", heavy):
            html = site / lang / f"{page}.html"
            files = page_weight(html, site)
            out[f"{lang}/{page}"] = {"bytes": sum(files.values()), "files": {
                str(path.relative_to(site)): size for path, size in files.items()}}
    if Path(CHROMIUM).exists():
        out["browser"] = browser_weight(site, [f"{lang}/{page}.html" for lang in ("en", "fr")
                                               for page in ("index", heavy)])
    else:
        sys.stderr.write(f"bench: no {CHROMIUM}, page weight from the files only\n")
    return out


def machine() -> dict[str, Any]:
    import furo
    import sphinx

    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError):
        kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
        mem = f"{kib / 1024 / 1024:.1f} GiB"
    return {
        "nproc": os.cpu_count(), "cpu": cpu, "ram": mem, "python": platform.python_version(),
        "sphinx": sphinx.__version__, "furo": furo.__version__,
        "loadavg": os.getloadavg(), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def table(results: dict[str, Any]) -> str:
    """The printed report: one row per measurement, then the targets."""
    rows = [("measurement", "median wall", "median CPU", "runs (wall s)", "peak RSS"),
            ("---", "---", "---", "---", "---")]

    def row(series: Series) -> None:
        runs = " ".join(f"{r.wall:.2f}" for r in series.runs)
        name = series.name + (f" ({series.note})" if series.note else "")
        rows.append((name, f"{series.median:.2f} s", f"{series.cpu:.2f} s", runs,
                     f"{series.peak_mib:.0f} MiB"))

    cold = results["cold"]
    row(cold["ours"])
    row(cold["off"])
    row(cold["bare"])
    row(cold["tuned"])
    for series in results["incremental"].values():
        row(series)
    row(results["incremental_off"]["edit_md"])
    row(cold["pdf"])
    for name, render in sorted(cold["renders"].items()):
        runs = " ".join(f"{seconds:.2f}" for seconds in render["seconds"])
        rows.append((f"  render {name} ({render['pages']} pages, "
                     f"{render['bytes'] / 1000:.0f} KB)",
                     f"{statistics.median(render['seconds']):.2f} s", "", runs, ""))
    for series in results["incremental_pdf"].values():
        row(series)
    for n, series in results["scaling"].items():
        row(series)
        rows.append((f"  per synthetic page at {n}", f"{series.median / n * 1000:.1f} ms",
                     f"{series.cpu / n * 1000:.1f} ms", "", ""))
    sizes = sorted(results["scaling"])
    for small, large in zip(sizes, sizes[1:], strict=False):
        extra = results["scaling"][large].median - results["scaling"][small].median
        extra_cpu = results["scaling"][large].cpu - results["scaling"][small].cpu
        rows.append((f"  marginal cost per page, {small} to {large}",
                     f"{extra / (large - small) * 1000:.1f} ms",
                     f"{extra_cpu / (large - small) * 1000:.1f} ms", "", ""))
    for key, value in results["weight"].items():
        if key != "browser":
            rows.append((f"first visit {key} (files)", f"{value['bytes'] / 1000:.1f} KB", "",
                         f"{len(value['files'])} files", ""))
    for key, value in results["weight"].get("browser", {}).items():
        rows.append((f"first visit {key} (Chromium)", f"{value / 1000:.1f} KB", "", "", ""))
    m = results["machine"]
    header = (f"{m['date']}: {m['nproc']} CPUs ({m['cpu']}), {m['ram']} RAM, Python {m['python']}, "
              f"Sphinx {m['sphinx']}, furo {m['furo']}; load average at start "
              f"{m['loadavg'][0]:.2f}; REPEAT={results['repeat']}, -j {results['jobs'] or 1}")
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = [header, ""]
    lines += ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"
              for r in rows]
    lines.append("")
    for name, value, target, ok in results["targets"]:
        lines.append(f"{verdict(ok)}  {name}: {value} (target {target})")
    return "\n".join(lines)


def targets(results: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    out = []
    ratio = results["cold"]["ratio"]
    cpu_ratio = results["cold"]["ours"].cpu / results["cold"]["bare"].cpu
    like = results["cold"]["ours"].median / results["cold"]["tuned"].median
    off_ratio = results["cold"]["off_ratio"]
    out.append(("cold bilingual / bare single-language, wall",
                f"{ratio:.2f} (CPU {cpu_ratio:.2f}; {like:.2f} against the bare build"
                f" with the same GC tuning; speed-ups off: {off_ratio:.2f})",
                f"<= {TARGETS['cold_ratio']}", ratio <= TARGETS["cold_ratio"]))
    edit = results["incremental"]["edit_md"].median
    edit_off = results["incremental_off"]["edit_md"].median
    out.append(("one-page edit visible in both languages",
                f"{edit:.2f} s (speed-ups off: {edit_off:.2f} s)",
                f"<= {TARGETS['edit_md_s']} s", edit <= TARGETS["edit_md_s"]))
    pdf_ratio = results["cold"]["pdf_ratio"]
    pdf_cpu = results["cold"]["pdf"].cpu / results["cold"]["ours"].cpu
    out.append(("cold bilingual HTML + PDF / cold make html, wall",
                f"{pdf_ratio:.2f} (CPU {pdf_cpu:.2f})",
                f"<= {TARGETS['cold_pdf_ratio']}", pdf_ratio <= TARGETS["cold_pdf_ratio"]))
    edit_pdf = results["incremental_pdf"]["edit_md"].median
    out.append(("one-page edit visible in both languages' PDFs (make pdf)",
                f"{edit_pdf:.2f} s", f"<= {TARGETS['edit_pdf_s']} s",
                edit_pdf <= TARGETS["edit_pdf_s"]))
    scaling = results["scaling"]
    if len(scaling) >= 2:
        small, large = min(scaling), max(scaling)
        ratio = (scaling[large].median / large) / (scaling[small].median / small)
        cpu = (scaling[large].cpu / large) / (scaling[small].cpu / small)
        out.append((f"per-page cost at {large} / at {small} pages, wall",
                    f"{ratio:.2f} (CPU {cpu:.2f})",
                    f"<= {TARGETS['scaling_ratio']}", ratio <= TARGETS["scaling_ratio"]))
    weights = {k: v["bytes"] for k, v in results["weight"].items() if k != "browser"}
    weights.update(results["weight"].get("browser", {}))
    heaviest = max(weights, key=weights.get)
    kb = weights[heaviest] / 1000
    out.append((f"first-visit weight (heaviest: {heaviest})", f"{kb:.1f} KB",
                f"<= {TARGETS['weight_kb']} KB", kb <= TARGETS["weight_kb"]))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="repetitions per measurement")
    parser.add_argument("--sizes", default="100 300 1000", help="synthetic sizes, e.g. '100 300'")
    parser.add_argument("--jobs", default=None, help="SPHINXJOBS passed to make (default: its own)")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "bench")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    parser.add_argument("--project", type=Path, default=ROOT,
                        help="the project to measure (a copy of it; default: this one)")
    parser.add_argument("--page", default="posting",
                        help="the page edited, weighed and printed (default: posting)")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.replace(",", " ").split())
    venv = Path(sys.prefix)
    results: dict[str, Any] = {"machine": machine(), "repeat": args.repeat, "jobs": args.jobs}
    with tempfile.TemporaryDirectory(prefix="hdhkb-bench-") as tmpdir:
        tmp = Path(tmpdir)
        project = copy_project(tmp / "project", root=args.project.resolve())
        sys.stderr.write("bench: cold builds…\n")
        results["cold"] = bench_cold(project, venv, tmp, args.repeat, args.jobs)
        builddir = results["cold"].pop("builddir")
        pdf_builddir = results["cold"].pop("pdf_builddir")
        sys.stderr.write("bench: page weight…\n")
        results["weight"] = bench_weight(builddir / "html", args.page)
        sys.stderr.write("bench: incremental builds…\n")
        results["incremental"] = bench_incremental(project, venv, builddir, args.repeat,
                                                   args.jobs, page=args.page)
        sys.stderr.write("bench: incremental builds, speed-ups off…\n")
        results["incremental_off"] = bench_incremental(project, venv, tmp / "build-cold-off",
                                                       args.repeat, args.jobs, page=args.page,
                                                       speedups=False)
        sys.stderr.write("bench: incremental builds with PDFs…\n")
        results["incremental_pdf"] = bench_incremental(project, venv, pdf_builddir, args.repeat,
                                                       args.jobs, "pdf", page=args.page)
        sys.stderr.write(f"bench: scaling {sizes}…\n")
        results["scaling"] = bench_scaling(venv, tmp, sizes, args.repeat, args.jobs,
                                           args.project.resolve())
    results["targets"] = targets(results)
    report = table(results)
    sys.stdout.write(report + "\n")
    args.out.mkdir(parents=True, exist_ok=True)

    def plain(value: Any) -> Any:
        if isinstance(value, Series):
            return {**asdict(value), "median": value.median, "peak_mib": value.peak_mib}
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        return value

    (args.out / "bench.json").write_text(json.dumps(plain(results), indent=2) + "\n")
    (args.out / "table.md").write_text(report + "\n")
    sys.stdout.write(f"wrote {args.out / 'bench.json'} and table.md\n")
    failed = not all(ok for *_, ok in results["targets"])
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    raise SystemExit(main())
