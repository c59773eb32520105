"""The site's languages: where each language's pages live, and which pages are the same
page in another language.

The languages are configuration (the plugin's ``languages``: BCP 47 tags, the first the
default, whose pages live at the site root, the others under ``<tag>/``). The interface
words in each language come from the gettext catalogs (:mod:`parlour.catalog`); the
archive's own texts are localized in the records (``{zh: ..., en: ...}``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .catalog import Words, words

#: the site's languages, the default first; set by the plugin (and the CLI) from the config
_SITE: list[str] = ["zh", "en"]
#: the archive's own catalogs (its ``locale/`` folder), whose words win over Parlour's
_CATALOGS: list[Path] = []


def configure(langs: Iterable[str], *, catalogs: Iterable[Path] = ()) -> None:
    """Set the site's languages (the default first) and the archive's catalog folders for
    this process (the plugin does, from mkdocs.yml; so do the CLI's commands)."""
    langs = list(dict.fromkeys(langs))
    if not langs:
        raise ValueError("a site needs at least one language")
    _SITE[:] = langs
    _CATALOGS[:] = [Path(d) for d in catalogs if Path(d).is_dir()]


def site_words(lang: str) -> Words:
    """The interface words in ``lang``, the archive's own catalog first."""
    return words(lang, tuple(_CATALOGS))


def languages() -> tuple[str, ...]:
    """The site's languages, the default first."""
    return tuple(_SITE)


def default() -> str:
    """The site's default language (its pages at the site root)."""
    return _SITE[0]


def label(key: str, lang: str) -> str:
    """The named interface word ``key`` (parlour/words.py) in ``lang``."""
    return site_words(lang)[key]


def prefix(lang: str) -> str:
    """Where a language's pages live: the default at the root, others under ``<lang>/``."""
    return "" if lang == default() else f"{lang}/"


def split(src_uri: str) -> tuple[str, str]:
    """(language, the page's path as in the default language) of a page's source path."""
    for lang in _SITE[1:]:
        if src_uri.startswith(f"{lang}/"):
            return lang, src_uri[len(lang) + 1:]
    return default(), src_uri


# ---------------------------------------------------------------------- pages by language
# (MkDocs' Files, duck-typed: this module imports nothing of MkDocs)


def counterparts(files: Any, langs: list[str]) -> dict[str, dict[str, Any]]:
    """For each page's source path, the same page in every language that has it."""
    groups: dict[str, dict[str, Any]] = {}
    for file in files.documentation_pages():
        lang, base = split(file.src_uri)
        if lang in langs:
            groups.setdefault(base, {})[lang] = file
    out = {}
    for group in groups.values():
        if len(group) > 1:
            ordered = {lang: group[lang] for lang in langs if lang in group}
            for file in group.values():
                out[file.src_uri] = ordered
    return out


def translated_nav(nav: list, lang: str, files: Any) -> list:
    """The default language's nav config, pointing at ``lang``'s pages where they exist."""
    out: list = []
    for item in nav:
        title, value = next(iter(item.items())) if isinstance(item, dict) else (None, item)
        if isinstance(value, list):
            inner = translated_nav(value, lang, files)
            if inner:
                out.append({title: inner})
        elif isinstance(value, str) and files.get_file_from_path(prefix(lang) + value):
            out.append(prefix(lang) + value)  # titled by the page itself
        elif isinstance(value, str) and "://" in value:
            out.append(item)
    return out


# ---------------------------------------------------------------------- Material's languages


def material_language(tag: str, theme_dirs: Iterable[str]) -> str | None:
    """The name of Material's interface language for ``tag`` (its search box, its buttons,
    ``<html lang>`` and the writing direction): the tag itself when Material has it
    (``zh-Hant``, ``zh-TW``, ``pt-BR``), else its language with the script (``zh-Hant`` for
    ``zh-HK``), else the language alone (``es`` for ``es-MX``); None when Material has none."""
    from .catalog import locale

    loc = locale(tag)
    usual = locale(loc.language).script
    tries = [tag]
    if loc.script and loc.script != usual:
        tries.append(f"{loc.language}-{loc.script}")
    tries.append(loc.language)
    for name in tries:
        for base in theme_dirs:
            if (Path(base) / "partials" / "languages" / f"{name}.html").is_file():
                return name
    return None
