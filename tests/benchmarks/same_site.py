"""Compare two built sites file by file: did a change to the build change its output?

    python tests/benchmarks/same_site.py SITE_BEFORE SITE_AFTER [--show N]

Every file is compared byte for byte, except Pagefind's index (pagefind/: its fragment
names are hashes of the content and its own process decides the layout) and the search
plugin's sitemap.xml.gz (gzip writes the time). Prints the files only in one site and the
files that differ (with the first differing line of up to N of them) and exits 1 if there
is any, 0 if the sites are the same.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from mkdocs.structure.files import File

#: folders and files whose bytes say nothing about Parlour's output
IGNORED_DIRS = ("pagefind",)
IGNORED_FILES = ("sitemap.xml.gz",)


def files(site: Path, *, search: bool = False) -> set[str]:
    """The site's files, as paths relative to it, without the ignored ones (``search``:
    Pagefind's index too)."""
    found = set()
    for path in site.rglob("*"):
        rel = path.relative_to(site)
        if (not search and rel.parts[0] in IGNORED_DIRS) or rel.name in IGNORED_FILES \
                or not path.is_file():
            continue
        found.add(rel.as_posix())
    return found


def _same(rel: str, a: bytes, b: bytes) -> bool:
    # Pagefind lists its languages in pagefind-entry.json in no fixed order
    return a == b or (rel.endswith("pagefind-entry.json") and json.loads(a) == json.loads(b))


def different_files(before: Path, after: Path, *, search: bool = False) -> list[str]:
    """The files only in one of two sites, then those that differ (``search``: Pagefind's
    index compared too, as the page cache must leave it: the same bundles)."""
    old, new = files(before, search=search), files(after, search=search)
    return sorted(old ^ new) + [
        rel for rel in sorted(old & new)
        if not _same(rel, (before / rel).read_bytes(), (after / rel).read_bytes())
    ]


def page_file(src_uri: str) -> str:
    """The file MkDocs writes a page's source to (use_directory_urls): ``interviews/x.md``
    -> ``interviews/x/index.html``."""
    return File(src_uri, "", "", use_directory_urls=True).dest_uri


def first_difference(a: bytes, b: bytes) -> str:
    """The first line that differs, shortened around the first differing character."""
    at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    start = max(0, at - 80)
    return (f"    at byte {at}:\n    - {a[start:at + 80]!r}\n"
            f"    + {b[start:at + 80]!r}")


def compare(before: Path, after: Path, *, show: int = 5) -> int:
    """Print how the two sites differ; the number of files that differ or are missing."""
    old, new = files(before), files(after)
    differ = different_files(before, after)
    shown = 0
    for rel in differ:
        if rel not in new:
            print(f"only in {before}: {rel}")
        elif rel not in old:
            print(f"only in {after}: {rel}")
        else:
            print(f"differs: {rel}")
            if shown < show:
                print(first_difference((before / rel).read_bytes(), (after / rel).read_bytes()))
                shown += 1
    print(f"{len(old & new)} files compared, {len(differ)} differ or are missing")
    return len(differ)


def main() -> None:
    """Command line: two site folders."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--show", type=int, default=5, help="differences to print in full")
    args = parser.parse_args()
    sys.exit(1 if compare(args.before, args.after, show=args.show) else 0)


if __name__ == "__main__":
    main()
