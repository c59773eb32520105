"""Checks across records: references, media, themes, consent and unsafe HTML.

The loader has already reported what is wrong inside each file on its own (syntax,
fields, types). These checks need the whole archive, and are built from indexes made once,
so a large archive costs linear time.
"""

from __future__ import annotations

import datetime
import html
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any


from xml.etree import ElementTree as etree

from markdown.inlinepatterns import BACKTICK_RE, BacktickInlineProcessor

from .loader import STORIES, THEMES_FILE, Loaded, Source, internal_problem, load_archive, suggest
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
from .problems import ERROR, WARNING, Problem, sort_problems
from .privacy import privacy_problems
from .transcript import check_interviews

MEDIA_DIR = f"{STORIES}/media"
#: Fields of a person that may stay in the repository after they withdrew or went private.
TOMBSTONE_FIELDS = {"consent"}
#: Places are published; more than 3 decimals (about 100 m) can point at someone's door.
MAX_LOCATION_DECIMALS = 3


def check_archive(root: Path | str, *, today: datetime.date | None = None) -> list[Problem]:
    """Load the archive at ``root`` and return every problem, sorted by file and line."""
    loaded = load_archive(root)
    return sort_problems([*loaded.problems, *cross_check(loaded, today=today)])


def cross_check(
    loaded: Loaded, *, today: datetime.date | None = None, cache: dict | None = None
) -> list[Problem]:
    """Every problem that needs more than one file to see.

    With ``cache`` (kept by the caller with the load cache), the checks of one file against
    its own transcript, recording and photos are reused while none of them changed.
    """
    ctx = _Context(loaded)
    for (type_, id_), source in loaded.sources.items():
        record = loaded.records.get(type_, {}).get(id_) or loaded.partial.get((type_, id_))
        try:
            _check_record(ctx, source, record)
        except Exception as err:  # noqa: BLE001 - never a traceback for a contributor's file
            ctx.problems.append(internal_problem(source.path, err))
    _check_people(ctx)
    _check_unsafe_themes(ctx)
    media = loaded.root / MEDIA_DIR
    ctx.problems.extend(check_interviews(loaded, media_root=media, cache=cache))
    ctx.problems.extend(privacy_problems(loaded, media_root=media, cache=cache))
    return ctx.problems


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
                    "this picture has no alt text (a description for people who cannot see it)",
                    "add alt: {zh: ..., en: ...} saying what the picture shows",
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
        # person id -> the places that point at them, for the consent checks
        self.people_refs: dict[str, list[tuple[Source, tuple, str]]] = {}

    def add(self, source, loc, code, message, hint="", severity=ERROR, at=None):
        line, col = at if at else source.marks.find(loc or ())
        self.problems.append(Problem(source.path, line, col, code, message, hint, severity))


def _media_index(root: Path) -> set[str]:
    media = root / MEDIA_DIR
    if not media.is_dir():
        return set()
    return {p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file()}


# --------------------------------------------------------------------------- references


def _check_ref(ctx: _Context, source: Source, loc: tuple, ref: Ref) -> None:
    type_, id_ = ref.type, ref.id
    if type_ not in TYPES:
        ctx.add(
            source, loc, "unknown-reference",
            f"“{ref}” points to “{type_}”, which is not a kind of record",
            suggest(type_, TYPES) or f"kinds: {', '.join(TYPES)}",
        )
        return
    if id_ not in ctx.ids[type_]:
        where = f"exhibits/{id_}.yml" if type_ == "exhibits" else f"stories/{type_}/{id_}"
        # a typed reference (objects/coin-phon) gets a hint it can paste back whole
        prefix = "" if ref.target else f"{type_}/"
        close = suggest(prefix + id_, [prefix + i for i in ctx.ids[type_]])
        hint = close or f"there is no {where}; check the spelling"
        ctx.add(source, loc, "unknown-reference", f"“{ref}” does not exist", hint)
        return
    if ref.fragment:
        target = ctx.loaded.records.get(type_, {}).get(id_)
        quotes = [q.id for q in getattr(target, "quotes", [])] if target else None
        if quotes is not None and ref.fragment not in quotes:
            hint = suggest(ref.fragment, quotes) or (
                f"its quotes are: {', '.join(quotes)}" if quotes else "that record has no quotes"
            )
            ctx.add(source, loc, "unknown-reference", f"“{ref}”: there is no quote “{ref.fragment}”", hint)
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
            f"“{path}” is a web address; Parlour needs the file itself",
            "download it, check you may use it, and put it in stories/media/",
        )
        return
    parts = re.split(r"[\\/]", path)
    if path.startswith(("/", "\\")) or re.match(r"^[a-zA-Z]:", path) or ".." in parts:
        where = "stories/media/" if path.base == "media" else "the record's folder"
        ctx.add(
            source, loc, "media-outside",
            f"“{path}” points outside {where}",
            f"put the file in {where} and write its name relative to it, like photo.jpg",
        )
        return
    if path.base == "media":
        clean = "/".join(p for p in parts if p not in ("", "."))
        if clean in ctx.media_files:
            return
        hint = suggest(clean, ctx.media_files) or "put the file in stories/media/"
        ctx.add(source, loc, "media-missing", f"the file stories/media/{clean} does not exist", hint)
    else:
        folder = (ctx.loaded.root / source.path).parent
        if not (folder / path).is_file():
            ctx.add(
                source, loc, "media-missing",
                f"the file {Path(source.path).parent.as_posix()}/{path} does not exist",
                "it should sit beside this record, with the same spelling",
            )


# --------------------------------------------------------------------------- themes


def _check_theme(ctx: _Context, source: Source, loc: tuple, theme: ThemeId) -> None:
    themes = ctx.loaded.themes
    if theme in themes:
        return
    by_label = [k for k, t in themes.items() if theme in (t.zh, t.en)]
    hint = (
        f"write the theme's id, “{by_label[0]}”, not its label" if by_label
        else suggest(theme, themes) or f"themes: {', '.join(sorted(themes)) or '(none yet)'}"
    )
    ctx.add(source, loc, "unknown-theme", f"“{theme}” is not a theme in stories/themes.yml", hint)


# --------------------------------------------------------------------------- consent


def _check_consent_aspects(ctx, source, loc, consent) -> None:
    for aspect in ("name", "portrait", "audio", "transcript"):
        value = getattr(consent, aspect, None)
        if value and LEVEL_ORDER[value] < LEVEL_ORDER[consent.level]:
            ctx.add(
                source, loc + (aspect,), "consent-wider",
                f"{aspect}: {value} is wider than level: {consent.level}; the narrower one counts",
                f"write {aspect}: {consent.level}, or change level",
                WARNING,
            )
    if isinstance(consent, RecordConsent) and consent.level in ("private", "withdrawn"):
        ctx.add(
            source, loc + ("level",), "private-committed",
            f"this record is marked {consent.level}; it must not be in a public repository",
            "keep it in the committee's private records and delete this file",
        )


def _check_people(ctx: _Context) -> None:
    for (type_, id_), source in ctx.loaded.sources.items():
        if type_ != "people" or source.data is None:
            continue
        person = ctx.loaded.records.get("people", {}).get(id_)
        refs = ctx.people_refs.get(id_, [])
        if "consent" not in source.data:
            used = f"; it is used in {refs[0][0].path}" if refs else ""
            ctx.add(
                source, None, "consent-missing",
                f"no consent is recorded for this person{used}",
                "add consent: {level: public | community | private | withdrawn, recorded: DATE} "
                "as on the signed consent form",
                at=(source.marks.offset + 1, 1),
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
                    f"this person is {level}: “{key}” must not be in a public repository",
                    "keep only consent: in this file; the details stay in the committee's records",
                )
        for ref_source, loc, role in refs:
            if role == "owner":
                ctx.add(
                    ref_source, loc, "private-committed",
                    f"this is the material of a {level} person ({id_}); it must not be published "
                    "or kept in a public repository",
                    "remove this record (or the reference) from the repository",
                )


# --------------------------------------------------------------------------- the rest


def _check_location(ctx: _Context, source: Source, loc: tuple) -> None:
    raw = source.data
    for part in loc:
        raw = raw[part] if isinstance(raw, (dict, list)) else None
    if not isinstance(raw, dict):
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
                f"{key}: {value} is precise enough to find one door; places are published",
                f"round it to {MAX_LOCATION_DECIMALS} decimals: {round(value, MAX_LOCATION_DECIMALS)}",
                WARNING,
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
                    f"the id “{value}” is used twice in this file (first on line {first})",
                    "give each one its own id",
                )
            else:
                seen[value] = loc


# --------------------------------------------------------------------------- HTML
#
# A hint for the contributor, with file and line: the defence is elsewhere (record text is
# made inert and sanitised by an allow list when pages are built, and every page carries a
# Content-Security-Policy: see parlour/sanitise.py). So these report what would try to run
# script, not everything the sanitiser removes.

_HTML_HINT = "write plain text or Markdown; scripts, frames and event handlers are not allowed"
_ATTR_LIST_HINT = (
    "curly braces after a text are read as page attributes in Markdown; "
    "Parlour shows them as typed: leave them out"
)
DANGEROUS_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link",
}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset", "background"}
#: SVG animation elements that set another element's attribute: to=javascript:... on a link
ANIMATION_TAGS = {"set", "animate", "animatemotion", "animatetransform"}
_BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)
# As in CommonMark, a backtick fence's info string holds no backtick: ```x``` is inline code.
_FENCE = re.compile(r"^( {0,3})(`{3,}(?=[^`]*$)|~{3,})")
_MD_LINK = re.compile(
    r"\]\([ \t]*<?([^)\s>]*)|^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?(\S+)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>",
    re.MULTILINE,
)
# a paragraph: Markdown finds inline code within one, never across a blank line
_BACKTICKS = BacktickInlineProcessor(BACKTICK_RE)
_PARAGRAPH = re.compile(r"(?s)(?:(?!\n[ \t]*\n).)+")
# Python-Markdown's attr_list: `{ #id .class key=value }` (and `{: ...}`) at the end of a
# heading, a paragraph or after a link, an image or emphasis
_ATTR_LIST = re.compile(r"\{:?[ ]*([^\}\n ][^\}\n]*)[ ]*\}")
_ATTR_TOKEN = re.compile(
    r"""([.#][\w-]+)|([A-Za-z_:][-\w:.]*)(?:=("[^"]*"|'[^']*'|[^\s}]*))?(?=\s|$)""", re.ASCII
)


def _check_html_in_data(ctx: _Context, source: Source, data: Any, loc: tuple) -> None:
    if isinstance(data, dict):
        for k, v in data.items():
            _check_html_in_data(ctx, source, v, loc + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            _check_html_in_data(ctx, source, v, loc + (i,))
    elif isinstance(data, str):
        # every string: `javascript&#58;` has no colon until the browser reads it
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


def _bad_url(value: str) -> bool:
    # Browsers ignore whitespace and control characters inside a scheme: "java\tscript:".
    cleaned = re.sub(r"[\x00-\x20]+", "", html.unescape(value or ""))
    return bool(_BAD_SCHEME.match(cleaned))


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, str]] = []

    def handle_starttag(self, tag, attrs):
        line, col = self.getpos()
        if tag in DANGEROUS_TAGS:
            self.found.append((line, col + 1, f"a <{tag}> tag could run code in visitors' browsers"))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((line, col + 1, f"the {name}= attribute on <{tag}> could run code"))
            elif value and (name in URL_ATTRS or tag in ANIMATION_TAGS) and _bad_url(value):
                # SVG's <set to=javascript:...> makes a link of the element it animates
                self.found.append((line, col + 1, f"a {value.split(':', 1)[0]}: link could run code"))
            elif (
                tag in ANIMATION_TAGS and name == "attributename"
                and (value or "").lower().split(":")[-1] in ("href", "src")
            ):
                self.found.append((line, col + 1, f"<{tag} attributeName={value}> could run code"))

    handle_startendtag = handle_starttag


def _blank_code(text: str) -> str:
    """Replace fenced and inline code with spaces, keeping lines and columns."""
    out, fence = [], None
    for line in text.split("\n"):
        m = _FENCE.match(line)
        if fence:
            if m and m.group(2)[0] == fence[0] and len(m.group(2)) >= len(fence):
                fence = None
            out.append(" " * len(line))
            continue
        if m:
            fence = m.group(2)
            out.append(" " * len(line))
            continue
        out.append(line)
    text = "\n".join(out)
    for start, end in reversed(code_spans(text)):
        text = text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]
    return text


def code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each inline code span of Markdown ``text``, found by Python-Markdown's
    own code (its rules changed between versions): a backslash-escaped backtick opens no
    code, so in \\`<img onerror=...>\\` the HTML is live."""
    spans = []
    for block in _PARAGRAPH.finditer(text):
        data, pos = block.group(0), 0
        while (m := _BACKTICKS.compiled_re.search(data, pos)) is not None:
            found, start, end = _BACKTICKS.handleMatch(m, data)
            if isinstance(found, etree.Element):
                spans.append((block.start() + start, block.start() + end))
            pos = max(end if end is not None else m.end(), m.end())
    return spans


def _attribute_lists(text: str) -> list[tuple[int, str, bool]]:
    """(offset, the list, whether it could run code) for each Markdown attribute list."""
    out = []
    for m in _ATTR_LIST.finditer(text):
        tokens = list(_ATTR_TOKEN.finditer(m.group(1)))
        if not tokens or "".join(t.group(0) for t in tokens) != "".join(m.group(1).split()):
            continue  # {1}, {注}, {a, b}: braces in prose, not an attribute list
        names = [(t.group(2) or "").lower() for t in tokens]
        values = [(t.group(3) or "").strip("\"'") for t in tokens]
        dangerous = any(n.startswith("on") for n in names) or any(_bad_url(v) for v in values)
        out.append((m.start(), m.group(0), dangerous))
    return out


def unsafe_markup(text: str) -> list[tuple[int, int, str, str]]:
    """(line, column, message, severity) for each piece of ``text`` that could run script when
    rendered (an error), and each attribute list, which Parlour prints as typed (a warning)."""
    text = _blank_code(text)
    found: list[tuple[int, int, str, str]] = []

    def where(at: int) -> tuple[int, int]:
        return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1

    if "<" in text:
        scanner = _Scanner()
        try:
            scanner.feed(text)
            scanner.close()
        except Exception:  # noqa: BLE001 - HTMLParser is lenient; be safe if it is not
            found.append((1, 1, "this text holds HTML that cannot be read safely", ERROR))
        found.extend((line, col, message, ERROR) for line, col, message in scanner.found)
    for m in _MD_LINK.finditer(text):
        url = m.group(m.lastindex) if m.lastindex else ""
        if _bad_url(url):
            found.append((*where(m.start(m.lastindex)),
                          f"a {url.split(':', 1)[0].split('&', 1)[0]}: link could run code", ERROR))
    if "{" in text:
        for at, attrs, dangerous in _attribute_lists(text):
            if dangerous:
                found.append((*where(at), f"the attribute list “{attrs}” could run code", ERROR))
            else:
                found.append((*where(at), f"“{attrs}” is shown as typed, not read as "
                              "page attributes", WARNING))
    return found


def unsafe_html(text: str) -> list[tuple[int, int, str]]:
    """(line, column, message) for each piece of text that could run script when rendered."""
    return [(line, col, message) for line, col, message, severity in unsafe_markup(text)
            if severity == ERROR]
