"""The panel and label templates (Jinja2, autoescaped) and their print CSS.

Kept as Python strings so they travel inside the package without package-data rules.
Sizes are in ``rem`` (one rem is the panel's body size, see geometry.py) except the page
geometry, which is in mm and filled in by the renderer.
"""

from __future__ import annotations

ERA_COLOURS = {
    # accent, tint (card backgrounds), deep (band text on tint)
    "past": ("#9a4a26", "#f2e5d7"),
    "present": ("#2f6a4e", "#e1eee5"),
    "future": ("#2b5d8a", "#e0eaf4"),
}

PANEL_CSS = """
@page {
  size: {{ g.width }}mm {{ g.height }}mm;
  bleed: {{ g.bleed + g.slug }}mm;
  margin: {{ m.top }}mm {{ m.side }}mm {{ m.bottom }}mm {{ m.side }}mm;
  background: {{ 'white' if g.marks else paper }};
}
html { font-size: {{ g.body_pt }}pt; }
body { margin: 0; color: #241c16; font-family: "{{ sans }}"; line-height: 1.5;
       font-kerning: normal; }
:lang(en) { hyphens: manual; }
.second { font-family: "{{ serif }}"; color: #5f5248; }

/* Paper and band reach into the bleed; marks sit outside it, in the slug. */
.paper { position: fixed; z-index: -2; background: {{ paper }};
  top: -{{ m.top + g.bleed }}mm; left: -{{ m.side + g.bleed }}mm;
  width: {{ g.width + 2 * g.bleed }}mm; height: {{ g.height + 2 * g.bleed }}mm; }
.band { position: fixed; z-index: -1; background: {{ accent }};
  top: -{{ m.top + g.bleed }}mm; left: -{{ m.side + g.bleed }}mm;
  width: {{ g.width + 2 * g.bleed }}mm; height: {{ g.bleed + m.band }}mm; }
.marks { position: fixed; top: -{{ m.top + g.bleed + g.slug }}mm;
  left: -{{ m.side + g.bleed + g.slug }}mm;
  width: {{ g.width + 2 * (g.bleed + g.slug) }}mm; height: {{ g.height + 2 * (g.bleed + g.slug) }}mm; }
.head { position: fixed; top: -{{ m.top - g.safe }}mm; left: 0; right: 0;
  height: {{ m.band - g.safe }}mm; color: white; font-size: 0.8rem; line-height: 1.2; }
.head .section { position: absolute; left: 0; bottom: 0.55rem; }
.head .exhibit { position: absolute; right: 0; bottom: 0.55rem; }
.head .second { margin-left: 0.5em; }
.head .section { font-weight: bold; letter-spacing: 0.08em; }
.head .section .second, .head .exhibit .second { color: rgba(255,255,255,0.82); font-weight: normal; }
.head .exhibit { text-align: right; }
.head .number { font-weight: bold; margin-left: 1.2rem; padding-left: 1.2rem;
  border-left: 0.06rem solid rgba(255,255,255,0.6); }

h1 { margin: 0 0 1.3rem 0; line-height: 1.15; font-weight: bold; }
h1 .first { display: block; font-size: 3.1rem; letter-spacing: 0.02em; }
h1 .second { display: block; font-size: 1.6rem; font-weight: normal; margin-top: 0.35rem; }
h1::after { content: ""; display: block; width: 4rem; height: 0.22rem; background: {{ accent }};
  margin-top: 0.9rem; }

.text { display: grid; grid-template-columns: 1fr 1fr; column-gap: 2.2rem; margin-bottom: 1.4rem; }
.text.single { display: block; columns: 2; column-gap: 2.2rem; }
.text p { margin: 0; text-align: justify; }
.text .second { text-align: left; }

.hero { margin: 0 0 1.4rem 0; text-align: center; }
.hero img { height: {{ f.hero_mm }}mm; width: auto; max-width: 100%; }
.hero figcaption { font-size: 0.62rem; color: #6d6056; margin-top: 0.4rem; text-align: left; }
.hero figcaption span { display: block; }

.strip { margin: 0.6rem 0 0 0; padding: 0.8rem 0 0 0; border-top: 0.06rem solid {{ accent }};
  list-style: none; font-size: 0.72rem; line-height: 1.35; }
.strip li { display: inline-block; vertical-align: top; max-width: 13rem; margin: 0 1.6rem 0.6rem 0; }
.strip .t { font-weight: bold; }
.strip .t.second { font-weight: normal; }
.strip .d { color: {{ accent }}; display: block; }
.strip .second { display: block; }

.cards { display: grid; grid-template-columns: repeat({{ f.cols }}, 1fr); gap: 1.1rem;
  margin: 0.4rem 0 1.2rem 0; }
.card { background: {{ tint }}; padding: 0.7rem 0.8rem 0.8rem 0.8rem; break-inside: avoid;
  font-size: 0.66rem; line-height: 1.35; border-top: 0.16rem solid {{ accent }}; }
.card .pic { height: {{ f.card_pic }}rem; text-align: center; margin-bottom: 0.55rem; }
.card .pic img { height: {{ f.card_pic }}rem; width: auto; max-width: 100%; }
.card .t { display: block; font-weight: bold; font-size: 0.86rem; line-height: 1.25; }
.card .t.second { font-weight: normal; font-size: 0.7rem; margin-top: 0.1rem; }
.card .meta { color: {{ accent }}; margin-top: 0.35rem; }
.card .meta span + span::before, .strip .d span + span::before { content: " · "; }
.card .meta .second, .strip .d .second { display: inline; }
.card .credit { margin-top: 0.3rem; color: #5f5248; }
.card .credit span { display: block; }
.card.wishes { font-size: {{ f.card_font }}rem; }
.card.wishes .t { font-family: "{{ serif }}"; font-size: {{ f.card_font * 1.35 }}rem;
  font-weight: normal; line-height: 1.35; }
.card.wishes .t.second { font-size: {{ f.card_font * 1.05 }}rem; margin-top: 0.3rem; }
.chip { display: inline-block; background: {{ accent }}; color: white; padding: 0.05rem 0.4rem;
  margin-top: 0.35rem; font-size: 0.58rem; }
.card .monogram { display: inline-block; margin-top: {{ f.card_pic * 0.1 }}rem;
  width: {{ f.card_pic * 0.8 }}rem; height: {{ f.card_pic * 0.8 }}rem; border-radius: 50%;
  background: {{ accent }}; color: white; font-size: {{ f.card_pic * 0.36 }}rem;
  line-height: {{ f.card_pic * 0.8 }}rem; text-align: center; }

.quotes { margin: 0.6rem 0 0 0; }
.quote { margin: 0 0 {{ f.quote_size }}rem 0; padding: 0 0 0 {{ f.quote_size * 1.6 }}rem;
  position: relative; break-inside: avoid; }
/* "pwid": the proportional quotation mark; the CJK one is a full em wide with the ink on
   its right half, which would sit on top of the first character. */
.quote::before { content: "“"; position: absolute; left: 0; top: -{{ f.quote_size * 0.3 }}rem;
  font-family: "{{ serif }}"; font-size: {{ f.quote_size * 2.4 }}rem; line-height: 1;
  color: {{ accent }}; font-feature-settings: "pwid" 1; }
.quote p { margin: 0; font-family: "{{ serif }}"; }
.quote p .first { display: block; font-size: {{ f.quote_size }}rem; line-height: 1.45; color: #241c16; }
.quote p .second { display: block; font-size: {{ f.quote_size * 0.62 }}rem; margin-top: 0.35rem;
  line-height: 1.4; }
.quote footer { margin-top: 0.7rem; font-size: 0.7rem; }
.quote footer > span { display: inline-block; vertical-align: middle; }
.quote footer img { width: 2.6rem; height: 2.6rem; border-radius: 50%; object-fit: cover;
  background: {{ tint }}; vertical-align: middle; margin-right: 0.6rem; }
.quote footer .who { font-weight: bold; color: {{ accent }}; }
.quote footer .src { color: #6d6056; }
.quotes.small .quote { padding-left: 2.2rem; margin-bottom: 1.2rem; }
.quotes.small .quote::before { font-size: 2.8rem; top: -0.35rem; }
.quotes.small .quote p .first { font-size: 1.15rem; }
.quotes.small .quote p .second { font-size: 0.8rem; }

/* The timeline: one column per event; the date, then the rail with its dot, then words. */
.timeline { width: 100%; table-layout: fixed; border-collapse: collapse; margin: 0.8rem 0 1rem 0;
  font-size: {{ f.tl_font }}rem; line-height: 1.4; }
.timeline td { padding: 0 1rem 0 0; vertical-align: top; }
.timeline tr.dates td { vertical-align: bottom; padding-bottom: 0.5rem; }
.timeline tr.rails td { padding: 0; }
.timeline .d { display: block; font-weight: bold; color: {{ accent }}; font-size: 1.2em;
  line-height: 1.2; }
.timeline .d .second { display: block; font-weight: normal; font-size: 0.8em; }
.timeline .rail { height: 0.9rem; border-top: 0.22rem solid {{ accent }}; position: relative;
  margin-top: 0.6rem; }
.timeline .rail::before { content: ""; position: absolute; top: -0.62rem; left: 0; width: 0.8rem;
  height: 0.8rem; border-radius: 50%; background: {{ paper }}; border: 0.22rem solid {{ accent }}; }
.timeline td.planned .rail, .timeline td.wished .rail { border-top-style: dashed; }
.timeline tr.bodies td { padding-top: 0.3rem; }
.timeline .t { display: block; font-weight: bold; font-size: 1.25em; line-height: 1.25; }
.timeline .t.second { font-weight: normal; font-size: 1.05em; margin: 0.1rem 0 0.4rem 0; }
.timeline .sum span { display: block; margin-bottom: 0.4rem; }
.timeline .sum .second { font-size: 0.92em; }
.timeline .pic { height: {{ f.tl_pic }}rem; margin-bottom: 0.5rem; }
.timeline .pic img { height: {{ f.tl_pic }}rem; width: auto; max-width: 100%; }
.timeline .chip { margin: 0 0 0.3rem 0; }
.dates { margin-top: 0.6rem; font-size: 0.8rem; }
.dates .t { font-size: 1em; }
.dates .t.second { font-size: 0.9em; }

/* No flex down here: WeasyPrint paginates flex items of a box that sits in the page
   margin and silently drops the ones it thinks fall off the page. */
.foot { position: fixed; left: 0; right: 0; bottom: -{{ m.bottom - g.safe }}mm;
  height: {{ m.foot }}mm; border-top: 0.06rem solid {{ accent }};
  font-size: 0.62rem; line-height: 1.35; color: #5f5248; }
.foot .where { position: absolute; left: 0; bottom: 0; width: 45%; }
.foot .where span { display: block; }
.foot .where .venue { font-weight: bold; color: #241c16; font-size: 0.7rem; }
.foot .qrbox { position: absolute; right: 0; bottom: 0; text-align: right; white-space: nowrap; }
.foot .qrbox > div { display: inline-block; vertical-align: bottom; margin-right: 0.8rem;
  white-space: normal; }
.foot img.qr { vertical-align: bottom; }
.foot .cta { font-size: 0.8rem; color: {{ accent }}; font-weight: bold; }
.foot .cta span { display: block; }
.foot .cta .second { font-weight: normal; font-size: 0.7rem; }
.foot .url { display: block; font-size: 0.5rem; color: #7a6d62; margin-top: 0.25rem; }
.foot img.qr { width: {{ qr_mm }}mm; height: {{ qr_mm }}mm; }
"""

PANEL_HTML = """<!doctype html>
{%- macro bi(pairs, cls='') -%}
{%- for lang, text in pairs -%}
<span class="{{ cls }} {{ 'first' if loop.first else 'second' }}" lang="{{ 'en' if lang == 'en' else 'zh-Hans' }}">{{ text }}</span>
{%- endfor -%}
{%- endmacro -%}
{%- macro img(image, cls='') -%}
<img class="{{ cls }}" src="{{ image.path.as_uri() }}" alt="{{ image.alt }}" data-media="{{ image.media }}">
{%- endmacro -%}
{%- macro quotes(list, small=False) -%}
<div class="quotes{{ ' small' if small }}">
{%- for q in list %}
<blockquote class="quote"><p>{{ bi(q.text) }}</p>
<footer>{% if q.portrait %}{{ img(q.portrait) }}{% endif %}
<span><span class="who">— {{ q.who | map('last') | join(' / ') }}</span>{% if q.date %}, {{ q.date[0][1] }}{% endif %}<br>
<span class="src">{{ q.source | map('last') | join(' · ') }}</span></span></footer>
</blockquote>
{%- endfor %}
</div>
{%- endmacro -%}
<html lang="{{ 'en' if p.title and p.title[0][0] == 'en' else 'zh-Hans' }}"><head><meta charset="utf-8">
<title>{{ p.title | map('last') | join(' · ') }}</title>
<meta name="description" content="{{ p.exhibit | map('last') | join(' · ') }}">
<style>{{ css }}</style></head>
<body class="layout-{{ p.layout }} era-{{ p.era }}">
<div class="paper"></div><div class="band"></div>
{%- if g.marks %}
<svg class="marks" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{ marks.w }} {{ marks.h }}">
{%- for x1, y1, x2, y2 in marks.lines %}<line x1="{{ x1 }}" y1="{{ y1 }}" x2="{{ x2 }}" y2="{{ y2 }}" stroke="black" stroke-width="0.1"/>{% endfor %}
</svg>
{%- endif %}
<header class="head"><span class="section">{{ bi(p.section) }}</span>
<span class="exhibit">{{ bi(p.exhibit) }}<span class="number">{{ p.number }} / {{ p.total }}</span></span></header>
<h1>{{ bi(p.title) }}</h1>
{%- if p.layout == 'hero' and p.image %}
<figure class="hero">{{ img(p.image) }}{% if p.image.caption %}<figcaption>{{ bi(p.image.caption) }}</figcaption>{% endif %}</figure>
{%- endif %}
{%- if p.text %}
<div class="text{{ ' single' if p.text | length == 1 }}">{% for lang, t in p.text %}<p class="{{ 'first' if loop.first else 'second' }}" lang="{{ 'en' if lang == 'en' else 'zh-Hans' }}">{{ t }}</p>{% endfor %}</div>
{%- endif %}
{%- if p.layout == 'quote' %}
{{ quotes(p.quotes) }}
{%- endif %}
{%- macro timeline(list, cls='') -%}
{#- A table, not a grid: its rows keep every dot on one line however long a date runs. -#}
<table class="timeline {{ cls }}"><tr class="dates">
{%- for it in list %}<td class="{{ it.status_code }}"><span class="d">{{ bi(it.date) }}</span></td>{% endfor %}</tr>
<tr class="rails">{% for it in list %}<td class="{{ it.status_code }}"><div class="rail"></div></td>{% endfor %}</tr>
<tr class="bodies">
{%- for it in list %}
<td class="{{ it.status_code }}">
{%- if it.image and f.tl_pic %}<div class="pic">{{ img(it.image) }}</div>{% endif %}
{%- if it.status %}<span class="chip">{{ it.status | map('last') | join(' · ') }}</span><br>{% endif %}
{{ bi(it.title, 't') }}
{%- if it.summary and cls != 'dates' %}<div class="sum">{{ bi(it.summary) }}</div>{% endif %}</td>
{%- endfor %}</tr>
</table>
{%- endmacro -%}
{%- if p.layout == 'timeline' and events %}
{{ timeline(events) }}
{%- elif p.layout == 'hero' and p.items %}
<ul class="strip">
{%- for it in p.items %}<li>{{ bi(it.title, 't') }}{% if it.date %}<span class="d">{{ it.date | map('last') | join(' · ') }}</span>{% endif %}</li>{% endfor %}
</ul>
{%- elif p.layout != 'quote' %}
{%- if cards %}
<div class="cards">
{%- for it in cards %}
<div class="card {{ it.type }}">
{%- if it.image %}<div class="pic">{{ img(it.image) }}</div>
{%- elif it.type == 'people' %}<div class="pic"><div class="monogram">{{ it.title[0][1][:1] if it.kind else '·' }}</div></div>{% endif %}
{{ bi(it.title, 't') }}
{%- if it.date or it.kind %}<div class="meta">{% if it.date %}<span>{{ it.date[0][1] }}</span>{% endif %}{% for lang, k in it.kind[:1] %}<span>{{ k }}</span>{% endfor %}</div>{% endif %}
{%- if it.by %}<div class="meta">— {{ it.by | map('last') | join(' / ') }}</div>{% endif %}
{%- if it.status %}<span class="chip">{{ it.status | map('last') | join(' · ') }}</span>{% endif %}
{%- if it.credit %}<div class="credit">{{ bi(it.credit) }}</div>{% endif %}
</div>
{%- endfor %}
</div>
{%- endif %}
{%- if events %}{{ timeline(events, 'dates') }}{% endif %}
{%- endif %}
{%- if p.layout != 'quote' and p.quotes %}
{{ quotes(p.quotes, small=True) }}
{%- endif %}
<footer class="foot">
<div class="where"><span class="venue">{{ p.venue[:1] | map('last') | join('') }}</span>{% for lang, v in p.venue[1:] %}<span>{{ v }}</span>{% endfor %}</div>
{%- if p.qr_url %}
<div class="qrbox"><div><div class="cta">{{ bi(p.cta) }}</div><span class="url">{{ url_text }}</span></div>
<img class="qr" src="{{ qr }}" alt="QR"></div>
{%- endif %}
</footer>
</body></html>
"""

LABELS_HTML = """<!doctype html>
{%- macro bi(pairs, cls='') -%}
{%- for lang, text in pairs -%}
<span class="{{ cls }} {{ 'first' if loop.first else 'second' }}" lang="{{ 'en' if lang == 'en' else 'zh-Hans' }}">{{ text }}</span>
{%- endfor -%}
{%- endmacro -%}
<html lang="zh-Hans"><head><meta charset="utf-8"><title>{{ title }}</title><style>
@page { size: A4; margin: 0; }
html { font-size: 11pt; }
body { margin: 0; font-family: "{{ sans }}"; color: #241c16; line-height: 1.35; }
.second { font-family: "{{ serif }}"; color: #5f5248; }
.sheet { position: relative; width: 210mm; height: 297mm; page-break-after: always; }
.sheet:last-child { page-break-after: auto; }
.sheet svg { position: absolute; left: 0; top: 0; width: 210mm; height: 297mm; }
.label { position: absolute; width: {{ lw }}mm; height: {{ lh }}mm; box-sizing: border-box;
  padding: 7mm 7mm 6mm 7mm; overflow: hidden; border-top: 1.6mm solid var(--accent); }
.label .no { font-size: 0.72rem; color: #7a6d62; letter-spacing: 0.05em; }
.label .t { display: block; font-weight: bold; font-size: 1.6rem; line-height: 1.2; margin-top: 1mm; }
.label .t.second { font-weight: normal; font-size: 1.05rem; margin-top: 0.8mm; }
.label .meta { margin-top: 3mm; font-size: 0.9rem; color: var(--accent); }
.label .meta span { display: block; }
.label .material { margin-top: 2mm; font-size: 0.85rem; }
.label .material span { display: block; }
.label .credit { margin-top: 3mm; padding-top: 2mm; border-top: 0.2mm solid #cbbfb3;
  font-size: 0.85rem; }
.label .credit span { display: block; }
/* No flex: absolute boxes keep the QR where the cut leaves room for it. */
.label .qr-area { position: absolute; left: 7mm; right: 7mm; bottom: 6mm; height: {{ qr_mm }}mm; }
.label .cta { position: absolute; left: 0; bottom: 0; width: {{ lw - 14 - qr_mm - 4 }}mm;
  font-size: 0.8rem; color: var(--accent); }
.label .cta span { display: block; }
.label img.qr { position: absolute; right: 0; bottom: 0; width: {{ qr_mm }}mm; height: {{ qr_mm }}mm; }
</style></head><body>
{%- for sheet in sheets %}
<div class="sheet">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 210 297">
{%- for x1, y1, x2, y2 in sheet.marks %}<line x1="{{ x1 }}" y1="{{ y1 }}" x2="{{ x2 }}" y2="{{ y2 }}" stroke="black" stroke-width="0.12"/>{% endfor %}
</svg>
{%- for lab in sheet.labels %}
<div class="label" style="left: {{ lab.x }}mm; top: {{ lab.y }}mm; --accent: {{ lab.accent }}">
{%- if lab.v.number %}<div class="no">{{ lab.v.number }}</div>{% endif %}
{{ bi(lab.v.title, 't') }}
<div class="meta">{% for i in range(lab.v.date | length) %}<span>{{ lab.v.date[i][1] }}{% if lab.v.kind[i:i+1] %} · {{ lab.v.kind[i][1] }}{% endif %}</span>{% endfor %}</div>
{%- if lab.v.material %}<div class="material">{{ bi(lab.v.material) }}</div>{% endif %}
{%- if lab.v.credit %}<div class="credit">{{ bi(lab.v.credit) }}</div>{% endif %}
{%- if lab.qr %}<div class="qr-area"><div class="cta">{{ bi(lab.v.cta) }}</div><img class="qr" src="{{ lab.qr }}" alt="QR"></div>{% endif %}
</div>
{%- endfor %}
</div>
{%- endfor %}
</body></html>
"""
