"""The MkDocs plugin: thin hooks that call plain functions."""

from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from . import context as page_context
from .archive import Archive
from .checks import cross_check
from .config import ParlourConfig
from .data import data_page_markdown, export_files
from .images import ImageError, publish_image
from .loader import load_archive
from .pages import SECTIONS, generate_pages
from .problems import ERROR, count, sort_problems, strict

log = get_plugin_logger(__name__)
HERE = Path(__file__).parent
ASSETS = (
    "assets/parlour/parlour.css",
    "assets/parlour/player.css",
    "assets/parlour/parlour.js",
    "assets/parlour/player.js",
    "assets/parlour/contribute.js",
)


class GeneratedFile(File):
    """A generated file that knows whether its content changed since the previous build.

    MkDocs asks ``is_modified()`` in a dirty build (``mkdocs serve --dirty``) and a file with
    content in memory always says yes, so every generated page would be rendered again on
    every change. While serving dirty, the plugin compares each page's content (and, for a
    record page, what its template shows: related records, previous / next) with the
    previous build's, and only the pages that changed are rendered again.
    """

    changed = True

    def is_modified(self) -> bool:
        return self.changed if self._content is not None else super().is_modified()


class ParlourPlugin(BasePlugin[ParlourConfig]):
    supports_multiple_instances = False
    serving = False
    dirty = False
    archive: Archive | None = None
    _load_cache: dict | None = None
    _check_cache: dict | None = None

    def __init__(self):
        super().__init__()
        # src_uri -> digest of what the previous build rendered (dirty serving only)
        self._digests: dict[str, bytes] = {}
        self._contexts: dict[str, dict] = {}
        self._rendered: set[str] = set()

    def on_startup(self, *, command, dirty):
        # Defining on_startup also makes MkDocs keep this instance across serve's rebuilds.
        self.serving = command == "serve"
        self.dirty = self.serving and dirty
        if self.serving:
            # a rebuild reads and checks again only the files that changed (mtime and size)
            self._load_cache, self._check_cache = {}, {}

    def on_config(self, config):
        if not self.config.enabled:
            return config
        self.root = Path(self.config.root or Path(config.config_file_path).parent).resolve()
        self.today = (
            datetime.date.fromisoformat(self.config.today) if self.config.today
            else datetime.date.today()
        )
        loaded = load_archive(self.root, cache=self._load_cache)
        if loaded.cache is None:
            # for this build only: a transcript the checks parse is not parsed again for its
            # page (dropped once the pages are made)
            loaded.cache = {}
        problems = sort_problems([
            *loaded.problems, *cross_check(loaded, today=self.today, cache=self._check_cache)
        ])
        if self.config.strict:
            problems = strict(problems)
        for p in problems:
            (log.error if p.severity == ERROR else log.warning)(
                "%s: %s [%s]%s", p.location(), p.message, p.code, f" — {p.hint}" if p.hint else ""
            )
        errors, _ = count(problems)
        if errors and self.serving and self.archive is not None:
            # While serving, a file being edited is often broken for a moment: keep showing
            # the last good archive (livereload stops answering when a rebuild raises).
            log.warning("Showing the archive as it was before; fix the error(s) above.")
        elif errors:
            # Refuse before anything is written to site/: never a half-built site.
            raise PluginError(
                f"The archive has {errors} error(s); nothing was built. "
                "Run `parlour check` to see them with file and line."
            )
        else:
            self.archive = Archive(
                loaded, audience=self.config.audience, today=self.today, default_lang="zh"
            )
        lang = config.theme.get("language") or "zh"
        self.lang = "en" if lang.startswith("en") else "zh"
        config.theme.dirs.append(str(HERE / "templates"))
        for asset in ASSETS:
            (config.extra_css if asset.endswith(".css") else config.extra_javascript).append(asset)
        if config.nav is not None:
            _add_sections(config.nav)
        return config

    def _install_search_terms(self) -> None:
        try:
            from .search import install_terms, search_terms  # noqa: PLC0415
        except ImportError:  # jieba missing: Material's search still works, less well
            return
        install_terms(search_terms(self.archive))

    def on_files(self, files: Files, config) -> Files:
        if not self.config.enabled:
            return files
        # after Material's on_config, whose jieba_dict option would reset jieba's words
        self._install_search_terms()
        self.images = self._publish_images(files, config)
        media = self.root / "stories" / "media"
        for rel in sorted(page_context.audio_sources(self.archive)):
            files.append(File.generated(config, f"media/{rel}", abs_src_path=str(media / rel)))
        self.pages = {}
        previous, self._digests = self._digests, {}
        self._contexts, self._rendered = {}, set()
        downloads = self._panel_downloads(files, config)
        for page in generate_pages(
            self.archive, images=self.images, lang=self.lang, downloads=downloads
        ):
            file = GeneratedFile.generated(config, page.src_uri, content=page.content)
            if self.dirty and page.entry is not None:
                # what the template adds to the page must count too: a related record's new
                # title changes this page without changing its Markdown
                context = self._record_context(page.entry, file.url, page.meta["title"], config)
                self._contexts[page.src_uri] = context
                self._changed(file, previous, json.dumps(context, sort_keys=True, default=str))
            elif self.dirty:
                self._changed(file, previous)
            files.append(file)
            # the record only: the page's Markdown lives on in the file until it is rendered
            self.pages[page.src_uri] = page.entry
        if not self.serving:
            self.archive.loaded.cache = None
        content = "---\ntitle: 开放数据 · Open data\n---\n\n" + data_page_markdown(
            self.archive, lang=self.lang
        )
        file = GeneratedFile.generated(config, "data/index.md", content=content)
        files.append(self._changed(file, previous) if self.dirty else file)
        # as generated files, not written after the build: serve serves them, and a build
        # that fails later leaves no half-written exports behind
        exports = export_files(
            self.archive, site_url=config.site_url or "", lang=self.lang, images=self.images,
            site_name=config.site_name,
        )
        for name, data in exports.items():
            file = GeneratedFile.generated(config, f"data/{name}", content=data)
            files.append(self._changed(file, previous) if self.dirty else file)
        for asset in ASSETS:
            files.append(File.generated(config, asset, abs_src_path=str(HERE / asset)))
        if self.dirty and previous and previous != self._digests:
            # hand-written pages that embed generated blocks (<!-- parlour:... -->) show the
            # archive too: render them again whenever anything generated changed
            for file in files.documentation_pages():
                if not isinstance(file, GeneratedFile) and file.abs_src_path and _has_blocks(file):
                    file.is_modified = lambda: True
        return files

    def _changed(self, file: GeneratedFile, previous: dict[str, bytes], extra: str = "") -> File:
        """Mark ``file`` changed or not against the previous build (dirty serving)."""
        content = file._content
        data = content.encode("utf-8") if isinstance(content, str) else content
        digest = hashlib.blake2b(data + extra.encode("utf-8"), digest_size=16).digest()
        file.changed = previous.get(file.src_uri) != digest
        self._digests[file.src_uri] = digest
        return file

    def _record_context(self, entry, page_url: str, title: str, config) -> dict:
        return page_context.record_context(
            entry, archive=self.archive, page_url=page_url, site_url=config.site_url or "",
            lang=self.lang, images=self.images, title=title, site_name=config.site_name,
        )

    def _panel_downloads(self, files: Files, config) -> dict[str, list[tuple[str, str]]]:
        """Panel PDFs already exported for this audience, added to the site for download."""
        panels_dir = self.root / self.config.panels_dir
        if not panels_dir.is_dir():
            return {}
        from .panels import combined_file, panel_files  # noqa: PLC0415 - WeasyPrint is heavy

        out = {}
        for entry in self.archive.entries("exhibits"):
            found = panel_files(entry.id, panels_dir, audience=self.config.audience)
            combined = combined_file(entry.id, panels_dir, audience=self.config.audience)
            links = []
            for panel_id, path in [*found, *([("all", combined)] if combined else [])]:
                uri = f"exhibits/{entry.id}/panels/{path.name}"
                files.append(File.generated(config, uri, abs_src_path=str(path)))
                links.append((panel_id, uri))
            if links:
                out[entry.id] = links
        return out

    def _publish_images(self, files: Files, config) -> dict:
        """Publish the images that this audience may see, and only those."""
        cache = self.root / ".cache" / "parlour"
        out_dir = cache / f"media-{self.config.audience}"
        published = {}
        media = self.root / "stories" / "media"
        for rel in sorted(page_context.image_sources(self.archive)):
            try:
                result = publish_image(
                    media / rel, rel, out_dir, cache_dir=cache / "images"
                )
            except ImageError as err:
                raise PluginError(f"stories/media/{rel}: {err.reason}") from None
            published[rel] = result
            names = {result.url, result.thumb, *(u for u, _ in result.srcset)}
            for name in names:
                files.append(
                    File.generated(config, f"media/{name}", abs_src_path=str(out_dir / name))
                )
        return published

    def on_page_markdown(self, markdown, page, config, files):
        if not self.config.enabled:
            return markdown
        return page_context.expand_blocks(
            markdown, archive=self.archive, images=self.images, page_uri=page.file.src_uri,
            lang=self.lang, repo_url=config.repo_url or "",
            branch=self.config.edit_path.strip("/").split("/")[-1],
        )

    def on_page_context(self, context, page, config, nav):
        if not self.config.enabled:
            return context
        self._rendered.add(page.url)
        entry = self.pages.get(page.file.src_uri)
        if entry is not None:
            info = self._contexts.get(page.file.src_uri) or self._record_context(
                entry, page.url, page.title, config
            )
            context["parlour"] = info
            repo = (config.repo_url or "").rstrip("/")
            if repo:
                page.edit_url = f"{repo}/{self.config.edit_path.strip('/')}/{entry.path}"
        return context

    def on_post_page(self, output, page, config):
        if isinstance(page.file, GeneratedFile):
            # Rendered: its Markdown is not read again. MkDocs keeps every page until the
            # build ends, and two copies of 10,000 pages' Markdown (the file's and the
            # page's) are hundreds of MB of the build's peak memory.
            # ("" rather than None: MkDocs gives a page without Markdown no title, and the
            # nav of the pages rendered after this one still shows its title from its meta)
            page.file._content = ""
            page.markdown = ""
        return output

    @event_priority(100)  # before Material's search plugin writes its index
    def on_post_build(self, config):
        if self.config.enabled and self.dirty:
            _merge_search_index(config, self._rendered)

    def on_serve(self, server, config, builder):
        if self.config.enabled:
            for folder in ("stories", "exhibits"):
                path = self.root / folder
                if path.is_dir():
                    server.watch(str(path))
        return server


def _has_blocks(file: File) -> bool:
    try:
        return "<!-- parlour:" in Path(file.abs_src_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def _merge_search_index(config, rendered: set[str]) -> None:
    """Keep Material's search index whole in a dirty rebuild that rendered several pages.

    Material's search plugin, serving dirty, indexes only the pages rendered in this build
    and merges them into the previous index assuming there is one (it drops the previous
    entries under the first page's URL only: several pages would be indexed twice, and a
    section page's URL, like ``interviews/``, would drop all its records). Do the merge here
    instead, by page: previous entries of every page not rendered again, then the new ones.
    """
    search = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(search, "search_index", None)
    prev = getattr(search, "search_index_prev", None)
    if index is None or prev is None or not hasattr(index, "entries"):
        return
    kept = [e for e in prev.entries if e["location"].split("#", 1)[0] not in rendered]
    index.entries = kept + index.entries
    search.search_index_prev = None  # merged: Material writes index.entries as they are


def _add_sections(nav: list) -> None:
    """Add the archive's sections to a hand-written nav, after the home page.

    Sections only: one entry per record would be rendered into every page (see DESIGN.md).
    """
    present = {json.dumps(item, sort_keys=True, ensure_ascii=False) for item in nav}
    at = 1 if nav else 0
    for uri, zh, en in SECTIONS:
        item = {f"{zh} {en}": uri}
        if json.dumps(item, sort_keys=True, ensure_ascii=False) not in present and not any(
            uri in json.dumps(i, ensure_ascii=False) for i in nav
        ):
            nav.insert(at, item)
            at += 1
