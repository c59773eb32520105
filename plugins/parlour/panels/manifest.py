"""The export's manifest, and which exported PDFs may still be offered on the website.

Each export writes ``manifest.json`` beside its PDFs: the audience the panels were made for
and, per panel and for the label sheet, the records printed on it with a consent
fingerprint (:meth:`Archive.fingerprint`: their redacted views and every consent answer
about the people in them) taken in that audience on the day of the export. A PDF is a
snapshot; consent is not. So the website offers a PDF only while the fingerprint taken
now, in the same audience, is still the one in the manifest: once someone on the panel
narrowed or withdrew consent (or an embargo began, or the record changed), the PDF is
left out with a warning that says which panel, why, and what to run.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..archive import AUDIENCES, Archive, Entry

MANIFEST = "manifest.json"
#: The manifest layout; an export without it predates fingerprints and is never offered.
VERSION = 2


@dataclass
class Stale:
    """An exported PDF the website must not offer, and why (a sentence for the build log)."""

    path: Path
    reason: str


@dataclass
class Offer:
    """What the website may offer for one exhibition."""

    panels: list[tuple[str, Path]] = field(default_factory=list)  # (panel id, PDF), in order
    combined: Path | None = None  # all panels in one PDF: only when every panel is current
    stale: list[Stale] = field(default_factory=list)


# --------------------------------------------------------------------------- fingerprints


def _key(ref: str) -> Entry:
    # Archive.fingerprint asks the archive about an entry by type and id only, so a ref
    # read back from the manifest stands for the record whether or not it is still visible
    type_, id_ = ref.split("/", 1)
    return Entry(type_, id_, record=None, path="")  # type: ignore[arg-type]


def fingerprints(archive: Archive, refs: Iterable[str]) -> dict[str, Any]:
    """The consent fingerprint of a panel (or label sheet) showing ``refs``, in ``archive``'s
    audience: one for the whole and one per record (to tell later which one changed)."""
    refs = list(dict.fromkeys(refs))
    return {
        "fingerprint": archive.fingerprint([_key(r) for r in refs]),
        "records": {r: archive.fingerprint([_key(r)]) for r in refs},
    }


def _why_stale(archive: Archive, stored: dict, exported: str) -> str | None:
    """None when ``stored`` (a manifest's panel) is current; else why not, in words."""
    records = stored.get("records")
    if not isinstance(records, dict) or not isinstance(stored.get("fingerprint"), str):
        return "it was exported before panels carried a consent fingerprint"
    refs = [r for r in records if isinstance(r, str) and "/" in r]
    if archive.fingerprint([_key(r) for r in refs]) == stored["fingerprint"]:
        return None
    gone, changed = [], []
    for ref in refs:
        if archive.fingerprint([_key(ref)]) != records[ref]:
            type_, id_ = ref.split("/", 1)
            (gone if archive.get(type_, id_) is None else changed).append(ref)
    details = []
    if gone:
        details.append(f"no longer for the {archive.audience} audience: {', '.join(gone)}")
    if changed:
        details.append("changed, or the consent of the people they name did: "
                       + ", ".join(changed))
    because = f" ({'; '.join(details)})" if details else ""
    return (f"the consent of the people on it changed since it was exported on "
            f"{exported}{because}")


# --------------------------------------------------------------------------- writing


def write_manifest(folder: Path, data: dict) -> None:
    """Write ``manifest.json`` (``data`` with the layout version and the export's date)."""
    data = {"version": VERSION, "exported": datetime.date.today().isoformat(), **data}
    (folder / MANIFEST).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n",
                                   "utf-8")


def remove_previous(folder: Path) -> None:
    """Delete what an earlier export listed in its manifest (never a file someone else
    put in the folder)."""
    try:
        previous = json.loads((folder / MANIFEST).read_text("utf-8"))
        names = previous.get("files", [])
    except (OSError, ValueError, AttributeError):
        return
    for name in names:
        if isinstance(name, str) and "/" not in name and "\\" not in name:
            (folder / name).unlink(missing_ok=True)


# --------------------------------------------------------------------------- the website


def offer(exhibit_id: str, out_dir: Path | str, *, archive_for: Callable[[str], Archive],
          audience: str = "public") -> Offer:
    """The exported PDFs of ``exhibit_id`` under ``out_dir`` that a site for ``audience``
    may offer, and those it must leave out (with the reason).

    Only files made for ``audience`` or a narrower one count at all: panels printed for the
    community may show people who agreed to the parlour but not to the internet, so the
    public website never offers them (and says nothing of them). Of those, a panel is
    offered only while its consent fingerprint, taken again now with
    ``archive_for(the manifest's audience)``, is the one the export wrote.
    """
    folder = Path(out_dir) / exhibit_id
    try:
        manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return Offer()
    if not isinstance(manifest, dict):
        return Offer()
    built_for = manifest.get("audience")
    if built_for not in AUDIENCES or not AUDIENCES[built_for] <= AUDIENCES.get(audience, set()):
        return Offer()
    archive = archive_for(built_for)
    exported = manifest.get("exported") or "an earlier day"
    again = f"run `parlour panels {exhibit_id} --audience {built_for}` again"
    result = Offer()
    panels = [p for p in manifest.get("panels", []) if isinstance(p, dict)]
    current = 0
    for panel in panels:
        path = folder / str(panel.get("file", ""))
        exists = path.is_file() and path.parent == folder
        why = _why_stale(archive, panel, exported)
        if why is None:
            current += 1
            if exists:
                result.panels.append((str(panel.get("id")), path))
        elif exists:
            result.stale.append(Stale(
                path, f"{_shown(path, archive.root)} is left out of the site: {why}; {again}"))
    combined = folder / f"{exhibit_id}-panels.pdf"
    if combined.is_file() and panels and current == len(panels):
        result.combined = combined
    elif combined.is_file() and panels:
        result.stale.append(Stale(combined, (
            f"{_shown(combined, archive.root)} is left out of the site: it holds panels "
            f"that are out of date (see above); {again}")))
    return result


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def panel_files(exhibit_id: str, out_dir: Path | str, *, archive_for: Callable[[str], Archive],
                audience: str = "public") -> list[tuple[str, Path]]:
    """The current panel PDFs of ``exhibit_id`` a site for ``audience`` may offer, as
    (panel id, path) in exhibit order (see :func:`offer`)."""
    return offer(exhibit_id, out_dir, archive_for=archive_for, audience=audience).panels


def combined_file(exhibit_id: str, out_dir: Path | str, *,
                  archive_for: Callable[[str], Archive], audience: str = "public"
                  ) -> Path | None:
    """The all-panels PDF, when every panel in it may be offered (see :func:`offer`)."""
    return offer(exhibit_id, out_dir, archive_for=archive_for, audience=audience).combined
