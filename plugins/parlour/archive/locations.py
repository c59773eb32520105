"""How precisely a place's location is published: the rounding the archive's views apply.

A place linked to a person (``related: [people/x]`` on the place, or ``places/p`` in the
person's ``related``) may be where they live: it is rounded to 50 m unless the place says
otherwise with ``precision:``; other places (a school, a market) are published as written
unless they ask for rounding. Rounding is to decimal degrees, never finer than the
precision: 50 m becomes 3 decimals (about 110 m of latitude), so a rounded location can
always be checked by counting its decimals.
"""

from __future__ import annotations

import math
from typing import Any

from .model import Record, Ref

#: Metres, for a place linked to a person when the place does not say.
DEFAULT_HOME_PRECISION = 50.0
#: Metres in one degree of latitude (and of longitude at the equator, more than anywhere else).
METRES_PER_DEGREE = 111_320.0
#: The most decimals a location keeps (about 11 cm): "exact".
MAX_DECIMALS = 6


def decimals_for(metres: float | None) -> int:
    """The decimals of a degree a location keeps at ``metres`` precision: the most whose
    step is still at least ``metres`` (50 m -> 3, 10 m -> 4, 1 km -> 2); exact (``None`` or
    0) keeps :data:`MAX_DECIMALS`."""
    if not metres:
        return MAX_DECIMALS
    return max(0, min(MAX_DECIMALS, math.floor(math.log10(METRES_PER_DEGREE / metres))))


def effective_precision(precision: float | None, *, linked_to_person: bool) -> float | None:
    """The precision a place's location is published at (metres; None for exact)."""
    if precision is not None:
        return precision or None
    return DEFAULT_HOME_PRECISION if linked_to_person else None


def rounded(lat: float, lon: float, metres: float | None) -> tuple[float, float]:
    """``(lat, lon)`` rounded to ``metres`` (see :func:`decimals_for`)."""
    digits = decimals_for(metres)
    return round(lat, digits), round(lon, digits)


def finer_than(value: Any, metres: float | None) -> bool:
    """Whether a written coordinate has more decimals than ``metres`` allows."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    text = repr(float(value))
    places = len(text.split(".", 1)[1].rstrip("0")) if "." in text and "e" not in text else 0
    return places > decimals_for(metres)


def place_people(records: dict[str, dict[str, Record]]) -> dict[str, set[str]]:
    """Place id -> the people it is linked to (``related``, either way round): the places
    that may be someone's home. The archive's views and
    the privacy check both use this rule."""
    out: dict[str, set[str]] = {}
    for id_, place in records.get("places", {}).items():
        out.setdefault(id_, set()).update(people_in_related(place, "people"))
    for pid, person in records.get("people", {}).items():
        for place_id in people_in_related(person, "places"):
            out.setdefault(place_id, set()).add(pid)
    return out


def people_in_related(record: Record, type_: str) -> list[str]:
    """The ids of the ``type_`` records a record's ``related`` list names."""
    return [r.id for r in getattr(record, "related", None) or []
            if isinstance(r, Ref) and r.type == type_]
