"""The loaded archive, cross-linked and filtered by consent for one audience: the one door.

Only this module reads consent. Every output (pages, cards, search, open data, OHMS, CSV,
panels, labels, the kiosk) gets records from an :class:`Archive` as :class:`Entry` values
whose ``record`` is already the *redacted view* for the audience: fields that name or show a
person who did not agree are gone (``Entry.withheld`` says where), references to records the
audience may not see are dropped, and transcripts come with their speakers relabelled. The
policy itself (which fields name or show a person, through whom, under which aspect) is
declared once per type in ``model.py`` (``owners``, ``credits``, ``shows``). The unfiltered
records are kept under private names only.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .cjk import join_cjk_lines
from .loader import Loaded
from .locations import effective_precision, place_people, rounded
from .model import LEVEL_ORDER, Record, Ref, owners_of, people_in, walk
from .mediafiles import through_link
from .transcript import Cue, read_vtt

AUDIENCES = {
    # which consent levels each audience may see
    "public": {"public"},
    "community": {"public", "community"},
}
#: The consent aspects a person can narrow (``Consent``'s fields besides level and dates).
ASPECTS = ("name", "portrait", "audio", "transcript")


def neutral(key: str, lang: str) -> str:
    """How a person appears when their name may not (``neutral.person``: neutral, never a
    guess at who they are), or a transcript's interviewer this audience may not see at all
    (``neutral.interviewer``), in the interface words of ``lang``."""
    from ..i18n import label  # the catalogs: the site's languages and the archive's words

    return label(key, lang)

#: Index order of each type (previous / next links follow it).
ORDER = ("interviews", "objects", "events", "places", "wishes", "exhibits", "people")
#: Types shown as anchors on their section's page, and that page.
ON_SECTION = {"people": "people", "wishes": "wishes", "events": "timeline", "maps": "places"}

_DROP = object()  # a value the view leaves out


@dataclass(frozen=True)
class Entry:
    """A record this audience may see, as it may see it (the redacted view).

    ``record`` is a copy of the record without what consent withholds; ``withheld`` holds
    the locations (YAML keys and list positions, as in the marks) of what was left out, so a
    page can say "shown only in the parlour" instead of leaving a hole.
    """

    type: str
    id: str
    record: Record = field(compare=False, repr=False)
    path: str = field(compare=False)  # source file, relative to the repository
    withheld: frozenset[tuple] = field(default=frozenset(), compare=False, repr=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.type, self.id)

    @property
    def ref(self) -> str:
        return f"{self.type}/{self.id}"

    @property
    def url(self) -> str:
        """Site-relative URL of the record's page; people, wishes and events are anchors on
        their section's page (``people/#id``, ``wishes/#id``, ``timeline/#id``)."""
        if self.type in ON_SECTION:
            return f"{ON_SECTION[self.type]}/#{self.id}"
        return f"{self.type}/{self.id}/"

    @property
    def src_uri(self) -> str:
        """The page's source path in the site's default language (``objects/x.md``, or
        ``timeline/index.md#x`` for an anchor): the one place record URLs are decided."""
        if self.type in ON_SECTION:
            return f"{ON_SECTION[self.type]}/index.md#{self.id}"
        return f"{self.type}/{self.id}.md"

    def is_withheld(self, *loc: Any) -> bool:
        """Whether consent left out ``loc`` (a field, or an item of one) or anything in it."""
        return any(w[: len(loc)] == loc for w in self.withheld)


def text(value: Any, lang: str, default: str = "zh") -> tuple[str, str]:
    """A localized text in ``lang``: (text, language it is actually in).

    A plain string is in the site's default language. A missing translation falls back to
    the default language, then to any language, so the caller can say "Only in Chinese".
    """
    if value is None:
        return "", lang
    if isinstance(value, str):
        return value, default
    for candidate in (lang, default, *value):
        if value.get(candidate):
            return value[candidate], candidate
    return "", lang


def tr(value: Any, lang: str, default: str = "zh") -> str:
    """Just the text of :func:`text`."""
    return text(value, lang, default)[0]


def _latest(embargo: Any) -> datetime.date | None:
    """The last day an embargo may still hold: an uncertain or open date counts to its end
    (``20XX`` is 2099-12-31, ``2030/..`` never ends); None for no embargo."""
    parsed = embargo.parsed
    return parsed.upper if parsed.upper is not None else datetime.date.max


def name_public(consent: Any) -> bool:
    """Whether a person's consent makes their name public: level public and no narrower
    name aspect (an embargo only delays it). No consent given: not public. ``parlour new``
    and the CSV import make a person's id from the name only when this holds."""
    if consent is None or getattr(consent, "level", None) != "public":
        return False
    return (getattr(consent, "name", None) or "public") == "public"


def id_may_spell_name(consent: Any) -> bool:
    """Whether a person's id may spell their name (the ``id-spells-name`` check).

    Ids are shown wherever the person is, so every audience that may see the person must
    be one that may see the name: a community person whose name is for the community too
    passes, a person whose name aspect is narrower than their level does not. An embargo
    changes only when, not who. A private or withdrawn person's file stays in the public
    repository without a name, so its id must not spell one either.
    """
    if consent is None or consent.level not in ("public", "community"):
        return False
    return LEVEL_ORDER[consent.name or consent.level] <= LEVEL_ORDER[consent.level]


class Archive:
    """The records an audience may see, as redacted views, with lookups, backlinks and the
    consent answers outputs need (labels, portraits, transcripts)."""

    def __init__(
        self,
        loaded: Loaded,
        *,
        audience: str = "public",
        today: datetime.date | None = None,
        default_lang: str | None = None,
    ):
        if audience not in AUDIENCES:
            raise ValueError(f"unknown audience {audience!r}")
        self._loaded = loaded
        self.audience = audience
        self.allowed_levels = AUDIENCES[audience]
        self.today = today or datetime.date.today()
        #: the archive's languages (its texts may be written in any of them), the default first
        self.languages: tuple[str, ...] = tuple(getattr(loaded, "languages", ("zh", "en")))
        self.default_lang = default_lang or self.languages[0]
        self.themes = loaded.themes
        self.root = Path(loaded.root)
        self._people = loaded.records.get("people", {})
        self._place_people = place_people(loaded.records)
        self._raw: dict[tuple[str, str], Record] = {}
        visible = [
            (type_, id_, record)
            for type_, records in loaded.records.items()
            for id_, record in records.items()
            if self._visible(type_, id_, record)
        ]
        self._visible_keys = {(type_, id_) for type_, id_, _ in visible}
        self._entries: dict[str, list[Entry]] = {}
        self._by_key: dict[tuple[str, str], Entry] = {}
        self._references: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}
        for type_, id_, record in visible:
            view, withheld = self._redact(type_, id_, record)
            entry = Entry(type_, id_, view, loaded.sources[(type_, id_)].path, withheld)
            self._raw[entry.key] = record
            self._by_key[entry.key] = entry
            self._entries.setdefault(type_, []).append(entry)
        for type_, entries in self._entries.items():
            entries.sort(key=self._sort_key)

    # ------------------------------------------------------------------ sources

    @property
    def cache(self) -> dict | None:
        """The loader's per-build cache (transcripts parsed once for every language)."""
        return self._loaded.cache

    def release_cache(self) -> None:
        """Forget the per-build cache (the plugin keeps its own across serve's rebuilds)."""
        self._loaded.cache = None

    def body(self, entry: Entry) -> str:
        """The Markdown body of a visible record's file ("" for a .yml record)."""
        source = self._loaded.sources.get(entry.key)
        return join_cjk_lines(source.body.strip()) if source is not None else ""

    def where(self, type_: str, id_: str, loc: tuple = ()) -> tuple[str, int, int]:
        """(file, line, column) of a value in a record's file, for a problem message."""
        source = self._loaded.sources.get((type_, id_))
        if source is None:
            return (f"{type_}/{id_}", 0, 0)
        line, column = source.marks.find(tuple(loc))
        return (source.path, line, column)

    # ------------------------------------------------------------------ consent

    def level(self, consent: Any, aspect: str | None = None) -> str:
        """The effective level of a consent (a person's or a record's) for ``aspect``.

        Missing consent counts as private; an embargo keeps it private until its latest
        possible day has passed; an aspect can only narrow the level.
        """
        if consent is None:
            return "private"
        level = consent.level
        embargo = getattr(consent, "embargo_until", None)
        if embargo is not None and self.today <= _latest(embargo):
            return "private"
        if aspect:
            narrower = getattr(consent, aspect, None)
            if narrower and LEVEL_ORDER[narrower] > LEVEL_ORDER[level]:
                level = narrower
        return level

    def person_level(self, person_id: str, aspect: str | None = None) -> str:
        person = self._people.get(person_id)
        return self.level(person.consent if person else None, aspect)

    def allows(self, level: str) -> bool:
        return level in self.allowed_levels

    def person_allows(self, person_id: str, aspect: str | None = None) -> bool:
        """May this audience see this person's ``aspect`` (or the person at all)?"""
        return self.allows(self.person_level(person_id, aspect))

    def record_allows(self, record: Record, aspect: str | None = None) -> bool:
        """Does the record's own consent (if any) allow ``aspect`` for this audience?"""
        return record.consent is None or self.allows(self.level(record.consent, aspect))

    def _visible(self, type_: str, id_: str, record: Record) -> bool:
        if type_ == "people":
            return self.person_allows(id_)
        if not self.record_allows(record):
            return False
        if type_ == "wishes" and not record.approved:
            return False
        return all(self.person_allows(p) for p in owners_of(record))

    def aspect_allowed(self, entry: Entry, aspect: str) -> bool:
        """Audio or transcript of a record: the narrowest of its owners and itself wins."""
        record = self._raw.get(entry.key, entry.record)
        return self.record_allows(record, aspect) and all(
            self.person_allows(p, aspect) for p in owners_of(record)
        )

    def _shows_allowed(self, id_: str, record: Record, shows: Any) -> bool:
        people = [p for name in shows.through for p in people_in(record, name)]
        if not shows.through:
            people = [id_]  # the record is the person: their own name or portrait
            return all(self.person_allows(p, shows.aspect) for p in people)
        return self.record_allows(record, shows.aspect) and all(
            self.person_allows(p, shows.aspect) for p in people
        )

    # ------------------------------------------------------------------ the view

    def _redact(self, type_: str, id_: str, record: Record) -> tuple[Record, frozenset]:
        """The record as this audience may see it, and the locations left out."""
        cls = type(record)
        withheld: set[tuple] = set()
        update: dict[str, Any] = {}
        for name, shows in cls.shows.items():
            value = getattr(record, name, None)
            if value in (None, [], {}) or self._shows_allowed(id_, record, shows):
                continue
            update[name] = [] if isinstance(value, list) else None
            withheld.add((cls.model_fields[name].alias or name,))
        owners = set(cls.owners)
        for name, fld in cls.model_fields.items():
            if name in update or name in owners or name == "consent":
                continue
            if name not in record.model_fields_set:
                continue
            kept = self._prune(getattr(record, name), (fld.alias or name,), withheld)
            if kept is _DROP:
                update[name] = None
            elif kept is not getattr(record, name):
                update[name] = kept
        if type_ == "places" and record.location is not None:
            update.update(self._place_location(id_, record, withheld))
        # what a person agreed to is between them and the archive, not for any output
        if record.consent is not None:
            update["consent"] = None
        if not update:
            return record, frozenset(withheld)
        return record.model_copy(update=update), frozenset(withheld)

    def location_withheld_by(self, place_id: str) -> list[str]:
        """The people linked to a place (``locations.place_people``) who did not consent
        publicly: while there is one, the place may be their home and its location is left
        out of every output, whatever the audience (and ``parlour check`` asks for it to be
        rounded in the repository, which is public)."""
        return sorted(pid for pid in self._place_people.get(place_id, set())
                      if self.person_level(pid) != "public")

    def _place_location(self, id_: str, record: Record, withheld: set) -> dict[str, Any]:
        """A place's location as published: left out when the place is linked to a person
        who did not consent publicly (it may be their home), else rounded to the place's
        precision (50 m by default for a place linked to a person, see ``locations``)."""
        people = self._place_people.get(id_, set())
        if self.location_withheld_by(id_):
            withheld.add(("location",))
            return {"location": None, "precision": None}
        precision = effective_precision(record.precision, linked_to_person=bool(people))
        lat, lon = rounded(record.location.lat, record.location.lon, precision)
        return {"location": record.location.model_copy(update={"lat": lat, "lon": lon}),
                "precision": precision}

    def _prune(self, value: Any, loc: tuple, withheld: set) -> Any:
        """``value`` without references to records this audience may not see (the same
        object when nothing changed, ``_DROP`` when the value itself goes)."""
        if isinstance(value, Ref):
            if (value.type, value.id) in self._visible_keys:
                return value
            withheld.add(loc)
            return _DROP
        if isinstance(value, list):
            items = [self._prune(item, loc + (i,), withheld) for i, item in enumerate(value)]
            if all(new is old for new, old in zip(items, value, strict=True)):
                return value
            return [item for item in items if item is not _DROP]
        if isinstance(value, BaseModel):
            update = {}
            for name, fld in type(value).model_fields.items():
                if name not in value.model_fields_set:
                    continue
                old = getattr(value, name)
                new = self._prune(old, loc + (fld.alias or name,), withheld)
                if new is not old:
                    update[name] = None if new is _DROP else new
            return value.model_copy(update=update) if update else value
        return value

    def fingerprint(self, entries: Iterable[Entry], people: Iterable[str] = ()) -> str:
        """A digest of what this audience may see of ``entries`` and ``people``: their
        redacted views and every consent answer about the people in them. A panel exported
        with one fingerprint is stale once the fingerprint differs (someone narrowed or
        withdrew consent, an embargo began or a record changed)."""
        state: list[Any] = []
        person_ids = set(people)
        for entry in entries:
            current = self.get(entry.type, entry.id)
            if current is None:
                state.append([entry.type, entry.id, None])
                continue
            state.append([
                entry.type, entry.id, sorted(map(list, current.withheld)),
                current.record.model_dump(mode="json", exclude_none=True),
            ])
            raw = self._raw[current.key]
            person_ids.update(pid for _, value in walk(raw) if isinstance(value, Ref)
                              and value.type == "people" for pid in [value.id])
            if entry.type == "people":
                person_ids.add(entry.id)
        for pid in sorted(person_ids):
            state.append([pid, [self.person_level(pid, a) for a in (None, *ASPECTS)]])
        digest = hashlib.sha256(json.dumps([self.audience, state], ensure_ascii=False,
                                           sort_keys=True, default=str).encode())
        return digest.hexdigest()[:16]

    # ------------------------------------------------------------------ transcripts

    def transcript(self, entry: Entry, lang: str) -> list[Cue] | None:
        """The transcript's cues as this audience may read them, speakers relabelled (see
        :meth:`voice_label`); None when there is none or it is withheld. On a page in another
        language than the interview's, its translation into ``lang`` when it has one."""
        raw = self._raw.get(entry.key)
        name = getattr(raw, "transcript", None)
        if name and lang != getattr(raw, "language", None):
            translations = getattr(raw, "transcript_translations", None) or []
            name = next((t.file for t in translations if t.lang == lang), name)
        if not name or not self.aspect_allowed(entry, "transcript"):
            return None
        if through_link((self.root / entry.path).parent, name):
            return None  # `parlour check` refuses it; never publish what a link points at
        vtt = (self.root / entry.path).parent / name
        cues, _ = read_vtt(vtt, vtt.relative_to(self.root).as_posix(), cache=self.cache)
        label = self.voice_label(entry, lang)
        return [replace(cue, voice=label(cue.voice)) for cue in cues]

    def _voices(self) -> dict[str, str]:
        """Every person's id, names and display names (and their case-folded forms) -> id:
        the voices a transcript may name them by. Made once: every interview asks."""
        known = getattr(self, "_known_voices", None)
        if known is None:
            known = {}
            for pid, person in self._people.items():
                names = {pid}
                for value in (person.name, person.display_name):
                    if isinstance(value, dict):
                        names.update(v.strip() for v in value.values() if v and v.strip())
                    elif value and value.strip():
                        names.add(value.strip())
                for name in sorted(names):
                    known.setdefault(name, pid)
                    known.setdefault(name.casefold(), pid)
            self._known_voices = known
        return known

    def voice_label(self, entry: Entry, lang: str) -> Callable[[str | None], str | None]:
        """Map a transcript's speaker voices to what this audience may see of those people.

        A voice written as any person's name, display name or id becomes their consented
        label (an interviewer the audience may not see becomes "Interviewer"), so nobody
        without name consent is named by a transcript. Two different people who would share
        a label are told apart by a number. Other voices (Q, A, 主持人) stay as written.
        """
        record = self._raw.get(entry.key, entry.record)
        narrator = getattr(record, "narrator", None)
        interviewers = set(getattr(record, "interviewers", []) or [])
        known = self._voices()
        labels: dict[str, str] = {}
        taken: dict[str, int] = {}

        def voice(name: str | None) -> str | None:
            if name is None:
                return None
            name = name.strip()
            pid = known.get(name) or known.get(name.casefold())
            if pid is None:
                return name
            if pid not in labels:
                if pid == narrator or self.person_allows(pid):
                    shown = self.person_label(pid, lang)
                elif pid in interviewers:
                    shown = neutral("neutral.interviewer", lang)
                else:
                    shown = neutral("neutral.person", lang)
                n = taken.get(shown, 0) + 1
                taken[shown] = n
                labels[pid] = shown if n == 1 else neutral("aside", lang).format(
                    text=shown, aside=n)
            return labels[pid]

        return voice

    # ------------------------------------------------------------------ lookups

    def entries(self, type_: str) -> list[Entry]:
        """Visible records of a type, in index order."""
        return self._entries.get(type_, [])

    def all_entries(self) -> Iterable[Entry]:
        for type_ in ORDER:
            yield from self.entries(type_)

    def get(self, type_: str, id_: str) -> Entry | None:
        return self._by_key.get((type_, id_))

    def resolve(self, ref: str, default_type: str | None = None) -> Entry | None:
        """``objects/coin-phone``, ``interviews/x#q1`` or (with ``default_type``) a bare id."""
        ref = str(ref).split("#", 1)[0]
        if "/" in ref:
            type_, id_ = ref.split("/", 1)
        else:
            type_, id_ = default_type, ref
        return self._by_key.get((type_, id_)) if type_ else None

    def neighbours(self, entry: Entry) -> tuple[Entry | None, Entry | None]:
        """Previous and next record in the entry's index."""
        entries = self.entries(entry.type)
        i = self._positions[entry.key]
        return (
            entries[i - 1] if i > 0 else None,
            entries[i + 1] if i + 1 < len(entries) else None,
        )

    @cached_property
    def _positions(self) -> dict[tuple[str, str], int]:
        return {e.key: i for entries in self._entries.values() for i, e in enumerate(entries)}

    # ------------------------------------------------------------------ links

    @cached_property
    def backlinks(self) -> dict[tuple[str, str], list[Entry]]:
        """For each record, the visible records that refer to it (one pass over all)."""
        out: dict[tuple[str, str], list[Entry]] = {}
        for entry in self._by_key.values():
            for target in self.references(entry):
                if target != entry.key:
                    out.setdefault(target, []).append(entry)
        for entries in out.values():
            entries.sort(key=self._sort_key)
        return out

    def references(self, entry: Entry) -> list[tuple[str, str]]:
        """Every record an entry's view points at (so only visible ones), in field order, once each."""
        cached = self._references.get(entry.key)
        if cached is not None:
            return list(cached)
        seen: dict[tuple[str, str], None] = {}
        for _, value in walk(entry.record):
            if isinstance(value, Ref):
                seen[(value.type, value.id)] = None
        if entry.type == "wishes" and getattr(entry.record, "fulfilled_by", None):
            seen[("events", entry.record.fulfilled_by)] = None
        # walked once per record: backlinks, related lists and pages all ask
        self._references[entry.key] = tuple(seen)
        return list(seen)

    def related(self, entry: Entry) -> list[Entry]:
        """What an entry's page lists as related: its own links, then backlinks; visible only.

        People are not listed (a credit is not a relation), and nothing invisible is named.
        """
        out: dict[tuple[str, str], Entry] = {}
        for key in self.references(entry):
            target = self._by_key.get(key)
            if target is not None and target.type != "people" and target.key != entry.key:
                out[key] = target
        for source in self.backlinks.get(entry.key, []):
            if source.type != "people":
                out.setdefault(source.key, source)
        return list(out.values())

    def by_theme(self) -> dict[str, list[Entry]]:
        """Theme id -> visible entries with that theme (wishes through their one theme)."""
        out: dict[str, list[Entry]] = {t: [] for t in self.themes}
        for entry in self.all_entries():
            themes = list(getattr(entry.record, "themes", []) or [])
            if entry.type == "wishes" and entry.record.theme:
                themes.append(entry.record.theme)
            for theme in dict.fromkeys(themes):
                out.setdefault(theme, []).append(entry)
        return out

    # ------------------------------------------------------------------ people

    def person_label(self, person_id: str, lang: str) -> str:
        """A person as this audience may see them: name, display name, or a neutral label."""
        person = self._people.get(person_id)
        if person is None or not self.person_allows(person_id):
            return neutral("neutral.person", lang)
        if person.name and self.person_allows(person_id, "name"):
            return tr(person.name, lang, self.default_lang)
        if person.display_name:
            return tr(person.display_name, lang, self.default_lang)
        return neutral("neutral.person", lang)

    def person(self, person_id: str) -> Record | None:
        """A person's redacted view (no name or portrait they withheld), or None when this
        audience may not see them at all."""
        entry = self._by_key.get(("people", person_id))
        return entry.record if entry is not None else None

    def portrait(self, person_id: str):
        """The person's portrait if this audience may see it, else None."""
        person = self._people.get(person_id)
        if person is None or person.portrait is None:
            return None
        return person.portrait if self.person_allows(person_id, "portrait") else None

    # ------------------------------------------------------------------ order

    def title(self, entry: Entry, lang: str) -> str:
        record = entry.record
        if entry.type == "people":
            return self.person_label(entry.id, lang)
        if entry.type == "places":
            return tr(record.names[-1].name, lang, self.default_lang)
        if entry.type == "wishes":
            return tr(record.text, lang, self.default_lang)
        return tr(getattr(record, "title", entry.id), lang, self.default_lang)

    def _sort_key(self, entry: Entry):
        # (type, bucket, value, id): values of different kinds never meet in a comparison
        record = entry.record
        # maps are shown on the places pages, not listed on their own: after the rest
        order = ORDER.index(entry.type) if entry.type in ORDER else len(ORDER)
        if entry.type == "objects":
            return (order, 0 if record.number else 1, record.number or "", (), entry.id)
        date = getattr(record, "date", None) or getattr(record, "dates", None)
        if date is not None:
            return (order, 0, "", date.parsed.sort_key(), entry.id)
        return (order, 1, self.title(entry, self.default_lang), (), entry.id)
