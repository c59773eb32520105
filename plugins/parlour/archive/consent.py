"""The loaded archive, cross-linked and filtered by consent for one audience.

Everything that decides what may be shown lives here, so pages, search, exports and panels
ask one place and cannot disagree. Lookups and backlinks are indexes built once.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .loader import Loaded
from .model import LEVEL_ORDER, Record

AUDIENCES = {
    # which consent levels each audience may see
    "public": {"public"},
    "community": {"public", "community"},
}
#: How a person appears when their name may not: neutral, never a guess at who they are.
NEUTRAL_PERSON = {"zh": "一位居民", "en": "a resident"}
#: Index order of each type (previous / next links follow it).
ORDER = ("interviews", "objects", "events", "places", "wishes", "exhibits", "people")


@dataclass(frozen=True)
class Entry:
    """A record that may be shown to this audience, with what pages need to link to it."""

    type: str
    id: str
    record: Record = field(compare=False, repr=False)
    path: str = field(compare=False)  # source file, relative to the repository

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
        on_section = {"people": "people", "wishes": "wishes", "events": "timeline"}
        if self.type in on_section:
            return f"{on_section[self.type]}/#{self.id}"
        return f"{self.type}/{self.id}/"


def text(value: Any, lang: str, default: str = "zh") -> tuple[str, str]:
    """A localized text in ``lang``: (text, language it is actually in).

    A plain string is in the site's default language. A missing translation falls back to
    the default language, then to any language, so the caller can say "仅中文 / Chinese only".
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


class Archive:
    """The records an audience may see, with lookups, backlinks and consent answers."""

    def __init__(
        self,
        loaded: Loaded,
        *,
        audience: str = "public",
        today: datetime.date | None = None,
        default_lang: str = "zh",
    ):
        if audience not in AUDIENCES:
            raise ValueError(f"unknown audience {audience!r}")
        self.loaded = loaded
        self.audience = audience
        self.allowed_levels = AUDIENCES[audience]
        self.today = today or datetime.date.today()
        self.default_lang = default_lang
        self.themes = loaded.themes
        self.records = loaded.records
        self._entries: dict[str, list[Entry]] = {}
        self._by_key: dict[tuple[str, str], Entry] = {}
        self._references: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}
        for type_, records in loaded.records.items():
            for id_, record in records.items():
                if self._visible(type_, id_, record):
                    source = loaded.sources[(type_, id_)]
                    entry = Entry(type_, id_, record, source.path)
                    self._by_key[entry.key] = entry
                    self._entries.setdefault(type_, []).append(entry)
        for type_, entries in self._entries.items():
            entries.sort(key=self._sort_key)

    # ------------------------------------------------------------------ consent

    def level(self, consent: Any, aspect: str | None = None) -> str:
        """The effective level of a consent (a person's or a record's) for ``aspect``.

        Missing consent counts as private; an embargo keeps it private until its date;
        an aspect can only narrow the level.
        """
        if consent is None:
            return "private"
        level = consent.level
        embargo = getattr(consent, "embargo_until", None)
        if embargo is not None and self.today < embargo.parsed.lower:
            return "private"
        if aspect:
            narrower = getattr(consent, aspect, None)
            if narrower and LEVEL_ORDER[narrower] > LEVEL_ORDER[level]:
                level = narrower
        return level

    def person_level(self, person_id: str, aspect: str | None = None) -> str:
        person = self.records.get("people", {}).get(person_id)
        return self.level(person.consent if person else None, aspect)

    def allows(self, level: str) -> bool:
        return level in self.allowed_levels

    def person_allows(self, person_id: str, aspect: str | None = None) -> bool:
        """May this audience see this person's ``aspect`` (or the person at all)?"""
        return self.allows(self.person_level(person_id, aspect))

    def record_allows(self, record: Record, aspect: str | None = None) -> bool:
        """Does the record's own consent (if any) allow ``aspect`` for this audience?"""
        return record.consent is None or self.allows(self.level(record.consent, aspect))

    def _owners(self, type_: str, record: Record) -> list[str]:
        """The people whose material the record is: narrator, wish author."""
        if type_ == "interviews":
            return [record.narrator]
        if type_ == "wishes" and str(record.by).startswith("people/"):
            return [record.by.split("/", 1)[1]]
        return []

    def _visible(self, type_: str, id_: str, record: Record) -> bool:
        if type_ == "people":
            return self.person_allows(id_)
        if not self.record_allows(record):
            return False
        if type_ == "wishes" and not record.approved:
            return False
        return all(self.person_allows(p) for p in self._owners(type_, record))

    def aspect_allowed(self, entry: Entry, aspect: str) -> bool:
        """Audio or transcript of an interview: the narrower of narrator and record wins."""
        record = entry.record
        return self.record_allows(record, aspect) and all(
            self.person_allows(p, aspect) for p in self._owners(entry.type, record)
        )

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
        """Every record an entry points at (visible or not), in field order, once each."""
        from .checks import walk  # noqa: PLC0415 - checks imports loader, not archive
        from .model import Ref  # noqa: PLC0415

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
        person = self.records.get("people", {}).get(person_id)
        if person is None or not self.person_allows(person_id):
            return NEUTRAL_PERSON.get(lang, NEUTRAL_PERSON["zh"])
        if person.name and self.person_allows(person_id, "name"):
            return tr(person.name, lang, self.default_lang)
        if person.display_name:
            return tr(person.display_name, lang, self.default_lang)
        return NEUTRAL_PERSON.get(lang, NEUTRAL_PERSON["zh"])

    def portrait(self, person_id: str):
        """The person's portrait if this audience may see it, else None."""
        person = self.records.get("people", {}).get(person_id)
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
        order = ORDER.index(entry.type)
        if entry.type == "objects":
            return (order, 0 if record.number else 1, record.number or "", (), entry.id)
        date = getattr(record, "date", None) or getattr(record, "dates", None)
        if date is not None:
            return (order, 0, "", date.parsed.sort_key(), entry.id)
        return (order, 1, self.title(entry, self.default_lang), (), entry.id)
