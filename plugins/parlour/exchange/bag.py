"""`parlour bag`: a BagIt bag of the archive as the public may see it, for preservation.

A git repository on one laptop is not a preservation copy. A bag (RFC 8493, the ``bagit``
package) is a folder any archive's tools can check years later: every file is listed with
its SHA-256 and SHA-512, and ``bag-info.txt`` says who made it, when, with what, and under
which consent. The payload (``data/``)::

    README.txt                  what is where, and the consent statement
    records/<type>/<id>.json    every record the public may see, as the public may see it
    records/themes.json         the themes
    transcripts/<id>.<lang>.vtt each published transcript, speakers as the site labels them
    site/                       the public website, built afresh: its pages, the published
                                media renditions (site/media/), the open data (site/data/)
                                and the IIIF manifests (site/iiif/)

Only the public view goes in (:class:`~parlour.archive.Archive` for the ``public``
audience): the records are written from its redacted views and transcripts, never copied
from stories/ (whose files hold names, consent notes and the material of people who did not
agree to be published), and the site is built from mkdocs.yml, which must be the public
site's config. The site is always built anew into the bag, not taken from a folder lying
around: such a folder may be a kiosk build, or older than a withdrawal. An archive with
errors (as ``parlour check`` reports them) is refused before anything is written, as the
build refuses it.

``bag-info.txt``: Source-Organization is mkdocs.yml's ``site_author`` (else its
``site_name``), Contact-Email is ``extra: contact_email`` when set, External-Identifier its
``site_url``; then Bagging-Date, Parlour-Version and Consent-Statement.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bagit

from ..catalog import M_, words
from .. import __version__
from ..archive import Archive, Entry
from ..archive.checks import cross_check
from ..archive.loader import load_archive
from ..archive.problems import ERROR, ArchiveHasErrors, ParlourError, sort_problems
from ..archive.transcript import Cue
from .vtt import vtt_timestamp

CHECKSUMS = ("sha256", "sha512")
AUDIENCE = "public"
BUILD_TIMEOUT_S = 1800
CONSENT_STATEMENT = M_(
    "Only material the residents agreed to publish is included: the public view of the "
    "archive, as its public website shows it. People, names, portraits, recordings and "
    "transcripts without public consent, material under embargo, and everything about a "
    "person who withdrew consent are left out."
)


def consent_statement(langs: list[str]) -> str:
    """The consent statement in English and in the archive's default language (the
    catalogs), for whoever opens the bag decades from now."""
    english = CONSENT_STATEMENT
    own = words(langs[0]).gettext(CONSENT_STATEMENT) if langs else english
    return english if own == english else f"{english} {own}"
README = """\
{name}: a preservation copy (BagIt) made by Parlour {version} on {date}.

records/<type>/<id>.json
    Every record the public may see, as the public may see it: fields a person did not
    agree to publish are left out, people are named only as they agreed. Media fields
    name files of the archive (stories/media/); their published renditions are in
    site/media/ (a raster picture with its width added to its name).
records/themes.json
    The archive's themes.
transcripts/<interview id>.<language>.vtt
    Each published transcript (WebVTT), speakers labelled as the website labels them.
site/
    The public website as built from this archive: open site/index.html, or serve the
    folder. site/media/ holds the published media renditions (metadata stripped),
    site/data/ the open data (JSON, CSV, TimelineJS), site/iiif/ the IIIF manifests.

{consent}
"""

log = logging.getLogger(__name__)


class BagError(ParlourError):
    """A bag that cannot be made or checked as asked; the message says why in plain words."""


@dataclass(frozen=True)
class Made:
    """What :func:`make_bag` wrote: the bag, its payload's size, and what went in."""

    path: Path
    files: int
    bytes: int
    records: int
    transcripts: int


def make_bag(root: Path, out: Path, *, today: datetime.date | None = None,
             config: str = "mkdocs.yml") -> Made:
    """Make the bag of the archive at ``root`` in ``out`` (a new or empty folder).

    Raises :class:`~parlour.archive.problems.ArchiveHasErrors` for an archive with errors
    and :class:`BagError` for anything else that stops it; either way nothing is left in
    ``out``.
    """
    root, out = Path(root).resolve(), Path(out).resolve()
    today = today or datetime.date.today()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BagError(f"{out} already exists and is not an empty folder: name a new one")
    if out == root or root in out.parents and out.relative_to(root).parts[0] in (
            "stories", "exhibits", "docs"):
        raise BagError(f"{out} is inside the archive's own files: put the bag elsewhere")
    settings = _site_settings(root / config)
    loaded = load_archive(root)
    errors = [p for p in (*loaded.problems, *cross_check(loaded, today=today))
              if p.severity == ERROR]
    if errors:
        raise ArchiveHasErrors(sort_problems(errors))
    archive = Archive(loaded, audience=AUDIENCE, today=today,
                      default_lang=(settings["langs"] or ["zh"])[0])
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    try:
        records = write_records(archive, out / "records")
        transcripts = write_transcripts(archive, out / "transcripts", langs=settings["langs"])
        _build_site(root / config, out / "site")
        (out / "README.txt").write_text(README.format(
            name=settings["name"], version=__version__, date=today.isoformat(),
            consent=consent_statement(settings["langs"])), encoding="utf-8")
        bag = bagit.make_bag(str(out), bag_info=bag_info(settings, today=today),
                             checksums=list(CHECKSUMS))
        bag.validate()  # what was written is what the manifests say
    except BaseException:
        # never half a bag: a preservation copy that is not whole is worse than none
        _remove(out, keep_folder=not created)
        raise
    oxum = bag.info.get("Payload-Oxum", "0.0")
    size, count = (int(n) for n in oxum.split("."))
    return Made(out, count, size, records, transcripts)


def bag_info(settings: dict[str, Any], *, today: datetime.date) -> dict[str, str]:
    """The bag-info.txt fields (bagit adds Payload-Oxum and Bag-Software-Agent)."""
    info = {"Source-Organization": settings["organization"]}
    if settings["email"]:
        info["Contact-Email"] = settings["email"]
    if settings["url"]:
        info["External-Identifier"] = settings["url"]
    if settings["description"]:
        info["External-Description"] = settings["description"]
    info.update({
        "Bagging-Date": today.isoformat(),
        "Parlour-Version": __version__,
        "Parlour-Audience": AUDIENCE,
        "Consent-Statement": consent_statement(settings.get("langs") or []),
    })
    # a tag value is one line: a newline in a setting would start a new, made-up tag
    return {key: " ".join(str(value).split()) for key, value in info.items()}


def validate_bag(path: Path) -> tuple[bool, str]:
    """Check the bag at ``path`` with bagit (every file against every checksum): (valid,
    a plain sentence, with each problem on its own line when it is not)."""
    path = Path(path)
    if not path.is_dir():
        return False, f"{path} is not a folder"
    try:
        bag = bagit.Bag(str(path))
        bag.validate()
    except bagit.BagValidationError as err:
        details = [f"  {detail}" for detail in err.details[:50]]
        more = len(err.details) - len(details)
        if more > 0:
            details.append(f"  ... and {more} more")
        return False, "\n".join([f"{path} is NOT a valid bag: {err.message}", *details])
    except bagit.BagError as err:
        return False, f"{path} is not a bag: {err}"
    oxum = bag.info.get("Payload-Oxum", "0.0")
    size, count = (int(n) for n in oxum.split("."))
    algorithms = ", ".join(bag.algorithms)
    return True, (f"{path} is a valid bag: {count} files, {size / 1e6:.1f} MB, every one "
                  f"matching its {algorithms} checksums")


# --------------------------------------------------------------------------- payload


def write_records(archive: Archive, folder: Path) -> int:
    """One JSON file per record the audience may see, from its redacted view; the themes."""
    count = 0
    for entry in archive.all_entries():
        path = folder / entry.type / f"{entry.id}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_json(record_document(archive, entry)))
        count += 1
    folder.mkdir(parents=True, exist_ok=True)
    themes = {key: value.model_dump(mode="json", exclude_none=True)
              for key, value in archive.themes.items()}
    (folder / "themes.json").write_bytes(_json(themes))
    return count


def record_document(archive: Archive, entry: Entry) -> dict[str, Any]:
    """A record as the audience may see it: the view's fields (withheld ones are not in the
    view), a person's consented label, and the Markdown body."""
    fields = entry.record.model_dump(mode="json", by_alias=True, exclude_none=True,
                                     exclude_defaults=True)
    fields.pop("consent", None)  # never in a view; kept out here too should that change
    out: dict[str, Any] = {"type": entry.type, "id": entry.id}
    if entry.type == "people":
        out["label"] = {lang: archive.person_label(entry.id, lang) for lang in archive.languages}
    out.update(fields)
    body = archive.body(entry)
    if body:
        out["body"] = body
    return out


def write_transcripts(archive: Archive, folder: Path, *, langs: list[str]) -> int:
    """Each transcript the audience may read, once per site language (the speakers' labels
    are words of that language), as WebVTT."""
    count = 0
    for entry in archive.entries("interviews"):
        for lang in langs:
            cues = archive.transcript(entry, lang)
            if not cues:
                continue
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{entry.id}.{lang}.vtt").write_text(vtt(cues), encoding="utf-8")
            count += 1
    return count


def vtt(cues: list[Cue]) -> str:
    """Cues as a WebVTT file."""
    out = ["WEBVTT", ""]
    for cue in cues:
        text = _vtt_escape(cue.text).replace("\n\n", "\n").strip()
        if cue.voice:
            text = f"<v {_vtt_escape(cue.voice).replace('>', '&gt;')}>{text}"
        out += [f"{vtt_timestamp(cue.start)} --> {vtt_timestamp(cue.end)}", text, ""]
    return "\n".join(out)


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _json(document: Any) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- the site


def _site_settings(config_file: Path) -> dict[str, Any]:
    """What the bag needs from mkdocs.yml, read by MkDocs itself (INHERIT and all); refuses a
    config whose Parlour plugin is not the public site's."""
    if not config_file.is_file():
        raise BagError(f"no {config_file.name} in {config_file.parent}: the bag holds the "
                       "built website, and Parlour builds it from that file")
    from mkdocs.config import load_config  # noqa: PLC0415 - MkDocs only for `parlour bag`
    from mkdocs.exceptions import ConfigurationError  # noqa: PLC0415

    try:
        config = load_config(str(config_file))
    except (ConfigurationError, SystemExit) as err:
        raise BagError(f"{config_file.name} cannot be read by MkDocs: {err}") from None
    plugin = config.plugins.get("parlour")
    if plugin is None or not plugin.config.enabled:
        raise BagError(f"{config_file.name} does not enable the parlour plugin")
    audience = plugin.config.audience
    if audience != AUDIENCE:
        raise BagError(f"{config_file.name} builds for the {audience} audience; a bag holds "
                       "only what the public may see: use the public site's config")
    extra = config.extra or {}
    return {
        "name": config.site_name,
        "organization": config.site_author or config.site_name,
        "email": str(extra.get("contact_email") or ""),
        "url": config.site_url or "",
        "description": config.site_description or "",
        "langs": list(dict.fromkeys(plugin.config.languages)) or ["zh"],
    }


def _build_site(config_file: Path, out: Path) -> None:
    """``mkdocs build`` of the public config into ``out`` (in its own process: a build is
    a program of its own, with its own logging, plugins and memory)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file), "-d",
             str(out)], cwd=config_file.parent, env=env, capture_output=True, text=True,
            timeout=BUILD_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise BagError(f"building the site took more than {BUILD_TIMEOUT_S} s") from None
    if result.returncode != 0:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-20:])
        raise BagError(f"the site did not build, so no bag was made:\n{tail}")


def _remove(out: Path, *, keep_folder: bool) -> None:
    """Remove what was written into ``out`` (the folder itself too when it was made here)."""
    if not out.exists():
        return
    if not keep_folder:
        shutil.rmtree(out, ignore_errors=True)
        return
    for child in out.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
