"""The era of a record (past, present or future), one rule for every output.

The web pages (views.py), the printed panels (panels/content.py) and the timeline all place a
record by this rule, so a record never wears one era on the web and another on paper.

An interview is placed by the time it tells of, not by when it was recorded: its ``covers``
interval when it has one, else the dates of the events linked to it (either way round);
only when neither is known does its recording date decide.
"""

from __future__ import annotations

from . import dates
from .consent import Archive, Entry

ERAS = ("past", "present", "future")


def era_of(archive: Archive, entry: Entry) -> str:
    """``past``, ``present`` or ``future`` for a visible entry of ``archive``."""
    record = entry.record
    if getattr(record, "era", None):
        return record.era
    if entry.type == "wishes":
        return "future"
    status = getattr(record, "status", None)
    date = told_of(archive, entry) if entry.type == "interviews" else None
    if date is None:
        date = getattr(record, "date", None)
    if date is None and status not in ("planned", "wished", "ongoing"):
        return "past"
    return dates.era(date, today=archive.today, status=status)


def told_of(archive: Archive, entry: Entry) -> dates.EDTFDate | None:
    """The span an interview tells of: ``covers``, else the span of its linked events' dates."""
    covers = getattr(entry.record, "covers", None)
    if covers:
        return dates.parse(covers)
    keys = set(archive.references(entry))
    keys.update(source.key for source in archive.backlinks.get(entry.key, []))
    spans = []
    for type_, id_ in keys:
        if type_ != "events":
            continue
        event = archive.get(type_, id_)
        if event is not None and getattr(event.record, "date", None):
            spans.append(dates.parse(event.record.date))
    if not spans:
        return None
    lowers = [s.lower for s in spans]
    uppers = [s.upper for s in spans]
    lower = None if None in lowers else min(lowers)
    upper = None if None in uppers else max(uppers)
    text = "/".join(str(x) if x else ".." for x in (lower, upper))
    return dates.EDTFDate(text, lower, upper, False, False)
