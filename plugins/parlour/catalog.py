"""Interface words in any language: gettext catalogs (``.po``), read with Babel.

Every word Parlour itself writes (on pages, panels, the kiosk, in contributors' messages,
in scripts) is an English *msgid* in the source, marked for ``pybabel extract`` (see
``babel.cfg`` and ``make catalogs``), and translated in one ``.po`` file per language under
``plugins/parlour/locale/<locale>/LC_MESSAGES/parlour.po``. An archive adds or overrides words
with files of the same layout under its own ``locale/`` folder.

A language tag (BCP 47: ``zh``, ``zh-Hant``, ``zh-TW``, ``es-MX``) finds its catalogs from the
most specific to the least, never across scripts: ``zh-TW`` reads ``zh_Hant_TW`` then
``zh_Hant``, and never the Simplified ``zh``. A word no catalog has stays in English.

The catalogs are read from the ``.po`` files themselves (no compiled ``.mo`` to fall out of
date with them); a language's words are read once per process.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.messages.pofile import read_po

HERE = Path(__file__).parent
LOCALE_DIR = HERE / "locale"
DOMAIN = "parlour"
#: the language the msgids are written in: its catalog may leave every msgstr empty
SOURCE = "en"


def N_(context: str, msgid: str) -> tuple[str, str]:  # noqa: N802 - gettext's name
    """Marks a named interface word for extraction: (its key, used as msgctxt; the English)."""
    return context, msgid


def M_(msgid: str) -> str:  # noqa: N802 - gettext's style
    """Marks a message that is translated when it is shown, not where it is written (a
    problem for ``parlour check``: see :meth:`parlour.archive.problems.Problem.text`)."""
    return msgid


class LanguageError(ValueError):
    """A language tag that names no language Babel (CLDR) knows."""


@functools.lru_cache(maxsize=None)
def locale(tag: str) -> Locale:
    """The Babel locale of a BCP 47 tag, with its script filled in (``zh-TW`` -> zh_Hant_TW)."""
    try:
        loc = Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise LanguageError(f"“{tag}” is not a language tag Parlour knows") from exc
    if loc.script is None:
        likely = get_global("likely_subtags").get(str(loc if not loc.territory else loc.language))
        if loc.territory:
            likely = get_global("likely_subtags").get(f"{loc.language}_{loc.territory}", likely)
        if likely:
            full = Locale.parse(likely)
            loc = Locale(loc.language, territory=loc.territory, script=full.script,
                         variant=loc.variant)
    return loc


def candidates(tag: str) -> list[str]:
    """The catalog folder names to read for ``tag``, most specific first. The script a
    language is usually written in is left out of its folder's name (``zh`` is Simplified
    Chinese, ``zh_Hant`` Traditional), as Babel and CLDR name them."""
    loc = locale(tag)
    usual = locale(loc.language).script
    names = []
    if loc.territory:
        names.append("_".join(p for p in (loc.language, loc.script, loc.territory) if p))
    if loc.script and loc.script != usual:
        names.append(f"{loc.language}_{loc.script}")
    else:
        if loc.territory:
            names.append(f"{loc.language}_{loc.territory}")
        names.append(loc.language)
    return list(dict.fromkeys(names))


@functools.lru_cache(maxsize=None)
def _read(path: Path, mtime: float) -> dict[tuple[str | None, str], Any]:
    with path.open("rb") as f:
        catalog = read_po(f, domain=DOMAIN)
    out: dict[tuple[str | None, str], Any] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        if isinstance(message.string, (tuple, list)):
            if any(message.string):
                out[(message.context, key)] = tuple(message.string)
        elif message.string:
            out[(message.context, key)] = message.string
    return out


def read(path: Path) -> dict[tuple[str | None, str], Any]:
    """The translated messages of one ``.po`` file: {(msgctxt, msgid): msgstr}."""
    return _read(path, path.stat().st_mtime)


def catalog_files(tag: str, dirs: Iterable[Path] = ()) -> list[Path]:
    """The ``.po`` files that hold ``tag``'s words, those that win first: an archive's own
    (``dirs``) before Parlour's, a specific locale before its language."""
    found = []
    for base in (*dirs, LOCALE_DIR):
        for name in candidates(tag):
            path = Path(base) / name / "LC_MESSAGES" / f"{DOMAIN}.po"
            if path.is_file():
                found.append(path)
    return found


class Words:
    """The interface words in one language.

    ``words.p("era.past", "Past")`` (a named word), ``words("Summary")``,
    ``words.n("{n} record", "{n} records", n)``; ``{name}`` fields are filled from keyword
    arguments. Named words (:data:`parlour.words.WORDS`) read as ``words["era.past"]``.
    """

    def __init__(self, lang: str, *, dirs: Iterable[Path] = ()):
        self.lang = lang
        self.locale = locale(lang)
        self.dirs = tuple(Path(d) for d in dirs)
        self.messages: dict[tuple[str | None, str], Any] = {}
        self._table: Mapping[str, str] | None = None
        for path in reversed(catalog_files(lang, self.dirs)):
            self.messages.update(read(path))

    def __call__(self, msgid: str, **values: Any) -> str:
        return _fill(self.messages.get((None, msgid), msgid), values)

    #: the name `pybabel extract` looks for: ``words.gettext("...")`` marks the message
    gettext = __call__

    def p(self, context: str, msgid: str, **values: Any) -> str:
        """A word in context (``msgctxt``), as a named word is."""
        return _fill(self.messages.get((context, msgid), msgid), values)

    def n(self, singular: str, plural: str, n: int, **values: Any) -> str:
        """A word that changes with a number, by the language's plural rules (CLDR)."""
        found = self.messages.get((None, singular))
        values = {"n": n, **values}
        if isinstance(found, tuple):
            index = _plural_index(self.locale, n, len(found))
            if found[index]:  # a form the translator left empty reads in English
                return _fill(found[index], values)
        return _fill(singular if n == 1 else plural, values)

    def __getitem__(self, key: str) -> str:
        return self.table()[key]

    def has(self, context: str | None, msgid: str) -> bool:
        """Whether a catalog translates this message (not only the English of the source)."""
        return (context, msgid) in self.messages

    def table(self) -> Mapping[str, str]:
        """Every named word, by key (the templates' ``t``): made once per Words (which
        :func:`words` keeps per language), read-only since every page shares it."""
        if self._table is None:
            from .words import WORDS

            self._table = MappingProxyType(
                {key: self.p(key, english) for key, english in WORDS.items()})
        return self._table


def _fill(text: str, values: dict[str, Any]) -> str:
    return text.format(**values) if values else text


def _plural_index(loc: Locale, n: int, forms: int) -> int:
    """Which of a catalog's plural forms goes with ``n``: the gettext Plural-Forms order of
    CLDR's categories for that language."""
    order = [c for c in ("zero", "one", "two", "few", "many", "other")
             if c in loc.plural_form.tags or c == "other"]
    category = loc.plural_form(n)
    index = order.index(category) if category in order else len(order) - 1
    return min(index, forms - 1)


@functools.lru_cache(maxsize=64)
def words(lang: str, dirs: tuple[Path, ...] = ()) -> Words:
    """The (cached) words of ``lang``, with an archive's catalogs in ``dirs``."""
    return Words(lang, dirs=dirs)


def display_name(tag: str, lang: str) -> str:
    """A language's name in ``lang`` (CLDR), as the tag says it: ``zh`` is 中文 / Chinese,
    ``zh-Hant`` 中文（繁体）/ Chinese (Traditional)."""
    try:
        return Locale.parse(tag.replace("-", "_")).get_display_name(locale(lang)) or tag
    except (UnknownLocaleError, ValueError, TypeError):
        return tag


def native_name(tag: str) -> str:
    """A language's name in itself, as a language switcher shows it (中文, 中文（繁體）, English)."""
    loc = locale(tag)
    name = Locale.parse(tag.replace("-", "_")).get_display_name(loc) or tag
    return name[:1].upper() + name[1:] if loc.language not in ("zh", "ja", "ko") else name


def og_locale(tag: str) -> str:
    """Open Graph's ``og:locale`` (language_TERRITORY) for a tag: zh -> zh_CN, en -> en_US,
    zh-Hant -> zh_TW, es-MX -> es_MX (CLDR's likely territory where the tag names none)."""
    loc = locale(tag)
    territory = loc.territory
    if not territory:
        likely = get_global("likely_subtags")
        key = f"{loc.language}_{loc.script}" if loc.script else loc.language
        full = likely.get(key) or likely.get(loc.language)
        territory = Locale.parse(full).territory if full else None
    return f"{loc.language}_{territory}" if territory else loc.language


def direction(tag: str) -> str:
    """``rtl`` for a language written right to left, else ``ltr``."""
    return "rtl" if locale(tag).character_order == "right-to-left" else "ltr"
