"""The MkDocs plugin: thin hooks that call plain functions."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
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


class ParlourPlugin(BasePlugin[ParlourConfig]):
    supports_multiple_instances = False
    serving = False
    archive: Archive | None = None

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
        # main.html (the text size before the first paint, the kiosk's settings) goes before
        # the theme's own folder, after a custom_dir: a site's own main.html still wins
        dirs = config.theme.dirs
        at = next((i for i, d in enumerate(dirs) if (Path(d) / "mkdocs_theme.yml").is_file()), 0)
        dirs.insert(at, str(HERE / "overrides"))
        if self.config.kiosk:
            kiosk_config(config)
        for asset in ASSETS:
            (config.extra_css if asset.endswith(".css") else config.extra_javascript).append(asset)
        if config.nav is not None:
            _add_sections(config.nav)
        return config

    def on_env(self, env, config, files):
        if self.config.enabled:
            env.globals["parlour_ui"] = {
                "kiosk": self.config.kiosk, "kiosk_idle": max(1, self.config.kiosk_idle),
            }
        return env

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
        for asset in ASSETS:
            files.append(File.generated(config, asset, abs_src_path=str(HERE / asset)))
        return files

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

    def on_serve(self, server, config, builder):
        if self.config.enabled:
            for folder in ("stories", "exhibits"):
                path = self.root / folder
                if path.is_dir():
                    server.watch(str(path))
        return server


def kiosk_config(config) -> None:
    """Fit the build to the parlour's kiosk, which must not ask any other host for anything.

    Material would load Google Fonts unless `theme.font` is false, and ask the GitHub API for
    the repository's facts when `repo_url` is set; edit links lead a visitor away from the kiosk.
    """
    config.theme["font"] = False
    config.repo_url = None
    config.edit_uri = None
    config.theme["features"] = [
        f for f in config.theme.get("features") or [] if not f.startswith("content.action.")
    ]
    for key in ("extra_css", "extra_javascript"):
        kept = []
        for item in config[key]:
            if urlsplit(str(item)).netloc:
                log.warning("kiosk: leaving out %s from %s (another host)", item, key)
            else:
                kept.append(item)
        config[key] = kept


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
