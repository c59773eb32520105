"""Run ``mkdocs`` with Parlour's own work timed: how much of a build is Parlour's.

    python tests/benchmarks/timed_mkdocs.py TIMINGS.json build -f mkdocs.yml ...

Wraps every hook of the Parlour plugin and the steps inside them (load, check, cross-link,
images, generate, exports) with a timer, runs MkDocs' command line with the remaining
arguments, and writes the seconds spent in each to TIMINGS.json. The rest of the build
(Markdown, templates, search index, copying files) is MkDocs' and Material's.
"""

from __future__ import annotations

import atexit
import functools
import json
import sys
import time
from collections import defaultdict

SECONDS: dict[str, float] = defaultdict(float)
CPU: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)


def timed(name: str, fn, *, top: bool):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        start, cpu = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            SECONDS[name] += time.perf_counter() - start
            CPU[name] += time.process_time() - cpu
            CALLS[name] += 1

    wrapper.__parlour_top__ = top
    return wrapper


def install() -> None:
    from parlour import plugin  # noqa: PLC0415

    cls = plugin.ParlourPlugin
    for name in ("on_config", "on_files", "on_nav", "on_page_markdown", "on_page_content",
                 "on_page_context", "on_post_build", "on_env", "on_post_page"):
        if name in cls.__dict__:
            setattr(cls, name, timed(f"hook {name}", cls.__dict__[name], top=True))
    # the steps inside the hooks, where they are looked up at call time
    for name in ("load_archive", "cross_check", "Archive", "generate_pages", "export_files",
                 "data_page_markdown", "build_index"):
        if hasattr(plugin, name):
            setattr(plugin, name, timed(f"  {name}", getattr(plugin, name), top=False))
    for name in ("_publish_images", "_install_search_terms"):
        if name in cls.__dict__:
            setattr(cls, name, timed(f"  {name}", cls.__dict__[name], top=False))
    ctx = plugin.page_context
    for name in ("record_context", "expand_blocks"):
        setattr(ctx, name, timed(f"  {name}", getattr(ctx, name), top=False))


def main() -> None:
    out = sys.argv[1]
    start, cpu = time.perf_counter(), time.process_time()
    install()

    def dump():
        def hooks(d):
            return sum(v for k, v in d.items() if k.startswith("hook "))

        with open(out, "w") as f:
            json.dump(
                {"total": time.perf_counter() - start, "parlour": hooks(SECONDS),
                 "total_cpu": time.process_time() - cpu, "parlour_cpu": hooks(CPU),
                 "seconds": dict(SECONDS), "cpu": dict(CPU), "calls": dict(CALLS)},
                f, indent=1,
            )

    atexit.register(dump)
    from mkdocs.__main__ import cli  # noqa: PLC0415

    sys.argv = ["mkdocs", *sys.argv[2:]]
    cli()


if __name__ == "__main__":
    main()
