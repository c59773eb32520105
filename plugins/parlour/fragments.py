"""Parts of Material's page that many pages share, rendered once a build and reused.

Material renders its tabs, side navigation, search box, palette toggle, footer and its script's
settings (overrides/partials/*.html, main.html's config block) again for every page,
though on a generated page (a record: not in the navigation) they differ only by the page's
language and where the page sits (its relative URLs). A small override wraps Material's own
partial::

    {% call parlour_fragment("nav") %}{% include "material/partials/nav.html" %}{% endcall %}

and this module keeps what the body rendered, under a key made of everything such a partial reads
that can change from one page to the next in a build:

- the interface language, site name and description, and the page's language (on_page_context
  sets them per page), and base_url (the script's settings print it as it is);
- the navigation shown (each language has its own) and which of its items are active, and the
  page itself when the navigation holds it (its own entry shows its table of contents), and its
  previous and next pages (the footer's links, with navigation.footer);
- every URL the body wrote through MkDocs' ``url`` filter: the filter records its inputs while a
  fragment renders, and a stored fragment is reused only when each of those inputs gives this
  page the same relative URL as it gave the first.

Everything else a partial reads (the theme's options, the icons, the search plugin's settings)
is the same for the whole build, and the cache lives for one build (made in on_env). A fragment
must not read anything else that changes per page (page.title, config.extra.alternate: the header
itself is therefore not one); tests/test_fragments.py builds the sample with and without the
cache and compares every page. ``PARLOUR_NO_FRAGMENT_CACHE=1`` renders every fragment each time.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, pass_context

#: set (to anything but "" or "0") to render every fragment for every page
OFF_VARIABLE = "PARLOUR_NO_FRAGMENT_CACHE"
#: the prefix that names the theme's own template under an override of the same name
THEME_PREFIX = "material"


class FragmentCache:
    """The ``parlour_fragment`` global: ``{% call parlour_fragment(name) %}body{% endcall %}``
    is the body's output, rendered once for each key (see the module's docstring)."""

    def __init__(self, url_filter, *, enabled: bool = True) -> None:
        self.enabled = enabled
        self.hits = 0
        self.misses = 0
        self._url = url_filter
        # key -> the url filter's inputs -> their outputs -> the fragment's text
        self._entries: dict[tuple, dict[tuple[str, ...], dict[tuple[str, ...], Any]]] = {}
        # the url inputs of each fragment being rendered now (a fragment may hold another)
        self._recording: list[list[str]] = []

    def url_filter(self):
        """MkDocs' ``url`` filter, noting its inputs for the fragments being rendered."""
        url, recording = self._url, self._recording

        @pass_context
        def url_noted(context, value):
            for inputs in recording:
                inputs.append(value)
            return url(context, value)

        return url_noted

    def global_function(self):
        """The Jinja global ``parlour_fragment(name)``, for ``{% call %}``."""

        @pass_context
        def parlour_fragment(context, name: str, *, caller):
            if not self.enabled:
                return caller()
            return self._fragment(context, name, caller)

        return parlour_fragment

    def _fragment(self, context, name: str, caller):
        key = fragment_key(context, name)
        stored = self._entries.get(key)
        if stored:
            for inputs, by_urls in stored.items():
                html = by_urls.get(tuple(self._url(context, value) for value in inputs))
                if html is not None:
                    self.hits += 1
                    for outer in self._recording:  # a fragment around this one wrote them too
                        outer.extend(inputs)
                    return html
        self.misses += 1
        noted: list[str] = []
        self._recording.append(noted)
        try:
            html = caller()
        finally:
            self._recording.pop()
        for outer in self._recording:
            outer.extend(noted)
        inputs = tuple(noted)
        urls = tuple(self._url(context, value) for value in inputs)
        self._entries.setdefault(key, {}).setdefault(inputs, {})[urls] = html
        return html


class ThemeWords:
    """The ``parlour_theme_words(language)`` global: Material's ``lang.t`` (its
    partials/language.html) as a Python function with each word looked up once a build.
    Material's own macro builds its language's whole dictionary (some 100 words) for every word
    asked, some 25 times a page."""

    def __init__(self, env: Environment) -> None:
        self._env = env
        self._words: dict[str, Any] = {}

    def __call__(self, language: str):
        words = self._words.get(language)
        if words is None:
            words = self._words[language] = self._lookup(language)
        return words

    def _lookup(self, language: str):
        # the same templates Material's language.html imports, through the same loader (a
        # site's custom_dir may replace a language's file)
        own = self._env.get_template(f"partials/languages/{language}.html").module
        fallback = self._env.get_template("partials/languages/en.html").module
        known: dict[str, str] = {}

        def t(key):
            word = known.get(key)
            if word is None:
                # as {{ lang.t(key) or fallback.t(key) or key }}
                word = known[key] = str(own.t(key) or fallback.t(key) or key)
            return word

        return t


def fragment_key(context, name: str) -> tuple:
    """What a shared partial reads that may differ between two pages of one build, but its
    URLs (which the cache checks one by one)."""
    config = context["config"]
    nav = context.get("nav")
    page = context.get("page")
    return (
        name,
        config.theme["language"], config.site_name, config.site_description,
        context.get("parlour_lang"), context.get("base_url"),
        id(nav), _nav_state(nav, page),
        # the footer's links to the previous and next page (with navigation.footer)
        id(getattr(page, "previous_page", None)), id(getattr(page, "next_page", None)),
    )


def _nav_state(nav, page) -> tuple:
    """The navigation's active items (by identity: the navigation lives for the build), and the
    page when the navigation lists it: Material compares its items with the page (==)."""
    if nav is None:
        return ()
    active = []
    stack = list(getattr(nav, "items", ()))
    while stack:
        item = stack.pop()
        if getattr(item, "active", False):
            active.append(id(item))
        stack.extend(getattr(item, "children", None) or ())
    listed = page is not None and page in getattr(nav, "pages", ())
    return (tuple(active), id(page) if listed else None, page is None)


def theme_dir(config) -> Path | None:
    """The theme's own folder (Material's templates): the first with a mkdocs_theme.yml."""
    return next(
        (Path(d) for d in config.theme.dirs if (Path(d) / "mkdocs_theme.yml").is_file()), None
    )


def install(env: Environment, config, *, enabled: bool | None = None) -> FragmentCache:
    """Give ``env`` a fresh fragment cache (``parlour_fragment``, the noting ``url`` filter)
    and the ``material/`` names for the theme's own templates, which the overrides wrap.
    ``enabled`` defaults to on unless ``PARLOUR_NO_FRAGMENT_CACHE`` is set."""
    if enabled is None:
        enabled = os.environ.get(OFF_VARIABLE, "") in ("", "0")
    cache = FragmentCache(env.filters["url"], enabled=enabled)
    env.filters["url"] = cache.url_filter()
    env.globals["parlour_fragment"] = cache.global_function()
    env.globals["parlour_theme_words"] = ThemeWords(env) if enabled else None
    theme = theme_dir(config)
    if theme is not None:
        env.loader = ChoiceLoader([
            env.loader, PrefixLoader({THEME_PREFIX: FileSystemLoader(str(theme))}),
        ])
    return cache
