"""The record types of the archive, each declared once.

Validation, the JSON Schemas for editors, the scaffolds and the documentation table are
all derived from these classes; nothing else lists the fields again.

Field values that the cross-record checks need to find (references, media paths, themes,
dates) are returned as small ``str`` subclasses, so a walk over a validated record finds
them by type without knowing the model.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import re
from dataclasses import dataclass
from collections.abc import Iterator
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    PlainValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..catalog import M_
from . import dates
from .cjk import join_cjk_lines
from .problems import Message

#: the languages of an archive whose mkdocs.yml names none (the plugin's default)
DEFAULT_LANGUAGES = ("zh", "en")
#: The archive's languages (BCP 47 tags, the default first) while its records are validated.
#: Validators are static: the loader sets this around validation (:func:`using_languages`),
#: a context variable so that two archives loaded in one process never see each other's.
_LANGUAGES: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar(
    "parlour_languages", default=DEFAULT_LANGUAGES
)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_PATTERN = SLUG_RE.pattern
CONSENT_LEVELS = ("public", "community", "private", "withdrawn")
#: Ordered widest first: an aspect or a record can only move right (narrow).
LEVEL_ORDER = {level: i for i, level in enumerate(CONSENT_LEVELS)}


def languages() -> tuple[str, ...]:
    """The languages records are validated against now: the archive's being loaded."""
    return _LANGUAGES.get()


@contextlib.contextmanager
def using_languages(langs: Iterator[str] | tuple[str, ...] | list[str] | None):
    """Validate records against ``langs`` (the archive's languages, the default first)
    inside the ``with`` block; ``None`` or empty: :data:`DEFAULT_LANGUAGES`."""
    token = _LANGUAGES.set(tuple(dict.fromkeys(langs or ())) or DEFAULT_LANGUAGES)
    try:
        yield languages()
    finally:
        _LANGUAGES.reset(token)


def fail(code: str, msgid: str, hint: str = "", **params: Any) -> PydanticCustomError:
    """A validation error whose message and hint are msgids (marked ``M_``) with ``{name}``
    fields, translated when shown: the loader turns it into a Problem with ``params``, the
    field's name before it."""
    # a Message (a reason worded elsewhere) stays one, to be told in the same language
    context = {k: v if isinstance(v, Message) else str(v) for k, v in params.items()}
    return PydanticCustomError(code, msgid, {**context, "msgid": msgid, "hint": hint})


# --------------------------------------------------------------------------- values


class Ref(str):
    """A reference to another record: ``target`` is the folder (``people``), or ``None``
    when the reference carries its own type (``objects/coin-phone``)."""

    target: str | None = None
    fragment: str | None = None

    @property
    def type(self) -> str:
        return self.target if self.target else self.split("/", 1)[0]

    @property
    def id(self) -> str:
        value = self.split("#", 1)[0]
        return value if self.target else value.split("/", 1)[1]


class MediaPath(str):
    """A file in ``stories/media/`` (``base='media'``) or beside the record (``'record'``)."""

    base: str = "media"


class ThemeId(str):
    """An id from stories/themes.yml."""


class EDTF(str):
    """An EDTF date string, already known to parse."""

    @property
    def parsed(self) -> dates.EDTFDate:
        return dates.parse(str(self))


class Seconds(float):
    """A time offset in a recording, in seconds."""


def _said(langs: tuple[str, ...]) -> str:
    return ", ".join(langs)


def _text(value: Any) -> Any:
    if isinstance(value, str):
        return join_cjk_lines(value)
    if isinstance(value, dict):
        langs = languages()
        unknown = [k for k in value if k not in langs]
        if unknown and value[unknown[0]] is None:
            # {zh: 甲, en: Rice, sawdust and coal}: the comma ended the English text early
            raise fail(
                "wrong-type", M_("a comma inside {{zh: ..., en: ...}} cut the text "
                                 "at “{key}”"),
                M_("a text that holds a comma needs double quotes, like en: \"one, two\""),
                key=unknown[0],
            )
        if unknown:
            raise fail(
                "wrong-type",
                M_("“{key}” is not one of this archive's languages ({languages})"),
                M_("write the text in one of {languages}, or add the language to the "
                   "plugin's languages in mkdocs.yml"),
                key=unknown[0], languages=_said(langs),
            )
        if not value:
            raise fail("wrong-type", M_("this text is empty; write it in one of "
                                        "{languages}"), languages=_said(langs))
        for k, v in value.items():
            if not isinstance(v, str):
                raise fail("wrong-type", M_("the {key}: text should be words, not a "
                                            "list or a number"), key=k)
        return {k: join_cjk_lines(v) for k, v in value.items()}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise fail("wrong-type", M_("this should be text, or a text in each language "
                                "({languages})"), languages=_said(languages()))


def _text_schema() -> dict:
    # the editors' schema lists the archive's languages (schema.py writes it inside
    # using_languages), so a mistyped key is underlined as the contributor types it
    return {
        "anyOf": [
            {"type": "string"},
            {
                "type": "object",
                "properties": {lang: {"type": "string"} for lang in languages()},
                "additionalProperties": False,
                "minProperties": 1,
            },
        ],
        "description": "Text: a string in the site's default language, or one text per "
        f"language ({', '.join(f'{lang}: ...' for lang in languages())})",
    }


class _TextSchema:
    """The JSON Schema of a text, worked out when the schema is asked for (not at import),
    so that it names the languages of the archive it is written for."""

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict:
        return _text_schema()


#: A text field: a plain string in the site's default language, or ``{tag: ...}`` with a text
#: in any of the archive's languages (``{zh: ..., en: ...}``).
Text = Annotated[str | dict[str, str], BeforeValidator(_text), _TextSchema()]


def _edtf(value: Any) -> EDTF:
    # Dates are text. YAML reads an unquoted 1985 as an int, which reads back the same and is
    # taken as the text; a number whose text YAML changed (0100 is octal 64, 1_985 is 1985)
    # the loader marks with yaml_text, and the contributor is told to quote it.
    written = getattr(value, "yaml_text", None)
    if written is not None:
        hint = (M_('put it in quotes: "{written}"') if dates.is_valid(written)
                else M_("put it in quotes, written as EDTF, like \"1992-06\""))
        raise fail(
            "bad-date",
            M_("YAML reads the unquoted date {written} as the number {number}; "
               "write dates in quotes"),
            hint, written=written, number=_number_words(value),
        )
    if isinstance(value, (list, dict)):
        raise _bracket_error(value)
    if isinstance(value, bool) or value is None or isinstance(value, float):
        raise fail("bad-date", M_("a date should be written like 1992, 1992-06 or "
                                  "1992~"))
    if isinstance(value, datetime.date):  # from Python code: the loader keeps dates as text
        value = value.isoformat()
    try:
        dates.parse(value)
    except dates.DateError as err:
        if not err.text:
            raise fail("bad-date", M_("the date is empty"),
                       dates.HINT) from None
        raise fail(
            "bad-date", M_("“{value}” is not a date Parlour understands: {reason}"),
            dates.HINT, value=err.text, reason=err.reason,
        ) from None
    return EDTF(str(value).strip())


def _number_words(value: float) -> str:
    return str(int(value)) if isinstance(value, int) else repr(float(value))


def _bracket_error(value: list | dict) -> PydanticCustomError:
    # an unquoted EDTF set is a YAML list or mapping: [1667, 1668] or {1960, 1961-12}
    if not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
        return fail("bad-date", M_("a date should be text, not a list or a mapping"),
                    dates.HINT)
    items = ",".join(str(v) for v in value)
    if isinstance(value, list):
        return fail("bad-date", M_("a set of dates needs quotes, or YAML reads it as "
                                   "a list: write \"{text}\""),
                    dates.HINT, text=f"[{items}]")
    return fail("bad-date", M_("a set of dates needs quotes, or YAML reads it as a "
                               "mapping: write \"{text}\""),
                dates.HINT, text=f"{{{items}}}")


Date = Annotated[
    str,
    PlainValidator(_edtf),
    WithJsonSchema(
        {
            "type": ["string", "integer"],
            "description": "EDTF date: 1992, 1992-06, 1992-06-05, 1992~ (circa), "
            "1992? (uncertain), 199X (a decade), 1956/2001, 2024/..",
        }
    ),
]


def _slug(value: Any) -> str:
    if not isinstance(value, str) or not SLUG_RE.match(value):
        raise fail(
            "bad-id",
            M_("“{value}” is not a valid id: use lowercase letters a-z, digits and "
               "hyphens"),
            value=value,
        )
    return value


Slug = Annotated[
    str, PlainValidator(_slug), WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN})
]


def _ref_validator(target: str | None, fragment: bool) -> tuple[Any, str]:
    if target:
        pattern = SLUG_PATTERN[:-1] + ("(?:#[a-z0-9-]+)?$" if fragment else "$")
        example = "wang-jianguo"
    else:
        pattern = r"^[a-z]+/[a-z0-9]+(?:-[a-z0-9]+)*(?:#[a-z0-9-]+)?$"
        example = "objects/coin-phone or interviews/wang-jianguo#q2"
    compiled = re.compile(pattern)

    def validate(value: Any) -> Ref:
        if not isinstance(value, str) or not compiled.match(value):
            raise fail(
                "bad-reference",
                M_("“{value}” is not a reference; write it like {example}"),
                value=value, example=example,
            )
        out = Ref(value)
        out.target = target
        out.fragment = value.split("#", 1)[1] if "#" in value else None
        return out

    return validate, pattern


def ref(target: str | None = None, *, fragment: bool = False) -> Any:
    """A reference field. ``ref("people")`` holds an id; ``ref()`` holds ``type/id``."""
    validate, pattern = _ref_validator(target, fragment)
    return Annotated[
        str,
        PlainValidator(validate),
        WithJsonSchema({"type": "string", "pattern": pattern, "x-parlour-ref": target or "any"}),
    ]


def media(base: str = "media") -> Any:
    """A media file path: relative to stories/media/, or to the record's own folder."""

    def validate(value: Any) -> MediaPath:
        if not isinstance(value, str) or not value.strip():
            raise fail("wrong-type", M_("this should be a file name, like photo.jpg"))
        out = MediaPath(value.strip())
        out.base = base
        return out

    where = "stories/media/" if base == "media" else "the record's own folder"
    return Annotated[
        str,
        PlainValidator(validate),
        WithJsonSchema({"type": "string", "description": f"a file in {where}"}),
    ]


def _theme(value: Any) -> ThemeId:
    if not isinstance(value, str):
        raise fail("wrong-type", M_("a theme is an id from stories/themes.yml"))
    return ThemeId(value)


Theme = Annotated[
    str, PlainValidator(_theme), WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN})
]

_TS_RE = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})(?:\.(\d+))?$")


def _seconds(value: Any) -> Seconds:
    # PyYAML reads 12:03 as the base-60 integer 723, which is exactly the seconds we want.
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
        return Seconds(value)
    if isinstance(value, str):
        m = _TS_RE.match(value.strip())
        if m:
            h, mnt, s, frac = m.groups()
            return Seconds(
                int(h or 0) * 3600 + int(mnt) * 60 + int(s) + float(f"0.{frac}" if frac else 0)
            )
    raise fail("wrong-type",
               M_("a time in the recording is written like 12:03 or 1:02:03"))


Timestamp = Annotated[
    float,
    PlainValidator(_seconds),
    WithJsonSchema(
        {
            "type": ["string", "number"],
            "description": "time in the recording: 12:03, 1:02:03 or seconds",
        }
    ),
]

def _lang(value: Any) -> str:
    langs = languages()
    if value not in langs:
        raise fail("wrong-type",
                   M_("“{value}” is not one of this archive's languages ({languages})"),
                   M_("use one of: {languages}"), value=value, languages=_said(langs))
    return value


class _LangSchema:
    """A language of the archive, as its JSON Schema names them when it is asked for."""

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict:
        return {"type": "string", "enum": list(languages())}


#: One of the archive's languages (a BCP 47 tag from the plugin's ``languages``).
Lang = Annotated[str, PlainValidator(_lang), _LangSchema()]

Level = Literal["public", "community", "private", "withdrawn"]
AspectLevel = Literal["public", "community", "private"]


# --------------------------------------------------------------------------- disclosure


@dataclass(frozen=True)
class Shows:
    """A field that names or shows a person: kept in a view only when the consent ``aspect``
    of every person held by the ``through`` fields allows it (the record itself when
    ``through`` is empty: a person's own name or portrait), and the record's own consent too.
    """

    aspect: str
    through: tuple[str, ...] = ()


# --------------------------------------------------------------------------- parts


class Part(BaseModel):
    """A nested mapping: unknown keys are problems, not silently dropped."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Image(Part):
    """A picture. ``alt`` is required by the checks (image-alt-missing), not by the type,
    so a missing alt text gets its own plain message."""

    src: media()
    alt: Text | None = None
    caption: Text | None = None
    credit: Text | None = None


class MapImage(Image):
    """A map's picture: it is the map, so its alt text is required by the type."""

    alt: Text


class Consent(Part):
    """What a person agreed to. Aspects can only narrow ``level``."""

    level: Level
    name: AspectLevel | None = None
    portrait: AspectLevel | None = None
    audio: AspectLevel | None = None
    transcript: AspectLevel | None = None
    embargo_until: Date | None = None
    recorded: Date | None = Field(None, description="when the consent form was signed")
    note: Text | None = None


class RecordConsent(Part):
    """A record's own consent: can only narrow the consent of the people in it."""

    level: Level
    audio: AspectLevel | None = None
    transcript: AspectLevel | None = None
    embargo_until: Date | None = None


class Segment(Part):
    start: Timestamp
    title: Text
    synopsis: Text | None = None
    keywords: list[str] = []
    places: list[ref("places")] = []


class TranscriptTranslation(Part):
    """The transcript in another of the site's languages: a .vtt beside the interview,
    with the same cues translated. Pages in that language show it instead."""

    lang: Lang
    file: media("record")


class Quote(Part):
    id: Slug
    text: Text
    at: Timestamp | None = None


class Loan(Part):
    from_: Date = Field(alias="from")
    to: Date | None = None
    status: Literal["on-loan", "returned", "donated"] = "on-loan"


class Source(Part):
    title: Text
    url: str | None = Field(None, pattern=r"^https?://\S+$")
    accessed: Date | None = None


class PlaceName(Part):
    name: Text
    from_: Date | None = Field(None, alias="from")
    to: Date | None = None
    note: Text | None = None


class ThenNow(Part):
    then: media()
    now: media()
    alt: Text | None = None
    then_date: Date | None = None
    now_date: Date | None = None
    caption: Text | None = None


class Location(Part):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class ControlPoint(Part):
    """A point of a map's picture (pixels from its top left corner) and where it is on the
    earth: three or more of them place the picture over other maps."""

    x: float = Field(ge=0, description="pixels from the picture's left edge")
    y: float = Field(ge=0, description="pixels from the picture's top edge")
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class Pin(Part):
    """A place pinned on a drawn map that has no geography: where it is in the picture."""

    place: ref("places")
    x: float = Field(ge=0, description="pixels from the picture's left edge")
    y: float = Field(ge=0, description="pixels from the picture's top edge")


class Panel(Part):
    id: Slug
    title: Text
    text: Text | None = None
    items: list[ref()] = []
    layout: Literal["hero", "grid", "quote", "timeline", "text", "map"] = "text"
    image: Image | None = None
    map: ref("maps") | None = Field(
        None, description="the map a panel with layout: map prints, its items numbered on it"
    )
    include_returned: bool = Field(
        False,
        description="show objects whose loan is returned (no longer in the room) on this "
        "panel too; they never get a label",
    )


class Section(Part):
    title: Text
    era: Literal["past", "present", "future"] | None = None
    intro: Text | None = None
    panels: list[Panel] = []


class PrintOptions(Part):
    size: str = Field("A1", pattern=r"^(A[0-4]|\d+(\.\d+)?x\d+(\.\d+)?mm)$")
    bleed: float = Field(3, ge=0, le=20, description="bleed in mm")
    marks: bool = False
    languages: list[Lang] = Field(
        default_factory=lambda: list(languages()[:1]),
        description="the languages on the panels, in order; default: the site's default",
    )
    hang_bottom: float | None = Field(
        None, ge=0, le=3,
        description="height of the panel's bottom edge above the floor, in metres; the QR "
        "code and its call to action are placed 1.1 to 1.5 m from the floor. Default: the "
        "panel's top edge at 1.44 m (A0 0.25, A1 0.6, A2 0.85, A3 1.02, A4 1.14)",
    )


def _theme_schema(schema: dict) -> None:
    described = schema["properties"].get("description")
    schema["properties"] = {lang: {"type": "string"} for lang in languages()}
    if described is not None:
        schema["properties"]["description"] = described
    schema.pop("required", None)
    schema["minProperties"] = 1
    schema["additionalProperties"] = False


class ThemeLabel(Part):
    """A theme's name in each of the archive's languages, and what it covers."""

    # zh and en read as attributes (None where not given); any language: name(lang)

    # the languages are the archive's: checked below, not declared as fields; the editors'
    # schema names them (written inside using_languages)
    model_config = ConfigDict(extra="allow", populate_by_name=True,
                              json_schema_extra=lambda schema, cls: _theme_schema(schema))

    zh: str | None = None
    en: str | None = None
    description: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _names(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        langs = languages()
        for key, value in data.items():
            if key == "description":
                continue
            if key not in langs:
                raise fail("wrong-type", M_("“{key}” is not one of this archive's "
                                            "languages ({languages})"),
                           key=key, languages=_said(langs))
            if not isinstance(value, str) or not value.strip():
                raise fail("wrong-type", M_("the {key}: name should be words"),
                           key=key)
        if not any(lang in data for lang in langs):
            # like a record's text, a theme may be named in some of the languages only
            raise fail("missing-field", M_("this theme has no name"),
                       M_("name it in one or more of the archive's languages: {languages}"),
                       languages=_said(langs))
        return data

    def name(self, lang: str) -> str | None:
        """The theme's name in ``lang``, None when it has none."""
        if lang in ("zh", "en"):
            return getattr(self, lang)
        return (self.model_extra or {}).get(lang)


# --------------------------------------------------------------------------- records


class Record(Part):
    """Fields every record may have. The id is the file name, never a field."""

    #: folder under stories/ (or "exhibits"); file extensions allowed; whether a body is kept
    folder: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]] = (".yml",)
    #: what `parlour new` calls the type (``parlour new person``): an identifier, never
    #: translated, so commands and scripts work in any language
    type_name: ClassVar[str]
    #: The disclosure policy, declared once per type (DESIGN.md §2); only archive/consent.py
    #: reads it. ``owners``: fields holding the people whose material the record is: it is
    #: shown only to an audience that may see every one of them, and is theirs to withdraw.
    owners: ClassVar[tuple[str, ...]] = ()
    #: ``credits``: fields holding people who are credited (interviewers, curators): shown by
    #: their consented label, left out where the audience may not see them.
    credits: ClassVar[tuple[str, ...]] = ()
    #: ``shows``: fields that name or show a person, and under which consent aspect.
    shows: ClassVar[dict[str, Shows]] = {}

    themes: list[Theme] = []
    related: list[ref()] = []
    consent: RecordConsent | None = None
    era: Literal["past", "present", "future"] | None = Field(
        None, description="curator's override of the era worked out from date and status"
    )


class Person(Record):
    folder = "people"
    type_name = "person"
    shows = {"name": Shows("name"), "portrait": Shows("portrait")}

    name: Text | None = None
    display_name: Text | None = Field(
        None, description="how this person appears without name consent, e.g. Master Wang"
    )
    born: Date | None = None
    occupation: Text | None = None
    lived_here: Date | None = Field(None, description="an EDTF interval, e.g. 1958/2003")
    portrait: Image | None = None
    bio: Text | None = None
    consent: Consent | None = None  # type: ignore[assignment]


class Interview(Record):
    folder = "interviews"
    type_name = "interview"
    extensions = (".md", ".yml")
    owners = ("narrator",)
    credits = ("interviewers",)
    # a quote is the narrator's words from the recording: it follows the transcript
    shows = {
        "audio": Shows("audio", ("narrator",)),
        "video": Shows("audio", ("narrator",)),
        "transcript": Shows("transcript", ("narrator",)),
        "quotes": Shows("transcript", ("narrator",)),
        "transcript_translations": Shows("transcript", ("narrator",)),
    }

    title: Text
    narrator: ref("people")
    interviewers: list[ref("people")] = []
    date: Date
    covers: Date | None = Field(
        None,
        description="the time the interview tells of, an EDTF interval (e.g. 195X/199X); "
        "it places the interview in its era, not the recording date",
    )
    place: ref("places") | None = None
    # the language spoken in the recording (any tag: wuu is Shanghainese); by default the
    # archive's own default language
    language: str = Field(default_factory=lambda: languages()[0],
                          pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")
    summary: Text | None = None
    audio: media() | None = None
    video: media() | None = None
    transcript: media("record") | None = None
    transcript_translations: list[TranscriptTranslation] = []
    segments: list[Segment] = []
    quotes: list[Quote] = []
    rights: Text | None = Field(
        None,
        description="who holds the rights and how the recording and transcript may be used "
        "(an archive's rights and usage statement); shown on the interview's page",
    )
    provenance: Text | None = Field(
        None,
        description="where this record came from, e.g. the OHMS export it was imported from; "
        "shown on the interview's page",
    )


class Object(Record):
    folder = "objects"
    type_name = "object"
    extensions = (".md", ".yml")
    owners = ("lender", "donor")
    # "王建国惠借" names the lender: shown only where their name may be
    shows = {"credit_line": Shows("name", ("lender", "donor"))}

    title: Text
    kind: Text | None = None
    number: str | None = Field(None, description="catalogue number, e.g. P-2026-001")
    date: Date | None = None
    material: Text | None = None
    dimensions: Text | None = None
    lender: ref("people") | None = None
    donor: ref("people") | None = None
    credit_line: Text | None = None
    loan: Loan | None = None
    images: list[Image] = []
    place: ref("places") | None = None


class Event(Record):
    folder = "events"
    type_name = "event"
    extensions = (".yml", ".md")

    date: Date
    title: Text
    status: Literal["happened", "ongoing", "planned", "wished"] = "happened"
    place: ref("places") | None = None
    summary: Text | None = None
    sources: list[Source] = []
    images: list[Image] = []


class Place(Record):
    folder = "places"
    type_name = "place"

    names: list[PlaceName] = Field(min_length=1)
    description: Text | None = None
    then_now: list[ThenNow] = []
    location: Location | None = None
    precision: float | None = Field(
        None, ge=0, le=100_000,
        description="how precisely the location is published, in metres (it is rounded to "
        "it); default 50 m for a place linked to a person (in related, either way), "
        "exact otherwise",
    )


_any_ref = _ref_validator(None, False)[0]


def _by(value: Any) -> str:
    # "people/<id>" is a reference to check; anything else is a signature shown as written.
    if not isinstance(value, str) or not value.strip():
        raise fail("wrong-type", M_("write anonymous, people/<id>, or a signature "
                                    "such as “the child on the third floor”"))
    if value.startswith("people/"):
        return _any_ref(value)
    return value.strip()


class Map(Record):
    folder = "maps"
    type_name = "map"
    credits = ("drawn_by",)

    title: Text
    kind: Literal["drawn", "old", "photo"] = Field(
        description="drawn: a map drawn for the archive; old: a scanned old map; "
        "photo: a photograph of a map (the parlour's wall map)"
    )
    image: MapImage
    date: Date | None = Field(None, description="when the map was made; it gives its era")
    drawn_by: list[ref("people")] = []
    description: Text | None = None
    control_points: list[ControlPoint] = Field(
        [], description="three or more picture pixels tied to latitude and longitude"
    )
    pins: list[Pin] = Field(
        [], description="for a map with no geography: places pinned at picture pixels"
    )


class Wish(Record):
    folder = "wishes"
    type_name = "wish"
    owners = ("by",)  # when it is people/<id>; a signature is shown as written

    text: Text
    by: Annotated[
        str,
        PlainValidator(_by),
        WithJsonSchema(
            {
                "type": "string",
                "description": "anonymous, a person as people/<id>, "
                "or a signature such as “the child on the third floor”",
            }
        ),
    ] = "anonymous"
    date: Date | None = None
    theme: Theme | None = None
    status: Literal["new", "heard", "in-progress", "done"] = "new"
    fulfilled_by: ref("events") | None = None
    approved: bool = False


class Exhibit(Record):
    folder = "exhibits"
    type_name = "exhibit"
    credits = ("curators",)

    title: Text
    venue: Text | None = None
    dates: Date | None = None
    curators: list[ref("people")] = []
    intro: Text | None = None
    sections: list[Section] = []
    # made when an exhibit is read: its default languages are its archive's
    print: PrintOptions = Field(default_factory=PrintOptions)


#: Every record type, by folder. Exhibits live in exhibits/, the rest in stories/<folder>/.
TYPES: dict[str, type[Record]] = {
    cls.folder: cls for cls in (Person, Interview, Object, Event, Place, Map, Wish, Exhibit)
}


# --------------------------------------------------------------------------- walking


def walk(value: Any, loc: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Yield (location, value) for every value in a validated record, depth first.

    Locations use the YAML key names (aliases), so they find their line in the marks.
    """
    yield loc, value
    if isinstance(value, BaseModel):
        # in field order, not set order: backlinks and related lists must be reproducible
        present = value.model_fields_set
        for name, fld in type(value).model_fields.items():
            if name in present:
                yield from walk(getattr(value, name), loc + (fld.alias or name,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from walk(item, loc + (i,))


def people_in(record: Record, field: str) -> list[str]:
    """The ids of the people a field of a record holds (a reference, a list of them, or a
    wish's ``by: people/<id>``); nothing for a signature or an empty field."""
    value = getattr(record, field, None)
    values = value if isinstance(value, list) else [value]
    out = []
    for item in values:
        if isinstance(item, Ref) and item.type == "people":
            out.append(item.id)
    return out


def owners_of(record: Record) -> list[str]:
    """Whose material the record is (narrator, lender, donor, wish author): the one rule
    that consent, the checks and withdrawal all use."""
    return [pid for name in type(record).owners for pid in people_in(record, name)]
