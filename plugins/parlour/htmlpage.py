"""The MkDocs page of a generated page: finished HTML, never Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .templating import anchor_ids, toc_tokens


class HtmlPage(Page):
    """A page Parlour generated: its file's content is finished HTML (rendered from its view
    by its template), which MkDocs takes as the page's content without Python-Markdown, as
    Material's blog plugin does with its own pages. The contents column lists the HTML's
    headings that have an id; ``permalink`` is the site's toc setting (the headings' own
    permalinks are left out of the contents)."""

    def __init__(self, file: File, config: Any, meta: dict[str, Any], *,
                 permalink: dict[str, str] | None = None, html: str | None = None,
                 spool: Path | None = None):
        super().__init__(None, file, config)
        self._meta = meta
        self._permalink_class = (permalink or {}).get("class", "headerlink")
        #: with ``spool``, the page's ``html`` waits in that file until the page is built
        #: (:meth:`spooled`): MkDocs reads every page before it builds the first, and
        #: 10,000 records' pages held at once are hundreds of MB. Its contents and anchors
        #: are read from ``html`` now.
        self.spool = spool
        if spool is not None:
            assert html is not None
            spool.write_text(html, encoding="utf-8")
            self._toc = toc_tokens(html, permalink_class=self._permalink_class)
            self._anchors = anchor_ids(html)
        # known before the page is read: the nav shows its title even when a dirty
        # rebuild does not read it again
        self.read_source(config)

    def read_source(self, config: Any) -> None:
        """No Markdown and no front matter: the meta comes from the page's view."""
        self.markdown = ""
        self.meta = dict(self._meta)

    def render(self, config: Any, files: Any) -> None:
        """The file's HTML as it is, its contents and its anchors (a spooled page's HTML
        stays in its file: :meth:`spooled`)."""
        if self.spool is not None:
            self.content = ""
            self.toc = get_toc(self._toc)
            self.present_anchor_ids = self._anchors
            return
        html = self.file.content_string
        self.content = html
        self.toc = get_toc(toc_tokens(html, permalink_class=self._permalink_class))
        self.present_anchor_ids = anchor_ids(html)

    def spooled(self) -> str:
        """A spooled page's HTML, read back when the page is built (its file is removed)."""
        assert self.spool is not None
        html = self.spool.read_text(encoding="utf-8")
        self.spool.unlink()
        return html
