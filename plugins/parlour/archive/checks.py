"""Checks across records: references, media, themes, consent and unsafe HTML.

The loader has already reported what is wrong inside each file on its own (syntax,
fields, types). These checks need the whole archive, and are built from indexes made once,
so a large archive costs linear time.
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any


from .loader import (
    STORIES,
    THEMES_FILE,
    Loaded,
    Source,
    file_signature,
    DID_YOU_MEAN,
    close_match,
    internal_problem,
    load_archive,
)
from .media import (
    CONVERT_HINT,
    MediaError,
    MediaLimits,
    check_image,
    check_recording,
    media_file,
    media_limits,
)
from .model import (
    LEVEL_ORDER,
    TYPES,
    Consent,
    Image,
    Location,
    MediaPath,
    Record,
    RecordConsent,
    Ref,
    ThemeId,
    ThenNow,
    walk,
)
from .consent import AUDIENCES, Archive, Entry, id_may_spell_name
from .mapchecks import map_problems
from .markup import unsafe_markup
from .names import id_spells_name, name_pattern, name_values, neutral_id
from ..catalog import M_
from .problems import ERROR, WARNING, Problem, problem, sort_problems
from .privacy import _locate, _raw_lines, privacy_problems
from .transcript import MAX_VTT_BYTES, check_interviews

MEDIA_DIR = f"{STORIES}/media"
#: Fields of a person that may stay in the repository after they withdrew or went private.
TOMBSTONE_FIELDS = {"consent"}
#: Places are published; more than 3 decimals (about 100 m) can point at someone's door.
MAX_LOCATION_DECIMALS = 3


def check_archive(
    root: Path | str, *, today: datetime.date | None = None, limits: MediaLimits | None = None
) -> list[Problem]:
    """Load the archive at ``root`` and return every problem, sorted by file and line.

    ``limits`` are the largest media files the build publishes; by default, as set for the
    parlour plugin in ``root``/mkdocs.yml (see :func:`~parlour.archive.media.media_limits`).
    """
    loaded = load_archive(root)
    return sort_problems([*loaded.problems, *cross_check(loaded, today=today, limits=limits)])


def cross_check(
    loaded: Loaded, *, today: datetime.date | None = None, cache: dict | None = None,
    limits: MediaLimits | None = None,
) -> list[Problem]:
    """Every problem that needs more than one file to see.

    With ``cache`` (kept by the caller with the load cache), the checks of one file against
    its own transcript, recording and photos are reused while none of them changed.
    ``limits``: as for :func:`check_archive`.
    """
    ctx = _Context(loaded)
    ctx.limits = limits or media_limits(loaded.root)
    ctx.media_cache = {} if cache is None else cache.setdefault("media", {})
    for (type_, id_), source in loaded.sources.items():
        record = loaded.records.get(type_, {}).get(id_) or loaded.partial.get((type_, id_))
        try:
            _check_record(ctx, source, record)
        except Exception as err:  # noqa: BLE001 - never a traceback for a contributor's file
            ctx.problems.append(internal_problem(source.path, err))
    _check_people(ctx)
    _check_ids_spelling_names(ctx)
    _check_names_in_text(ctx, today)
    _check_unused_media(ctx)
    _check_unsafe_themes(ctx)
    ctx.problems.extend(map_problems(loaded, today=today))
    media = loaded.root / MEDIA_DIR
    ctx.problems.extend(check_interviews(loaded, media_root=media, cache=cache))
    _check_unsure_cues(ctx)
    ctx.problems.extend(privacy_problems(loaded, media_root=media, cache=cache))
    return ctx.problems


def _check_unsure_cues(ctx: _Context) -> None:
    """Warn about each cue `parlour align` was unsure of and nobody has checked yet (its
    ``NOTE unsure`` not followed by ``NOTE checked``): its times may be a few seconds off."""
    from ..align.confidence import unconfirmed  # noqa: PLC0415 - light: no numpy there

    for (type_, id_), source in sorted(ctx.loaded.sources.items()):
        if type_ != "interviews" or not isinstance(source.data, dict):
            continue
        names = [source.data.get("transcript")] + [
            t.get("file") for t in source.data.get("transcript_translations") or []
            if isinstance(t, dict)]
        folder = Path(source.path).parent
        for name in (n for n in names if isinstance(n, str) and n):
            path = ctx.loaded.root / folder / name
            if re.search(r"[\\/]|^\.", name) or path.is_symlink() or not path.is_file():
                continue  # the transcript checks report these
            text = path.read_bytes()[:MAX_VTT_BYTES].decode("utf-8", "replace")
            for line, reason in unconfirmed(text):
                ctx.problems.append(problem(
                    (folder / name).as_posix(), line, 1, "vtt-unsure",
                    M_("`parlour align` was unsure of this cue's times ({reason})"),
                    M_("listen to it and fix the times if needed, then change “NOTE unsure” "
                       "above it to “NOTE checked” (or run: parlour align {id} --accept)"),
                    severity=WARNING, reason=reason, id=id_,
                ))


def _check_record(ctx: _Context, source: Source, record: Record | None) -> None:
    if source.data is not None:
        _check_html_in_data(ctx, source, source.data, ())
    if source.body:
        for line, col, message, severity in unsafe_markup(source.body):
            at = (source.body_line + line - 1, col)
            code, hint = ("unsafe-html", _HTML_HINT) if severity == ERROR else (
                "attribute-list", _ATTR_LIST_HINT)
            ctx.add(source, None, code, message, hint, severity, at=at)
    if record is None:
        return
    for loc, value in walk(record):
        if isinstance(value, Ref):
            _check_ref(ctx, source, loc, value)
        elif isinstance(value, MediaPath):
            _check_media(ctx, source, loc, value)
        elif isinstance(value, ThemeId):
            _check_theme(ctx, source, loc, value)
        elif isinstance(value, (Image, ThenNow)):
            if not _has_text(value.alt):
                ctx.add(
                    source, loc, "image-alt-missing",
                    M_("this picture has no alt text (a description for people who cannot see "
                       "it)"),
                    M_("add alt: {{zh: ..., en: ...}} saying what the picture shows"),
                )
        elif isinstance(value, (Consent, RecordConsent)):
            _check_consent_aspects(ctx, source, loc, value)
        elif isinstance(value, Location):
            _check_location(ctx, source, loc)
    _check_unique_ids(ctx, source, record)


def _has_text(value: Any) -> bool:
    if isinstance(value, dict):
        return any(isinstance(v, str) and v.strip() for v in value.values())
    return isinstance(value, str) and bool(value.strip())


class _Context:
    def __init__(self, loaded: Loaded):
        self.loaded = loaded
        self.problems: list[Problem] = []
        self.ids = {t: {i for (tt, i) in loaded.sources if tt == t} for t in TYPES}
        self.media_files = _media_index(loaded.root)
        #: every media file and transcript a record names (repository paths), in the media
        #: checks, for the unused-media check
        self.media_used: set[str] = set()
        self.limits = MediaLimits()
        self.media_cache: dict = {}
        # person id -> the places that point at them, for the consent checks
        self.people_refs: dict[str, list[tuple[Source, tuple, str]]] = {}

    def add(self, source, loc, code, message, hint="", severity=ERROR, /, *, at=None,
            **params):
        """A problem at ``loc`` in ``source`` (or at ``at``): ``message`` and ``hint`` are
        msgids (or Messages), ``params`` their fields."""
        line, col = at if at else source.marks.find(loc or ())
        self.problems.append(problem(source.path, line, col, code, message, hint,
                                     severity=severity, **params))


def _media_index(root: Path) -> set[str]:
    """Every file in stories/media/ (links too, so that they are reported as links)."""
    media = root / MEDIA_DIR
    if not media.is_dir() or media.is_symlink():
        return set()
    out = set()
    for folder, dirs, names in os.walk(media):  # links to folders are listed, not entered
        rel = Path(folder).relative_to(media)
        out.update((rel / n).as_posix() for n in names)
        out.update((rel / d).as_posix() for d in dirs if (Path(folder) / d).is_symlink())
    return out


# --------------------------------------------------------------------------- references


def _check_ref(ctx: _Context, source: Source, loc: tuple, ref: Ref) -> None:
    type_, id_ = ref.type, ref.id
    if type_ not in TYPES:
        close = close_match(type_, TYPES)
        ctx.add(
            source, loc, "unknown-reference",
            M_("“{ref}” points to “{kind}”, which is not a kind of record"),
            DID_YOU_MEAN if close else M_("kinds: {kinds}"),
            ref=ref, kind=type_, suggestion=close, kinds=", ".join(TYPES),
        )
        return
    if id_ not in ctx.ids[type_]:
        where = f"exhibits/{id_}.yml" if type_ == "exhibits" else f"stories/{type_}/{id_}"
        # a typed reference (objects/coin-phon) gets a hint it can paste back whole
        prefix = "" if ref.target else f"{type_}/"
        close = close_match(prefix + id_, [prefix + i for i in ctx.ids[type_]])
        hint = DID_YOU_MEAN if close else M_("there is no {file}; check the spelling")
        ctx.add(source, loc, "unknown-reference", M_("“{ref}” does not exist"), hint,
                ref=ref, suggestion=close, file=where)
        return
    if ref.fragment:
        target = ctx.loaded.records.get(type_, {}).get(id_)
        quotes = [q.id for q in getattr(target, "quotes", [])] if target else None
        if quotes is not None and ref.fragment not in quotes:
            close = close_match(ref.fragment, quotes)
            hint = (DID_YOU_MEAN if close else M_("its quotes are: {quotes}") if quotes
                    else M_("that record has no quotes"))
            ctx.add(source, loc, "unknown-reference",
                    M_("“{ref}”: there is no quote “{quote}”"), hint, ref=ref,
                    quote=ref.fragment, suggestion=close, quotes=", ".join(quotes))
    if type_ == "people":
        ctx.people_refs.setdefault(id_, []).append((source, loc, _role(source, loc)))


def _role(source: Source, loc: tuple) -> str:
    """'owner' when the reference says whose material the record is (the model's ``owners``:
    narrator, lender, donor, wish author), else 'mention'."""
    model = TYPES.get(source.type)
    owners = set(model.owners) if model else set()
    return "owner" if len(loc) == 1 and loc[0] in owners else "mention"


# --------------------------------------------------------------------------- media


_URL_RE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")


def _check_media(ctx: _Context, source: Source, loc: tuple, path: MediaPath) -> None:
    if _URL_RE.match(path) and not re.match(r"^[a-zA-Z]:[\\/]", path):
        ctx.add(
            source, loc, "media-url",
            M_("“{path}” is a web address; Parlour needs the file itself"),
            M_("download it, check you may use it, and put it in stories/media/"), path=path,
        )
        return
    parts = re.split(r"[\\/]", path)
    if path.startswith(("/", "\\")) or re.match(r"^[a-zA-Z]:", path) or ".." in parts:
        if path.base == "media":
            message = M_("“{path}” points outside stories/media/")
            hint = M_("put the file in stories/media/ and write its name relative to it, like "
                      "photo.jpg")
        else:
            message = M_("“{path}” points outside the record's folder")
            hint = M_("put the file in the record's folder and write its name relative to it, "
                      "like photo.jpg")
        ctx.add(source, loc, "media-outside", message, hint, path=path)
        return
    clean = "/".join(p for p in parts if p not in ("", "."))
    if path.base == "media":
        base = MEDIA_DIR
        ctx.media_used.add(f"{base}/{clean}")
        if clean not in ctx.media_files and not _is_link(ctx, source, loc, base, clean):
            close = close_match(clean, ctx.media_files)
            ctx.add(
                source, loc, "media-missing", M_("the file {file} does not exist"),
                DID_YOU_MEAN if close else M_("put the file in stories/media/"),
                file=f"stories/media/{clean}", suggestion=close,
            )
            return
    else:
        base = Path(source.path).parent.as_posix()
        ctx.media_used.add(f"{base}/{clean}")
        folder = ctx.loaded.root / base
        if not (folder / path).is_file() and not _is_link(ctx, source, loc, base, clean):
            ctx.add(
                source, loc, "media-missing",
                M_("the file {file} does not exist"),
                M_("it should sit beside this record, with the same spelling"),
                file=f"{base}/{path}",
            )
            return
    _check_media_file(ctx, source, loc, base, clean)


#: What to do about a media file ``parlour check`` refuses, by problem code.
_MEDIA_HINTS = {
    "media-outside": M_("commit the file itself in its place (git stores a link as a link, "
                        "and the build publishes what a link points at)"),
    "media-too-large": M_("make the file smaller (a photo of 3000 pixels across is plenty; "
                          "export a recording at a lower bit rate), or raise the limit in "
                          "mkdocs.yml"),
    "image-unreadable": M_("open the picture and save it again as JPEG, PNG or plain SVG"),
    "media-format": CONVERT_HINT,
}


#: a media file and why it is refused (a Message, told in the same language)
_FILE_REASON = M_("{file}: {reason}")


def _is_link(ctx: _Context, source: Source, loc: tuple, base: str, name: str) -> bool:
    """Report (and say True) when ``name`` is missing only because a link is in the way."""
    try:
        media_file(ctx.loaded.root, base, name)
    except MediaError as err:
        if err.code == "media-outside":
            ctx.add(source, loc, err.code, _FILE_REASON, _MEDIA_HINTS[err.code],
                    file=f"{base}/{name}", reason=err.reason)
            return True
    return False


def _check_media_file(ctx: _Context, source: Source, loc: tuple, base: str, name: str) -> None:
    """What the build would refuse about an existing media file: a link on the way to it, a
    size over the limits, a picture that does not decode, a recording it cannot clean."""
    kind = (
        "transcript" if base != MEDIA_DIR
        else "recording" if loc and loc[-1] in ("audio", "video") else "image"
    )
    try:
        path = media_file(ctx.loaded.root, base, name)
        if kind == "transcript":
            return  # the transcript checks read it (and limit its size)
        max_bytes = ctx.limits.image_bytes if kind == "image" else ctx.limits.media_bytes
        key = (path, kind, max_bytes)
        signature = file_signature(path)
        hit = ctx.media_cache.get(key)
        if hit is not None and hit[0] == signature:
            if hit[1] is not None:
                raise hit[1]
            return
        try:
            if kind == "image":
                check_image(path, max_bytes=max_bytes)
            else:
                check_recording(path, max_bytes=max_bytes)
        except MediaError as err:
            ctx.media_cache[key] = (signature, err)
            raise
        ctx.media_cache[key] = (signature, None)
    except MediaError as err:
        ctx.add(source, loc, err.code, _FILE_REASON, _MEDIA_HINTS.get(err.code, ""),
                file=f"{base}/{name}", reason=err.reason)


def _check_unused_media(ctx: _Context) -> None:
    """Warn about files in stories/media/ and transcripts beside the interviews that no
    record names: they are still public in the repository (a withdrawn person's portrait,
    with the GPS position of their home, stays there until someone deletes it)."""
    if any(source.data is None for source in ctx.loaded.sources.values()):
        return  # a record that could not be read may name any of them: say nothing yet
    interviews = ctx.loaded.root / STORIES / "interviews"
    transcripts = (
        {p.relative_to(ctx.loaded.root).as_posix() for p in interviews.rglob("*.vtt")}
        if interviews.is_dir() and not interviews.is_symlink() else set()
    )
    media = {f"{MEDIA_DIR}/{rel}" for rel in ctx.media_files}
    # a text can name one of these files only if its last part is one of their names: the
    # rest of a record's texts (titles, summaries ...) need no closer look
    names = {rel.rsplit("/", 1)[-1] for rel in media | transcripts}
    used = set(ctx.media_used)
    for source in ctx.loaded.sources.values():
        folder = Path(source.path).parent.as_posix()
        for value in _raw_strings(source.data):
            last = value.strip().rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
            if last not in names and last not in ("", "."):
                continue
            # names in fields that did not validate still count as used
            clean = "/".join(p for p in re.split(r"[\\/]", value.strip()) if p not in ("", "."))
            used.update((f"{MEDIA_DIR}/{clean}", f"{folder}/{clean}"))
    for rel in sorted((media | transcripts) - used):
        name = rel.rsplit("/", 1)[-1]
        if name.startswith(".") or name.lower().startswith("readme"):
            continue  # .gitkeep, .DS_Store, a note for contributors
        ctx.problems.append(problem(
            rel, 0, 0, "media-unused",
            M_("no interview names this transcript; it is still public in the repository")
            if rel in transcripts
            else M_("no record uses this file; it is still public in the repository"),
            M_("delete it if it is no longer needed (a withdrawn or private person's photos and "
               "recordings must go), or name it in the record it belongs to"),
            severity=WARNING,
        ))


def _raw_strings(data: Any):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _raw_strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _raw_strings(value)


# --------------------------------------------------------------------------- themes


def _check_theme(ctx: _Context, source: Source, loc: tuple, theme: ThemeId) -> None:
    themes = ctx.loaded.themes
    if theme in themes:
        return
    by_label = [k for k, t in themes.items() if theme in (t.zh, t.en)]
    close = close_match(theme, themes)
    hint = (
        M_("write the theme's id, “{id}”, not its label") if by_label
        else DID_YOU_MEAN if close
        else M_("themes: {themes}") if themes else M_("there are no themes yet")
    )
    ctx.add(source, loc, "unknown-theme", M_("“{theme}” is not a theme in stories/themes.yml"),
            hint, theme=theme, id=by_label[0] if by_label else "", suggestion=close,
            themes=", ".join(sorted(themes)))


# --------------------------------------------------------------------------- consent


def _check_consent_aspects(ctx, source, loc, consent) -> None:
    for aspect in ("name", "portrait", "audio", "transcript"):
        value = getattr(consent, aspect, None)
        if value and LEVEL_ORDER[value] < LEVEL_ORDER[consent.level]:
            ctx.add(
                source, loc + (aspect,), "consent-wider",
                M_("{aspect}: {value} is wider than level: {level}; the narrower one counts"),
                M_("write {aspect}: {level}, or change level"),
                WARNING, aspect=aspect, value=value, level=consent.level,
            )
    if isinstance(consent, RecordConsent) and consent.level in ("private", "withdrawn"):
        ctx.add(
            source, loc + ("level",), "private-committed",
            M_("this record is marked {level}; it must not be in a public repository"),
            M_("keep it in the committee's private records and delete this file"),
            level=consent.level,
        )


def _check_people(ctx: _Context) -> None:
    for (type_, id_), source in ctx.loaded.sources.items():
        if type_ != "people" or source.data is None:
            continue
        person = ctx.loaded.records.get("people", {}).get(id_)
        refs = ctx.people_refs.get(id_, [])
        if "consent" not in source.data:
            ctx.add(
                source, None, "consent-missing",
                M_("no consent is recorded for this person; it is used in {file}") if refs
                else M_("no consent is recorded for this person"),
                M_("add consent: {{level: public | community | private | withdrawn, recorded: "
                   "DATE}} as on the signed consent form"),
                at=(source.marks.offset + 1, 1), file=refs[0][0].path if refs else "",
            )
            continue
        if person is None or person.consent is None:
            continue
        level = person.consent.level
        if level not in ("private", "withdrawn"):
            continue
        for key in source.data:
            if key not in TOMBSTONE_FIELDS:
                ctx.add(
                    source, (key,), "private-committed",
                    M_("this person is {level}: “{key}” must not be in a public repository"),
                    M_("keep only consent: in this file; the details stay in the committee's "
                       "records"), level=level, key=key,
                )
        for ref_source, loc, role in refs:
            if role == "owner":
                ctx.add(
                    ref_source, loc, "private-committed",
                    M_("this is the material of a {level} person ({id}); it must not be "
                       "published or kept in a public repository"),
                    M_("remove this record (or the reference) from the repository"),
                    level=level, id=id_,
                )


def _check_ids_spelling_names(ctx: _Context) -> None:
    """id-spells-name: an id is published wherever the person is (web addresses, anchors,
    the open data), so it may spell the name only when everyone who may see the person
    may see the name (:func:`~.consent.id_may_spell_name`)."""
    people = ctx.loaded.records.get("people", {})
    for id_, person in people.items():
        if person.consent is None or id_may_spell_name(person.consent):
            continue  # no consent at all is consent-missing's to report
        names = name_values(person.name)
        form = id_spells_name(id_, names)
        if form is None:
            continue
        better, _ = neutral_id(name_values(person.display_name), names=names, taken=people)
        ctx.add(
            ctx.loaded.sources[("people", id_)], None, "id-spells-name",
            M_("the id “{id}” (this file's name) spells this person's name ({form}), which "
               "not everyone who may see them may see: ids are published in web addresses, "
               "anchors and the open data"),
            M_("rename the file and every reference to it to a neutral id made from the "
               "display name, or a number: for example {better}"),
            at=(1, 1), id=id_, form=form, better=better,
        )


def _check_names_in_text(ctx: _Context, today: datetime.date | None) -> None:
    """name-in-text: a text an audience reads (any field of the redacted view, or the
    Markdown body) holds the real name of a person whose name that audience may not see.

    An error, like the other consent checks: the view leaves out fields that name a person,
    but not words inside a text, so the build would publish the name. The match is the
    whole name as written in the person's file (2 characters or more; Latin names as whole
    words), and a name that a person whom the audience may name also has is not looked
    for, so a false alarm takes a rare coincidence; rewording it is the fix.
    """
    people = ctx.loaded.records.get("people", {})
    # who may be named where: an archive of the people alone answers it cheaply
    alone = replace(ctx.loaded, records={"people": people})
    hidden = {a: _hidden_names(Archive(alone, audience=a, today=today), people)
              for a in AUDIENCES}
    anywhere = name_pattern({v for names in hidden.values() for v in names})
    if anywhere is None:
        return
    # the views are made only when a file's own text holds such a name at all
    suspects = {key for key, source in ctx.loaded.sources.items()
                if any(anywhere.search(t) for t in _raw_texts(source))}
    seen: set[tuple] = set()
    for audience, names in hidden.items():
        pattern = name_pattern(names)
        if pattern is None or not suspects:
            continue
        archive = Archive(ctx.loaded, audience=audience, today=today)
        whose = {_plain(v): pid for v, pid in names.items()}
        for entry in archive.all_entries():
            if entry.key not in suspects:
                continue
            source = ctx.loaded.sources[entry.key]
            for at, found in _names_found(ctx.loaded.root, source, entry, pattern):
                pid = whose.get(_plain(found), "")
                if (source.path, at, pid) in seen:
                    continue
                seen.add((source.path, at, pid))
                ctx.add(
                    source, None, "name-in-text",
                    M_("this text holds the real name of people/{id}, whose name may not be "
                       "shown on the public website, where this record is")
                    if audience == "public"
                    else M_("this text holds the real name of people/{id}, whose name may not "
                            "be shown in the parlour (kiosk and printed panels), where this "
                            "record is"),
                    M_("write their display name instead (or “a resident”, “一位居民”)"),
                    at=at, id=pid,
                )


def _hidden_names(archive: Archive, people: dict[str, Any]) -> dict[str, str]:
    """{name: person id} of the names this audience may not see, but for names that a
    person it may name also has (a text holding one may mean that person)."""
    hidden: dict[str, str] = {}
    shown: set[str] = set()
    for pid, person in people.items():
        allowed = archive.person_allows(pid, "name")
        for value in name_values(person.name):
            if allowed:
                shown.add(_plain(value))
            elif len(value) >= 2:
                hidden.setdefault(value, pid)
    return {v: pid for v, pid in hidden.items() if _plain(v) not in shown}


def _raw_texts(source: Source):
    """Every string of a file as written (fields and body), before any view."""
    stack: list[Any] = [source.data, source.body]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def _plain(name: str) -> str:
    """A name as compared: spacing and case do not count."""
    return " ".join(name.split()).casefold()


def _names_found(root: Path, source: Source, entry: Entry, pattern: re.Pattern[str]):
    """(line, column) and text of each name ``pattern`` finds in an entry's view and body."""
    lines: list[str] | None = None
    for loc, value in walk(entry.record):
        texts = value.items() if isinstance(value, dict) else [(None, value)]
        if entry.type == "people" and loc == ("name",):
            continue  # the person's own name: the view keeps it only where it may be seen
        for lang, text in texts:
            if type(text) is not str:
                continue  # ids, media paths, dates and themes are other checks' business
            for m in pattern.finditer(text):
                key = loc if lang is None else (*loc, lang)
                line, col = source.marks.find(key)
                if lines is None:
                    lines = _raw_lines(root / source.path, source.path)
                yield _locate(lines, m.group(0), line) or (line, col), m.group(0)
    for n, text in enumerate(source.body.split("\n") if source.body else []):
        for m in pattern.finditer(text):
            yield (source.body_line + n, m.start() + 1), m.group(0)


# --------------------------------------------------------------------------- the rest


def _check_location(ctx: _Context, source: Source, loc: tuple) -> None:
    raw = source.data
    for part in loc:
        raw = raw[part] if isinstance(raw, (dict, list)) else None
    if not isinstance(raw, dict):
        return
    # a place that says how precisely it is published (precision:) is rounded to that by the
    # archive's views; only a location left to the default is held to 3 decimals here
    if isinstance(source.data, dict) and source.data.get("precision") is not None:
        return
    for key in ("lat", "lon"):
        value = raw.get(key)
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                continue
        if isinstance(value, float) and _decimals(value) > MAX_LOCATION_DECIMALS:
            ctx.add(
                source, loc + (key,), "location-precise",
                M_("{key}: {value} is precise enough to find one door; places are published"),
                M_("round it to {decimals} decimals: {rounded}"),
                WARNING, key=key, value=value, decimals=MAX_LOCATION_DECIMALS,
                rounded=round(value, MAX_LOCATION_DECIMALS),
            )


def _decimals(value: float) -> int:
    text = repr(value)
    return len(text.split(".", 1)[1]) if "." in text and "e" not in text else 0


def _check_unique_ids(ctx: _Context, source: Source, record: Record) -> None:
    groups: list[list[tuple[tuple, str]]] = []
    if quotes := getattr(record, "quotes", None):
        groups.append([(("quotes", i, "id"), q.id) for i, q in enumerate(quotes)])
    if sections := getattr(record, "sections", None):
        groups.append(
            [
                (("sections", s, "panels", p, "id"), panel.id)
                for s, section in enumerate(sections)
                for p, panel in enumerate(section.panels)
            ]
        )
    for group in groups:
        seen: dict[str, tuple] = {}
        for loc, value in group:
            if value in seen:
                first = source.marks.find(seen[value])[0]
                ctx.add(
                    source, loc, "duplicate-id",
                    M_("the id “{id}” is used twice in this file (first on line {first})"),
                    M_("give each one its own id"), id=value, first=first,
                )
            else:
                seen[value] = loc


# --------------------------------------------------------------------------- HTML
# What could run script, found by markup.py: a hint with file and line (the defence is the
# sanitiser and the Content-Security-Policy, parlour/sanitise.py)

_HTML_HINT = M_("write plain text or Markdown; scripts, frames and event handlers are not "
                "allowed")
_ATTR_LIST_HINT = M_(
    "curly braces after a text are read as page attributes in Markdown; "
    "Parlour shows them as typed: leave them out"
)


_MAYBE_MARKUP = re.compile(r"[<\]{]")


def _check_html_in_data(ctx: _Context, source: Source, data: Any, loc: tuple) -> None:
    if isinstance(data, dict):
        for k, v in data.items():
            _check_html_in_data(ctx, source, v, loc + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            _check_html_in_data(ctx, source, v, loc + (i,))
    elif isinstance(data, str) and _MAYBE_MARKUP.search(data):
        # every string: `javascript&#58;` has no colon until the browser reads it. Only a
        # text with "<" (a tag, an autolink), "]" (a Markdown link) or "{" (an attribute
        # list) can hold what unsafe_markup finds: the others, most of them, are skipped
        for _line, _col, message, severity in unsafe_markup(data):
            code, hint = ("unsafe-html", _HTML_HINT) if severity == ERROR else (
                "attribute-list", _ATTR_LIST_HINT)
            ctx.add(source, loc, code, message, hint, severity)


def _check_unsafe_themes(ctx: _Context) -> None:
    """stories/themes.yml: its names and descriptions are printed on pages like records."""
    loaded = ctx.loaded
    if loaded.themes_marks is None:
        return
    source = Source(THEMES_FILE, "themes", "themes", None, loaded.themes_marks)
    for key, label in loaded.themes.items():
        _check_html_in_data(ctx, source, label.model_dump(exclude_none=True), (key,))
