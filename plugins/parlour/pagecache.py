"""Generated pages kept between builds: a page is rendered again only when something it is
made from changed.

The cache lives in ``.cache/parlour/pages/<config>/`` (one folder per MkDocs configuration
file, so the website and the kiosk keep their own), content-addressed by the page's *key*:

- ``<key>.html``: the page exactly as it was written to site/ (after every hook);
- ``copy-<digest>``: its copy for the search index (search.page_copy), when it has one;
- ``manifest.json``: for each key, the language and digest of its copy (or null).

A page's key is a digest of everything its HTML is made from:

- the build's salt (:func:`build_salt`): the cache format, the versions of Parlour and of the
  libraries that write HTML (MkDocs, Material, Jinja, Markdown, nh3, Babel), every file of
  the templates that are not an installed package's (Parlour's and the site's custom_dir),
  the MkDocs configuration as loaded (every option, the nav, every plugin's options), the
  interface catalogs (Parlour's and the archive's) and the hand-written pages' sources
  (their titles are in every page's navigation);
- the page's own parts (:func:`page_key`): its path, template and meta, its view (the data
  its template shows, made from the archive's redacted view: what this audience may see, so
  a consent change changes it), its record context (related records' titles, previous and
  next, citation, JSON-LD) and its twins in other languages.

Nothing else reaches a generated page's HTML: tests/test_pagecache.py builds the sample with
a warm cache and without one and compares every file, after each kind of change. The cache
is thrown away wholesale when the salt changes (a new Parlour, a template, the config), and
each build removes the pages it did not use.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta as jinja_meta

from . import __version__
from .catalog import catalog_files
from .templating import Once

#: bump when what is kept, or how keys are made, changes: every old entry is then unused
FORMAT = 1
#: the libraries whose version changes what a page's HTML is
LIBRARIES = ("mkdocs", "mkdocs-material", "jinja2", "markdown", "nh3", "babel", "markupsafe")
MANIFEST = "manifest.json"
#: what the last build rendered (the pages' paths) and how many pages it reused
LAST_BUILD = "last-build.json"


def _digest(*parts: bytes) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def _plain(value: Any) -> Any:
    """A view's value as JSON: dataclasses by their fields (with their class's name, so two
    view types with the same fields differ), sets sorted. Anything else is a mistake in the
    view (an object the digest cannot see into), and raises."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"__view__": type(value).__qualname__,
                **{f.name: getattr(value, f.name) for f in dataclasses.fields(value)}}
    if isinstance(value, Once):
        return None  # the HTML of rows the view holds, rendered once for several pages
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    if isinstance(value, Path):
        return value.as_posix()
    raise TypeError(f"a page's view holds a {type(value).__name__}, which the page cache "
                    "cannot digest; views hold plain data")


def view_json(view: Any) -> str:
    """The view as JSON, in a stable form (field order, as the dataclass declares it)."""
    return json.dumps(view, default=_plain, ensure_ascii=False, separators=(",", ":"))


def page_key(salt: str, *, src_uri: str, template: str, meta: dict, view: Any,
             context: dict | None, twins: Iterable[tuple[str, str]], words: str,
             templates: Iterable[str], extra: str = "") -> str:
    """The key of a generated page: ``salt`` (build_salt) and everything of its own: its
    language's words (language_digest), its templates (TemplateDigests: the page type's
    and Material's page around it), its view, meta, record context and twins."""
    own = json.dumps(
        {"src": src_uri, "template": template, "meta": meta, "context": context,
         "twins": sorted(twins), "words": words, "templates": list(templates),
         "extra": extra},
        ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str,
    )
    return _digest(salt.encode(), own.encode("utf-8"), view_json(view).encode("utf-8"))


def _config_json(config: Any) -> str:
    """The MkDocs configuration as loaded, as JSON: every option but where the site is
    written (``site_dir``: the same site built elsewhere is the same site) and the
    server's; plugins by their options."""

    def plain(value: Any) -> Any:
        if hasattr(value, "keys") and hasattr(value, "__getitem__"):
            return {str(k): value[k] for k in value.keys()}
        if isinstance(value, os.PathLike):
            return os.fspath(value)
        text = str(value)
        # an object without a useful str() (a hooks module, a plugin): its kind only
        return type(value).__qualname__ if " at 0x" in text else text

    options = {k: config[k] for k in config.keys()
               if k not in ("site_dir", "dev_addr", "plugins", "watch", "config_file_path")}
    options["theme.dirs"] = [
        f"installed:{Path(d).parent.name}/{Path(d).name}" if _installed(Path(d)) else str(d)
        for d in config.theme.dirs
    ]
    options["plugins"] = {name: dict(plugin.config) for name, plugin in config.plugins.items()}
    text = json.dumps(options, ensure_ascii=False, sort_keys=True, default=plain)
    # where the archive and Parlour are on this machine is not what a page is made from: a
    # checkout restored elsewhere (CI) reuses its cache
    root = str(Path(config.config_file_path or ".").resolve().parent)
    return text.replace(str(Path(__file__).resolve().parent), "<parlour>").replace(root, "<root>")


def _files_digest(folders: Iterable[Path], patterns: tuple[str, ...] = ("*",)) -> bytes:
    """A digest of every file (path and bytes) under ``folders`` matching ``patterns``."""
    h = hashlib.blake2b(digest_size=20)
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            continue
        found = {p for pattern in patterns for p in folder.rglob(pattern) if p.is_file()}
        for path in sorted(found):
            h.update(path.relative_to(folder).as_posix().encode() + b"\0")
            h.update(path.read_bytes())
    return h.digest()


def _installed(folder: Path) -> bool:
    """Whether a template folder is an installed package's (known by its version)."""
    return any(part in ("site-packages", "dist-packages") for part in Path(folder).parts)


def build_salt(config: Any, *, docs_dir: Path) -> str:
    """What every generated page of this build is made from, beyond its own parts."""
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=none")
    parts = [
        f"format={FORMAT} parlour={__version__} {' '.join(versions)}".encode(),
        _config_json(config).encode("utf-8"),
        _files_digest([docs_dir], ("*.md",)),
    ]
    return _digest(*parts)


def language_digest(lang: str, *, catalogs: Iterable[Path]) -> str:
    """The interface words of ``lang``'s pages: the bytes of the catalogs they come from
    (the archive's own, then Parlour's; catalog.catalog_files). A word changed in one
    language renders that language's pages again, not the others'."""
    h = hashlib.blake2b(digest_size=20)
    for i, path in enumerate(catalog_files(lang, tuple(catalogs))):
        # which file (in the order they win) and its words: not where it is on this machine
        h.update(f"{i}:{path.parent.parent.name}".encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


class TemplateDigests:
    """The digest of a template and of every template it extends, includes or imports, as
    the theme's loader finds them (a site's custom_dir first): changing
    ``parlour/object.html`` renders the object pages again, and no others.

    An installed package's template (Material's) counts by the package's version (in the
    salt); its references are followed all the same, since an override of one of its
    partials (Parlour's overrides/, a custom_dir) is found through them. A reference made
    at render time (``{% include "partials/" ~ name %}``: Material's languages and icons)
    cannot be followed: it counts every template file outside ``parlour/`` in the
    template folders (Parlour's page templates, ``parlour/...``, are only ever named as
    they are).
    """

    def __init__(self, env: jinja2.Environment, dirs: Iterable[Path]):
        self.env = env
        self.dirs = [Path(d) for d in dirs]
        self._done: dict[str, str] = {}
        self._templates: dict[str, tuple[bytes, list[str | None]]] = {}
        self._dynamic: bytes | None = None

    def __call__(self, name: str) -> str:
        found = self._done.get(name)
        if found is None:
            h = hashlib.blake2b(digest_size=20)
            for part in sorted(self._closure(name)):
                h.update(part)
            found = self._done[name] = h.hexdigest()
        return found

    def _closure(self, name: str) -> set[bytes]:
        parts: set[bytes] = set()
        seen: set[str] = set()
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            part, refs = self._read(current)
            parts.add(part)
            for ref in refs:
                if ref is None:
                    parts.add(self._dynamic_digest())
                else:
                    todo.append(ref)
        return parts

    def _read(self, name: str) -> tuple[bytes, list[str | None]]:
        """One template's own part of a digest and the templates it names (parsed once)."""
        found = self._templates.get(name)
        if found is None:
            try:
                source, filename, _ = self.env.loader.get_source(self.env, name)
            except jinja2.TemplateNotFound:
                found = (f"missing:{name}".encode(), [])
            else:
                part = (f"installed:{name}".encode() if filename and _installed(Path(filename))
                        else _digest(name.encode(), source.encode("utf-8")).encode())
                found = (part, list(jinja_meta.find_referenced_templates(
                    self.env.parse(source))))
            self._templates[name] = found
        return found

    def _dynamic_digest(self) -> bytes:
        if self._dynamic is None:
            own = [d for d in self.dirs if not _installed(d)]
            h = hashlib.blake2b(digest_size=20)
            for folder in own:
                for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                    rel = path.relative_to(folder).as_posix()
                    if not rel.startswith("parlour/"):
                        h.update(rel.encode() + b"\0" + path.read_bytes())
            self._dynamic = b"dynamic:" + h.hexdigest().encode()
        return self._dynamic


class PageCache:
    """The generated pages kept in ``folder`` (None: no cache, as with ``--no-cache``).

    A build asks :meth:`has` for each page's key and :meth:`reuse`\\ s the pages that are
    there, :meth:`store`\\ s the ones it rendered, keeps every page's search copy with
    :meth:`keep_copy`, and calls :meth:`finish`, which forgets what this build did not use
    and writes the manifest. ``rendered`` and ``reused`` count the generated pages.
    A copy is (language, file, digest): what search.build_index reads.
    """

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.rendered = 0
        self.reused = 0
        self.rendered_pages: list[str] = []
        self._used: set[str] = set()
        self._copies: set[str] = set()
        self._manifest: dict[str, list[str] | None] = {}
        self._scratch: tempfile.TemporaryDirectory | None = None
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            try:
                self._manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._manifest = {}
        else:
            # the search copies still need a file each (search.build_index links them)
            self._scratch = tempfile.TemporaryDirectory(prefix="parlour-copies-")

    def _page(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / f"{key}.html"

    def _copies_dir(self) -> Path:
        return self.folder if self.folder is not None else Path(self._scratch.name)

    def has(self, key: str) -> bool:
        """Whether the page of ``key`` is kept, to be reused."""
        return (self.folder is not None and key in self._manifest
                and self._page(key).is_file())

    def output(self, key: str) -> str:
        """The kept page of ``key`` (:meth:`has` said it is there)."""
        return self._page(key).read_text(encoding="utf-8")

    def reuse(self, key: str) -> tuple[str, Path, str] | None:
        """Count the kept page of ``key`` as this build's; its search copy, if it has one."""
        self._used.add(key)
        self.reused += 1
        found = self._manifest.get(key)
        if not found:
            return None
        lang, digest = found
        self._copies.add(digest)
        return lang, self._copies_dir() / f"copy-{digest}", digest

    def keep(self, key: str) -> None:
        """Keep the page of ``key`` though this build does not write it (serving dirty:
        MkDocs leaves an unchanged page as the last build wrote it)."""
        self._used.add(key)
        found = self._manifest.get(key)
        if found:
            self._copies.add(found[1])

    def keep_copy(self, lang: str, data: bytes) -> tuple[str, Path, str]:
        """A page's search copy, written once by its digest."""
        digest = hashlib.blake2b(data, digest_size=20).hexdigest()
        path = self._copies_dir() / f"copy-{digest}"
        if digest not in self._copies and not path.exists():
            _write(path, data)
        self._copies.add(digest)
        return lang, path, digest

    def store(self, key: str, output: str, copy: tuple[str, Path, str] | None, *,
              src_uri: str) -> None:
        """Keep a page this build rendered, with its search copy (keep_copy's)."""
        self.rendered += 1
        self.rendered_pages.append(src_uri)
        self._used.add(key)
        if self.folder is not None:
            _write(self._page(key), output.encode("utf-8", errors="xmlcharrefreplace"))
            self._manifest[key] = [copy[0], copy[2]] if copy else None

    def finish(self) -> None:
        """Forget what this build did not use, and write the manifest."""
        if self.folder is None:
            return
        self._manifest = {k: v for k, v in self._manifest.items() if k in self._used}
        keep = {f"{k}.html" for k in self._manifest} | {f"copy-{d}" for d in self._copies}
        for path in self.folder.iterdir():
            if path.name not in keep and path.name not in (MANIFEST, LAST_BUILD) \
                    and path.is_file():
                path.unlink()
        _write(self.folder / MANIFEST, json.dumps(self._manifest, sort_keys=True).encode())
        _write(self.folder / LAST_BUILD, json.dumps(
            {"rendered": sorted(self.rendered_pages), "reused": self.reused},
            ensure_ascii=False, indent=1).encode("utf-8"))

    def close(self) -> None:
        """Remove the copies of a build without a cache (after the search index read them)."""
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (a build stopped half way leaves no
    half-written page that a later build would take for a finished one)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
