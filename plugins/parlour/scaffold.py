"""`parlour new`: commented templates for new records, derived from the types in model.py.

Nothing here lists a record's fields. The template walks the model class in declaration
order and asks the model what each field holds (the values it validates come back as
``Ref``, ``EDTF``, ``MediaPath``... so a probe finds the kind); only the Chinese labels
live here, because the model has none.

A required field is written blank, so an unfilled template fails ``parlour check`` with a
message at that line; every optional field is a commented example that works once the
``# `` in front of it is deleted. A file is never overwritten.
"""

from __future__ import annotations

import datetime
import json
import re
import types
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from .archive.consent import name_public
from .archive.mediafiles import archive_languages
from .archive.model import (
    EDTF, SLUG_RE, TYPES, Consent, Lang, MediaPath, Record, Ref, Seconds, ThemeId,
    languages, using_languages,
)
from .archive.labels import english_noun, field_label, noun
from .archive.names import neutral_id
from .archive.problems import ParlourError
from .catalog import M_, words
from .catalog import display_name as language_name

#: The names `parlour new` takes, in the order its help lists them: each type's identifier
#: (``type_name``: person, object, exhibit...), never translated.
NAMES: dict[str, str] = {model.type_name: folder for folder, model in TYPES.items()}

#: Marks the lines that must be filled in (in each of the archive's languages); `parlour
#: check` rejects them until they are.
REQUIRED = M_("required")

MAX_WORDS = 8
MAX_CHARS = 60

#: What the Markdown body of each type is for (DESIGN.md: interview body = notes, ...).
_BODY = {
    "interviews": M_("Notes on the interview: what the recording does not say, the setting."),
    "objects": M_("The object's story."),
    "events": M_("What happened."),
}

#: What each consent level means, said to whoever fills in a person's consent.
_LEVELS = {
    "public": M_("Public: may appear on the public website and on the exhibition panels."),
    "community": M_("Community: only in the neighbourhood (the parlour's kiosk, printed "
                    "panels), never on the public website."),
    "private": M_("Private: nothing about this person may be in this repository; keep "
                  "consent only."),
    "withdrawn": M_("Withdrawn: they took their consent back; as private, and their material "
                    "comes out."),
}


def _each(msgid: str, **values: Any) -> list[str]:
    """``msgid`` in each of the archive's languages (:func:`languages`), each said once."""
    return list(dict.fromkeys(words(lang)(msgid, **values) for lang in languages()))


def _all(msgid: str, sep: str = " ", **values: Any) -> str:
    return sep.join(_each(msgid, **values))


def _required() -> str:
    return _all(REQUIRED)


def _consent_help() -> list[str]:
    """The lines before a person's consent block, in each of the archive's languages."""
    label = " ".join(dict.fromkeys(field_label("Person", "consent", "consent", lang)
                                   for lang in languages()))
    lines = [f"── {label} ── {_required()} ──"]
    lines += _each(M_("Copy this from the consent form the person signed; never decide it "
                      "for them."))
    lines.append(_all(M_("Write one of these as level:"), " / "))
    for level, msgid in _LEVELS.items():
        said = _each(msgid)
        lines.append(f"  {level:<10} {said[0]}")
        lines += [" " * 13 + more for more in said[1:]]
    lines += _each(M_("name, portrait, audio and transcript below can only narrow level, "
                      "never widen it."))
    return lines


class ScaffoldError(ParlourError):
    """A template could not be written (unknown type, bad or taken id)."""


# --------------------------------------------------------------------------- ids


def slug_from_title(title: str, *, person: bool = False) -> str:
    """An id for a title: pinyin without tones for Chinese, lowercase words joined by hyphens.

    ``老虎灶的火`` → ``lao-hu-zao-de-huo``; ``7号楼电梯`` → ``7-hao-lou-dian-ti``. A subtitle
    after ``：``, ``—`` or ``(`` is dropped when the main title has two words or more. With
    ``person``, a Chinese name of 2-4 characters is spelled as names are: surname, then the
    given name in one word (``王建国`` → ``wang-jianguo``; four characters are read as a
    two-character surname, ``欧阳明华`` → ``ouyang-minghua``). Returns "" when nothing in the
    title can be spelled in a-z and 0-9.
    """
    text = unicodedata.normalize("NFKC", title).strip()
    text = re.sub(r"(?<=\w)['’](?=\w)", "", text)  # Müller's -> Mullers, not muller-s
    head = re.split(r"\s*[：:—–|｜(（【\[]\s*|\s+-\s+", text, maxsplit=1)[0]
    if head != text and len(_words(head)) >= 2:
        text = head
    if person and re.fullmatch(r"[\u3400-\u9fff]{2,4}", text):
        syllables = _words(text)
        cut = 2 if len(syllables) == 4 else 1
        return f"{''.join(syllables[:cut])}-{''.join(syllables[cut:])}"
    words = _words(text)[:MAX_WORDS]
    slug = "-".join(words)
    while len(slug) > MAX_CHARS and len(words) > 1:
        words.pop()
        slug = "-".join(words)
    return slug[:MAX_CHARS].strip("-")


def _words(text: str) -> list[str]:
    from pypinyin import lazy_pinyin  # noqa: PLC0415 - its dictionaries take a moment to load

    words: list[str] = []
    # lazy_pinyin gives one toneless syllable per Han character and other runs as written
    for piece in lazy_pinyin(text, errors="default"):
        plain = unicodedata.normalize("NFKD", piece).encode("ascii", "ignore").decode().lower()
        words.extend(re.findall(r"[a-z0-9]+", plain))
    return words


def folder_for(type_name: str) -> str:
    """The folder of a type named as `parlour new` takes it (``object``) or by folder."""
    key = type_name.strip().lower()
    if key in NAMES:
        return NAMES[key]
    if key in TYPES:
        return key
    for folder, model in TYPES.items():
        if key == english_noun(model):
            return folder
    raise ScaffoldError(f"“{type_name}” is not a kind of record; use one of: {', '.join(NAMES)}")


def relative_path(type_name: str, id: str, ext: str | None = None) -> str:
    """Where a record of this type and id lives, relative to the repository."""
    folder = folder_for(type_name)
    ext = ext or TYPES[folder].extensions[0]
    return f"exhibits/{id}{ext}" if folder == "exhibits" else f"stories/{folder}/{id}{ext}"


# --------------------------------------------------------------------------- templates


@dataclass(frozen=True)
class _Kind:
    """What a field holds: text, date, ref, media, theme, timestamp, choice, bool, number,
    str, list or model; ``arg`` is the ref target, media base, choices, item or class."""

    name: str
    arg: Any = None


def _kind_of(annotation: Any) -> _Kind:
    if annotation == Lang:  # one of the archive's languages
        return _Kind("choice", languages())
    origin = get_origin(annotation)
    if origin is Annotated:
        base = get_args(annotation)[0]
        if get_origin(base) in (Union, types.UnionType):  # an optional number with limits
            options = [a for a in get_args(base) if a is not type(None)]
            base = options[0] if len(options) == 1 else base
        if get_origin(base) is list:
            return _kind_of(base)
        kind = _probe(annotation)
        return _kind_of(base) if kind.name == "str" and base in (bool, int, float) else kind
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return _kind_of(args[0]) if len(args) == 1 else _probe(annotation)
    if origin is list:
        return _Kind("list", _kind_of(get_args(annotation)[0]))
    if origin is Literal:
        return _Kind("choice", get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _Kind("model", annotation)
    if annotation is bool:
        return _Kind("bool")
    if annotation in (int, float):
        return _Kind("number")
    return _probe(annotation)


_FOUND = ((EDTF, "date"), (Ref, "ref"), (MediaPath, "media"), (ThemeId, "theme"),
          (Seconds, "timestamp"))


def _probe(annotation: Any) -> _Kind:
    """Ask the model's own validator what a value becomes (see the model's docstring)."""
    adapter = TypeAdapter(annotation)
    for sample in ("2000", "objects/x", 60):
        try:
            value = adapter.validate_python(sample)
        except ValidationError:
            continue
        for cls, name in _FOUND:
            if isinstance(value, cls):
                return _Kind(name, getattr(value, "target", None) or getattr(value, "base", None))
    try:
        adapter.validate_python({languages()[0]: "x"})
        return _Kind("text")
    except ValidationError:
        return _Kind("str")


def _annotation(fld: FieldInfo) -> Any:
    return Annotated[(fld.annotation, *fld.metadata)] if fld.metadata else fld.annotation


@dataclass
class _Line:
    indent: str
    #: where the "# " goes when the line is commented out (the indentation of the outermost
    #: commented field), or None for a line that is YAML
    cbase: str | None
    content: str
    comment: str = ""

    @property
    def code(self) -> str:
        if self.cbase is None:
            return self.indent + self.content
        return self.cbase + "# " + self.indent[len(self.cbase):] + self.content

    def render(self, width: int) -> str:
        text = self.code
        if self.comment:
            text = f"{text.ljust(width)}  # {self.comment}"
        return text.rstrip()


@dataclass
class _Context:
    folder: str
    id: str
    today: datetime.date


def _label(model: type[BaseModel], name: str, key: str, fld: FieldInfo, kind: _Kind) -> str:
    said = [field_label(model.__name__, name, key, lang) for lang in languages()]
    labels = " ".join(dict.fromkeys(p for p in said if p)) or key.replace("_", " ").capitalize()
    hint = fld.description or _kind_hint(kind)
    return labels + (f" — {hint}" if hint else "")


def _kind_hint(kind: _Kind) -> str:
    if kind.name == "list":
        return _kind_hint(kind.arg)
    if kind.name == "ref":
        if kind.arg is None:
            return _all(M_("type/id of another record, e.g. objects/coin-phone"), " / ")
        where = "exhibits/" if kind.arg == "exhibits" else f"stories/{kind.arg}/"
        return _all(M_("id of a file in {where}"), " / ", where=where)
    if kind.name == "choice":
        return " | ".join(map(str, kind.arg))
    if kind.name == "media":
        return _all(M_("file in stories/media/") if kind.arg == "media"
                    else M_("file beside this record"), " / ")
    msgid = {
        "date": M_("EDTF: 1992, 1992-06, 1992~ (circa), 199X (the 1990s)"),
        "theme": M_("id from stories/themes.yml"),
        "timestamp": M_("time in the recording: 12:03 or 1:02:03"),
    }.get(kind.name)
    return _all(msgid, " / ") if msgid else ""


def _example(kind: _Kind, key: str, fld: FieldInfo | None, ctx: _Context, owner: str) -> str:
    """A value that validates, for a commented line; ``owner`` is the model's name."""
    default = None
    if fld is not None and not fld.is_required():
        default = fld.get_default(call_default_factory=True)
    if kind.name in ("choice", "bool", "number", "str") and default not in (None, [], {}):
        return _scalar(default)
    if kind.name == "list":
        if isinstance(default, list) and default:
            return "[" + ", ".join(_scalar(v) for v in default) + "]"
        return f"[{_example(kind.arg, key, None, ctx, owner)}]"
    if kind.name == "text":
        return "{" + ", ".join(f"{lang}: …" for lang in languages()) + "}"
    if kind.name == "date":
        # dates of paperwork are most often today's; the past is the archive's business
        dated = key in ("recorded", "accessed") or f"{owner}.{key}" == "Loan.from"
        return ctx.today.isoformat() if dated else "1992"
    if kind.name == "timestamp":
        return '"12:03"'
    if kind.name == "ref":
        if kind.arg is None:
            return "objects/some-id"
        return {"people": "wang-jianguo"}.get(kind.arg, f"{kind.arg.rstrip('s')}-id")
    if kind.name == "media":
        if kind.arg == "record":
            return f"{ctx.id}.vtt" if key == "transcript" else f"{ctx.id}.txt"
        ext = {"audio": "mp3", "video": "mp4"}.get(key, "jpg")
        return f"{ctx.folder}/{ctx.id}{'-' + key if key in ('then', 'now') else ''}.{ext}"
    if kind.name == "theme":
        return "theme-id"
    if kind.name == "choice":
        return _scalar(kind.arg[0])
    if kind.name == "bool":
        return "false"
    if kind.name == "number":
        return "0"
    if key == "url":
        return "https://example.org/"
    if key == "id":
        return f"{owner.lower()}-1"
    return "…"


def _blank(kind: _Kind) -> str:
    # Text, dates, media and times say plainly what they want when left empty; an empty
    # reference or choice would be reported as “None”, so those are written "".
    return '""' if kind.name in ("ref", "choice", "str", "theme") else ""


def _scalar(value: Any) -> str:
    """``value`` as a YAML scalar: plain when it reads back the same, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    try:
        plain = yaml.safe_load(text) == text and "\n" not in text
    except yaml.YAMLError:
        plain = False
    return text if plain and text == text.strip() else json.dumps(text, ensure_ascii=False)


def _field_names(model: type[BaseModel]) -> list[str]:
    names = list(model.model_fields)
    if issubclass(model, Record):
        # the record's own fields first, then the ones every record has
        common = [n for n in Record.model_fields if n in names]
        names = [n for n in names if n not in common] + common
    return names


def _fields(
    model: type[BaseModel], ctx: _Context, *, indent: str, cbase: str | None,
    fill: dict[str, Any] | None = None, skip: tuple[str, ...] = (),
) -> list[_Line]:
    """The lines for ``model``'s fields at ``indent``: required ones blank (or from
    ``fill``), optional ones commented out. Inside a commented block (``cbase``) every
    field is an example."""
    lines: list[_Line] = []
    fill = fill or {}
    for name in _field_names(model):
        fld = model.model_fields[name]
        key = fld.alias or name
        if key in skip:
            continue
        kind = _kind_of(_annotation(fld))
        required = cbase is None and (fld.is_required() or key in fill)
        here = cbase if cbase is not None else (None if required else indent)
        label = _label(model, name, key, fld, kind)
        inner = kind.arg if kind.name == "model" else (
            kind.arg.arg if kind.name == "list" and kind.arg.name == "model" else None)
        if required and key not in fill and inner is None:  # a block's blanks are inside it
            label = f"{label} ← {_required()}"
        if inner is not None:
            lines.append(_Line(indent, here, f"{key}:", label))
            if kind.name == "model":
                lines += _fields(inner, ctx, indent=indent + "  ", cbase=here)
            else:
                item = _fields(inner, ctx, indent=indent + "    ", cbase=here,
                               fill=fill.get(key) if required else None)
                item[0].indent = indent + "  "
                item[0].content = "- " + item[0].content
                lines += item
        elif required and key in fill and kind.name == "text":
            lines += _filled(indent, key, fill[key], label)
        elif required and key in fill:
            lines.append(_Line(indent, None, f"{key}: {_scalar(fill[key])}", label))
        else:
            value = _blank(kind) if required else _example(kind, key, fld, ctx, model.__name__)
            lines.append(_Line(indent, here, f"{key}: {value}".rstrip(), label))
    return lines


def _filled(indent: str, key: str, text: str, label: str) -> list[_Line]:
    # the text given is in the first of the archive's languages its script suits (Chinese
    # characters: a Chinese one), and the other languages are left to fill in
    langs = languages()
    han = bool(re.search(r"[\u3400-\u9fff]", text))
    lang = next((t for t in langs if (t.split("-")[0] == "zh") == han), langs[0])
    lines = [_Line(indent, None, f"{key}:", label), _Line(indent + "  ", None,
                                                          f"{lang}: {_scalar(text)}")]
    for other in (t for t in langs if t != lang):
        names = " ".join(dict.fromkeys(language_name(other, each) for each in langs))
        lines.append(_Line(indent + "  ", indent + "  ", f"{other}: …", names))
    return lines


def _person_consent(ctx: _Context, given: dict[str, str] | None = None) -> list[_Line]:
    """The consent block, first in a person's file: the checks refuse a person without it.
    ``given`` fills in what the consent form says (``{"level": "public"}``)."""
    person = TYPES["people"]
    lines = [_Line("", "", text) for text in _consent_help()]
    label = _label(person, "consent", "consent", person.model_fields["consent"], _Kind("model"))
    lines.append(_Line("", None, "consent:", label))
    lines += _fields(Consent, ctx, indent="  ", cbase=None, fill=given)
    return lines


def template(
    type_name: str, *, id: str, title: str | None = None,
    today: datetime.date | None = None, consent: dict[str, str] | None = None,
    display_name: str | None = None, langs: Iterable[str] | None = None,
) -> str:
    """The text of a new record file of ``type_name`` (``object``, ``objects``...).

    Required fields are left blank so that ``parlour check`` reports them until they are
    filled; optional fields are commented examples. ``title`` fills the record's headline
    (its title, a person's name, a place's first name, a wish's text). For a person,
    ``consent`` fills the consent fields given (``{"level": "public", "name": "private"}``)
    and ``display_name`` the display name. The comments are in the archive's languages
    ``langs`` (default: zh and en), and so are the texts' examples.
    """
    with using_languages(tuple(langs or ())):
        return _template(type_name, id=id, title=title, today=today, consent=consent,
                         display_name=display_name)


def _template(type_name: str, *, id: str, title: str | None, today: datetime.date | None,
              consent: dict[str, str] | None, display_name: str | None) -> str:
    folder = folder_for(type_name)
    model = TYPES[folder]
    ctx = _Context(folder, id, today or datetime.date.today())
    ext = model.extensions[0]
    head_key = {"people": "name", "places": "names", "wishes": "text"}.get(folder, "title")
    fill: dict[str, Any] = {}
    if title and title.strip():
        fill[head_key] = {"name": title.strip()} if head_key == "names" else title.strip()
    if folder == "people" and display_name and display_name.strip():
        fill["display_name"] = display_name.strip()

    out: list[str] = []
    if ext == ".md":
        out.append("---")
    else:
        schemas = "../schemas" if folder == "exhibits" else "../../schemas"
        out.append(f"# yaml-language-server: $schema={schemas}/{folder}.schema.json")
    nouns = " ".join(dict.fromkeys(noun(model, lang) for lang in languages()))
    example = ", ".join(f"{lang}: …" for lang in languages())
    out += [f"# {nouns} · {relative_path(folder, id)}"]
    out += [f"# {line}" for line in (
        *_each(M_("Fill in every line marked “{required}”: write the value after the colon."),
               required=_required()),
        *_each(M_("Lines starting with “# ” are optional: delete the “# ” to use one.")),
        *_each(M_("Text can be in one language, or in several:")),
    )]
    for_example = _all(M_("e.g."))
    out += [f"#   {for_example} title: {{{example}}}",
            *(f"# {line}" for line in _each(M_("When you are done, run: parlour check"))), ""]
    lines: list[_Line] = []
    if folder == "people":
        lines += _person_consent(ctx, {k: v for k, v in (consent or {}).items() if v})
        lines.append(_Line("", None, ""))
    lines += _fields(model, ctx, indent="", cbase=None, fill=fill, skip=("consent",)
                     if folder == "people" else ())
    if folder == "people" and re.search(r"[\u3400-\u9fff]", fill.get("name", "")):
        # suggest the usual English spelling of a Chinese name: Wang Jianguo
        slug = slug_from_title(fill["name"], person=True)
        spelled = " ".join(p.capitalize() for p in slug.split("-"))
        for line in lines:
            if line.content == "en: …" and spelled:
                line.content = f"en: {spelled}"
                break
    width = min(34, max((len(ln.code) for ln in lines if ln.comment), default=0))
    out += [ln.render(width) for ln in lines]
    if ext == ".md":
        what = _BODY.get(folder, M_("The text."))
        out += ["---", ""] + [
            words(lang)(M_("(Write the text here, in Markdown. {what} Delete this paragraph "
                           "when you do.)"), what=words(lang)(what))
            for lang in languages()
        ]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- files


def _taken(root: Path, folder: str, id: str) -> Path | None:
    for ext in TYPES[folder].extensions:
        path = root / relative_path(folder, id, ext)
        if path.exists():
            return path
    return None


def free_id(root: Path, type_name: str, id: str) -> str:
    """``id``, or ``id-2``, ``id-3``... the first that no file of this type uses."""
    folder = folder_for(type_name)
    if _taken(root, folder, id) is None:
        return id
    # always appended: a trailing number may be part of the name (building-7)
    n = 2
    while _taken(root, folder, f"{id}-{n}") is not None:
        n += 1
    return f"{id}-{n}"


def person_id(
    names: Iterable[str | None], *, consent: Any, display_names: Iterable[str | None],
    taken: Iterable[str],
) -> tuple[str, str]:
    """The id of a new person, and what it was made from (``name``, ``display name`` or
    ``number``): the first name's pinyin only when ``consent`` (a :class:`Consent`, or None
    when none is given yet) makes the name public; otherwise a display name, unless it is
    taken or spells one of the names; otherwise the next ``resident-<n>``. An id is
    published wherever the person is, so it must never spell a name kept private.
    """
    names = [n.strip() for n in names if n and n.strip()]
    made = slug_from_title(names[0], person=True) if names else ""
    if made and name_public(consent):
        return made, "name"
    displays = [d.strip() for d in display_names if d and d.strip()]
    return neutral_id(displays, names=names, taken=taken,
                      slug=lambda text: slug_from_title(text, person=True))


def create(
    root: Path | str, type_name: str, id: str | None = None, *,
    title: str | None = None, today: datetime.date | None = None,
    consent: dict[str, str] | None = None, display_name: str | None = None,
) -> Path:
    """Write a new template for ``type_name`` under ``root`` and return its path.

    The id comes from ``title`` when not given; for a person, from the name only when
    ``consent`` (what the signed form says, ``{"level": "public"}``; none given counts as
    not public) makes the name public, else from ``display_name`` or a neutral
    ``resident-<n>`` (:func:`person_id`). Raises :class:`ScaffoldError` for an unknown
    type, an id that is not a-z, 0-9 and hyphens, or an id already used by this type; an
    existing file is never overwritten.
    """
    root = Path(root)
    folder = folder_for(type_name)
    if folder != "people" and (consent or display_name):
        raise ScaffoldError("consent and a display name are given only for a person")
    given = _consent(consent)
    if id is None and folder == "people":
        people = root / "stories" / folder
        taken = {p.stem for p in people.iterdir()} if people.is_dir() else set()
        # never empty: without a name or display name to spell, it is resident-<n>
        id, _made_from = person_id([title], consent=given, display_names=[display_name],
                                   taken=taken)
    elif id is None:
        if not (title and title.strip()):
            raise ScaffoldError("give the new record an id, or a --title to make one from")
        id = slug_from_title(title, person=folder == "people")
        if not id:
            raise ScaffoldError(
                f"cannot make an id from “{title}”; give one, like {_example_id(folder)}"
            )
    elif not SLUG_RE.match(id):
        better = slug_from_title(id, person=folder == "people")
        hint = f", e.g. {better}" if better else ""
        raise ScaffoldError(
            f"“{id}” cannot be an id: use lowercase letters a-z, digits and hyphens{hint}"
        )
    taken = _taken(root, folder, id)
    if taken is not None:
        raise ScaffoldError(
            f"{taken.relative_to(root).as_posix()} already exists; choose another id, "
            f"e.g. {free_id(root, folder, id)}"
        )
    path = root / relative_path(folder, id)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = template(folder, id=id, title=title, today=today, consent=consent,
                    display_name=display_name, langs=archive_languages(root))
    try:
        with path.open("x", encoding="utf-8", newline="\n") as f:  # "x": never overwrite
            f.write(text)
    except FileExistsError:
        raise ScaffoldError(
            f"{path.relative_to(root).as_posix()} already exists; choose another id, "
            f"e.g. {free_id(root, folder, id)}"
        ) from None
    return path


def _consent(given: dict[str, str] | None) -> Consent | None:
    """The consent given to :func:`create` as a :class:`Consent`, or None when no level is."""
    given = {k: v for k, v in (given or {}).items() if v}
    if not given.get("level"):
        return None
    try:
        return Consent.model_validate(given)
    except ValidationError as err:
        raise ScaffoldError(f"not a consent Parlour knows: {given} ({err.errors()[0]['msg']})") \
            from None


def _example_id(folder: str) -> str:
    singular = {f: name for name, f in NAMES.items()}[folder]
    return "wang-jianguo" if folder == "people" else f"my-{singular}"
