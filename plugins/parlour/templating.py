"""Views to HTML: Parlour's page templates with autoescape on, contributor Markdown rendered
and cleaned once per text, and the table of contents read from the rendered headings.

The templates are looked up through the theme's loader, so a site's ``custom_dir`` comes
first: a site overrides one page type (``parlour/interview.html``) or one partial
(``parlour/partials/card.html``) with a file of the same name. MkDocs' own Jinja environment
does not escape; this one does, for a site's overrides too. Nothing here imports MkDocs
(htmlpage.py hands the HTML to it).
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path
from typing import Any

import jinja2
import markdown
from markdown.extensions.toc import nest_toc_tokens, strip_tags
from markupsafe import Markup, escape

from .archive.problems import Message
from .catalog import M_
from .sanitise import clean_html

TEMPLATES = Path(__file__).parent / "templates"
#: Python-Markdown extensions for contributor text: tables besides the core syntax. Never
#: attr_list (``{ onfocus=... }``) or md_in_html; the allow list cleans what comes out.
MARKDOWN_EXTENSIONS = ["tables"]

_HEADING = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_ID = re.compile(r"""\bid\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_ANY_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


class TemplateProblem(Exception):
    """A template that cannot render (a site's override, most likely), said with the
    template file and line: ``path:line: what went wrong (rendering page-type.html)``;
    ``message`` is that sentence as a :class:`~parlour.archive.problems.Message`."""

    def __init__(self, message: Message):
        super().__init__(str(message))
        self.message = message


#: a text Markdown gives back as one paragraph, unchanged: one line without any character
#: Markdown or its tables read as syntax (emphasis, code, links, HTML, entities, lists,
#: quotes, headings, rules, escapes), control characters or no-break spaces; a leading
#: digit (an ordered list, "1986. ...") and edge spaces are ruled out where it is used
_PLAIN = re.compile(r"[^\x00-\x1f\\`*_\[\]()#+\-!<>&|{}~=\x7f\u00a0]+")


class RichText:
    """Contributor Markdown (bodies, summaries, synopses ...) as clean HTML.

    Rendered by Python-Markdown with :data:`MARKDOWN_EXTENSIONS` and cleaned by the allow
    list (sanitise.clean_html), each distinct text once per build: a Chinese text shown on
    the English page as a fallback is not rendered again.
    """

    def __init__(self, *, sanitise: bool = True):
        self._md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")
        self._sanitise = sanitise
        self._done: dict[str, Markup] = {}

    def __call__(self, source: str) -> Markup:
        done = self._done.get(source)
        if done is None:
            if _PLAIN.fullmatch(source) and not source[0].isdigit() and source == source.strip():
                # one line with nothing Markdown reads as syntax: Markdown would only wrap it
                # in a paragraph, at a third of the cost of a build's Markdown (most texts)
                html = f"<p>{source}</p>"
            else:
                html = self._md.reset().convert(source)
            done = self._done[source] = Markup(clean_html(html) if self._sanitise else html)
        return done


#: a number and its unit, which a line must not split: "1994年", "约1985年3月", "1950年代",
#: "五楼" is words already; in English "June 1992", "5 June 1992"
_UNITS = re.compile(
    r"约?\d[\d,.]*\s?(?:年代|年|个月|個月|月|日|岁|歲|号|號|元|角|分钟|分鐘|户|戶|米)(?:\d{1,2}(?:月|日))*"
    r"|(?:\d{1,2} )?(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December) \d{3,4}"
)


def units(value: Any) -> Markup:
    """``value`` escaped, each number with its unit kept on one line
    (``<span class="parlour-nowrap">1994年</span>``): a Jinja filter, ``{{ date | units }}``."""
    if isinstance(value, Markup):
        return value
    out, last = [], 0
    text = str(value)
    for found in _UNITS.finditer(text):
        out.append(escape(text[last:found.start()]))
        out.append(Markup('<span class="parlour-nowrap">{}</span>').format(found.group()))
        last = found.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def permalink_options(mdx_configs: dict[str, Any] | None) -> dict[str, str] | None:
    """The site's toc ``permalink`` settings, for the headings templates write (None: off)."""
    toc = (mdx_configs or {}).get("toc") or {}
    mark = toc.get("permalink")
    if mark in (None, False, "", "false", "False"):
        return None
    return {
        "text": "¶" if mark is True or str(mark).lower() == "true" else str(mark),
        "class": toc.get("permalink_class", "headerlink"),
        "title": toc.get("permalink_title", "Permanent link"),
    }


class Once:
    """A fragment that several pages show the same, rendered the first time a template asks
    for it (``{{ once("parlour/partials/transcript-cues.html", transcript.shared, ...) }}``)
    and reused after: the Chinese transcript an English page shows is the Chinese page's."""

    __slots__ = ("html",)

    def __init__(self) -> None:
        self.html: Markup | None = None


class Renderer:
    """Parlour's templates in one autoescaping Jinja environment.

    ``loader`` is the theme's (custom_dir first, then Parlour's templates, then the theme's);
    without one, Parlour's own templates only (tests, tools). ``permalink`` is the site's toc
    permalink setting (see :func:`permalink_options`), which heading macros follow.
    """

    def __init__(self, loader: jinja2.BaseLoader | None = None, *,
                 permalink: dict[str, str] | None = None):
        self.env = jinja2.Environment(
            loader=loader or jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=True, auto_reload=False, trim_blocks=True, lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        self.env.globals["permalink"] = permalink
        self.env.filters["units"] = units
        self.env.globals["once"] = self.once
        self.permalink = permalink

    @classmethod
    def for_site(cls, config: Any) -> Renderer:
        """The renderer of a MkDocs build: the theme's loader and the site's toc settings."""
        return cls(config.theme.get_env().loader,
                   permalink=permalink_options(config.get("mdx_configs")))

    def render(self, template: str, **context: Any) -> str:
        """``template`` rendered with ``context``; a template that fails raises
        :class:`TemplateProblem` naming the file and line at fault."""
        try:
            return self.env.get_template(template).render(**context)
        except jinja2.TemplateError as err:
            raise TemplateProblem(_where(err, template)) from None


    def once(self, template: str, shared: Once, **context: Any) -> Markup:
        """``template`` rendered with ``context`` the first time ``shared`` is shown, and
        the same HTML each time after (the context must be the same: the caller's key)."""
        if shared.html is None:
            shared.html = Markup(self.env.get_template(template).render(**context))
        return shared.html


def _where(err: jinja2.TemplateError, template: str) -> Message:
    """``file:line: message`` of a template error (the innermost template frame)."""
    place = ""
    if isinstance(err, jinja2.TemplateSyntaxError):
        place = f"{err.filename or err.name or template}:{err.lineno}"
    else:
        # Jinja rewrites its tracebacks so that frames point at the template's lines
        frames = [f for f in traceback.extract_tb(err.__traceback__)
                  if f.filename.endswith((".html", ".xml", ".j2", ".jinja"))]
        if frames:
            place = f"{frames[-1].filename}:{frames[-1].lineno}"
    return Message(M_("{place}: {error} (rendering {template})"), place=place or template,
                   error=err.message or type(err).__name__, template=template)


def toc_tokens(html: str, *, permalink_class: str = "headerlink") -> list[dict[str, Any]]:
    """The table of contents of rendered HTML, as Python-Markdown's toc extension gives it
    (for ``mkdocs.structure.toc.get_toc``): every heading that has an id, nested by level.

    A heading's name is its HTML less tags and permalink, entities kept (Material prints it
    as HTML).
    """
    permalink = re.compile(
        r"<a\b[^>]*\bclass\s*=\s*[\"'][^\"']*\b" + re.escape(permalink_class)
        + r"\b[^\"']*[\"'][^>]*>.*?</a\s*>", re.IGNORECASE | re.DOTALL,
    )
    tokens = []
    for m in _HEADING.finditer(html):
        found = _ID.search(m.group(2))
        if not found:
            continue
        inner = permalink.sub("", m.group(3))
        tokens.append({
            "level": int(m.group(1)), "id": found.group(1) or found.group(2) or "",
            "name": strip_tags(inner), "html": inner, "data-toc-label": "",
        })
    return nest_toc_tokens(tokens)


def anchor_ids(html: str) -> set[str]:
    """Every id in rendered HTML: the anchors other pages may link to."""
    return {m.group(1) or m.group(2) or "" for m in _ANY_ID.finditer(html)}

