"""Lighthouse on the public site (home, a gallery, search, an object, the sample exhibition) in Debian's
Chromium, against a plain page of ours.

    .venv/bin/python benchmarks/lighthouse_public.py [--runs 3] [--form-factor mobile|desktop|both]
                                                     [--workdir /tmp/lighthouse-bench] [--keep]

1. A sample instance (``museum init`` + ``museum load-sample``; kept in the work directory and reused).
2. ``museum serve`` (gunicorn, 2 workers, the production entrypoint) on a free loopback port.
3. npm ``lighthouse`` (pinned in package.json) with ``CHROME_PATH=/usr/bin/chromium``, headless, no
   sandbox (root), default throttling: "mobile" is Lighthouse's default run (Moto G Power, slow 4G,
   4× CPU slowdown, simulated), "desktop" is ``--preset=desktop``. Each page is measured ``--runs``
   times; the table shows the median run (by performance score) of each page.
4. Peer, in the same run on the same server: ``/api/v1/docs``, the service's plainest page (the same
   base template, stylesheet and header, server-rendered text, no images, no script). It shows what the
   object page's images, deep-zoom viewer and 3D viewer cost on top of the shell every page shares.

Goals (issue 17, mobile): performance ≥ 95, accessibility, best practices and SEO 100, LCP ≤ 2.0 s and
CLS ≤ 0.02 on every public page. Failing audits and the largest opportunities are listed under the table.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUSEUM = str(ROOT / ".venv" / "bin" / "museum")
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {"first-contentful-paint": ("FCP", "s"), "largest-contentful-paint": ("LCP", "s"),
           "total-blocking-time": ("TBT", "ms"), "cumulative-layout-shift": ("CLS", ""),
           "speed-index": ("SI", "s")}
PAGES = {  # label -> path; the last one is the peer
    "home (zh)": "/zh/",
    "gallery (fr)": "/fr/galleries/ancient-ba-yu",
    "search (ja)": "/ja/search?q=%E9%8A%85",
    "object (en)": "/en/objects/1989.0107",
    "object (zh)": "/zh/objects/1989.0107",
    "exhibition (zh)": "/zh/exhibitions/magnificent-three-gorges",
    "exhibition (en)": "/en/exhibitions/magnificent-three-gorges",
    "peer: API docs": "/api/v1/docs",
}
GOALS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
MAX_LCP_S, MAX_CLS = 2.0, 0.02


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def museum(instance: Path, *args: str) -> None:
    subprocess.run([MUSEUM, "--instance", str(instance), *args], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def prepare(instance: Path) -> None:
    """The sample instance, kept between runs while the schema it was made with is the code's newest (an
    instance of an older schema is made again: its sample would lack what later revisions added)."""
    from museum.catalogue.schema import head_revision

    marker = instance / ".sample-loaded"
    if marker.exists() and marker.read_text().strip() == head_revision():
        return
    shutil.rmtree(instance, ignore_errors=True)
    started = time.perf_counter()
    museum(instance, "init")
    museum(instance, "load-sample")
    marker.write_text(head_revision() + "\n")
    print(f"sample instance at {instance} ({time.perf_counter() - started:.0f} s)", flush=True)


class Server:
    """``museum serve`` in its own session; stopped by its process group id (ours alone)."""

    def __init__(self, instance: Path):
        self.port = free_port()
        self.log = open(instance / "serve.log", "ab")  # noqa: SIM115 - closed in stop()
        command = [MUSEUM, "--instance", str(instance), "serve", "--port", str(self.port), "--workers", "2"]
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=self.log, stderr=self.log,
                                        start_new_session=True)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"museum serve exited with {self.process.returncode}; see {self.log.name}")
            try:
                with urllib.request.urlopen(self.base + "/en/", timeout=5) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit("museum serve did not answer")

    def warm(self, paths) -> None:
        """One plain request per page so the first Lighthouse run does not pay for cold caches."""
        for path in paths:
            with urllib.request.urlopen(self.base + path, timeout=60) as answer:
                answer.read()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def lighthouse(url: str, form_factor: str, out: Path) -> dict:
    command = [str(LIGHTHOUSE), url, f"--chrome-flags={CHROME_FLAGS}", "--output=json",
               f"--output-path={out}", "--quiet", f"--only-categories={','.join(CATEGORIES)}",
               "--max-wait-for-load=60000"]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    for attempt in range(3):  # Lighthouse's own trace recording sometimes fails ("run Lighthouse again")
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        if done.returncode == 0 and out.exists():
            break
        if "Please run Lighthouse again" not in done.stderr or attempt == 2:
            raise SystemExit(f"lighthouse failed on {url}:\n{done.stderr[-3000:]}")
        print(f"  (Lighthouse's trace failed on {url}; run again)", flush=True)
    return json.loads(out.read_text())


def summary(report: dict) -> dict:
    row = {name: round(100 * (report["categories"][name]["score"] or 0)) for name in CATEGORIES}
    for audit, (label, unit) in METRICS.items():
        value = report["audits"][audit].get("numericValue")
        if unit == "s":
            row[label] = f"{value / 1000:.2f} s"
        elif unit == "ms":
            row[label] = f"{value:.0f} ms"
        else:
            row[label] = f"{value:.3f}"
    row["bytes"] = f"{report['audits']['total-byte-weight']['numericValue'] / 1024:.0f} KiB"
    failing = []
    for category in ("accessibility", "best-practices", "seo"):
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing.append(f"{category}: {ref['id']} — {audit['title']}")
    opportunities = []
    for ref in report["categories"]["performance"]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        details = audit.get("details") or {}
        savings = (audit.get("metricSavings") or {}).get("LCP") or details.get("overallSavingsMs") or 0
        if audit.get("score") is not None and audit["score"] < 0.9 and savings:
            opportunities.append((savings, f"{ref['id']} — {audit['title']} (~{savings:.0f} ms LCP)"))
    row["failing"] = failing
    row["opportunities"] = [text for _, text in sorted(opportunities, reverse=True)[:5]]
    return row


def table(rows: list[tuple[str, str, dict]]) -> str:
    columns = ["page", "form", "perf", "a11y", "b-p", "SEO", "FCP", "LCP", "TBT", "CLS", "SI", "bytes"]
    keys = ["performance", "accessibility", "best-practices", "seo",
            "FCP", "LCP", "TBT", "CLS", "SI", "bytes"]
    body = [[label, form, *[str(row[key]) for key in keys]] for label, form, row in rows]
    widths = [max(len(c), *(len(r[i]) for r in body)) for i, c in enumerate(columns)]
    lines = [" | ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)),
             "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in body]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median shown)")
    parser.add_argument("--form-factor", choices=("mobile", "desktop", "both"), default="both")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "lighthouse-bench")
    parser.add_argument("--keep", action="store_true", help="keep the JSON reports in the work directory")
    parser.add_argument("--pages", nargs="*", choices=list(PAGES), help="only these pages (default: all)")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("node_modules/.bin/lighthouse is missing: run `make install`")
    if not Path(CHROMIUM).exists():
        raise SystemExit("Debian chromium is missing: run `make install`")
    args.workdir.mkdir(parents=True, exist_ok=True)
    instance = args.workdir / "instance"
    prepare(instance)
    reports = args.workdir / "reports"
    reports.mkdir(exist_ok=True)
    pages = {label: PAGES[label] for label in (args.pages or PAGES)}
    forms = ("mobile", "desktop") if args.form_factor == "both" else (args.form_factor,)
    server = Server(instance)
    rows = []
    try:
        server.warm(pages.values())
        version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True,
                                 text=True).stdout.strip()
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
        print(f"lighthouse {version}, {chromium}, server {server.base} (gunicorn, 2 workers), "
              f"{args.runs} run(s) per page", flush=True)
        for form in forms:
            for label, path in pages.items():
                runs = []
                for attempt in range(args.runs):
                    out = reports / f"{form}-{path.strip('/').replace('/', '_') or 'root'}-{attempt}.json"
                    runs.append(summary(lighthouse(server.base + path, form, out)))
                    print(f"  {form:7} {label:16} run {attempt + 1}: performance {runs[-1]['performance']}, "
                          f"accessibility {runs[-1]['accessibility']}", flush=True)
                by_score = sorted(runs, key=lambda r: r["performance"])
                median = by_score[len(by_score) // 2]
                median["performance_spread"] = (by_score[0]["performance"], by_score[-1]["performance"])
                rows.append((label, form, median))
    finally:
        server.stop()
        if not args.keep:
            shutil.rmtree(reports, ignore_errors=True)
    print()
    print(table(rows))
    print()
    for label, form, row in rows:
        low, high = row["performance_spread"]
        notes = row["failing"] + [f"opportunity: {text}" for text in row["opportunities"]]
        print(f"{label} ({form}): performance range over runs {low}–{high}")
        for note in notes:
            print(f"    {note}")
    public = [(label, form, row) for label, form, row in rows if not label.startswith("peer")]
    misses = []
    for label, form, row in public:
        misses += [f"{label} ({form}) {name} {row[name]} < {goal}" for name, goal in GOALS.items()
                   if row[name] < goal]
        if float(row["LCP"].split()[0]) > MAX_LCP_S:
            misses.append(f"{label} ({form}) LCP {row['LCP']} > {MAX_LCP_S} s")
        if float(row["CLS"]) > MAX_CLS:
            misses.append(f"{label} ({form}) CLS {row['CLS']} > {MAX_CLS}")
    print("\ngoals (performance ≥ 95, accessibility/best practices/SEO 100, LCP ≤ 2.0 s, CLS ≤ 0.02): "
          + ("met on every page" if not misses else "NOT met:\n    " + "\n    ".join(misses)))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
