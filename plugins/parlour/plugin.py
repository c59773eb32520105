"""The MkDocs plugin: thin hooks that call plain functions."""

from __future__ import annotations

import datetime
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
from .search import (
    BackgroundIndexer,
    SearchError,
    build_index,
    find_pagefind,
    mark_page,
    mute_material_index,
)

log = get_plugin_logger(__name__)
HERE = Path(__file__).parent
ASSETS = (
    "assets/parlour/parlour.css",
    "assets/parlour/player.css",
    "assets/parlour/parlour.js",
    "assets/parlour/player.js",
    "assets/parlour/contribute.js",
    "assets/parlour/search.js",
)
#: published beside the assets, started by Material's page script (not a page script itself)
SEARCH_WORKER = "assets/parlour/search-worker.js"


class ParlourPlugin(BasePlugin[ParlourConfig]):
    supports_multiple_instances = False
    serving = False
    archive: Archive | None = None
    indexer: BackgroundIndexer | None = None
    pagefind: Path | None = None  # the binary, when this build makes a Pagefind index

    def on_startup(self, *, command, dirty):
        # Defining on_startup also makes MkDocs keep this instance across serve's rebuilds.
        self.serving = command == "serve"

    def on_config(self, config):
        if not self.config.enabled:
            return config
        self.root = Path(self.config.root or Path(config.config_file_path).parent).resolve()
        self.today = (
            datetime.date.fromisoformat(self.config.today) if self.config.today
            else datetime.date.today()
        )
        loaded = load_archive(self.root)
        problems = sort_problems([*loaded.problems, *cross_check(loaded, today=self.today)])
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

    def on_files(self, files: Files, config) -> Files:
        if not self.config.enabled:
            return files
        self._setup_search(config)
        self.images = self._publish_images(files, config)
        media = self.root / "stories" / "media"
        for rel in sorted(page_context.audio_sources(self.archive)):
            files.append(File.generated(config, f"media/{rel}", abs_src_path=str(media / rel)))
        self.pages = {}
        downloads = self._panel_downloads(files, config)
        for page in generate_pages(
            self.archive, images=self.images, lang=self.lang, downloads=downloads
        ):
            file = File.generated(config, page.src_uri, content=page.content)
            files.append(file)
            self.pages[page.src_uri] = page
        content = "---\ntitle: 开放数据 · Open data\n---\n\n" + data_page_markdown(
            self.archive, lang=self.lang
        )
        files.append(File.generated(config, "data/index.md", content=content))
        # as generated files, not written after the build: serve serves them, and a build
        # that fails later leaves no half-written exports behind
        exports = export_files(
            self.archive, site_url=config.site_url or "", lang=self.lang, images=self.images,
            site_name=config.site_name,
        )
        for name, data in exports.items():
            files.append(File.generated(config, f"data/{name}", content=data))
        for asset in (*ASSETS, SEARCH_WORKER):
            files.append(File.generated(config, asset, abs_src_path=str(HERE / asset)))
        return files

    def _setup_search(self, config) -> None:
        """Search by Pagefind (see search.py): after every on_config, as Material's search
        plugin makes its index anew in each one."""
        self.pagefind = None
        if not self.config.search:
            return  # Material's own search, as it comes
        material = config.plugins.get("material/search")
        if material is None or not mute_material_index(material):
            log.warning(
                "Material's search plugin is not enabled (`plugins: [search, parlour]` in "
                "mkdocs.yml): the site gets a search index but no search box."
            )
        try:
            self.pagefind = find_pagefind()
        except SearchError as err:
            raise PluginError(str(err)) from None

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
        generated = self.pages.get(page.file.src_uri)
        if generated is not None and generated.entry is not None:
            info = page_context.record_context(
                generated.entry, archive=self.archive, page_url=page.url,
                site_url=config.site_url or "", lang=self.lang, images=self.images,
                title=page.title, site_name=config.site_name,
            )
            context["parlour"] = info
            repo = (config.repo_url or "").rstrip("/")
            if repo:
                page.edit_url = f"{repo}/{self.config.edit_path.strip('/')}/{generated.entry.path}"
        return context

    @event_priority(-100)  # last: the page's <html lang> as any other plugin left it
    def on_post_page(self, output, page, config):
        if not self.config.enabled or not self.config.search:
            return output
        excluded = bool((page.meta.get("search") or {}).get("exclude"))
        return mark_page(output, title=page.title, index=not excluded)

    @event_priority(-100)
    def on_post_template(self, output_content, template_name, config):
        if not self.config.enabled or not self.config.search or not template_name.endswith(".html"):
            return output_content
        return mark_page(output_content, title=None, index=False)  # 404.html: searches only

    def on_pre_build(self, config):
        if self.indexer is not None:
            self.indexer.stop()  # a run on the last build's site/, which is about to be cleaned

    def on_post_build(self, config):
        if not self.config.enabled or self.pagefind is None:
            return
        site_dir = Path(config.site_dir)
        if self.serving:
            # in the background: the page reloads now, the index a few seconds later
            self.indexer = self.indexer or BackgroundIndexer(log)
            self.indexer.start(site_dir, self.pagefind)
            return
        try:
            result = build_index(site_dir, binary=self.pagefind)
        except SearchError as err:
            raise PluginError(str(err)) from None
        log.info(
            "Search index: %d files, %.1f MB, languages %s; Pagefind took %.1f s "
            "(and %.1f s to copy the pages for it)",
            result.files, result.bytes / 1e6, ", ".join(result.languages) or "none",
            result.seconds, result.copy_seconds,
        )

    def on_shutdown(self):
        if self.indexer is not None:
            self.indexer.stop()

    def on_serve(self, server, config, builder):
        if self.config.enabled:
            for folder in ("stories", "exhibits"):
                path = self.root / folder
                if path.is_dir():
                    server.watch(str(path))
        return server


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
