"""The MkDocs page of a generated page: finished HTML, never Markdown."""

from __future__ import annotations

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
                 permalink: dict[str, str] | None = None):
        super().__init__(None, file, config)
        self._meta = meta
        self._permalink_class = (permalink or {}).get("class", "headerlink")
        # known before the page is read: the nav shows its title even when a dirty
        # rebuild does not read it again
        self.read_source(config)

    def read_source(self, config: Any) -> None:
        """No Markdown and no front matter: the meta comes from the page's view."""
        self.markdown = ""
        self.meta = dict(self._meta)

    def render(self, config: Any, files: Any) -> None:
        """The file's HTML as it is, its contents and its anchors."""
        html = self.file.content_string
        self.content = html
        self.toc = get_toc(toc_tokens(html, permalink_class=self._permalink_class))
        self.present_anchor_ids = anchor_ids(html)
