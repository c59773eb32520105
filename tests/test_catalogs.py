"""The interface words' catalogs (plugins/parlour/locale/): complete where Parlour says they
are, up to date with the source, and read the way a language's speakers expect."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from parlour.archive import dates
from parlour.archive.date_words import EXTRA_FIELDS
from parlour.catalog import LOCALE_DIR, Words, candidates, direction, native_name, read

#: the catalogs Parlour ships complete; en is the source language (its msgids are English)
COMPLETE = ("zh", "zh_Hant")
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": ((1, "c"), 2), "M_": None, "p_": ((1, "c"), 2),
            "n_": (1, 2)}


def source_messages() -> set[tuple[str | None, str]]:
    """Every (msgctxt, msgid) the source marks today, as `make catalogs` extracts them."""
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2"),
                  ("**/skeleton/**.j2", "jinja2")]
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(LOCALE_DIR.parent), method_map, keywords=KEYWORDS
    ):
        msgid = message if isinstance(message, str) else message[0]
        found.add((context, msgid))
    return found


@pytest.fixture(scope="module")
def used() -> set[tuple[str | None, str]]:
    return source_messages()


def test_the_template_is_up_to_date_with_the_source(used):
    """`make catalogs` was run after the last word was added or changed in the source."""
    with (LOCALE_DIR / "parlour.pot").open("rb") as f:
        pot = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(f) if m.id}
    assert used, "the extraction found no words: the scan is broken"  # positive control
    assert not used - pot, "run `make catalogs`; parlour.pot lacks: " + repr(sorted(
        used - pot, key=str)[:10])
    assert not pot - used, "run `make catalogs`; parlour.pot still has: " + repr(sorted(
        pot - used, key=str)[:10])


@pytest.mark.parametrize("name", COMPLETE)
def test_a_complete_catalog_translates_every_word_the_source_uses(used, name):
    messages = read(LOCALE_DIR / name / "LC_MESSAGES" / "parlour.po")
    missing = sorted((m for m in used if m not in messages), key=str)
    assert not missing, f"{name}: {len(missing)} word(s) without a translation: {missing[:10]}"
    # and the Chinese ones are in Chinese, in their own script
    han = [text for text in messages.values() if isinstance(text, str)
           and re.search(r"[\u4e00-\u9fff]", text)]
    assert len(han) > len(messages) * 0.8


def test_the_completeness_check_sees_a_missing_word(used, tmp_path):
    """Positive control: a catalog with one word taken out is found incomplete."""
    source = LOCALE_DIR / "zh" / "LC_MESSAGES" / "parlour.po"
    text = source.read_text(encoding="utf-8")
    cut = re.sub(r'(msgctxt "era.past"\nmsgid "Past"\nmsgstr )"[^"]*"', r'\1""', text)
    assert cut != text
    copy = tmp_path / "parlour.po"
    copy.write_text(cut, encoding="utf-8")
    assert ("era.past", "Past") in used and ("era.past", "Past") not in read(copy)


def test_traditional_chinese_is_not_simplified():
    zh, hant = Words("zh"), Words("zh-Hant")
    assert zh["era.past"] == "过去" and hant["era.past"] == "過去"
    assert hant["people"] == "講述者與致謝"
    # a territory's catalog falls back to its script's, never to the other script
    assert candidates("zh-TW") == ["zh_Hant_TW", "zh_Hant"]
    assert candidates("zh-HK") == ["zh_Hant_HK", "zh_Hant"]
    assert "zh" not in candidates("zh-TW")
    assert Words("zh-TW")["era.past"] == "過去"


def test_a_partial_catalog_falls_back_to_english_word_by_word(used):
    es = Words("es")
    assert es["era.past"] == "Pasado"
    assert Words("es-MX")["era.past"] == "Pasado"
    # the Spanish catalog is the example of a partial one: what it lacks reads in English
    untranslated = [msgid for context, msgid in used if context is None
                    and not es.has(None, msgid) and "{" not in msgid]
    assert untranslated, "es has become complete: pick another partial example"
    assert all(es(msgid) == msgid for msgid in untranslated)


def test_a_language_without_a_catalog_reads_english():
    assert Words("cy")["era.past"] == "Past"


def test_an_archive_catalog_adds_and_overrides_words(tmp_path):
    folder = tmp_path / "locale" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "parlour.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgctxt "era.past"\nmsgid "Past"\nmsgstr "Antaño"\n\n'
        'msgctxt "intro.people"\nmsgid "The residents and volunteers who told, lent and '
        'gathered; only those who agreed are listed."\nmsgstr "Los vecinos."\n',
        encoding="utf-8",
    )
    es = Words("es", dirs=[tmp_path / "locale"])
    assert es["era.past"] == "Antaño" and es["intro.people"] == "Los vecinos."
    assert es["era.future"] == "Futuro"  # Parlour's word where the archive says nothing


def test_placeholders_survive_translation():
    for name in ("zh", "zh_Hant", "es"):
        for (context, msgid), text in read(LOCALE_DIR / name / "LC_MESSAGES" /
                                           "parlour.po").items():
            wanted = sorted(re.findall(r"\{(\w+)\}", msgid))
            # a plural's forms each say every field (Chinese has one form for any number)
            for form in text if isinstance(text, tuple) else (text,):
                used = sorted(re.findall(r"\{(\w+)\}", form))
                if context == "date" and msgid in EXTRA_FIELDS:
                    # a date's wording may say it with the other fields the code gives it
                    assert set(used) <= {*wanted, *EXTRA_FIELDS[msgid]}, (name, context, form)
                else:
                    assert used == wanted, (name, context, form)


def test_extra_fields_are_given_to_the_messages_that_declare_them():
    """Positive control for the exception above: the wording passes each declared field."""
    zh = {"the {decade}s": "20世纪90年代", "the {ordinal} century": "20世纪",
          "the {ordinal} of a month in {year}": "1992年某月25日"}
    assert set(EXTRA_FIELDS) == set(zh)
    assert dates.words("199X", "zh") == zh["the {decade}s"]
    assert dates.words("19XX", "zh") == zh["the {ordinal} century"]
    assert dates.words("1992-XX-25", "zh") == zh["the {ordinal} of a month in {year}"]


def test_names_and_directions_come_from_cldr():
    assert native_name("zh") == "中文" and native_name("es") == "Español"
    assert "繁體" in native_name("zh-Hant")
    assert direction("ar") == "rtl" and direction("he") == "rtl" and direction("zh") == "ltr"


def test_the_catalogs_are_in_the_package():
    for name in (*COMPLETE, "en", "es"):
        assert (LOCALE_DIR / name / "LC_MESSAGES" / "parlour.po").is_file()
    assert Path(LOCALE_DIR, "parlour.pot").is_file()


def test_each_named_word_is_declared_once():
    """WORDS is built from N_(key, english) pairs: a key declared twice would silently take
    the last English (the footer's credit once replaced an object's "Credit" label)."""
    source = (LOCALE_DIR.parent / "words.py").read_text(encoding="utf-8")
    keys = re.findall(r'N_\(\s*"([^"]+)"', source)
    assert len(keys) > 100  # positive control: the scan reads the declarations
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})
