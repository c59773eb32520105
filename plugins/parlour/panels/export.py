"""Export an exhibition's panels: pre-flight, render in parallel, then write.

Nothing is written until every panel has been laid out and checked. An archive with
errors (the loader's or the cross-checks', as ``parlour check`` reports them) is refused
before anything else. Errors (a missing glyph, a missing picture, text far beyond what a
panel holds, a link too long for a QR code, a panel that could not be rendered) always stop
the export; warnings (a picture below 150 ppi, a panel whose text runs over, a missing
translation, a QR code with nowhere to point) stop it unless ``force`` is set.
"""

from __future__ import annotations

import datetime
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..archive import AUDIENCES, Archive, Entry
from ..archive.checks import cross_check
from ..archive.loader import load_archive
from ..archive.problems import ERROR, WARNING, Problem, sort_problems
from ..catalog import display_name
from . import fonts
from .content import Builder, PanelView
from .errors import BrokenArchive, PanelError
from .geometry import QR_WINDOW_M, Geometry, geometry
from .layout import MIN_PPI, place_qr, qr_side, zoom_min
from .manifest import fingerprints, remove_previous, write_manifest
from .render import Job, Result, blocks, labels_html, render_job, text_budget, text_em

#: The longest file name (bytes) ext4, APFS and NTFS all allow.
MAX_NAME = 255
#: What the export adds to the exhibition's id for its own files.
FILE_SUFFIXES = ("panels.pdf", "labels.pdf", "labels.png")


class PreflightFailed(PanelError):
    """Pre-flight found problems; nothing was written."""

    def __init__(self, problems: list[Problem], forceable: bool):
        self.problems = problems
        self.forceable = forceable
        errors = sum(p.severity == ERROR for p in problems)
        warnings = len(problems) - errors
        how = "fix them, or pass --force to print anyway" if forceable else "fix them first"
        super().__init__(f"pre-flight found {errors} error(s) and {warnings} warning(s); "
                         f"nothing was written; {how}")


@dataclass
class Options:
    """What to export. ``None`` means: as the exhibit's ``print:`` settings say."""

    lang: str | None = None  # zh, en or zh+en
    size: str | None = None  # A0, A1, A2 or WxHmm
    bleed: float | None = None  # mm
    marks: bool | None = None
    audience: str = "community"  # printed panels hang in the parlour (DESIGN, consent)
    site_url: str | None = None  # None: read it from mkdocs.yml
    force: bool = False
    workers: int | None = None  # None: one per core; 1: in this process, one after another
    previews: bool = True
    labels: bool = True
    today: datetime.date | None = None


@dataclass
class Report:
    exhibit_id: str
    out_dir: Path
    geometry: Geometry
    langs: list[str]
    panels: list[tuple[str, Path]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: seconds each document took in its worker, by panel id ("labels" for the labels)
    seconds: dict[str, float] = field(default_factory=dict)
    wall: float = 0.0  # the whole export, start to last file written
    workers: int = 1


def read_site_url(root: Path) -> str:
    """``site_url`` from mkdocs.yml, read as plain YAML (no MkDocs import; tags ignored)."""
    path = Path(root) / "mkdocs.yml"
    if not path.is_file():
        return ""

    class _Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml may hold !!python/name:... and !ENV tags; they matter to MkDocs, not here.
    _Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
    _Loader.add_multi_constructor("!", lambda *_: None)
    try:
        data = yaml.load(path.read_text("utf-8"), Loader=_Loader)
    except yaml.YAMLError:
        return ""
    value = data.get("site_url") if isinstance(data, dict) else None
    return value.strip() if isinstance(value, str) else ""


def prepare(root: Path | str, exhibit_id: str, options: Options | None = None
            ) -> tuple[list[PanelView], list, Geometry, list[str], list[Problem], Builder]:
    """Resolve the exhibit into panel views and check what can be checked without rendering."""
    options = options or Options()
    root = Path(root)
    if options.audience not in AUDIENCES:
        raise PanelError(f"unknown audience {options.audience!r}: use public or community")
    loaded = load_archive(root)
    # the same refusal as the website's build: the loader's errors and the cross-checks'
    errors = [p for p in (*loaded.problems, *cross_check(loaded, today=options.today))
              if p.severity == ERROR]
    if errors:
        raise BrokenArchive(sort_problems(errors))
    archive = Archive(loaded, audience=options.audience, today=options.today)
    public = (archive if options.audience == "public"
              else Archive(loaded, audience="public", today=options.today))
    exhibit = archive.get("exhibits", exhibit_id)
    if exhibit is None:
        known = ", ".join(e.id for e in archive.entries("exhibits")) or "none"
        raise PanelError(f"there is no exhibition “{exhibit_id}” for the {options.audience} "
                         f"audience (exhibitions: {known})")
    settings = exhibit.record.print
    # print.languages are the archive's own (the model checked them); --lang picks among
    # the archive's languages, joined by + (zh+en)
    langs = options.lang.split("+") if options.lang else list(settings.languages)
    unknown = [lang for lang in langs if lang not in loaded.languages]
    if unknown or not all(langs):
        raise PanelError(f"unknown language choice {options.lang!r}: use the archive's "
                         f"languages ({', '.join(loaded.languages)}), joined by + for several")
    g = geometry(options.size or settings.size,
                 bleed=settings.bleed if options.bleed is None else options.bleed,
                 marks=settings.marks if options.marks is None else options.marks,
                 hang=settings.hang_bottom)
    site_url = read_site_url(root) if options.site_url is None else options.site_url
    builder = Builder(archive, langs=langs, site_url=site_url, public=public)
    panels = builder.panels(exhibit)
    labels = builder.labels(panels) if options.labels else []
    problems = list(builder.problems)
    problems += glyph_problems(panels, labels)
    problems += budget_problems(panels, g)
    problems += name_problems(panels, exhibit)
    problems += qr_height_problems(panels, g, builder.at("exhibits", exhibit.id,
                                                          ("print", "hang_bottom")))
    return panels, labels, g, langs, problems, builder


def qr_height_problems(panels: list[PanelView], g: Geometry, where: tuple[str, int, int]
                       ) -> list[Problem]:
    """A warning when a panel's QR code cannot be placed 1.1–1.5 m from the floor at the
    height the panels hang (print.hang_bottom), with the heights that would work."""
    low, high = QR_WINDOW_M
    missed = []
    for view in panels:
        place = place_qr(g, side=qr_side(view, g), hang=g.hang_m)
        if place.where and not place.ok:
            missed.append((view.id, place))
    if not missed:
        return []
    ids = [pid for pid, _ in missed]
    place = missed[0][1]
    which = ("every panel's QR code" if len(ids) == len([v for v in panels if v.qr_url])
             else f"the QR code of panel{'s' if len(ids) > 1 else ''} {', '.join(ids)}")
    works = " or ".join(f"{a:.2f}–{b:.2f} m" for a, b in place.ranges) or "none"
    return [Problem(
        where[0], where[1], where[2], "qr-out-of-reach",
        f"hung with its bottom edge {g.hang_m:.2f} m above the floor, a {g.name} panel puts "
        f"{which} at {place.centre:.2f} m; it belongs between {low} and {high} m, where "
        "visitors can scan it without stooping or stretching",
        f"set print: hang_bottom: to a height where it fits ({works} for {g.name})", WARNING)]


def name_problems(panels: list[PanelView], exhibit: Entry) -> list[Problem]:
    """An error for each file the export would write whose name no file system allows
    (over 255 bytes: ``<panel id>.png``, ``<exhibit id>-labels.png``), before any layout."""
    out = []
    longest = max(len(f"-{suffix}") for suffix in FILE_SUFFIXES)
    if len(exhibit.id.encode()) + longest > MAX_NAME:
        out.append(Problem(
            exhibit.path, 1, 1, "id-too-long",
            f"the exhibition's id is {len(exhibit.id)} characters long; the files of its "
            f"panels would have names longer than a file system allows ({MAX_NAME} bytes)",
            "give the exhibition a shorter id (its file name)", ERROR))
    for view in panels:
        if len(view.id.encode()) + len(".png") > MAX_NAME:
            path, line, column = view.where
            out.append(Problem(
                path, line, column, "id-too-long",
                f"the id of panel {view.id[:40]}… is {len(view.id)} characters long; its PDF "
                f"would have a name longer than a file system allows ({MAX_NAME} bytes)",
                "give the panel a shorter id", ERROR))
    return out


def over_budget(view: PanelView, g: Geometry) -> list[tuple[str, int, int]]:
    """(language, characters, at most) for each of the panel's texts that is too long to
    be worth laying out (see :func:`~parlour.panels.render.text_budget`)."""
    if not view.text:
        return []
    budget = text_budget(view, g)
    out = []
    for lang, text in view.text:
        em = text_em(text)
        if em > budget:
            out.append((lang, len(text), int(budget * len(text) / em)))
    return out


def budget_problems(panels: list[PanelView], g: Geometry) -> list[Problem]:
    """An error for each panel text that could never fit on its panel (it is not laid out:
    in two languages, text running over pages takes WeasyPrint minutes)."""
    out = []
    for view in panels:
        for lang, length, most in over_budget(view, g):
            path, line, column = view.text_where
            out.append(Problem(
                path, line, column, "text-too-long",
                f"the {display_name(lang, 'en')} text of panel {view.id} is {length:,} "
                f"characters long; on a {g.name} {view.layout} panel at most about {most:,} "
                "such characters fit (the budget for this size and layout)",
                "split it into two panels, or shorten it", ERROR))
    return out


def glyph_problems(panels: list[PanelView], labels: list) -> list[Problem]:
    """Every character that the panel fonts cannot set, as an error per panel (no tofu)."""
    for family in fonts.FAMILIES:
        fonts.find_font(family)  # PanelError, with the install command, when missing
    out = []
    for view in [*panels, *labels]:
        text = "".join(view.strings())
        missing = list(dict.fromkeys(c for family in fonts.FAMILIES
                                     for c in fonts.missing_glyphs(text, family)))
        if missing:
            where = getattr(view, "where", None) or ("", 0, 0)
            name = f"panel {view.id}" if isinstance(view, PanelView) else f"the label of {view.id}"
            out.append(Problem(
                where[0] or f"objects/{view.id}", where[1], where[2], "missing-glyph",
                f"{name} uses {', '.join(fonts.describe(c) for c in missing)}, which "
                f"{' and '.join(fonts.FAMILIES)} cannot print",
                "write the text without these characters (emoji and rare characters have "
                "no glyph in the panel fonts)", ERROR))
    return out


def _run(jobs: list[Job], workers: int, progress: Callable[[str], None] | None
         ) -> dict[str, Result]:
    results: dict[str, Result] = {}
    if workers <= 1:
        for job in jobs:
            results[job.key] = render_job(job)
            if progress:
                progress(job.key)
        return results
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(render_job, job): job.key for job in jobs}
        for future in as_completed(futures):
            result = future.result()
            results[result.key] = result
            if progress:
                progress(result.key)
    return results


def export_panels(
    root: Path | str,
    exhibit_id: str,
    out: Path | str,
    options: Options | None = None,
    *,
    progress: Callable[[str], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> Report:
    """Write one PDF and one PNG preview per panel, the whole set as one PDF, the object
    labels on A4, and a manifest, into ``out/<exhibit_id>/``.

    ``on_start(n)`` is called with the number of documents to render, ``progress(key)``
    once as each is done. Raises :class:`PreflightFailed` (nothing written) when pre-flight
    finds problems, :class:`PanelError` when the export cannot start at all.
    """
    started = time.perf_counter()
    options = options or Options()
    root = Path(root)
    panels, labels, g, langs, problems, builder = prepare(root, exhibit_id, options)
    media_root = str((root / "stories" / "media").resolve())
    if any(p.severity == ERROR and p.code == "missing-glyph" for p in problems):
        raise PreflightFailed(sort_problems(problems), forceable=False)

    # a text far beyond its budget is an error already: laying it out would only take time
    jobs = [Job(p.id, "", media_root, g.bleed, options.previews, panel=p, geometry=g)
            for p in panels if not over_budget(p, g)]
    if labels:
        jobs.append(Job("labels", labels_html(labels, exhibit_id), media_root, 0.0,
                        options.previews, single_page=False))
    workers = options.workers or os.cpu_count() or 1
    workers = max(1, min(workers, len(jobs)))
    if on_start:
        on_start(len(jobs))
    results = _run(jobs, workers, progress)
    problems += render_problems(panels, results)
    problems += type_problems(panels, results, g)

    problems = sort_problems(problems)
    if any(p.severity == ERROR for p in problems):
        raise PreflightFailed(problems, forceable=False)
    if problems and not options.force:
        raise PreflightFailed(problems, forceable=True)

    report = Report(exhibit_id, Path(out) / exhibit_id, g, langs, problems=problems,
                    workers=workers)
    _write(report, panels, labels, results, options, builder.a)
    report.seconds = {key: r.seconds for key, r in results.items()}
    report.wall = time.perf_counter() - started
    return report


def type_problems(panels: list[PanelView], results: dict[str, Result], g: Geometry
                  ) -> list[Problem]:
    """A warning for each block a panel sets below its size's least body or caption type
    (a panel too full for its sheet, which the layout shrank to get it on), at the block's
    own file and line."""
    out = []
    least = {"body": ("running text", g.type.min_body),
             "caption": ("captions", g.type.min_caption)}
    for view in panels:
        result = results.get(view.id)
        if result is None or result.error or not result.small:
            continue
        numbered = blocks(view).where
        sizes: dict[int, list[str]] = {}
        for block, role, size in result.small:
            kind, most = least[role]
            sizes.setdefault(block, []).append(
                f"{kind} at {size:g} pt, where {g.name} needs at least {most:g} pt")
        full = result.zoom < zoom_min(g) - 1e-3
        for block, said in sizes.items():
            what, where = numbered[block] if block < len(numbered) else numbered[0]
            out.append(Problem(
                where[0] or view.where[0], where[1], where[2], "type-too-small",
                f"panel {view.id} fits its {g.name} sheet only with type below the size's "
                f"minimums: {what} has {' and '.join(said)}" if full else
                f"on panel {view.id}, {what} has {' and '.join(said)}",
                "shorten the texts on this panel or take items off it, or print it larger"
                if full else "this is a bug in Parlour: please report it", WARNING))
    return out


def render_problems(panels: list[PanelView], results: dict[str, Result]) -> list[Problem]:
    """What only the layout can tell: text that does not fit, pictures too coarse to print."""
    out = []
    for view in panels:
        result = results.get(view.id)
        if result is None:
            continue  # not laid out: its text is over budget (an error already)
        path, line, column = view.where
        if result.error:
            out.append(Problem(path, line, column, "render-failed",
                               f"panel {view.id} could not be rendered ({result.error})",
                               "this is a bug in Parlour: please report it", ERROR))
            continue
        if result.pages > 1:
            out.append(Problem(
                path, line, column, "text-overflow",
                f"panel {view.id} does not fit on its panel: it needs {result.pages} pages' "
                "worth of room; with --force only the first is printed and the rest is cut",
                "shorten the text, or take items off this panel", WARNING))
        images = {}
        for image in [view.image, *(i.image for i in view.items),
                      *(q.portrait for q in view.quotes)]:
            if image is not None:
                images.setdefault(image.media, image.where)
        for media, pixels, ppi in result.images:
            if ppi < MIN_PPI:
                where = images.get(media, view.where)
                out.append(Problem(
                    where[0], where[1], where[2], "low-resolution",
                    f"the picture {media} on panel {view.id} is {pixels} pixels across, "
                    f"{ppi:.0f} ppi at its printed size; it needs at least {MIN_PPI} ppi",
                    f"use a larger original (at least {round(pixels * MIN_PPI / ppi)} pixels "
                    "across), or a vector drawing (SVG)", WARNING))
    labels = results.get("labels")
    if labels is not None and labels.error:
        out.append(Problem("", 0, 0, "render-failed",
                           f"the object labels could not be rendered ({labels.error})",
                           "this is a bug in Parlour: please report it", ERROR))
    return out


def _write(report: Report, panels: list[PanelView], labels: list, results: dict[str, Result],
           options: Options, archive: Archive) -> None:
    from pypdf import PdfWriter

    folder = report.out_dir
    folder.mkdir(parents=True, exist_ok=True)
    remove_previous(folder)
    combined = PdfWriter()
    for view in panels:
        result = results[view.id]
        pdf = folder / f"{view.id}.pdf"
        pdf.write_bytes(result.pdf)
        report.panels.append((view.id, pdf))
        report.files.append(pdf)
        if result.png:
            png = folder / f"{view.id}.png"
            png.write_bytes(result.png)
            report.files.append(png)
        combined.append(pdf)
    whole = folder / f"{report.exhibit_id}-panels.pdf"
    with whole.open("wb") as f:
        combined.write(f)
    report.files.append(whole)
    sheet = results.get("labels")
    label_file = None
    if sheet is not None:
        label_file = folder / f"{report.exhibit_id}-labels.pdf"
        label_file.write_bytes(sheet.pdf)
        report.files.append(label_file)
        if sheet.png:
            (folder / f"{report.exhibit_id}-labels.png").write_bytes(sheet.png)
            report.files.append(folder / f"{report.exhibit_id}-labels.png")
    g = report.geometry
    # the fingerprints are taken in the audience the PDFs are for: the website takes them
    # again in that audience and offers a PDF only while they still match (manifest.py)
    by_id = {view.id: view for view in panels}
    write_manifest(folder, {
        "exhibit": report.exhibit_id,
        "audience": options.audience,
        "consent_date": archive.today.isoformat(),
        "languages": report.langs,
        "size": g.name, "width_mm": g.width, "height_mm": g.height, "bleed_mm": g.bleed,
        "marks": g.marks,
        # how high the QR codes were placed for (the bottom edge above the floor, m)
        "hang_bottom_m": g.hang_m,
        "panels": [{"id": pid, "file": p.name, **fingerprints(archive, by_id[pid].records)}
                   for pid, p in report.panels],
        "labels": ({"file": label_file.name,
                    **fingerprints(archive, [f"objects/{v.id}" for v in labels])}
                   if label_file else None),
        "files": [p.name for p in report.files],
        "forced": bool(report.problems),
    })
