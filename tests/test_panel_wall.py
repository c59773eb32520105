"""The printed wall: panels that fill their sheet, type sizes per format, the QR code at hand
height, and the details a curator notices (placeholder portraits, returned objects, credits).

The sample exhibition is rendered once per size for the module (A1 and A2, one worker, no
previews) and everything is measured from the PDFs themselves: text spans and their sizes
with pypdf, the blank rows and the QR code's position with pypdfium2 and zxing-cpp.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from parlour.panels import Options, prepare
from parlour.panels.content import in_sentence, initials
from parlour.panels.render import panel_html
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "panels"
EXHIBIT = "wutong-then-and-now"
SITE = "https://wutong-li.example.org/"


def _views(lang: str | None = None, root: Path = ROOT, exhibit: str = EXHIBIT):
    views, labels, g, _, problems, _ = prepare(root, exhibit, Options(lang=lang, site_url=SITE))
    return views, labels, g, problems


# ------------------------------------------------------------------ returned objects


def test_the_returned_radio_gets_no_panel_card_and_no_label():
    # positive control: the sample does put the radio on a panel, and its loan has ended
    exhibit = yaml.safe_load((ROOT / "exhibits" / f"{EXHIBIT}.yml").read_text("utf-8"))
    listed = [ref for s in exhibit["sections"] for p in s["panels"] for ref in p.get("items", [])]
    assert "objects/transistor-radio" in listed
    radio = (ROOT / "stories" / "objects" / "transistor-radio.md").read_text("utf-8")
    assert re.search(r"^\s+status: returned$", radio, re.M)

    views, labels, _, _ = _views()
    on_panels = {(i.type, i.id) for v in views for i in v.items}
    assert ("objects", "transistor-radio") not in on_panels
    assert ("objects", "sewing-machine") in on_panels  # its neighbour on the panel stays
    assert not any("objects/transistor-radio" in v.records for v in views)
    assert "transistor-radio" not in {label.id for label in labels}
    assert "sewing-machine" in {label.id for label in labels}


RETURNED = """---
title: {zh: 收音机, en: A radio}
lender: lender
loan: {from: 2026-01-01, to: 2026-06-01, status: returned}
---
Back home.
"""


def _returned_show(root: Path, include: bool) -> None:
    (root / "stories" / "objects" / "radio.md").write_text(RETURNED, "utf-8")
    flag = "        include_returned: true\n" if include else ""
    (root / "exhibits" / "radio-show.yml").write_text(
        "title: {zh: 收音机, en: Radios}\nsections:\n  - title: {zh: 从前, en: Then}\n"
        "    era: past\n    panels:\n      - id: radios\n        title: {zh: 收音机, en: Radios}\n"
        f"        layout: grid\n{flag}        items: [objects/radio, objects/kettle]\n"
        "print:\n  size: A2\n  languages: [zh, en]\n", "utf-8")


@pytest.mark.parametrize("include", [False, True])
def test_a_panel_shows_a_returned_object_only_when_it_says_so(tmp_path, include):
    root = tmp_path / "archive"
    shutil.copytree(FIXTURE, root)
    (root / "stories" / "media" / "objects").mkdir(parents=True)
    Image.new("RGB", (1200, 900), (184, 115, 51)).save(
        root / "stories" / "media" / "objects" / "small-photo.png")
    _returned_show(root, include)
    views, labels, _, _ = _views(root=root, exhibit="radio-show")
    ids = [i.id for i in views[0].items]
    assert ids == (["radio", "kettle"] if include else ["kettle"])
    assert [label.id for label in labels] == ["kettle"]  # never a label: it is not there


# ------------------------------------------------------------------ credits


def test_lent_by_reads_as_a_sentence_in_english():
    _, labels, _, _ = _views()
    credit = {label.id: dict(label.credit) for label in labels}
    # the postman's and the designer's names are private: their display names are shown
    assert credit["coin-phone"]["en"] == "Lent by a retired postman"
    assert credit["before-the-clear-out"]["en"] == "Lent by the fourth-floor pattern designer"
    assert credit["coin-phone"]["zh"] == "一位老邮递员惠借"
    assert credit["sewing-machine"]["en"] == "Lent by Zhou Meifang"


@pytest.mark.parametrize("label, expected", [
    ("A retired postman", "a retired postman"),
    ("The fourth-floor pattern designer", "the fourth-floor pattern designer"),
    ("An old neighbour", "an old neighbour"),
    ("An Wei", "An Wei"),  # a name, not an article
    ("Auntie Li", "Auntie Li"),
    ("Theo Lam", "Theo Lam"),
])
def test_a_display_name_inside_a_sentence(label, expected):
    assert in_sentence(label, "en") == expected
    assert in_sentence(label, "zh") == label


# ------------------------------------------------------------------ placeholder portraits


def _card(html: str, title: str) -> str:
    """The HTML of the card whose title is ``title``."""
    cards = re.findall(r'<div class="card people"[^>]*>.*?</div>\n(?=<div class="card|</div>)',
                       html, re.S)
    [card] = [c for c in cards if f">{title}</span>" in c]
    return card


@pytest.mark.parametrize("lang, postman, li, li_initials", [
    ("zh+en", "一位老邮递员", "李秀珍", "李"),
    ("en", "A retired postman", "Li Xiuzhen", "LX"),
])
def test_the_postman_without_portrait_or_name_gets_the_drawn_figure(lang, postman, li,
                                                                      li_initials):
    views, _, g, _ = _views(lang)
    tellers = next(v for v in views if v.id == "the-tellers")
    html = panel_html(tellers, g)
    card = _card(html, postman)
    assert '<svg class="placeholder' in card and 'data-initials=""' in card
    assert "<text" not in card  # no letters: his name is withheld, and so its initials
    assert "·" not in card and "monogram" not in card
    # positive control: Li Xiuzhen has no portrait either, but her name may be shown
    card = _card(html, li)
    assert f'data-initials="{li_initials}"' in card and f">{li_initials}</text>" in card
    # and someone with a portrait gets the portrait
    assert "portraits/chen-guiying.svg" in _card(html, "陈桂英" if lang != "en" else
                                                 "Chen Guiying")


@pytest.mark.parametrize("label, expected", [
    ("李秀珍", "李"), ("Li Xiuzhen", "LX"), ("Auntie Li", "AL"), ("Zhou", "Z"), ("", ""),
])
def test_initials(label, expected):
    assert initials(label) == expected
