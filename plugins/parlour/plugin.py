"""The MkDocs plugin: thin hooks that call plain functions."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import tempfile
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import get_navigation
from mkdocs.utils import get_relative_url

from . import context as page_context
from . import fragments
from .archive import Archive
from .archive.checks import cross_check
from .config import ParlourConfig
from .data import data_page_markdown, export_files
from .exchange.iiif import data_page_section, iiif_files
from .geo import data_page_section as geo_section
from .geo import geo_files, tile_hosts
from .catalog import M_, LanguageError, direction, native_name
from .i18n import (
    configure, counterparts, label, material_language, prefix, site_words, split,
    translated_nav,
)
from .archive.media import MediaError, MediaLimits, media_file, publish_image, publish_media
from .archive.loader import load_archive
from .pages import SECTIONS, generate_pages
from .sanitise import add_csp, clean_html
from .htmlpage import HtmlPage
from .kiosk import LEFT_OUT, start_page
from .pagecache import PageCache, TemplateDigests, build_salt, language_digest, page_key
from .templating import Renderer, RichText, TemplateProblem
from .views import Views
from .archive.problems import ERROR, count, sort_problems, strict
from .search import (
    BackgroundIndexer,
    SearchError,
    build_index,
    find_pagefind,
    mark_page,
    IndexedPage,
    mute_material_index,
    page_copy,
)

log = get_plugin_logger(__name__)
HERE = Path(__file__).parent
ASSETS = (
    "assets/parlour/parlour.css",
    "assets/parlour/player.css",
    "assets/parlour/parlour.js",
    "assets/parlour/player.js",
    "assets/parlour/contribute.js",
    "assets/parlour/lang.js",
)
#: published, linked only from the pages that use them: the then-and-now slider's loader and
#: the vendored component it loads (with its licence)
PAGE_ASSETS = (
    "assets/parlour/compare.js",
    "assets/parlour/vendor/img-comparison-slider/index.js",
    "assets/parlour/vendor/img-comparison-slider/LICENSE",
    # the maps' loader and Leaflet, with its styles, icons and licence
    "assets/parlour/map.js",
    "assets/parlour/vendor/leaflet/leaflet.js",
    "assets/parlour/vendor/leaflet/leaflet.css",
    "assets/parlour/vendor/leaflet/LICENSE",
    *(f"assets/parlour/vendor/leaflet/images/{name}.png" for name in (
        "layers", "layers-2x", "marker-icon", "marker-icon-2x", "marker-shadow")),
)
#: what draws a PMTiles file under the maps, published when the site has one (map_pmtiles)
PMTILES_ASSETS = (
    "assets/parlour/vendor/protomaps-leaflet/protomaps-leaflet.js",
    "assets/parlour/vendor/protomaps-leaflet/LICENSE",
)
#: published beside the assets, started by Material's page script (not a page script itself)
SEARCH_WORKER = "assets/parlour/search-worker.js"
#: blocks of a hand-written page that show records (contribute-forms shows theme labels only,
#: through an autoescaping template, and holds the contribute form the sanitiser would remove)
RECORD_BLOCKS = re.compile(r"<!--\s*parlour:(eras|latest-interviews|featured-objects)\s*-->")


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


_HTML_LANG = re.compile(r'<html lang="[^"]*"')
#: set (to anything) by `parlour build --no-cache`: the page cache is neither read nor written
NO_CACHE = "PARLOUR_NO_CACHE"
#: the template of a page reused from the page cache: its finished HTML, as it was written
VERBATIM = "parlour/verbatim.html"


class ParlourPlugin(BasePlugin[ParlourConfig]):
    supports_multiple_instances = False
    serving = False
    dirty = False
    archive: Archive | None = None
    indexer: BackgroundIndexer | None = None
    pagefind: Path | None = None  # the binary, when this build makes a Pagefind index
    _load_cache: dict | None = None
    _check_cache: dict | None = None

    def __init__(self):
        super().__init__()
        # src_uri -> digest of what the previous build rendered (dirty serving only)
        self._digests: dict[str, bytes] = {}
        self._contexts: dict[str, dict] = {}
        self._rendered: set[str] = set()
        # this build's generated pages: (file, page, lang), and each one's key in the page
        # cache; the keys of the pages reused from it
        self._generated: list = []
        self._keys: dict[str, str] = {}
        self._reused: dict[str, str] = {}
        self.cache: PageCache | None = None
        self._indexed: list = []

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
        self.langs = self._languages(config)
        self.lang = self.langs[0]
        configure(self.langs, catalogs=[self.root / self.config.locale_dir])
        loaded = load_archive(self.root, cache=self._load_cache,
                              languages=self.config.languages)
        if loaded.cache is None:
            # for this build only: a transcript the checks parse is not parsed again for its
            # page (dropped once the pages are made)
            loaded.cache = {}
        self.limits = MediaLimits(
            image_mb=self.config.max_image_mb, media_mb=self.config.max_media_mb
        )
        problems = sort_problems([
            *loaded.problems,
            *cross_check(loaded, today=self.today, cache=self._check_cache, limits=self.limits),
        ])
        if self.config.strict:
            problems = strict(problems)
        words = site_words(self.lang)  # problems told in the site's default language
        for p in problems:
            message, hint = p.text(words)
            (log.error if p.severity == ERROR else log.warning)(
                "%s: %s [%s]%s", p.location(), message, p.code, f" — {hint}" if hint else ""
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
                loaded, audience=self.config.audience, today=self.today, default_lang=self.lang
            )
        # what a page in another language changes of the config while it renders (see
        # on_page_context); the default language's values, to put back afterwards
        self.defaults = {
            "site_name": config.site_name,
            "site_description": config.site_description,
            "language": config.theme["language"],
            "alternate": config.extra.get("alternate"),
        }
        # our templates after Material's, but before MkDocs' own: our sitemap.xml replaces its
        mkdocs_templates = next(
            (i for i, d in enumerate(config.theme.dirs) if Path(d).parent.name == "mkdocs"),
            len(config.theme.dirs),
        )
        config.theme.dirs.insert(mkdocs_templates, str(HERE / "templates"))
        # main.html (the text size before the first paint, the kiosk's settings) goes before
        # the theme's own folder, after a custom_dir: a site's own main.html still wins
        dirs = config.theme.dirs
        at = next((i for i, d in enumerate(dirs) if (Path(d) / "mkdocs_theme.yml").is_file()), 0)
        dirs.insert(at, str(HERE / "overrides"))
        if self.config.kiosk:
            kiosk_config(config)
        if not self.config.sanitise:
            log.warning("sanitise: false: record text is not cleaned (a test switch only)")
        # Material loads Google Fonts unless `theme.font: false` (the sample and the kiosk):
        # a site that asks for them gets them allowed by its Content-Security-Policy
        self.web_fonts = config.theme.get("font") is not False
        self.tile_hosts = tile_hosts(self.config.map_tiles, kiosk=self.config.kiosk)
        for asset in ASSETS:
            (config.extra_css if asset.endswith(".css") else config.extra_javascript).append(asset)
        if config.nav is not None:
            if self.config.kiosk:
                config.nav = _without(config.nav, LEFT_OUT)
            _add_sections(config.nav, default_lang=self.lang, kiosk=self.config.kiosk)
        return config

    def _languages(self, config) -> list[str]:
        """The site's languages (BCP 47, the default first), each known to CLDR, and the
        interface language Material shows each in (``self.material_langs``). The default's is
        the theme's language: the pages at the site root are in it (``<html lang>``)."""
        langs = list(dict.fromkeys(self.config.languages))
        if not langs:
            raise PluginError("parlour: `languages` is empty; list the site's languages, "
                              "the default first (e.g. [zh-Hant, en])")
        self.material_langs = {}
        for tag in langs:
            try:
                found = material_language(tag, config.theme.dirs)
            except LanguageError as err:
                raise PluginError(f"parlour: languages: {err} (use BCP 47 tags such as "
                                  "zh, zh-Hant, en, es, cy, ar)") from None
            if found is None:
                log.warning("parlour: Material has no interface in %s; its buttons and "
                            "search box stay in English", tag)
            self.material_langs[tag] = found or "en"
        config.theme["language"] = self.material_langs[langs[0]]
        return langs

    def on_env(self, env, config, files):
        if self.config.enabled:
            # Material's shared partials rendered once per language and place (fragments.py)
            self.fragments = fragments.install(env, config)
            # every named word in each language (the 404 page, the footer, the kiosk's bar)
            tables = {lang: site_words(lang).table() for lang in self.langs}
            env.globals["parlour_ui"] = {
                "kiosk": self.config.kiosk, "kiosk_idle": max(1, self.config.kiosk_idle),
                # each language's start (the kiosk's bar in overrides/main.html, the 404 page)
                "default": self.lang,
                "home": {lang: prefix(lang) for lang in self.langs},
                "langs": self.langs,
                "t": tables,
                # the scripts' words (words.py "js.*"), each language's, for main.html
                "js": {lang: {key[3:]: text for key, text in table.items()
                              if key.startswith("js.")} for lang, table in tables.items()},
                "dir": {lang: direction(lang) for lang in self.langs},
            }
        return env

    def on_files(self, files: Files, config) -> Files:
        if not self.config.enabled:
            return files
        self._setup_search(config)
        self.images = self._publish_images(files, config)
        self._publish_recordings(files, config)
        self.pages = {}
        previous, self._digests = self._digests, {}
        self._contexts, self._rendered = {}, set()
        self._generated, self._keys, self._reused, self._indexed = [], {}, {}, []
        downloads = self._panel_downloads(files, config)
        # the theme's loader: a template in the site's custom_dir comes before Parlour's
        self.renderer = Renderer.for_site(config)
        # contributor Markdown, rendered and cleaned once per text for both languages
        markdown = RichText(sanitise=self.config.sanitise)
        if self.config.kiosk:
            self._kiosk_pages(files, config, previous)
        for lang in self.langs:
            self._add_pages(files, config, lang, previous, downloads=downloads, markdown=markdown)
            if self.config.kiosk:
                continue  # the open data is the website's: the parlour's screen has no use for it
            title = label("data", lang)
            content = f"---\ntitle: {title}\nhide: [navigation, toc]\n---\n\n" + data_page_markdown(
                self.archive, lang=lang
            )
            if config.site_url:  # the IIIF files are written only then (_add_iiif)
                content += data_page_section(lang=lang, page_uri=f"{prefix(lang)}data/index.md")
            content += geo_section(lang=lang, page_uri=f"{prefix(lang)}data/index.md")
            file = GeneratedFile.generated(config, f"{prefix(lang)}data/index.md", content=content)
            files.append(self._changed(file, previous) if self.dirty else file)
        self.counterparts = counterparts(files, self.langs)
        self._render_pages(config, previous)
        # as generated files, not written after the build: serve serves them, and a build
        # that fails later leaves no half-written exports behind
        exports = {} if self.config.kiosk else {**export_files(
            self.archive, site_url=config.site_url or "", lang=self.lang, images=self.images,
            site_name=config.site_name, langs=tuple(self.langs),
            site_names=dict(self.config.site_name_translations),
        ), **geo_files(self.archive, site_url=config.site_url or "", images=self.images)}
        for name, data in exports.items():
            file = GeneratedFile.generated(config, f"data/{name}", content=data)
            files.append(self._changed(file, previous) if self.dirty else file)
        if not self.serving:
            # the transcripts the pages and the exports parsed: not read again in this build
            self.archive.release_cache()
        for asset in (*ASSETS, *PAGE_ASSETS, SEARCH_WORKER):
            files.append(File.generated(config, asset, abs_src_path=str(HERE / asset)))
        self._add_iiif(files, config, previous)
        self._add_pmtiles(files, config)
        if self.dirty and previous and previous != self._digests:
            # hand-written pages that embed generated blocks (<!-- parlour:... -->) show the
            # archive too: render them again whenever anything generated changed
            for file in files.documentation_pages():
                if not isinstance(file, GeneratedFile) and file.abs_src_path and _has_blocks(file):
                    file.is_modified = lambda: True
        return files

    def _add_pmtiles(self, files: Files, config) -> None:
        """The curator's PMTiles file (``map_pmtiles``) and protomaps-leaflet, which draws
        it, as files of the site; ``self.pmtiles`` its path in the site (None: no file)."""
        self.pmtiles = None
        if not self.config.map_pmtiles:
            return
        path = (self.root / self.config.map_pmtiles).resolve()
        if path.suffix != ".pmtiles" or not path.is_file():
            raise PluginError(
                f"map_pmtiles: {self.config.map_pmtiles} is not a .pmtiles file in {self.root} "
                "(a path from the archive's root, e.g. maps/wutong-li.pmtiles; the README "
                "says how to make one)"
            )
        self.pmtiles = f"maps/{path.name}"
        files.append(File.generated(config, self.pmtiles, abs_src_path=str(path)))
        for asset in PMTILES_ASSETS:
            files.append(File.generated(config, asset, abs_src_path=str(HERE / asset)))

    def _add_iiif(self, files: Files, config, previous: dict[str, bytes]) -> None:
        """IIIF manifests of the published pictures and their collection (exchange/iiif.py),
        as generated files like the open data; none without a site_url (IIIF ids are
        absolute)."""
        if self.config.kiosk:
            return  # open data, like the data pages: the website's, not the parlour's screen
        if not config.site_url:
            log.info("No site_url in mkdocs.yml: no IIIF manifests (their ids are absolute).")
            return
        names = {lang: self.config.site_name_translations.get(lang) or self.defaults["site_name"]
                 for lang in self.langs}
        for name, data in iiif_files(self.archive, site_url=config.site_url, images=self.images,
                                     langs=self.langs, site_names=names).items():
            file = GeneratedFile.generated(config, name, content=data)
            files.append(self._changed(file, previous) if self.dirty else file)

    def _add_pages(self, files: Files, config, lang: str, previous: dict[str, bytes], *,
                   downloads: dict, markdown: RichText) -> None:
        """The archive's pages in ``lang``, rendered by their templates, as files whose pages
        MkDocs takes as finished HTML (HtmlPage)."""
        for page in generate_pages(
            self.archive, images=self.images, lang=lang, downloads=downloads, markdown=markdown,
        ):
            # rendered (or taken from the page cache) once every page is known: a page's key
            # holds its twins in the other languages (_render_pages)
            file = GeneratedFile.generated(config, page.src_uri, content="")
            files.append(file)
            self._generated.append((file, page, lang))
            self.pages[page.src_uri] = page.entry

    def _render_pages(self, config, previous: dict[str, bytes]) -> None:
        """Each generated page, rendered by its template, or reused from the page cache when
        its key (everything it is made from: pagecache.py) is there; either way a file whose
        page MkDocs takes as finished HTML (HtmlPage)."""
        # The rendered pages wait on disk until MkDocs builds them (HtmlPage.spooled), and a
        # page the cache kept is written as it was. Both leave a page's content empty until
        # it is built: with Material's own search (`search: false`), whose plugin reads every
        # page's content before Parlour's hooks do, neither is done.
        own_search = bool(self.config.search)
        self._close_spool()
        self._spool = tempfile.TemporaryDirectory(prefix="parlour-pages-") if own_search else None
        kept = self.config.cache and own_search and not os.environ.get(NO_CACHE)
        self.cache = PageCache(self.root / ".cache" / "parlour" / "pages" / self._config_name(
            config) if kept else None)
        salt = build_salt(config, docs_dir=Path(config.docs_dir))
        catalogs = (self.root / self.config.locale_dir,)
        words = {lang: language_digest(lang, catalogs=catalogs) for lang in self.langs}
        templates = TemplateDigests(self.renderer.env, config.theme.dirs)
        repo = (config.repo_url or "").rstrip("/")
        for i, (file, page, lang) in enumerate(self._generated):
            # each view goes once its page is rendered: all of them at once are hundreds
            # of MB at 10,000 records
            self._generated[i] = None
            context = None
            if page.entry is not None:
                # what the page's template adds around it counts too: a related record's new
                # title changes this page without changing its view
                context = self._record_context(page.entry, file.url, page.meta["title"],
                                               config, lang)
            key = page_key(
                salt, src_uri=page.src_uri, template=page.template, meta=page.meta,
                view=page.view, context=context,
                twins=[(other, f.url) for other, f in
                       self.counterparts.get(page.src_uri, {}).items()],
                words=words[lang],
                templates=[templates(page.template),
                           templates(page.meta.get("template", "main.html"))],
                extra=page.entry.path if page.entry is not None and repo else "",
            )
            if self.dirty:
                # serving dirty: MkDocs renders again only the pages whose key changed (the
                # others stay as they were written, and in the cache)
                file.changed = previous.get(page.src_uri) != key.encode()
                self._digests[page.src_uri] = key.encode()
                if not file.changed:
                    self.cache.keep(key)
            if self.cache.has(key):
                self._reused[page.src_uri] = key
                HtmlPage(file, config, {**page.meta, "template": VERBATIM},
                         permalink=self.renderer.permalink)
                continue
            try:
                html = page.render(self.renderer)
            except TemplateProblem as err:  # a site's template override, most likely
                raise PluginError(site_words(self.lang)(
                    M_("{problem} for {page}"), problem=err.message.text(site_words(self.lang)),
                    page=page.src_uri)) from None
            self._keys[page.src_uri] = key
            if context is not None:
                self._contexts[page.src_uri] = context  # for on_page_context
            if self._spool is None:
                file.content_string = html
                HtmlPage(file, config, page.meta, permalink=self.renderer.permalink)
            else:
                HtmlPage(file, config, page.meta, permalink=self.renderer.permalink, html=html,
                         spool=Path(self._spool.name) / f"{i}.html")
        self._generated = []  # the views: not needed again, and large

    @staticmethod
    def _config_name(config) -> str:
        """The page cache's folder for this configuration file (the site's and the kiosk's
        are kept apart): its name without .yml."""
        name = Path(config.config_file_path or "mkdocs.yml").name
        return name.removesuffix(".yml").removesuffix(".yaml") or "mkdocs"

    def _kiosk_pages(self, files: Files, config, previous: dict[str, bytes]) -> None:
        """The kiosk's own start screen in place of each language's hand-written home page,
        and no contribute page (kiosk.LEFT_OUT)."""
        for lang in self.langs:
            for uri in ("index.md", *LEFT_OUT):
                file = files.get_file_from_path(prefix(lang) + uri)
                if file is not None:
                    files.remove(file)
            page = start_page(Views(self.archive, self.images, lang))
            file = GeneratedFile.generated(config, page.src_uri,
                                           content=page.render(self.renderer))
            HtmlPage(file, config, page.meta, permalink=self.renderer.permalink)
            files.append(self._changed(file, previous) if self.dirty else file)

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

    def _changed(self, file: GeneratedFile, previous: dict[str, bytes], extra: str = "") -> File:
        """Mark ``file`` changed or not against the previous build (dirty serving)."""
        content = file._content
        data = content.encode("utf-8") if isinstance(content, str) else content
        digest = hashlib.blake2b(data + extra.encode("utf-8"), digest_size=16).digest()
        file.changed = previous.get(file.src_uri) != digest
        self._digests[file.src_uri] = digest
        return file

    def _record_context(self, entry, page_url: str, title: str, config, lang: str) -> dict:
        site_name = self.config.site_name_translations.get(lang) or self.defaults["site_name"]
        # the page's title is HTML (escaped record text); the context wants the text
        return page_context.record_context(
            entry, archive=self.archive, page_url=page_url, site_url=config.site_url or "",
            lang=lang, images=self.images, title=unescape(title), site_name=site_name,
        )

    def _panel_downloads(self, files: Files, config) -> dict[str, list[tuple[str, str]]]:
        """Panel PDFs already exported for this audience, added to the site for download;
        only those whose consent fingerprint still matches (a stale one is left out, with
        a warning that says which and why: a strict build fails until it is exported again)."""
        panels_dir = self.root / self.config.panels_dir
        if not panels_dir.is_dir():
            return {}
        from .panels import offer  # noqa: PLC0415 - WeasyPrint is heavy

        archive_for = self._archive_for()
        out = {}
        for entry in self.archive.entries("exhibits"):
            found = offer(entry.id, panels_dir, audience=self.config.audience,
                          archive_for=archive_for)
            for stale in found.stale:
                log.warning(stale.reason)
            links = []
            combined = [("all", found.combined)] if found.combined else []
            for panel_id, path in [*found.panels, *combined]:
                uri = f"exhibits/{entry.id}/panels/{path.name}"
                files.append(File.generated(config, uri, abs_src_path=str(path)))
                links.append((panel_id, uri))
            if links:
                out[entry.id] = links
        return out

    def _archive_for(self):
        """The archive for an audience: this build's, or (for a public panel offered on the
        community site) the same files read again for the other audience, once."""
        archives = {self.archive.audience: self.archive}

        def archive_for(audience: str) -> Archive:
            if audience not in archives:
                loaded = load_archive(self.root, cache=self._load_cache,
                                      languages=self.config.languages)
                archives[audience] = Archive(
                    loaded, audience=audience, today=self.today, default_lang=self.lang
                )
            return archives[audience]

        return archive_for

    def _publish_images(self, files: Files, config) -> dict:
        """Publish the images that this audience may see, and only those."""
        cache = self.root / ".cache" / "parlour"
        out_dir = cache / f"media-{self.config.audience}"
        published = {}
        for rel, where in sorted(page_context.image_sources(self.archive).items()):
            try:
                # `parlour check` refused links and large files already; this is the second wall
                source = media_file(self.root, "stories/media", rel)
                result = publish_image(
                    source, rel, out_dir, cache_dir=cache / "images",
                    max_bytes=self.limits.image_bytes,
                )
            except MediaError as err:
                raise PluginError(_media_problem(where, rel, err)) from None
            published[rel] = result
            names = {result.url, result.thumb, *(u for u, _ in result.srcset)}
            for name in names:
                files.append(
                    File.generated(config, f"media/{name}", abs_src_path=str(out_dir / name))
                )
        return published

    def _publish_recordings(self, files: Files, config) -> None:
        """Publish cleaned copies (no tags) of the recordings this audience may hear."""
        cache = self.root / ".cache" / "parlour" / "recordings"
        for rel, where in sorted(page_context.audio_sources(self.archive).items()):
            try:
                source = media_file(self.root, "stories/media", rel)
                cleaned = publish_media(
                    source, rel, cache_dir=cache, max_bytes=self.limits.media_bytes
                )
            except MediaError as err:
                raise PluginError(_media_problem(where, rel, err)) from None
            files.append(File.generated(config, f"media/{rel}", abs_src_path=str(cleaned)))

    def on_nav(self, nav, config, files):
        """The navigation of each other language: the default's, pointing at that language's
        pages (titled by the pages themselves); items without a translation are left out."""
        if not self.config.enabled:
            return nav
        self.navs = {self.lang: nav}
        for lang in self.langs[1:]:
            saved = config.nav
            translated = translated_nav(saved or [], lang, files)
            if not translated:
                continue
            config.nav = translated
            try:
                self.navs[lang] = get_navigation(files, config)
            finally:
                config.nav = saved
            home = files.get_file_from_path(f"{prefix(lang)}index.md")
            if home is not None and home.page is not None:
                self.navs[lang].homepage = home.page
        return nav

    def on_page_markdown(self, markdown, page, config, files):
        if not self.config.enabled:
            return markdown
        return page_context.expand_blocks(
            markdown, archive=self.archive, images=self.images, page_uri=page.file.src_uri,
            lang=split(page.file.src_uri)[0], repo_url=config.repo_url or "",
            branch=self.config.edit_path.strip("/").split("/")[-1], renderer=self.renderer,
        )

    def on_page_content(self, html, page, config, files):
        if not self.config.enabled or page.file.src_uri in self._reused:
            return html
        if isinstance(page, HtmlPage) and page.spool is not None:
            return html  # its HTML and what goes before it come when it is built
        html = self._page_start(page, has_title="<h1" in html) + html
        if self.config.sanitise and self._shows_records(page):
            html = clean_html(html)
        return html

    def _shows_records(self, page) -> bool:
        """Whether a page's HTML comes from record text and must be cleaned as a whole: a
        generated Markdown page (the data page), or a hand-written one with a block of
        records (see RECORD_BLOCKS). An HtmlPage is not: its templates escape every
        record value and its contributor Markdown was cleaned when it was rendered."""
        if isinstance(page, HtmlPage):
            return False
        if isinstance(page.file, GeneratedFile):
            return True
        try:
            source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
        except (OSError, TypeError, UnicodeDecodeError):
            return False
        return RECORD_BLOCKS.search(source) is not None

    def _page_start(self, page, *, has_title: bool) -> str:
        """A plain link to this page in each other language, at the top of the content (the
        header's language menu is an icon, easy to miss), and the page's title after it
        (Material would put its own title above everything)."""
        lang, _ = split(page.file.src_uri)
        links = [
            {"url": get_relative_url(file.url, page.url), "lang": other,
             "name": native_name(other)}
            for other, file in self.counterparts.get(page.file.src_uri, {}).items()
            if other != lang
        ]
        if not links:
            return ""
        # a page's title is HTML to MkDocs: a generated page's is escaped text already
        title = None if has_title else unescape(page.title or "")
        return self.renderer.render("parlour/partials/page-start.html", links=links, title=title)

    def on_page_context(self, context, page, config, nav):
        if not self.config.enabled:
            return context
        lang, _ = split(page.file.src_uri)
        context["parlour_lang"] = lang
        # A page in another language renders with that language's interface words, site name
        # and navigation; on_post_page puts the default's back.
        config.theme["language"] = self.material_langs.get(lang, self.defaults["language"])
        config.site_name = (
            self.config.site_name_translations.get(lang) or self.defaults["site_name"]
        )
        config.site_description = (
            self.config.site_description_translations.get(lang)
            or self.defaults["site_description"]
        )
        config.extra["alternate"] = [
            {"name": native_name(other), "link": file.url, "lang": other}
            for other, file in self.counterparts.get(page.file.src_uri, {}).items()
        ] or self.defaults["alternate"]
        if lang != self.lang and lang in getattr(self, "navs", {}):
            context["nav"] = self.navs[lang]
        self._rendered.add(page.url)
        # an online tile layer under the maps: the public site's choice, never the kiosk's
        context["parlour_map_tiles"] = None if self.config.kiosk else self.config.map_tiles
        # or a PMTiles file of the site's own, on both
        context["parlour_map_pmtiles"] = getattr(self, "pmtiles", None)
        reused = self._reused.get(page.file.src_uri)
        if reused is not None:
            context["parlour_output"] = self.cache.output(reused)
            return context
        if isinstance(page, HtmlPage) and page.spool is not None:
            html = page.spooled()
            page.content = self._page_start(page, has_title="<h1" in html) + html
        entry = self.pages.get(page.file.src_uri)
        if entry is not None:
            info = self._contexts.pop(page.file.src_uri, None) or self._record_context(
                entry, page.url, page.title, config, lang
            )
            context["parlour"] = info
            repo = (config.repo_url or "").rstrip("/")
            if repo:
                page.edit_url = f"{repo}/{self.config.edit_path.strip('/')}/{entry.path}"
        return context

    def on_template_context(self, context, template_name, config):
        if self.config.enabled and template_name == "sitemap.xml":
            context["parlour_alternates"] = {
                src: [(lang, f.page.canonical_url or f.page.abs_url)
                      for lang, f in group.items() if f.page is not None]
                for src, group in getattr(self, "counterparts", {}).items()
            }
        return context

    @event_priority(-100)  # last: the page's <html lang> as any other plugin left it
    def on_post_page(self, output, page, config):
        if self.config.enabled and hasattr(self, "defaults"):
            # the default language's config back, after a page in another language
            config.theme["language"] = self.defaults["language"]
            config.site_name = self.defaults["site_name"]
            config.site_description = self.defaults["site_description"]
            if self.defaults["alternate"] is None:
                config.extra.pop("alternate", None)
            else:
                config.extra["alternate"] = self.defaults["alternate"]
        if self.config.enabled and page.file.src_uri in self._reused:
            # as it was written when it was rendered, every hook applied
            copy = self.cache.reuse(self._reused[page.file.src_uri])
            if copy is not None and self.pagefind is not None:
                self._indexed.append(IndexedPage(page.file.dest_uri, *copy))
            page.file._content = ""
            return output
        output = self._finish_page(output, page)
        if self.config.enabled and self.cache is not None:
            copy = None
            if self.pagefind is not None and (found := page_copy(output)) is not None:
                copy = self.cache.keep_copy(*found)
                self._indexed.append(IndexedPage(page.file.dest_uri, *copy))
            key = self._keys.pop(page.file.src_uri, None)
            if key is not None:
                self.cache.store(key, output, copy, src_uri=page.file.src_uri)
        return output

    def _finish_page(self, output: str, page) -> str:
        """A rendered page's last touches: its language, its Content-Security-Policy, and
        its marks for the search index."""
        if self.config.enabled:
            # <html lang> is the page's configured tag (yue, zh-HK), not the name of the
            # Material interface language it borrowed (en, zh-Hant)
            output = _HTML_LANG.sub(f'<html lang="{split(page.file.src_uri)[0]}"', output, 1)
            # the policy allows the template's inline scripts, never one from the content
            output = add_csp(output, untrusted=page.content or "", web_fonts=self.web_fonts,
                             img_hosts=self.tile_hosts)
        if isinstance(page.file, GeneratedFile):
            # Rendered: its Markdown is not read again. MkDocs keeps every page until the
            # build ends, and two copies of 10,000 pages' Markdown (the file's and the
            # page's) are hundreds of MB of the build's peak memory.
            # ("" rather than None: MkDocs gives a page without Markdown no title, and the
            # nav of the pages rendered after this one still shows its title from its meta)
            page.file._content = ""
            page.markdown = ""
            page.content = ""  # its HTML is in `output`, written next; nothing reads it again
        if not self.config.enabled or not self.config.search:
            return output
        excluded = bool((page.meta.get("search") or {}).get("exclude"))
        title = unescape(page.title) if page.title else page.title  # HTML to MkDocs
        # by the page's language: <html lang> is Material's, English where it has no words
        return mark_page(output, title=title, index=not excluded, lang=split(page.file.src_uri)[0])

    @event_priority(-100)
    def on_post_template(self, output_content, template_name, config):
        if not self.config.enabled or not template_name.endswith(".html"):
            return output_content
        output_content = add_csp(output_content, web_fonts=self.web_fonts)  # 404: template only
        if not self.config.search:
            return output_content
        return mark_page(output_content, title=None, index=False)  # 404.html: searches only

    def on_pre_build(self, config):
        if self.indexer is not None:
            self.indexer.stop()  # a run on the last build's site/, which is about to be cleaned

    @event_priority(100)  # before Material's search plugin writes its index
    def on_post_build(self, config):
        if self.config.enabled and self.dirty:
            _merge_search_index(config, self._rendered)
        if self.config.enabled and self.cache is not None:
            self.cache.finish()
            log.info("Generated pages: %d rendered, %d reused from the page cache%s",
                     self.cache.rendered, self.cache.reused,
                     "" if self.cache.folder is not None else " (off: --no-cache)")
        self._close_spool()
        try:
            self._post_build_search(config)
        finally:
            if self.cache is not None:
                self.cache.close()

    def on_build_error(self, error):
        self._close_spool()
        if self.cache is not None:
            self.cache.close()

    def _close_spool(self) -> None:
        if getattr(self, "_spool", None) is not None:
            self._spool.cleanup()
            self._spool = None

    def _post_build_search(self, config) -> None:
        if not self.config.enabled or self.pagefind is None:
            return
        site_dir = Path(config.site_dir)
        if self.serving:
            # in the background: the page reloads now, the index a few seconds later
            self.indexer = self.indexer or BackgroundIndexer(log)
            self.indexer.start(site_dir, self.pagefind)
            return
        kept = self.cache is not None and self.cache.folder is not None
        try:
            result = build_index(
                site_dir, binary=self.pagefind, pages=self._indexed,
                cache_dir=self.root / ".cache" / "parlour" / "search" / self._config_name(config)
                if kept else None,
            )
        except SearchError as err:
            raise PluginError(str(err)) from None
        log.info(
            "Search index: %d files, %.1f MB, languages %s; parts: %d indexed, %d reused "
            "from the cache; Pagefind took %.1f s",
            result.files, result.bytes / 1e6, ", ".join(result.languages) or "none",
            result.shards - result.reused, result.reused, result.seconds,
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


def _media_problem(where: tuple[str, int, int], rel: str, err: MediaError) -> str:
    """A media file the build refuses, told at the record that names it (file:line)."""
    path, line, col = where
    at = f"{path}:{line}:{col or 1}" if line else path
    return f"{at}: stories/media/{rel}: {err.reason}"


def kiosk_config(config) -> None:
    """Fit the build to the parlour's kiosk, which must not ask any other host for anything.

    Material would load Google Fonts unless `theme.font` is false, and ask the GitHub API for
    the repository's facts when `repo_url` is set; edit links lead a visitor away from the kiosk.
    """
    config.theme["font"] = False
    config.repo_url = None
    config.edit_uri = None
    # no edit pencils, and no section tabs: the kiosk has its own start screen and a bar
    # with Back and Start at the bottom, in reach of a standing visitor
    config.theme["features"] = [
        f for f in config.theme.get("features") or []
        if not f.startswith("content.action.") and not f.startswith("navigation.tabs")
    ]
    for key in ("extra_css", "extra_javascript"):
        kept = []
        for item in config[key]:
            if urlsplit(str(item)).netloc:
                log.warning("kiosk: leaving out %s from %s (another host)", item, key)
            else:
                kept.append(item)
        config[key] = kept


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


def _without(nav: list, uris: tuple[str, ...]) -> list:
    """A hand-written nav without the entries for ``uris`` (the pages the kiosk leaves out)."""
    kept = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else item
        if isinstance(value, list):
            kept.append({next(iter(item)): _without(value, uris)})
        elif not (isinstance(value, str) and value in uris):
            kept.append(item)
    return kept


def _add_sections(nav: list, *, default_lang: str, kiosk: bool = False) -> None:
    """Add the archive's sections to a hand-written nav, after the home page (on the kiosk,
    not the open data).

    Sections only: one entry per record would be rendered into every page (see DESIGN.md).
    """
    present = {json.dumps(item, sort_keys=True, ensure_ascii=False) for item in nav}
    at = 1 if nav else 0
    for uri, key in SECTIONS:
        if kiosk and uri == "data/index.md":
            continue
        item = {label(key, default_lang): uri}
        if json.dumps(item, sort_keys=True, ensure_ascii=False) not in present and not any(
            uri in json.dumps(i, ensure_ascii=False) for i in nav
        ):
            nav.insert(at, item)
            at += 1
