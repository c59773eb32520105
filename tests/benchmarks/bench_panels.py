"""How long the panel export takes for the sample exhibition, in parallel and not.

    python tests/benchmarks/bench_panels.py [--size A1] [--repeat 2]

Prints seconds per panel (each panel's own render time in its worker: layout, PDF with
font subsetting, preview), and the whole exhibition's wall time (pre-flight, every panel,
labels, combined PDF, files written) with one worker and with one per core, with ratios
against the one-worker run. No time is asserted anywhere.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from parlour.panels import Options, export_panels

ROOT = Path(__file__).resolve().parents[2]


def run(workers: int, size: str, previews: bool):
    with tempfile.TemporaryDirectory() as out:
        return export_panels(ROOT, "wutong-then-and-now", out,
                             Options(size=size, workers=workers, previews=previews))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default=None, help="panel size (default: the exhibit's)")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    rows = []
    per_panel: dict[str, list[float]] = {}
    for label, workers, previews in (("serial, 1 worker", 1, True),
                                     (f"parallel, {cores} workers", cores, True),
                                     ("serial, no previews", 1, False)):
        walls = []
        for _ in range(args.repeat):
            report = run(workers, args.size, previews)
            walls.append(report.wall)
            if workers == 1 and previews:
                for key, seconds in report.seconds.items():
                    per_panel.setdefault(key, []).append(seconds)
        rows.append((label, min(walls), statistics.median(walls)))
    g = report.geometry
    panels = [k for k in per_panel if k != "labels"]
    print(f"sample exhibition: {len(panels)} panels + labels, {g.label()}, {cores} core(s)")
    print(f"\n{'panel':<22}{'seconds (best)':>16}")
    for key, values in per_panel.items():
        print(f"{key:<22}{min(values):>16.2f}")
    best = [min(per_panel[k]) for k in panels]
    print(f"{'mean per panel':<22}{statistics.mean(best):>16.2f}")
    base = rows[0][1]
    print(f"\n{'whole exhibition':<26}{'best s':>9}{'median s':>10}{'s/panel':>9}{'ratio':>8}")
    for label, best_wall, median in rows:
        print(f"{label:<26}{best_wall:>9.2f}{median:>10.2f}{best_wall / len(panels):>9.2f}"
              f"{best_wall / base:>8.2f}")


if __name__ == "__main__":
    sys.exit(main())
