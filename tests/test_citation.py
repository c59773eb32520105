"""A record page's "cite this" carries no build date (issue 19): the reader's date is filled
in by parlour.js, so a page built today is the same page tomorrow and a cache can keep it."""

from __future__ import annotations

import datetime
import re

import pytest

from parlour.context import citation
from parlour.i18n import site_words

CITE = re.compile(r'<details class="parlour-cite">.*?</details>', re.S)
HIDDEN = re.compile(r'<span class="parlour-accessed" hidden>.*?</span>', re.S)


@pytest.mark.parametrize(("lang", "before", "after"), [
    ("en", " (accessed ", ")"), ("zh", "（", "访问）"), ("zh_Hant", "（", "訪問）"),
    ("es", " (consultado el ", ")")])
def test_the_date_words_of_each_catalog_are_kept_apart_from_the_citation(lang, before, after):
    parts = citation(site_words(lang).table()["cite.text"], source="Ann, “Tea”", url="U/")
    assert parts["before"] == before and parts["after"] == after
    assert parts["text"] in ("Ann, “Tea”. U/", "Ann, “Tea”。U/")
    assert parts["rest"] == ""


def test_a_translation_with_the_date_first_or_without_one_still_cites():
    parts = citation("Read {date}: {source}, {url}", source="S", url="U")
    assert parts == {"text": "", "before": "Read ", "after": ": ", "rest": "S, U"}
    assert citation("{source} — {url}", source="S", url="U")["text"] == "S — U"


def date_words(day: datetime.date) -> list[str]:
    """The ways a page could write ``day``: ISO, English, Chinese."""
    return [day.isoformat(), f"{day.day} {day:%B} {day.year}", f"{day:%B} {day.day}, {day.year}",
            f"{day.year}年{day.month}月{day.day}日"]


def test_no_record_page_says_the_day_it_was_built(built_site):
    today = datetime.date.today()
    pages = [p for p in built_site.rglob("*/index.html") if "parlour-cite" in p.read_text("utf-8")]
    assert len(pages) > 20, "positive control: the sample's record pages have a citation"
    for path in pages:
        cite = CITE.search(path.read_text("utf-8")).group(0)
        # the <time> the script fills, inside the words that are hidden without script
        assert '<span class="parlour-accessed" hidden>' in cite, path
        assert "<time data-parlour-today></time>" in cite, path
        for day in (today, today - datetime.timedelta(days=1)):  # a build across midnight
            for words in date_words(day):
                assert words not in cite, (path, words)
        # without script the citation ends at the page's own address
        shown = HIDDEN.sub("", cite)
        assert re.search(r"https://\S+/</p>", shown), (path, shown)
