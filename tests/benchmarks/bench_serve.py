"""How long ``mkdocs serve`` takes to show an edit to one interview, on a synthetic archive.

    python tests/benchmarks/bench_serve.py --records 1000

Copies the synthetic archive of N records (generate.py, cached like bench_build.py's) to a
scratch folder, starts ``mkdocs serve`` on it (``--dirty``, as ``make serve`` does; ``--clean``
for a full rebuild on every change, ``--both`` for both), waits for the first build, then:

1. edits one interview's title and polls its page over HTTP until the new title is there;
2. breaks the same file (a misspelt field: the build keeps showing the last good archive),
   waits for that rebuild, fixes it with another title, and polls until that title is there.

Prints the seconds from each save to the updated page, and the CPU seconds the server used
meanwhile (what to compare on a busy machine, where waiting for a core adds to the wall
time). Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_build import archive  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_for(url: str, text: str, *, timeout: float, proc: subprocess.Popen) -> float:
    """Seconds until the page at ``url`` contains ``text``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            sys.exit(f"mkdocs serve stopped (exit {proc.returncode})")
        page = fetch(url)
        if page is not None and text in page:
            return time.perf_counter() - start
        time.sleep(0.05)
    sys.exit(f"{url} did not show {text!r} within {timeout} s")


def set_title(path: Path, title: str, *, break_it: bool = False) -> None:
    source = path.read_text(encoding="utf-8")
    source = re.sub(r"(?m)^(title:\n  zh: ).*$", lambda m: m.group(1) + title, source, count=1)
    source = re.sub(r"(?m)^narr?ator:", "narator:" if break_it else "narrator:", source, count=1)
    path.write_text(source, encoding="utf-8")


def visible_interview(root: Path) -> str:
    """An interview with a page of its own: its narrator is public."""
    import yaml  # noqa: PLC0415

    for path in sorted((root / "stories" / "interviews").glob("*.md"),
                       key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        front = path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n")
        narrator = yaml.safe_load(front)["narrator"]
        person = yaml.safe_load(
            (root / "stories" / "people" / f"{narrator}.yml").read_text(encoding="utf-8")
        )
        if person["consent"]["level"] == "public" and "transcript" not in person["consent"]:
            return path.stem
    sys.exit("no public interview in the archive")


def measure(root: Path, mode: str, interview: str) -> dict[str, float]:
    port = free_port()
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(root / "mkdocs.yml"),
           "--dev-addr", f"127.0.0.1:{port}"]
    if mode == "dirty":
        cmd.append("--dirty")
    log = root / f"serve-{mode}.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    url = f"http://127.0.0.1:{port}/interviews/{interview}/"
    path = root / "stories" / "interviews" / f"{interview}.md"
    out: dict[str, float] = {}
    with open(log, "wb") as f:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=root, stdout=f, stderr=subprocess.STDOUT, env=env)
        try:
            wait_for(url, "<title>", timeout=600, proc=proc)
            out["first build"] = time.perf_counter() - start
            time.sleep(1)  # let the watcher settle

            title = f"编辑后的标题 EDIT-{mode}-1"
            cpu = cpu_seconds(proc.pid)
            set_title(path, title)
            out["edit title"] = wait_for(url, title, timeout=120, proc=proc)
            out["edit title (server CPU s)"] = cpu_seconds(proc.pid) - cpu
            time.sleep(1)

            set_title(path, f"坏掉的 EDIT-{mode}-broken", break_it=True)
            text = log.read_text(encoding="utf-8", errors="replace")
            seen = len(text)
            deadline = time.perf_counter() + 120
            # the broken rebuild has run when its error is logged
            while "narator" not in log.read_text(encoding="utf-8", errors="replace")[seen:]:
                if time.perf_counter() > deadline:
                    sys.exit("the broken edit was not reported")
                time.sleep(0.05)
            time.sleep(1)
            title = f"修好的标题 EDIT-{mode}-2"
            cpu = cpu_seconds(proc.pid)
            set_title(path, title)
            out["fix after a broken edit"] = wait_for(url, title, timeout=120, proc=proc)
            out["fix (server CPU s)"] = cpu_seconds(proc.pid) - cpu
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/parlour-bench"))
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--clean", action="store_const", dest="modes", const=["clean"],
                       help="serve without --dirty (a full rebuild on every change)")
    group.add_argument("--both", action="store_const", dest="modes", const=["dirty", "clean"])
    args = parser.parse_args()
    modes = args.modes or ["dirty"]
    args.cache.mkdir(parents=True, exist_ok=True)
    source = archive(args.cache, args.records, args.seed)
    results = {}
    for mode in modes:
        root = args.cache / f"serve-{args.records}-{mode}"
        if root.exists():
            shutil.rmtree(root)
        shutil.copytree(source, root, ignore=shutil.ignore_patterns(".cache"))
        interview = visible_interview(root)
        print(f"mkdocs serve{' --dirty' if mode == 'dirty' else ''} on {args.records} records, "
              f"editing stories/interviews/{interview}.md", flush=True)
        results[mode] = measure(root, mode, interview)
        for what, seconds in results[mode].items():
            print(f"  {what:28} {seconds:6.2f}" + ("" if "CPU" in what else " s"), flush=True)


if __name__ == "__main__":
    main()
