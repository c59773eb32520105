"""What readers call the record types and their fields, declared once and translated
through the catalogs: `parlour new` writes them in its comments, the schemas in their
titles, messages in their English."""

from __future__ import annotations

from ..catalog import N_, words
from ..words import WORDS
from .model import Record


def noun(model: type[Record], lang: str, dirs: tuple = ()) -> str:
    """What a reader of ``lang`` calls one record of ``model`` (人物, Person, Persona): the
    site's named word ``kind.<folder>`` (parlour/words.py), declared once."""
    return words(lang, dirs)[f"kind.{model.folder}"]


def english_noun(model: type[Record]) -> str:
    """The English of :func:`noun`, lower case, for the English of messages ("a person")."""
    return WORDS[f"kind.{model.folder}"].lower()


#: What each field is called, declared once: (msgctxt, English), translated through the
#: catalogs (``parlour new``'s comments). By field key; ``Model.field`` where one key means
#: different things in different places.
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "themes": N_("field.themes", "Themes"),
    "related": N_("field.related", "Related"),
    "consent": N_("field.consent", "Consent"),
    "era": N_("field.era", "Era"),
    "name": N_("field.name", "Name"),
    "Person.name": N_("field.Person.name", "Name"),
    "display_name": N_("field.display_name", "Display name"),
    "born": N_("field.born", "Born"),
    "occupation": N_("field.occupation", "Occupation"),
    "lived_here": N_("field.lived_here", "Lived here"),
    "portrait": N_("field.portrait", "Portrait"),
    "bio": N_("field.bio", "Bio"),
    "title": N_("field.title", "Title"),
    "narrator": N_("field.narrator", "Narrator"),
    "interviewers": N_("field.interviewers", "Interviewers"),
    "date": N_("field.date", "Date"),
    "place": N_("field.place", "Place"),
    "places": N_("field.places", "Places"),
    "language": N_("field.language", "Language"),
    "summary": N_("field.summary", "Summary"),
    "audio": N_("field.audio", "Audio"),
    "video": N_("field.video", "Video"),
    "transcript": N_("field.transcript", "Transcript"),
    "transcript_translations": N_("field.transcript_translations", "Transcript translations"),
    "TranscriptTranslation.lang": N_("field.TranscriptTranslation.lang", "Lang"),
    "TranscriptTranslation.file": N_("field.TranscriptTranslation.file", "File"),
    "rights": N_("field.rights", "Rights"),
    "provenance": N_("field.provenance", "Provenance"),
    "segments": N_("field.segments", "Segments"),
    "quotes": N_("field.quotes", "Quotes"),
    "kind": N_("field.kind", "Kind"),
    "number": N_("field.number", "Number"),
    "material": N_("field.material", "Material"),
    "dimensions": N_("field.dimensions", "Dimensions"),
    "lender": N_("field.lender", "Lender"),
    "donor": N_("field.donor", "Donor"),
    "credit_line": N_("field.credit_line", "Credit line"),
    "loan": N_("field.loan", "Loan"),
    "images": N_("field.images", "Images"),
    "status": N_("field.status", "Status"),
    "sources": N_("field.sources", "Sources"),
    "names": N_("field.names", "Names"),
    "description": N_("field.description", "Description"),
    "then_now": N_("field.then_now", "Then now"),
    "location": N_("field.location", "Location"),
    "text": N_("field.text", "Text"),
    "Wish.text": N_("field.Wish.text", "Text"),
    "by": N_("field.by", "By"),
    "theme": N_("field.theme", "Theme"),
    "fulfilled_by": N_("field.fulfilled_by", "Fulfilled by"),
    "approved": N_("field.approved", "Approved"),
    "venue": N_("field.venue", "Venue"),
    "dates": N_("field.dates", "Dates"),
    "curators": N_("field.curators", "Curators"),
    "intro": N_("field.intro", "Intro"),
    "sections": N_("field.sections", "Sections"),
    "print": N_("field.print", "Print"),
    "src": N_("field.src", "Src"),
    "alt": N_("field.alt", "Alt"),
    "caption": N_("field.caption", "Caption"),
    "credit": N_("field.credit", "Credit"),
    "level": N_("field.level", "Level"),
    "Consent.name": N_("field.Consent.name", "Name"),
    "Consent.portrait": N_("field.Consent.portrait", "Portrait"),
    "Consent.audio": N_("field.Consent.audio", "Audio"),
    "Consent.transcript": N_("field.Consent.transcript", "Transcript"),
    "RecordConsent.audio": N_("field.RecordConsent.audio", "Audio"),
    "RecordConsent.transcript": N_("field.RecordConsent.transcript", "Transcript"),
    "embargo_until": N_("field.embargo_until", "Embargo until"),
    "recorded": N_("field.recorded", "Recorded"),
    "note": N_("field.note", "Note"),
    "start": N_("field.start", "Start"),
    "synopsis": N_("field.synopsis", "Synopsis"),
    "keywords": N_("field.keywords", "Keywords"),
    "id": N_("field.id", "Id"),
    "at": N_("field.at", "At"),
    "from": N_("field.from", "From"),
    "to": N_("field.to", "To"),
    "url": N_("field.url", "Url"),
    "accessed": N_("field.accessed", "Accessed"),
    "then": N_("field.then", "Then"),
    "now": N_("field.now", "Now"),
    "then_date": N_("field.then_date", "Then date"),
    "now_date": N_("field.now_date", "Now date"),
    "lat": N_("field.lat", "Lat"),
    "lon": N_("field.lon", "Lon"),
    "precision": N_("field.precision", "Precision"),
    "Map.kind": N_("field.Map.kind", "Kind"),
    "drawn_by": N_("field.drawn_by", "Drawn by"),
    "control_points": N_("field.control_points", "Control points"),
    "pins": N_("field.pins", "Pins"),
    "x": N_("field.x", "X"),
    "y": N_("field.y", "Y"),
    "Panel.map": N_("field.Panel.map", "Map"),
    "panels": N_("field.panels", "Panels"),
    "items": N_("field.items", "Items"),
    "layout": N_("field.layout", "Layout"),
    "image": N_("field.image", "Image"),
    "size": N_("field.size", "Size"),
    "bleed": N_("field.bleed", "Bleed"),
    "marks": N_("field.marks", "Marks"),
    "languages": N_("field.languages", "Languages"),
    "hang_bottom": N_("field.hang_bottom", "Hang bottom"),
    "include_returned": N_("field.include_returned", "Include returned"),
    "covers": N_("field.covers", "Covers"),
}


def field_label(owner: str, name: str, key: str, lang: str, dirs: tuple = ()) -> str:
    """What a reader of ``lang`` calls the field ``name`` (written ``key``) of the model
    named ``owner`` (``Person``); "" for a field the table does not name."""
    found = FIELD_LABELS.get(f"{owner}.{name}") or FIELD_LABELS.get(key)
    return words(lang, dirs).p(*found) if found else ""
