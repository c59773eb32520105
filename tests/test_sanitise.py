"""Hostile record text cannot run script (issue 12): the allow-list sanitiser, the Markdown
escape of attribute lists, escaping templates and the Content-Security-Policy.

The archive written here (:func:`write_xss_archive`) holds every payload in every text field of
every record type and in themes.yml; tests/browser/test_xss.py opens its pages in chromium.
It is built with `parlour check`'s unsafe-markup scan switched off (:func:`build_blind`): the
check is a hint for contributors, and the defence must hold for whatever it misses.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from parlour.sanitise import (
    add_csp,
    clean_html,
    content_security_policy,
    inline_scripts,
    script_hash,
)
from parlour.templating import Renderer
from parlour.views import Card, Link

ROOT = Path(__file__).resolve().parent.parent
BASE_MEDIA = ROOT / "tests" / "fixtures" / "base" / "stories" / "media"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
#: the site's Markdown extensions (mkdocs.yml): generated pages are read with them
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc"]

#: Script in record text, each calling alert(§) (or setting window.__xss, or logging XSS-§),
#: where § is a number naming the field and the payload (see :func:`payloads`). The five ways
#: round the old block list first, then the usual ones.
PAYLOADS = [
    # attribute lists, in a paragraph (after a line break), after emphasis, after a heading
    "attr§\n{ autofocus tabindex=0 onfocus=alert(§) }",
    "*attr*{: tabindex=0 autofocus onfocus=alert(§) onmouseover=alert(§) }",
    # escaped backticks around live HTML
    r"\`<img src=x onerror=alert(§)>\`",
    # an entity-encoded scheme
    "[entity](javascript&#58;alert(§))",
    # SVG <set> turning a link into javascript:, and <animate onbegin> (runs on load)
    "<svg><a><set attributeName=href to=javascript:alert(§) /><text y=20>set</text></a></svg>",
    "<svg><animate onbegin=alert(§) attributeName=x dur=1s /></svg>",
    "<script>alert(§)</script>",
    "<img src=x onerror=alert(§)>",
    "<svg onload=alert(§)></svg>",
    "[md](javascript:alert(§))",
    '<a href="jav&#x09;ascript:alert(§)">tab</a>',
    '<a href="&#106;avascript:alert(§)">ent</a>',
    '<a href="javascript:alert(§)">js</a>',
    '<a href="vbscript:msgbox(§)">vb</a>',
    '<iframe srcdoc="&lt;script&gt;parent.alert(§)&lt;/script&gt;"></iframe>',
    "<details open ontoggle=alert(§)><summary>d</summary></details>",
    "<body onload=alert(§)>",
    '<div style="width:expression(alert(§))">expr</div>',
    "<div style=\"background:url('jav\\61 script:alert(§)')\">cssesc</div>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(§)></style></mglyph></table>"
    "</mtext></math>",
    '"><img src=x onerror=alert(§)>',
    "'><svg onload=alert(§)></svg>",
    '<a href="data:text/html,&lt;script&gt;alert(§)&lt;/script&gt;">data</a>',
    '<object data="javascript:alert(§)"></object>',
    '<embed src="javascript:alert(§)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(§)">',
    '<base href="javascript:alert(§)//">',
    '<form action="javascript:alert(§)"><button>go</button></form>',
    "<input autofocus onfocus=alert(§)>",
    "<select autofocus onfocus=alert(§)></select>",
    "<textarea autofocus onfocus=alert(§)></textarea>",
    '<img src=x onerror="&#97;lert(§)">',
    "<svg><script>alert(§)</script></svg>",
    '<noscript><p title="</noscript><img src=x onerror=alert(§)>"></noscript>',
    '![a" onerror="alert(§)](x.png)',
    "<video><source onerror=alert(§)></video>",
    "<audio src=x onerror=alert(§)></audio>",
    "<marquee onstart=alert(§)>m</marquee>",
    "</script><script>alert(§)</script>",
    "</title><img src=x onerror=alert(§)>",
    "<img src=x onerror=window.__xss=§>",
    "<img src=x onerror=console.log('XSS-§')>",
    "<style>@import 'javascript:alert(§)';</style>",
    "<img src=x:alert(§) onerror=eval(src)>",
]
#: every text field the archive below fills, by file and place (the names decode § back)
FIELDS: list[str] = []


def payloads(field: str, lang: str = "") -> str:
    """Every payload, numbered for ``field`` (§ = field number * 100 + payload number)."""
    if field not in FIELDS:
        FIELDS.append(field)
    number = FIELDS.index(field) + 1
    parts = [p.replace("§", str(number * 100 + i)) for i, p in enumerate(PAYLOADS)]
    return f"{lang}{field} " + "\n\n".join(parts)


def decode(message: str) -> str:
    """The field and payload an alert's number came from."""
    digits = re.sub(r"\D", "", message)
    if not digits:
        return message
    n = int(digits)
    field = FIELDS[n // 100 - 1] if 0 < n // 100 <= len(FIELDS) else "?"
    payload = PAYLOADS[n % 100] if n % 100 < len(PAYLOADS) else "?"
    return f"{message} = {field}: {payload[:60]}"


def _text(field: str) -> dict[str, str]:
    """A text in both languages, each holding every payload (they differ, so each page shows
    the other language too)."""
    return {"zh": payloads(field, "zh "), "en": payloads(field, "en ")}


def _image(src: str, field: str) -> dict:
    return {"src": src, "alt": _text(f"{field}.alt"), "caption": _text(f"{field}.caption"),
            "credit": _text(f"{field}.credit")}


def _records() -> dict[str, dict | str]:
    """Every record type, every text field holding every payload."""
    return {
        "stories/people/narrator.yml": {
            "name": _text("people.name"), "display_name": _text("people.display_name"),
            "born": "1950", "occupation": _text("people.occupation"), "bio": _text("people.bio"),
            "portrait": _image("wang-jianguo.svg", "people.portrait"),
            "consent": {"level": "public", "recorded": "2024-05-01",
                        "note": _text("people.consent.note")},
        },
        # shown by their display name only: no name consent
        "stories/people/shy.yml": {
            "name": _text("shy.name"), "display_name": _text("shy.display_name"),
            "consent": {"level": "public", "name": "private"},
        },
        "stories/people/curator.yml": {
            "name": _text("curator.name"), "display_name": _text("curator.display_name"),
            "consent": {"level": "public"},
        },
        "stories/interviews/talk.md": ({
            "title": _text("interview.title"), "narrator": "narrator",
            "interviewers": ["curator"], "date": "2024-05-12", "place": "lane",
            "language": "zh", "summary": _text("interview.summary"), "themes": ["lane-life"],
            "transcript": "talk.vtt",
            "segments": [{"start": "0:00", "title": _text("segment.title"),
                          "synopsis": _text("segment.synopsis"),
                          "keywords": [payloads("segment.keyword")], "places": ["lane"]}],
            "quotes": [{"id": "q1", "text": _text("quote.text"), "at": "0:02"}],
            "related": ["objects/thing"],
        }, payloads("interview.body")),
        "stories/interviews/second.md": ({
            "title": _text("interview2.title"), "narrator": "shy",
            "date": "2024-06-01", "themes": ["lane-life"],
        }, payloads("interview2.body")),
        "stories/objects/thing.md": ({
            "title": _text("object.title"), "kind": _text("object.kind"),
            "number": payloads("object.number"), "date": "1985~",
            "material": _text("object.material"), "dimensions": _text("object.dimensions"),
            "lender": "narrator", "credit_line": _text("object.credit_line"),
            "loan": {"from": "2024-01", "status": "on-loan"},
            "images": [_image("coin-phone.svg", "object.image")], "place": "lane",
            "themes": ["lane-life"], "related": ["interviews/talk"],
        }, payloads("object.body")),
        "stories/events/party.yml": {
            "date": "1990-10", "title": _text("event.title"), "status": "happened",
            "place": "lane", "summary": _text("event.summary"), "themes": ["lane-life"],
            "sources": [{"title": _text("event.source.title"), "url": "https://example.org/"},
                        {"title": _text("event.source2.title")}],
            "images": [_image("lane-then.svg", "event.image")], "related": ["objects/thing"],
        },
        "stories/events/festival.yml": {
            "date": "2030-10", "title": _text("event2.title"), "status": "planned",
            "summary": _text("event2.summary"),
        },
        "stories/places/lane.yml": {
            "names": [{"name": _text("place.old_name"), "from": "1930", "to": "1990",
                       "note": _text("place.name_note")},
                      {"name": _text("place.name"), "from": "1990"}],
            "description": _text("place.description"),
            "then_now": [{"then": "lane-then.svg", "now": "lane-now.svg",
                          "alt": _text("place.then_now.alt"), "then_date": "1985~",
                          "now_date": "2024", "caption": _text("place.then_now.caption")}],
            "location": {"lat": 31.27, "lon": 121.5}, "themes": ["lane-life"],
        },
        "stories/wishes/bench.yml": {
            "text": _text("wish.text"), "by": payloads("wish.by"), "date": "2025-03",
            "theme": "lane-life", "status": "heard", "approved": True,
        },
        "stories/wishes/signed.yml": {
            "text": _text("wish2.text"), "by": "people/narrator", "approved": True,
        },
        "exhibits/show.yml": {
            "title": _text("exhibit.title"), "venue": _text("exhibit.venue"),
            "dates": "2026-05/2026-06", "curators": ["curator"], "intro": _text("exhibit.intro"),
            "sections": [{
                "title": _text("section.title"), "era": "past",
                "intro": _text("section.intro"),
                "panels": [{
                    "id": "panel", "title": _text("panel.title"), "text": _text("panel.text"),
                    "items": ["objects/thing", "interviews/talk#q1", "events/party"],
                    "layout": "grid", "image": _image("coin-phone.svg", "panel.image"),
                }, {
                    "id": "strip", "title": _text("panel2.title"), "layout": "timeline",
                    "items": ["events/party", "events/festival"],
                }],
            }],
        },
        "stories/themes.yml": {
            "lane-life": {"zh": payloads("theme.zh"), "en": payloads("theme.en"),
                          "description": _text("theme.description")},
            "empty": {"zh": payloads("theme2.zh"), "en": payloads("theme2.en")},
        },
    }


def _transcript() -> str:
    cues = []
    for i, field in enumerate(("transcript.cue1", "transcript.cue2")):
        text = " ".join(payloads(field).split("\n\n")).replace("\n", " ")
        voice = re.sub(r"[<>\s]+", " ", payloads(f"{field}.voice"))
        cues.append(f"00:00:0{i * 3}.000 --> 00:00:0{i * 3 + 2}.000\n<v {voice}>{text}\n")
    return "WEBVTT\n\n" + "\n".join(cues)


def _config(*, sanitise: bool, kiosk: bool) -> str:
    options = ["      site_name_translations: {en: XSS test}"]
    if not sanitise:
        options.append("      sanitise: false")
    if kiosk:
        options += ["      audience: community", "      kiosk: true"]
    return "\n".join([
        "site_name: XSS test", "site_url: https://example.org/", "docs_dir: docs",
        "theme:", "  name: material", "  font: false",
        "  features: [navigation.instant]",
        "plugins:", "  - search", "  - parlour:", *options,
        "markdown_extensions: [admonition, attr_list, md_in_html, tables, {toc: {permalink: true}}]",
        "nav:", "  - index.md", "  - contribute.md", "",
    ])


def write_xss_archive(root: Path) -> Path:
    """An archive under ``root`` with every payload in every text field and themes.yml, and
    a hand-written home page showing the record blocks; returns ``root``."""
    for rel, content in _records().items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, tuple):
            front, body = content
            text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
            path.write_text(text + "---\n" + body + "\n", encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False),
                            encoding="utf-8")
    (root / "stories" / "interviews" / "talk.vtt").write_text(_transcript(), encoding="utf-8")
    shutil.copytree(BASE_MEDIA, root / "stories" / "media")
    blocks = "\n\n".join(f"<!-- parlour:{b} -->" for b in
                         ("eras", "latest-interviews", "featured-objects"))
    for folder in ("docs", "docs/en"):
        (root / folder).mkdir(parents=True)
        # the home page shows records, so it is sanitised too; its own Markdown is not made
        # inert like record text, so here attribute lists are live until the sanitiser
        own = payloads(f"{folder}/index.md")
        (root / folder / "index.md").write_text(f"# XSS\n\n{own}\n\n{blocks}\n",
                                                encoding="utf-8")
        (root / folder / "contribute.md").write_text(
            "# Contribute\n\n<!-- parlour:contribute-forms -->\n", encoding="utf-8")
    return root


def configure(root: Path, *, sanitise: bool = True, kiosk: bool = False) -> Path:
    """A mkdocs config for the archive at ``root`` (a kiosk, or with the sanitiser off)."""
    name = f"mkdocs-{'kiosk' if kiosk else 'public'}-{'clean' if sanitise else 'raw'}.yml"
    config = root / name
    config.write_text(_config(sanitise=sanitise, kiosk=kiosk), encoding="utf-8")
    return config


#: `mkdocs build` with `parlour check`'s unsafe-markup scan blind (it would refuse the archive)
_BLIND = (
    "import runpy, sys\n"
    "import parlour.archive.checks as checks\n"
    "for name in ('unsafe_markup', 'unsafe_html'):\n"
    "    if hasattr(checks, name): setattr(checks, name, lambda text: [])\n"
    "sys.argv = ['mkdocs', *sys.argv[1:]]\n"
    "runpy.run_module('mkdocs', run_name='__main__')\n"
)


def build_blind(config: Path, site: Path) -> Path:
    """Build ``config`` into ``site`` as if `parlour check` had missed every payload."""
    result = subprocess.run(
        [sys.executable, "-c", _BLIND, "build", "-f", str(config), "-d", str(site)],
        capture_output=True, text=True, env=ENV, cwd=config.parent, check=False, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-6000:]
    return site


# --------------------------------------------------------------------------- static checks

DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "base", "meta", "link", "form",
                  "style", "svg", "math", "set", "animate", "input", "textarea", "button",
                  "select", "frame", "noscript"}
URL_ATTRS = {"href", "src", "action", "formaction", "data", "poster", "srcset", "to", "values",
             "xlink:href", "background"}


class _Tags(HTMLParser):
    """Every start tag of a fragment: (tag, {attribute: value})."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    handle_startendtag = handle_starttag


def tags(fragment: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Tags()
    parser.feed(fragment)
    parser.close()
    return parser.tags


def dangers(fragment: str, *, allow: set[str] = frozenset()) -> list[str]:
    """What in ``fragment`` could run script or load another document, in words."""
    found = []
    for tag, attrs in tags(fragment):
        if tag in DANGEROUS_TAGS - allow:
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            scheme = re.sub(r"[\x00-\x20]+", "", html.unescape(value)).lower()
            if name.startswith("on") or name == "style":
                found.append(f"<{tag} {name}=>")
            elif name in URL_ATTRS and re.match(r"(javascript|vbscript|data):", scheme):
                found.append(f"<{tag} {name}={value[:30]}>")
    return found


def test_clean_html_removes_every_payload():
    rendered = markdown.markdown(
        payloads("unit") + "\n\n# title " + payloads("heading").replace("\n\n", " "),
        extensions=EXTENSIONS,
    )
    assert dangers(rendered), "positive control: the payloads render as live markup"
    # a <form> and a <select> may stay (the index pages' filter bar), with nothing to send
    # (no action, no input): dangers() still looks at their attributes
    cleaned = clean_html(rendered)
    assert dangers(cleaned, allow={"form", "select"}) == []
    assert all(not attrs for tag, attrs in tags(cleaned) if tag in ("form", "select"))


PARLOUR_MARKUP = """\
<p class="parlour-lang" data-pagefind-ignore><a href="../en/interviews/x/" hreflang="en" \
lang="en" class="parlour-lang-link">English</a></p>
<h1 id="t">Title</h1>
<form class="parlour-filters" aria-label="Filter" hidden>
<label class="parlour-filter">Era <select data-parlour-filter="era"><option value="">All\
</option><option value="past">Past</option></select></label></form>
<div class="grid parlour-cards"><div class="card parlour-card" data-theme="lane-life" \
data-decade="1950" data-kind="钟" data-loan="on-loan" data-trade="x">
<p><img src="../media/a-480.jpg" alt="alt" width="480" height="320" loading="lazy" \
decoding="async" srcset="../media/a-480.jpg 480w, ../media/a-960.jpg 960w" \
sizes="(max-width: 960px) 100vw, 720px" class="parlour-thumb"></p></div></div>
<div class="parlour-player" data-parlour-player>
<audio controls preload="metadata" src="../../media/audio/a.ogg"></audio></div>
<video controls preload="metadata" playsinline src="v.mp4"><source src="v.webm" type="video/webm">\
<track src="v.vtt" kind="captions" srclang="zh" label="中文" default></video>
<h3 id="segment-1" data-start="12"><a class="parlour-seek parlour-time" href="#t=0:12">0:12</a> \
Seg<a class="headerlink" href="#segment-1" title="Permanent link">¶</a></h3>
<blockquote id="q1" class="parlour-quote" data-start="3"><p>Quote <small><a href="#t=0:03">\
0:03</a></small></p></blockquote>
<ol class="parlour-cues" data-parlour-transcript lang="zh"><li class="parlour-cue" id="t-0" \
data-start="0" data-end="2.5"><a class="parlour-cue-time" href="#t=0:00">0:00</a> \
<span class="parlour-cue-voice">王</span> <span class="parlour-cue-text">a<br>b</span></li></ol>
<figure class="parlour-figure"><img src="a.jpg" alt="a"><figcaption>cap</figcaption></figure>
<details class="parlour-cite"><summary>Cite</summary><p>text</p></details>
<details open><summary>s</summary></details>
<dl class="parlour-facts"><dt>k</dt><dd><a href="../../places/x/">x</a></dd></dl>
<table><thead><tr><th>a</th></tr></thead><tbody><tr><td colspan="2">b</td></tr></tbody></table>
<p dir="rtl" lang="ar" aria-label="x" role="note"><a href="https://example.org/a?b=1&amp;c=2">\
out</a> <a href="mailto:a@example.org">mail</a> <a download href="../data/a.csv">csv</a></p>
<section id="panel" class="parlour-panel parlour-panel--grid"><h3 id="p">P</h3></section>
<ul><li><a href="x.md" rel="prev">prev</a></li></ul><ruby>梧<rt>wú</rt></ruby>
<p><code>x</code> <em>e</em> <strong>s</strong> <small>m</small> <mark>k</mark></p>
"""


def test_clean_html_keeps_what_parlour_writes():
    assert tags(clean_html(PARLOUR_MARKUP)) == tags(PARLOUR_MARKUP)


def test_clean_html_drops_material_ids_and_data_md():
    cleaned = clean_html('<div id="__config" data-md-component="search" data-start="1">x</div>')
    assert tags(cleaned) == [("div", {"data-start": "1"})]


def test_one_line_texts_reach_templates_as_text():
    # titles, names, captions ... never meet Markdown: the page templates print them, escaped,
    # so an attribute list in one is text
    card = Card(Link("t { autofocus onfocus=alert(1) }", "x/"), lines=[["<b onclick=x>"]])
    out = Renderer().render("parlour/partials/cards.html", cards=[card], grid="grid")
    assert all(not name.startswith("on") for _, attrs in tags(out) for name in attrs)
    assert "{ autofocus onfocus=alert(1) }" in html.unescape(out)
    assert "&lt;b onclick=x&gt;" in out


PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<script>var theme = 1;</script><script type="application/ld+json">{"a": 1}</script>
<script src="x.js"></script></head><body>
<article>CONTENT</article><script>document.body.dataset.ok = 1</script></body></html>"""


def test_csp_allows_the_template_scripts_by_hash_and_never_the_content():
    content = "<p>hi</p><script>alert(1)</script>"
    out = add_csp(PAGE.replace("CONTENT", content), untrusted=content)
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', out)
    assert policy and out.index(policy.group(0)) < out.index("<script")
    script_src = next(d for d in html.unescape(policy.group(1)).split("; ")
                      if d.startswith("script-src"))
    assert script_hash("var theme = 1;") in script_src
    assert script_hash("document.body.dataset.ok = 1") in script_src
    assert script_hash("alert(1)") not in script_src
    assert script_hash('{"a": 1}') not in script_src  # data, not a script
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert inline_scripts(out) == ["var theme = 1;", "alert(1)", "document.body.dataset.ok = 1"]


def test_policy_is_strict():
    directives = dict(d.split(" ", 1) for d in content_security_policy(["x"]).split("; "))
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'" and directives["form-action"] == "'self'"
    assert "data:" not in directives["script-src"] and "http" not in directives["script-src"]
    assert "fonts.googleapis.com" not in directives["style-src"]
    web = dict(d.split(" ", 1)
               for d in content_security_policy([], web_fonts=True).split("; "))
    assert "https://fonts.gstatic.com" in web["font-src"]


# --------------------------------------------------------------------------- built pages


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory) -> Path:
    """The payload archive built as the public site, sanitiser on, check blind."""
    root = write_xss_archive(tmp_path_factory.mktemp("xss") / "archive")
    return build_blind(configure(root), root / "site")


#: what the contribute page's form (a template of Parlour's, not record text) is made of
CONTRIBUTE_FORM = {"form", "input", "textarea", "button", "select", "noscript"}


def _article(page: str) -> str:
    m = re.search(r'<article class="md-content__inner md-typeset">(.*)</article>', page, re.S)
    return m.group(1) if m else ""


def test_built_pages_hold_no_live_payload(xss_site):
    pages = sorted(xss_site.rglob("*.html"))
    assert len(pages) > 25
    seen = 0
    for path in pages:
        page = path.read_text(encoding="utf-8")
        rel = path.relative_to(xss_site)
        seen += page.count("alert(")
        # the whole page: Material's templates and ours add nothing live, and record text in
        # them (titles, descriptions, related records, citations) arrives escaped
        allow = {"script", "meta", "link", "svg", "form", "input", "button", "noscript"}
        assert dangers(page, allow=allow | CONTRIBUTE_FORM) == [], rel
        # the content: the filter bar's form, and the contribute page's own form (Parlour's)
        article = _article(page)
        allow = {"form", "select"} if "parlour-filters" in article else set()
        if "data-parlour-contribute" in article:
            allow |= CONTRIBUTE_FORM
        if rel.name == "404.html":  # the 404 template's own buttons (search, language)
            allow |= {"button"}
        assert dangers(article, allow=allow) == [], rel
    assert seen > 1000, "positive control: the payloads are on the pages, as text"


def test_every_page_has_a_policy_for_exactly_its_template_scripts(xss_site):
    for path in sorted(xss_site.rglob("*.html")):
        page = path.read_text(encoding="utf-8")
        m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
        assert m, path
        assert page.index(m.group(0)) < page.index("<script"), path
        script_src = next(d for d in html.unescape(m.group(1)).split("; ")
                          if d.startswith("script-src"))
        assert "'unsafe-inline'" not in script_src, path
        wanted = {script_hash(s) for s in inline_scripts(page)}
        assert set(script_src.split()[2:]) == wanted, path


def test_record_templates_escape_titles(tmp_path):
    """The templates' own parts (related records, previous / next, Open Graph, citation):
    built with the sanitiser off, so what is escaped there is escaped by the templates."""
    root = tmp_path / "archive"
    shutil.copytree(ROOT / "tests" / "fixtures" / "base", root)
    for rel in ("stories/objects/coin-phone.md", "stories/interviews/wang-jianguo-repair.md"):
        path = root / rel
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^title: .*$", "title: <b onmouseover=x>", text, count=1),
                        encoding="utf-8")
    (root / "docs").mkdir()
    for name in ("index.md", "contribute.md"):
        (root / "docs" / name).write_text("# Home\n", encoding="utf-8")
    site = build_blind(configure(root, sanitise=False), root / "site")
    page = (site / "objects" / "coin-phone" / "index.html").read_text(encoding="utf-8")
    assert "<b onmouseover" not in page
    related = page.split('<ul class="parlour-related">', 1)[1].split("</ul>", 1)[0]
    assert "&lt;b onmouseover=x&gt;" in related  # the interview, in the related list
    head = page.split("</head>", 1)[0]
    assert 'property="og:title" content="&lt;b onmouseover=x&gt;"' in head
    assert "<title>&lt;b onmouseover=x&gt;" in head
    for path in site.rglob("*.html"):
        assert "<b onmouseover" not in path.read_text(encoding="utf-8"), path
