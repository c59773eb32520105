"""How long `parlour check` takes on a synthetic archive, against a baseline measured in the
same run: reading and parsing the same files with PyYAML alone (what any checker must do).

    python tests/benchmarks/bench_check.py --records 2000

Prints the wall time of a `parlour check` process (start-up included, as a contributor
would run it), of the in-process check, and of the baseline, with the ratios.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate_archive  # noqa: E402

from parlour.archive.checks import check_archive  # noqa: E402


def baseline(root: Path) -> int:
    """Parse every record file with PyYAML's C loader: the floor for any checker."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    n = 0
    for path in sorted((root / "stories").rglob("*")):
        if path.suffix in (".yml", ".md"):
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".md":
                text = text.split("\n---\n", 1)[0]
            yaml.load(text, Loader=loader)
            n += 1
    return n


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate_archive(root, records=args.records)
        problems = check_archive(root)
        if problems:
            sys.exit(f"the synthetic archive has problems, e.g. {problems[0]}")
        exe = Path(sys.executable).with_name("parlour")
        cmd = [str(exe), "check", str(root)] if exe.exists() else [
            sys.executable, "-m", "parlour.cli", "check", str(root)
        ]
        cli = timed(lambda: subprocess.run(cmd, check=True, capture_output=True), args.repeat)
        inproc = timed(lambda: check_archive(root), args.repeat)
        base = timed(lambda: baseline(root), args.repeat)
    print(f"records: {args.records}  (median of {args.repeat} runs)")
    print(f"{'':28}{'seconds':>9}{'x baseline':>12}")
    print(f"{'baseline (PyYAML parse)':28}{base:9.2f}{1:12.2f}")
    print(f"{'check_archive (in process)':28}{inproc:9.2f}{inproc / base:12.2f}")
    print(f"{'parlour check (command)':28}{cli:9.2f}{cli / base:12.2f}")


if __name__ == "__main__":
    main()
