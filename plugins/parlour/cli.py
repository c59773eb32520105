"""The `parlour` command: argument wiring only; each command calls a plain function."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .archive.problems import count, format_github, format_json, format_text, strict, summary

ROOT_MARKERS = ("stories", "exhibits", "mkdocs.yml")


def find_root(path: Path) -> Path | None:
    """The repository root for ``path``: the nearest folder (itself or above) that holds
    stories/, exhibits/ or mkdocs.yml."""
    path = path.resolve()
    for folder in [path if path.is_dir() else path.parent, *path.parents]:
        if any((folder / m).exists() for m in ROOT_MARKERS):
            return folder
    return None


def archive_root(path: Path) -> Path:
    """:func:`find_root`, or a usage error (exit 2) that says what Parlour looked for."""
    root = find_root(path)
    if root is None:
        raise click.UsageError(
            f"{path} is not inside a Parlour archive (no stories/, exhibits/ or mkdocs.yml found)"
        )
    return root


def check_words(root: Path, lang: str | None = None):
    """The words problems are told in: ``lang``, else the archive's default language (the
    first of the parlour plugin's ``languages`` in mkdocs.yml, the plugin's own default when
    it names none; English, Parlour's source language, without a mkdocs.yml), read from the
    archive's catalogs (``locale_dir``) before Parlour's."""
    from .archive.mediafiles import plugin_options  # noqa: PLC0415
    from .catalog import LanguageError, words  # noqa: PLC0415
    from .config import ParlourConfig  # noqa: PLC0415

    options = plugin_options(root)
    locale_dirs = (root / str((options or {}).get("locale_dir", "locale")),)
    if lang is not None:
        try:
            return words(lang, locale_dirs)
        except LanguageError as err:
            raise click.BadParameter(str(err), param_hint="--lang") from None
    langs = (options or {}).get("languages")
    if options is None:
        langs = ["en"]
    elif not (isinstance(langs, list) and langs and isinstance(langs[0], str)):
        langs = ParlourConfig.languages.default
    try:
        return words(langs[0], locale_dirs)
    except LanguageError:  # the build reports the bad tag; the problems are still told
        return words("en", locale_dirs)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="parlour")
def main() -> None:
    """Parlour: a neighbourhood's memories, kept in git, made into a site and panels."""


@main.command()
@click.argument("path", default=".", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
    help="text for people, json for tools, github for workflow annotations.",
)
@click.option("--strict", "strict_mode", is_flag=True, help="Treat warnings as errors.")
@click.option("--lang", "lang", metavar="TAG", default=None,
              help="Report in this language (default: the archive's first language).")
def check(path: Path, fmt: str, strict_mode: bool, lang: str | None) -> None:
    """Check the archive and report every problem with file and line.

    PATH is the repository (default: here), or a file or folder in it to report on alone.
    Exit status: 0 no errors, 1 problems found, 2 wrong usage.
    """
    from .archive.checks import check_archive  # noqa: PLC0415 - keeps `parlour --help` fast

    root = archive_root(path)
    words = check_words(root, lang)
    problems = check_archive(root)
    target = path.resolve()
    if target != root:
        rel = target.relative_to(root).as_posix()
        problems = [p for p in problems if p.path == rel or p.path.startswith(rel.rstrip("/") + "/")]
    if strict_mode:
        problems = strict(problems)
    if fmt == "json":
        click.echo(format_json(problems))
    elif fmt == "github":
        if problems:
            click.echo(format_github(problems, gettext=words))
        click.echo(f"parlour check: {summary(problems, gettext=words)}", err=True)
    else:
        click.echo(format_text(problems, color=sys.stdout.isatty(), gettext=words))
    if target == root:
        from .init import example_notes  # noqa: PLC0415

        for note in example_notes(root, gettext=words):  # examples the loader leaves out (`parlour init`)
            click.echo(note, err=True)
    errors, _ = count(problems)
    sys.exit(1 if errors else 0)


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.option("--no-cache", is_flag=True,
              help="Render every page and index every search part again, and keep none of "
                   "them (.cache/parlour/ is neither read nor written).")
@click.argument("mkdocs_args", nargs=-1, type=click.UNPROCESSED)
def build(no_cache: bool, mkdocs_args: tuple[str, ...]) -> None:
    """Build the site: `mkdocs build` with its options (-f, -d, --strict, -q ...).

    A build reuses the pages and search index parts that nothing changed since the last
    build (kept in .cache/parlour/); it says how many pages it rendered and reused.
    """
    import os  # noqa: PLC0415
    import subprocess  # noqa: PLC0415

    env = {**os.environ, **({"PARLOUR_NO_CACHE": "1"} if no_cache else {})}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", *mkdocs_args], env=env,
                          check=False)
    sys.exit(done.returncode)


@main.command()
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("schemas"),
    show_default=True, help="Folder to write <type>.schema.json into.",
)
def schema(out: Path) -> None:
    """Write one JSON Schema per record type, for editor autocompletion.

    In a .yml record, a first line such as
    `# yaml-language-server: $schema=../../schemas/people.schema.json`
    lets VS Code (with the YAML extension) complete and check fields as you type.
    """
    from .archive.mediafiles import archive_languages  # noqa: PLC0415
    from .schema import write_schemas  # noqa: PLC0415

    # the texts' keys are the languages of the archive the schemas are written for
    root = find_root(Path.cwd())
    for path in write_schemas(out, langs=archive_languages(root) if root else None):
        click.echo(path.as_posix())


@main.command()
@click.argument("type_name", metavar="TYPE")
@click.argument("id_", metavar="[ID]", required=False)
@click.option("--title", help="The record's title (a person's name); the id is made from it.")
@click.option("--consent", "level", type=click.Choice(["public", "community", "private",
              "withdrawn"]), help="A person's consent level, as on the signed form.")
@click.option("--name-consent", type=click.Choice(["public", "community", "private"]),
              help="A person's name consent, when the form narrows it.")
@click.option("--display-name", help="How a person appears without name consent (王师傅).")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The archive (repository) to write into.")
def new(type_name: str, id_: str | None, title: str | None, level: str | None,
        name_consent: str | None, display_name: str | None, root: Path) -> None:
    """Write a commented template for a new record: TYPE is interview, object, event,
    place, map, wish, person or exhibit.

    ID is the file name (lowercase a-z, digits, hyphens); without it, one is made from
    --title (Chinese as pinyin). A person's id spells their name only with --consent public
    (and no narrower --name-consent); otherwise it is made from --display-name, or is
    resident-<n>: ids are published, names kept private must not be. An existing file is
    never overwritten.
    """
    from .scaffold import ScaffoldError, create, folder_for  # noqa: PLC0415

    try:
        folder = folder_for(type_name)
    except ScaffoldError as err:
        raise click.UsageError(str(err)) from None
    archive = archive_root(root)
    try:
        consent = {"level": level, "name": name_consent} if level or name_consent else None
        path = create(archive, folder, id_, title=title, consent=consent,
                      display_name=display_name)
    except ScaffoldError as err:
        raise click.ClickException(str(err)) from None
    click.echo(path.relative_to(archive).as_posix())
    click.echo("next: fill in the lines marked 必填 required, then run parlour check", err=True)


@main.group("import")
def import_group() -> None:
    """Bring records made by other tools into the archive."""


@import_group.command("ohms")
@click.argument("xml_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The archive (repository) to import into.")
@click.option("--id", "id_", help="Interview id (default: from the title or accession number).")
@click.option("--narrator", help="Id of the narrator in stories/people/ (default: the interviewee).")
@click.option("--date", help="Interview date (EDTF), when the OHMS record has none.")
@click.option("--force", is_flag=True, help="Replace an interview and transcript already there.")
def import_ohms_command(xml_file: Path, root: Path, id_: str | None, narrator: str | None,
                        date: str | None, force: bool) -> None:
    """Turn an OHMS XML export into an interview file and a .vtt transcript.

    Reads the metadata, the index points (as segments) and the transcript (OHMS 6
    vtt_transcript, or an OHMS 5 transcript timed from its minute sync).
    """
    from .exchange import OHMSError, import_ohms  # noqa: PLC0415

    archive = archive_root(root)
    notes: list[str] = []
    try:
        written = import_ohms(xml_file, root=archive, id=id_, narrator=narrator, date=date,
                              force=force, notes=notes)
    except OHMSError as err:
        raise click.ClickException(str(err)) from None
    for path in written:
        click.echo(path.relative_to(archive).as_posix())
    for note in notes:
        click.echo(f"note: {note}", err=True)


@main.group("export")
def export_group() -> None:
    """Write archive records in formats other tools read."""


@export_group.command("ohms")
@click.argument("interview_id")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The archive (repository).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: standard output).")
@click.option("--audience", type=click.Choice(["public", "community"]), default="public",
              show_default=True, help="Whose consent level the export respects.")
def export_ohms_command(interview_id: str, root: Path, out: Path | None, audience: str) -> None:
    """Write one interview as OHMS XML (index points and WebVTT transcript)."""
    from .exchange import OHMSError, export_ohms  # noqa: PLC0415

    archive = archive_root(root)
    try:
        text = export_ohms(interview_id, root=archive, audience=audience)
    except OHMSError as err:
        raise click.ClickException(str(err)) from None
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(out.as_posix(), err=True)


@main.command()
@click.argument("exhibit")
@click.option("--lang", metavar="TAG[+TAG]", default=None,
              help="Languages on the panels, of the archive's (zh, en, zh+en...; default: the "
              "exhibit's print.languages).")
@click.option("--size", default=None, metavar="A0|A1|A2|WxHmm",
              help="Trim size of each panel (default: the exhibit's print.size).")
@click.option("--audience", type=click.Choice(["public", "community"]), default="community",
              show_default=True, help="Who the panels are for; decides what consent allows.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("dist/panels"), show_default=True,
              help="Folder to write into (a sub-folder per exhibition).")
@click.option("--site-url", default=None,
              help="Base URL for the QR codes (default: site_url in mkdocs.yml).")
@click.option("--bleed", type=float, default=None, help="Bleed in mm (default: print.bleed).")
@click.option("--marks/--no-marks", default=None, help="Crop marks (default: print.marks).")
@click.option("--jobs", "-j", type=int, default=None,
              help="Panels rendered at once (default: one per core; 1 = one after another).")
@click.option("--no-previews", is_flag=True, help="Skip the PNG previews.")
@click.option("--force", is_flag=True, help="Print even when pre-flight finds warnings.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              help="The archive (default: here).")
def panels(exhibit: str, lang: str | None, size: str | None, audience: str, out: Path,
           site_url: str | None, bleed: float | None, marks: bool | None, jobs: int | None,
           no_previews: bool, force: bool, root: Path) -> None:
    """Export EXHIBIT's panels as print-ready PDFs, with previews and object labels.

    An archive with errors (as `parlour check` reports them) is refused. Pre-flight
    (pictures below 150 ppi, text that does not fit, missing translations, QR codes without a
    site_url or with a link too long, characters the fonts cannot print) is reported before
    anything is written. Exit status: 0 written, 1 archive errors, pre-flight or export
    failed, 2 wrong usage.
    """
    from .panels import BrokenArchive, Options, PanelError, export_panels  # noqa: PLC0415

    found = archive_root(root)
    options = Options(lang=lang, size=size, audience=audience, site_url=site_url, bleed=bleed,
                      marks=marks, workers=jobs, previews=not no_previews, force=force)
    bar: list = []
    done: list[str] = []

    def on_start(total: int) -> None:
        bar.append(click.progressbar(length=total, label="Rendering panels", file=sys.stderr,
                                     show_pos=True, item_show_func=lambda k: k or ""))
        bar[0].__enter__()

    def progress(key: str) -> None:
        done.append(key)
        if sys.stderr.isatty():
            bar[0].update(1, key)
        else:  # a log, not a bar: one line per document
            click.echo(f"  [{len(done)}/{bar[0].length}] {key}", err=True)

    try:
        report = export_panels(found, exhibit, out, options, progress=progress,
                               on_start=on_start)
    except (PanelError, OSError) as err:
        if bar:
            bar[0].__exit__(None, None, None)
        # pre-flight and a broken archive carry their problems: listed as `parlour check` does
        problems = getattr(err, "problems", None)
        if problems:
            click.echo(format_text(problems, color=sys.stderr.isatty(),
                                   gettext=check_words(found)), err=True)
        if isinstance(err, BrokenArchive):
            click.echo("parlour panels: the archive has errors (above); nothing was exported. "
                       "Fix them first (`parlour check` lists them too).", err=True)
        elif isinstance(err, OSError):
            click.echo(f"parlour panels: cannot write the panels: {err}", err=True)
        else:
            click.echo(f"parlour panels: {err}", err=True)
        sys.exit(1)
    bar[0].__exit__(None, None, None)
    if report.problems:
        click.echo(format_text(report.problems, color=sys.stderr.isatty(),
                               gettext=check_words(found)), err=True)
        click.echo("parlour panels: printed anyway (--force)", err=True)
    for path in report.files:
        click.echo(path.as_posix())
    g = report.geometry
    busy = sum(report.seconds.values())
    click.echo(
        f"{len(report.panels)} panel(s), {g.label()}, bleed {g.bleed:g} mm, "
        f"{'+'.join(report.langs)}, for the {options.audience} audience: {report.wall:.1f} s "
        f"with {report.workers} worker(s) ({busy / max(1, len(report.seconds)):.2f} s per "
        "document)", err=True)


@main.command()
@click.argument("interview")
@click.option("--text", "text_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The typed transcript (UTF-8 or GBK); not needed with --update or --accept.")
@click.option("--update", is_flag=True, help="Align the .vtt again after correcting it.")
@click.option("--force", is_flag=True, help="Replace a transcript that has times (kept as .bak).")
@click.option("--accept", is_flag=True, help="Mark every unsure cue as checked.")
@click.option("--language", help="Read the text in this language (default: the interview's).")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              help="The archive (default: here).")
def align(interview: str, text_file: Path | None, update: bool, force: bool, accept: bool,
          language: str | None, root: Path) -> None:
    """Give INTERVIEW's typed transcript its times from the recording, as a .vtt.

    The text has one paragraph a line, optional speaker labels (王师傅： or Q: / A:) and
    optional time marks ([00:12:30]). Offline: espeak-ng reads the text and the reading is
    matched with the recording. Cues it is unsure of are listed; `parlour check` warns
    about them until a person checks them. Exit status: 0 written, 1 not aligned.
    """
    from .align.engine import AlignError  # noqa: PLC0415 - numpy only when aligning
    from .align.run import align_interview  # noqa: PLC0415
    from .align.text import TextError  # noqa: PLC0415

    found = archive_root(root)
    bar: list = []

    def progress(stage: str, done: float, total: float) -> None:
        if stage != "align" or not sys.stderr.isatty():
            return
        if not bar:
            bar.append(click.progressbar(length=max(1, round(total)), label="Aligning",
                                         file=sys.stderr, show_eta=True))
            bar[0].__enter__()
        bar[0].update(round(done) - bar[0].pos)  # done is how far, not how much more

    try:
        result = align_interview(found, interview, text=text_file, update=update, force=force,
                                 accept=accept, language=language, progress=progress)
    except (AlignError, TextError, OSError) as err:
        raise click.ClickException(str(err)) from None
    finally:
        if bar:
            bar[0].__exit__(None, None, None)
    rel = result.path.relative_to(found).as_posix()
    click.echo(rel)
    if result.backup:
        click.echo(f"the old transcript is kept as {result.backup.name}", err=True)
    if result.retimed is not None:
        click.echo(f"{result.retimed} of {result.cues} cue(s) got new times", err=True)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    for line, reason in result.unsure:
        click.echo(f"{rel}:{line}: unsure: {reason}", err=True)
    if result.unsure:
        click.echo(f"{len(result.unsure)} cue(s) to listen to; once checked, change “NOTE "
                   "unsure” to “NOTE checked” (or run with --accept)", err=True)


@main.command()
@click.argument("site", type=click.Path(file_okay=False, path_type=Path),
                default=Path("site-community"))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every network of this machine).")
@click.option("--port", type=int, default=8000, show_default=True)
def serve(site: Path, host: str, port: int) -> None:
    """Serve a built SITE folder as it is (default: the kiosk, site-community/).

    Recordings can be sought (HTTP Range requests), transcripts and recordings get their
    right types, nothing is rebuilt and nothing is fetched from another host. For the
    parlour's touch screen; the README says how to start it when the machine boots.
    """
    from .serve import ServeError  # noqa: PLC0415
    from .serve import serve as run  # noqa: PLC0415

    click.echo(f"Serving {site} on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    try:
        run(site, host=host, port=port)
    except ServeError as err:
        raise click.ClickException(str(err)) from None


@main.command()
@click.argument("person")
@click.option("--verify", is_flag=True,
              help="After the rebuild: check that no output names them any more.")
@click.option("--output", "outputs", multiple=True,
              type=click.Path(path_type=Path),
              help="An output folder or file to verify (repeatable; default: site, "
                   "site-community and dist).")
@click.option("--dry-run", is_flag=True, help="List what shows them; change nothing.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              help="The archive (default: here).")
def withdraw(person: str, verify: bool, outputs: tuple[Path, ...], dry_run: bool,
             root: Path) -> None:
    """Withdraw PERSON's consent: one edit, a list of what to remove, and a receipt.

    Turns stories/people/PERSON.yml into a tombstone (consent only), lists every record,
    text, transcript, picture, page and panel that showed them with what to do, and writes
    a receipt (Markdown and JSON) into withdrawals/, which git ignores. After the next build,
    `parlour withdraw PERSON --verify` searches every output for their names and id and
    records the result in the receipt. Exit status: 0 done (or verified), 1 names found.
    """
    from .archive import withdraw as w  # noqa: PLC0415

    found = archive_root(root)
    try:
        if verify:
            receipt = w.latest_receipt(found, person)
            withdrawal = w.read_receipt(receipt)
            folders = list(outputs) or [found / name for name in w.DEFAULT_OUTPUTS]
            result = w.verify(found, withdrawal, [Path(f) for f in folders])
            md, _ = w.write_receipt(found, withdrawal)
            if not result["passed"]:
                for word, files in result["found"].items():
                    for path in files:
                        click.echo(f"still there: “{word}” in {path}", err=True)
                click.echo(f"parlour withdraw: verification FAILED; see {md.relative_to(found)}",
                           err=True)
                sys.exit(1)
            click.echo(f"verified: none of {len(withdrawal.identifiers)} name(s) or id in "
                       f"{result['files_scanned']} files; receipt {md.relative_to(found)}",
                       err=True)
            return
        withdrawal = w.plan(found, person)
        if not dry_run:
            w.apply(found, withdrawal)
            md, _ = w.write_receipt(found, withdrawal)
    except w.WithdrawError as err:
        raise click.ClickException(str(err)) from None
    for item in withdrawal.items:
        where = f"{item.path}:{item.line}" if item.line else item.path
        click.echo(f"{item.kind:10} {where}\n           → {item.action}")
    if dry_run:
        click.echo("(dry run: nothing changed)", err=True)
        return
    click.echo(f"stories/people/{person}.yml is now a tombstone; receipt: "
               f"{md.relative_to(found)}. Remove what is listed, build the site, kiosk and "
               f"panels again, then run `parlour withdraw {person} --verify`.", err=True)


@main.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--validate", is_flag=True,
              help="Check the bag at OUT (every file against its checksums) instead.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              help="The archive (default: here).")
def bag(out: Path, validate: bool, root: Path) -> None:
    """Make a BagIt bag of the archive in OUT, a new folder: a preservation copy.

    It holds what the public may see and nothing more: every record as the public website
    shows it (never the files of stories/), the published transcripts, and the public
    website built afresh from mkdocs.yml, with its media renditions, open data and IIIF
    manifests; every file with SHA-256 and SHA-512 checksums. bag-info.txt takes
    Source-Organization from mkdocs.yml's site_author (else site_name) and Contact-Email
    from `extra: contact_email`. An archive with errors is refused. With --validate, OUT is
    an existing bag to check. Exit status: 0 made (or valid), 1 refused (or not valid).
    """
    from .archive.problems import ArchiveHasErrors  # noqa: PLC0415
    from .exchange.bag import BagError, make_bag, validate_bag  # noqa: PLC0415

    if validate:
        ok, message = validate_bag(out)
        click.echo(message, err=not ok)
        sys.exit(0 if ok else 1)
    found = archive_root(root)
    click.echo("Building the public site and writing the bag ...", err=True)
    try:
        made = make_bag(found, out)
    except ArchiveHasErrors as err:
        click.echo(format_text(err.problems, color=sys.stderr.isatty(),
                               gettext=check_words(found)), err=True)
        click.echo("parlour bag: the archive has errors (above); no bag was made.", err=True)
        sys.exit(1)
    except (BagError, OSError) as err:
        click.echo(f"parlour bag: {err}", err=True)
        sys.exit(1)
    click.echo(made.path.as_posix())
    click.echo(f"{made.records} records, {made.transcripts} transcripts and the public site: "
               f"{made.files} files, {made.bytes / 1e6:.1f} MB, checked against their "
               "sha256 and sha512 checksums", err=True)


@main.command()
@click.argument("folder", type=click.Path(file_okay=True, path_type=Path))
@click.option("--name", required=True, help="The archive's name, as its site shows it.")
@click.option("--languages", default="en", show_default=True, metavar="TAG,TAG",
              help="The site's languages, BCP 47 tags; the first is the default, e.g. zh-Hant,en.")
def init(folder: Path, name: str, languages: str) -> None:
    """Start a new, empty archive in FOLDER (new, or empty): mkdocs.yml, the home, about and
    take-part pages in each language, stories/ and exhibits/ with one example each, GitHub
    workflows that check and publish it, a README and CONTRIBUTING. It builds at once.
    """
    from .init import InitError, create_archive, parse_languages  # noqa: PLC0415

    try:
        written = create_archive(folder, name=name, languages=parse_languages(languages))
    except InitError as err:
        raise click.ClickException(str(err)) from None
    except OSError as err:
        raise click.ClickException(f"cannot write the archive: {err}") from None
    for path in written:
        click.echo(path.as_posix())
    click.echo(f"\nA new archive in {folder}. Next:\n  cd {folder}\n"
               "  pip install -r requirements.txt\n  mkdocs serve      # the site, at "
               "http://127.0.0.1:8000\n  parlour check     # every record checked", err=True)


from .csvio import csv_export_command, csv_import_command  # noqa: E402

import_group.add_command(csv_import_command)
export_group.add_command(csv_export_command)


if __name__ == "__main__":
    main()
