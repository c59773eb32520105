"""The plugin's options, as written under `plugins: - parlour:` in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ParlourConfig(Config):
    enabled = c.Type(bool, default=True)
    #: where stories/ and exhibits/ live; default: the folder of mkdocs.yml
    root = c.Optional(c.Type(str))
    #: public for the web; community for the parlour's kiosk and the printed panels
    audience = c.Choice(("public", "community"), default="public")
    #: warnings from the checks stop the build too
    strict = c.Type(bool, default=False)
    #: the date eras and embargoes are worked out against (YYYY-MM-DD); default: today
    today = c.Optional(c.Type(str))
    #: where `parlour panels` wrote its PDFs; exhibition pages offer the ones made for this
    #: build's audience (or a narrower one) for download
    panels_dir = c.Type(str, default="dist/panels")
    #: path under repo_url that edits a file on the default branch
    edit_path = c.Type(str, default="edit/main")
    #: the site's languages; the first is the default, at the site root, the others under
    #: <lang>/ (hand-written pages: docs/en/about.md is about.md in English)
    #: BCP 47 tags (zh, zh-Hant, zh-TW, en, es, cy, ar...); a page's interface words come
    #: from the gettext catalogs (plugins/parlour/locale/, and the archive's `locale_dir`)
    languages = c.ListOfItems(c.Type(str), default=["zh", "en"])
    #: the archive's own catalogs, which add or change interface words: <locale_dir>/<locale>/
    #: LC_MESSAGES/parlour.po, as Parlour's (see CONTRIBUTING.md, "Adding a language")
    locale_dir = c.Type(str, default="locale")
    #: the site's name and description in the other languages: {en: "Wutong Li ..."}
    site_name_translations = c.DictOfItems(c.Type(str), default={})
    site_description_translations = c.DictOfItems(c.Type(str), default={})
    #: search by Pagefind (a sharded index made after the build, in Material's search box);
    #: false leaves Material's own search (one index of every page) as it comes
    search = c.Type(bool, default=True)
    #: the parlour's touch-screen kiosk: nothing is fetched from another host (no web fonts,
    #: no GitHub facts, no edit links), large type, and back to the home page when idle
    kiosk = c.Type(bool, default=False)
    #: seconds without a touch, a key or sound playing before the kiosk returns home
    kiosk_idle = c.Type(int, default=120)
    #: the largest picture and recording (audio or video) the site publishes, in MB; a larger
    #: file is an error in `parlour check` (which reads these from mkdocs.yml too) and the build
    max_image_mb = c.Type((int, float), default=50)
    max_media_mb = c.Type((int, float), default=500)
    #: an online tile layer under the maps, public site only (the kiosk never fetches from
    #: another host): {url: "https://tiles.example.org/{z}/{x}/{y}.png", attribution: "..."}.
    #: The pages' Content-Security-Policy then allows pictures from that host, and only it.
    #: Default: none, the archive's own maps only.
    map_tiles = c.Optional(c.Type(dict))
    #: a PMTiles file of vector tiles (the neighbourhood's streets, buildings and water; see
    #: the README for making a small extract), kept in the repository: its path from the
    #: archive's root. protomaps-leaflet draws it under the archive's own maps, on the public
    #: site and on the kiosk alike, since it is one of the site's own files (the browser reads
    #: the parts it needs with Range requests). It takes the place of `map_tiles`.
    map_pmtiles = c.Optional(c.Type(str))
    #: keep generated pages and search index parts in .cache/parlour/ between builds and reuse
    #: what nothing changed (pagecache.py); false (or `parlour build --no-cache`) renders all
    cache = c.Type(bool, default=True)
    #: A TEST SWITCH, never for a real site: false leaves record-derived HTML uncleaned, so the
    #: browser test (tests/browser/test_xss.py) can show that the Content-Security-Policy
    #: alone still stops script that a record smuggled in. See sanitise.py.
    sanitise = c.Type(bool, default=True)
