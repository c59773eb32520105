"""OHMS as archives write it (issue 18, build item 1).

Three fixture exports shaped like real ones (see the comment at the top of each): OHMS 4
without a namespace, OHMS 5.4 with a hard-wrapped legacy transcript, footnotes, rights and
usage, OHMS 6.0 with a VTT transcript and its translation in ``vtt_transcript_alt``. Each
imports into a scratch copy of the sample archive without ``--date``, checks clean, builds,
and exports back with its segments, times, footnotes and rights. Then one test for each way
real files came back wrong.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from parlour.archive.checks import check_archive
from parlour.archive.loader import split_front_matter
from parlour.cli import main
from parlour.exchange import Cue, OHMSError, export_ohms, import_ohms, parse_vtt, read_ohms
from parlour.exchange.ohms_export import annotate
from parlour.exchange.ohms_legacy import is_heading
from parlour.exchange.ohms_read import ohms_date, vtt_cues
from tests.sample import copy_sample

HERE = Path(__file__).parent
ROOT = HERE.parent
FIXTURES = HERE / "fixtures" / "ohms"
TODAY = datetime.date(2026, 11, 30)
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
NS = "{https://www.weareavp.com/nunncenter/ohms}"

#: fixture -> (interview id it gets, its narrator)
CASES = {
    "evening-school-v4-nons.xml": ("evening-school-on-wutong-li", "margaret-hale"),
    "bread-counter-v5-footnotes.xml": ("the-bread-counter-at-the-lane-mouth", "grace-lum"),
    "night-ferry-v6-vtt-alt.xml": ("the-night-ferry-to-the-mill", "daniel-koh"),
}
PEOPLE = {"margaret-hale": "Margaret Hale", "grace-lum": "Grace Lum",
          "daniel-koh": "Daniel Koh", "peng-hui": "Peng Hui"}
BREAD = CASES["bread-counter-v5-footnotes.xml"][0]
FERRY = CASES["night-ferry-v6-vtt-alt.xml"][0]
EVENING = CASES["evening-school-v4-nons.xml"][0]


def add_people(root: Path) -> None:
    for person, name in PEOPLE.items():
        (root / f"stories/people/{person}.yml").write_text(
            f"name: {name}\nconsent: {{level: public, recorded: 2025-03-12}}\n", encoding="utf-8")


def front_matter(path: Path) -> dict:
    yaml_text, _body, _line = split_front_matter(path.read_text(encoding="utf-8"))
    return yaml.safe_load(yaml_text)


def cues(path: Path) -> list:
    return [(c.start, c.end, c.voice, c.text, c.notes)
            for c in parse_vtt(path.read_text(encoding="utf-8"))]


def errors(root: Path) -> list:
    return [p for p in check_archive(root, today=TODAY) if p.severity == "error"]


@pytest.fixture
def archive(tmp_path) -> Path:
    """The small base archive and the fixtures' people: for imports and round trips."""
    root = tmp_path / "archive"
    shutil.copytree(HERE / "fixtures" / "base", root)
    add_people(root)
    return root


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """A scratch copy of the sample archive with the three fixtures imported (through the
    command line, without --date) and built."""
    root = tmp_path_factory.mktemp("ohms-archives") / "archive"
    root.mkdir()
    copy_sample(root)
    add_people(root)
    for name in CASES:
        result = CliRunner().invoke(main, ["import", "ohms", str(FIXTURES / name),
                                           "--root", str(root)])
        assert result.exit_code == 0, result.output
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(root / "site")],
                            cwd=root, env=ENV, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return root


def page(root: Path, interview: str, lang: str) -> str:
    prefix = "en/" if lang == "en" else ""
    return (root / f"site/{prefix}interviews/{interview}/index.html").read_text(encoding="utf-8")


def cue_items(html: str) -> list[str]:
    return re.findall(r'<li class="parlour-cue[^"]*".*?</li>', html, flags=re.DOTALL)


# --------------------------------------------------------------------------- the fixtures


def test_fixtures_import_without_a_date_and_check_clean(sample):
    problems = check_archive(sample, today=TODAY)
    assert [p for p in problems if p.severity == "error"] == []
    imported = [p for p in problems if any(i in p.path for i, _ in CASES.values())]
    assert imported == []  # not even a warning on what the importer wrote
    dates = {i: front_matter(sample / f"stories/interviews/{i}.md")["date"]
             for i, _ in CASES.values()}
    assert dates == {EVENING: "2009-06-18", BREAD: "2012-03-03", FERRY: "2016-10-04"}


def test_built_page_shows_footnotes_next_to_their_lines(sample):
    for lang in ("zh", "en"):
        items = cue_items(page(sample, BREAD, lang))
        marked = [i for i in items if "Qingtong Road[1]" in i]
        assert len(marked) == 1
        assert '<small class="parlour-cue-note" role="note">[1] The Qingtong Road bakery' \
            in marked[0]
        coupon = next(i for i in items if "grain coupon[2]" in i)
        assert "[2] Grain coupons were needed" in coupon and "https://example.org/grain-coupons" \
            in coupon


def test_built_page_shows_rights_in_the_page_language(sample):
    english = page(sample, FERRY, "en")
    assert '<h2 id="rights">Rights and use' in english
    assert '<p class="parlour-rights">© 2016 Wutong Li Community Archive.' in english
    chinese = page(sample, FERRY, "zh")
    # the statement exists in English only: the Chinese page marks its language
    assert '<h2 id="rights">版权与使用' in chinese
    assert '<p class="parlour-rights"><span lang="en">© 2016 Wutong Li' in chinese
    bread = page(sample, BREAD, "en")
    # rights and usage together, escaped
    assert "Copyright 2012 Wutong Li Community Archive. Quotation for research" in bread
    assert "her sister&#39;s address" in bread


def test_built_page_gives_provenance_in_each_language(sample):
    """The importer's English provenance note was labelled "仅中文 / Chinese only"."""
    facts = {}
    for lang in ("zh", "en"):
        html = page(sample, BREAD, lang)
        facts[lang] = re.search(r"<dt>(?:Source|来源)</dt>\s*<dd>(.*?)</dd>", html, re.S).group(1)
        assert "仅中文" not in html
    assert "Imported from an OHMS" not in page(sample, BREAD, "zh")
    # no longer in the body, which is the interviewer's notes (as on the sample's interviews)
    assert "Interviewer&#39;s notes" in page(sample, "chen-guiying-1", "en")
    assert "Interviewer&#39;s notes" not in page(sample, BREAD, "en")
    assert facts["en"].startswith("Imported from an OHMS 5.4 export (accession WL-2012-017")
    assert facts["zh"].startswith("从 OHMS 5.4 导出文件导入（编号 WL-2012-017")
    assert "lang=" not in facts["en"] + facts["zh"]  # each in its page's own language


def test_built_page_keeps_headings_as_headings(sample):
    items = cue_items(page(sample, EVENING, "en"))
    headings = [i for i in items if "parlour-cue--heading" in i]
    assert [re.search(r"<strong>(.*?)</strong>", h).group(1) for h in headings] == [
        "SESSION ONE", "INDEX"]
    assert all("parlour-cue-voice" not in h for h in headings)
    index = items[items.index(headings[1]) + 1]
    assert "Blackboard, 3<br>Bus conductor, 2<br>" in index  # a list keeps its lines
    bread = cue_items(page(sample, BREAD, "en"))
    assert any("<strong>APPENDIX: BREAD PRICES AT THE LANE COUNTER</strong>" in i for i in bread)
    assert not re.search(r'parlour-cue-voice">(APPENDIX|INDEX|SESSION)', page(sample, BREAD, "en"))


def test_built_page_shows_the_translated_transcript_in_its_language(sample):
    english = page(sample, FERRY, "en").split('id="transcript"')[1]
    chinese = page(sample, FERRY, "zh").split('id="transcript"')[1]
    assert '<ol class="parlour-cues" data-parlour-transcript lang="en">' in english
    assert "The last ferry left the pier at ten to eleven" in english
    assert '<ol class="parlour-cues" data-parlour-transcript lang="zh">' in chinese
    assert "末班轮渡十点五十分离开码头" in chinese and "仅有英语版本" not in chinese.split("</ol>")[0]


@pytest.mark.parametrize("name", CASES)
def test_round_trip_keeps_segments_times_footnotes_and_rights(archive, tmp_path, name):
    interview, narrator = CASES[name]
    import_ohms(FIXTURES / name, root=archive)
    first = archive / f"stories/interviews/{interview}.md"
    exported = tmp_path / "export.xml"
    exported.write_text(export_ohms(interview, root=archive, audience="community", today=TODAY),
                        encoding="utf-8")
    import_ohms(exported, root=archive, id="round-trip")
    second = archive / "stories/interviews/round-trip.md"
    a, b = front_matter(first), front_matter(second)
    for key in ("title", "narrator", "date", "language", "summary", "themes", "segments",
                "rights"):
        assert a.get(key) == b.get(key), key
    assert a["narrator"] == narrator and a["segments"] and a["rights"]
    assert cues(second.with_suffix(".vtt")) == cues(first.with_suffix(".vtt"))
    if "transcript_translations" in a:
        assert b["transcript_translations"] == [{"lang": "zh", "file": "round-trip.zh.vtt"}]
        assert cues(archive / "stories/interviews/round-trip.zh.vtt") == cues(
            archive / f"stories/interviews/{interview}.zh.vtt")
    assert errors(archive) == []
    again = export_ohms("round-trip", root=archive, audience="community", today=TODAY)
    assert again == exported.read_text(encoding="utf-8").replace(
        f"<accession>{interview}</accession>", "<accession>round-trip</accession>")


def test_export_writes_footnotes_rights_and_translation_as_ohms_does(archive):
    for name in ("bread-counter-v5-footnotes.xml", "night-ferry-v6-vtt-alt.xml"):
        import_ohms(FIXTURES / name, root=archive)
    bread = export_ohms(BREAD, root=archive, audience="community", today=TODAY)
    record = ET.fromstring(bread.encode()).find(f"{NS}record")
    vtt = record.findtext(f"{NS}vtt_transcript")
    assert "Qingtong <c.1>Road</c> at half past five" in vtt
    assert "grain <c.2>coupon</c> as well" in vtt
    annotations = vtt.split("NOTE\nANNOTATIONS BEGIN")[1].split("NOTE\nANNOTATIONS END")[0]
    assert '<annotation ref="1">The Qingtong Road bakery was a state-run bakery;' in annotations
    assert "<b>APPENDIX: BREAD PRICES AT THE LANE COUNTER</b>" in vtt
    assert record.findtext(f"{NS}rights").startswith("Copyright 2012 Wutong Li Community Archive.")
    ferry = ET.fromstring(export_ohms(FERRY, root=archive, audience="community",
                                      today=TODAY).encode()).find(f"{NS}record")
    assert ferry.findtext(f"{NS}transcript_alt_lang") == "Chinese"
    assert "末班轮渡十点五十分离开码头" in ferry.findtext(f"{NS}vtt_transcript_alt")
    assert "The last ferry left" in ferry.findtext(f"{NS}vtt_transcript")


# --------------------------------------------------------------------------- each bug


def test_footnote_texts_become_notes_and_markers_stay_with_their_word(archive):
    import_ohms(FIXTURES / "bread-counter-v5-footnotes.xml", root=archive)
    vtt = archive / f"stories/interviews/{BREAD}.vtt"
    text = vtt.read_text(encoding="utf-8")
    assert "[[" not in text
    assert text.count("NOTE [") == 2
    got = cues(vtt)
    assert [c[4] for c in got if c[4]] == [
        ("[1] The Qingtong Road bakery was a state-run bakery; it closed in 1996.",),
        ("[2] Grain coupons were needed for bread, rice and noodles until 1993. "
         "(https://example.org/grain-coupons)",),
    ]
    assert "Qingtong Road[1] at" in got[0][3] and "a grain coupon[2] as well" in got[2][3]


def test_footnote_without_marker_or_note_is_said(tmp_path, archive):
    xml = (FIXTURES / "bread-counter-v5-footnotes.xml").read_text(encoding="utf-8")
    xml = xml.replace("coupon [[footnote]]2[[/footnote]]", "coupon [[footnote]]3[[/footnote]]")
    (tmp_path / "odd.xml").write_text(xml, encoding="utf-8")
    notes: list[str] = []
    import_ohms(tmp_path / "odd.xml", root=archive, notes=notes)
    assert any("footnote 2 has no [2] marker" in n for n in notes)
    assert any("marks footnote [3] but has no note 3" in n for n in notes)
    last = cues(archive / f"stories/interviews/{BREAD}.vtt")[-1]
    assert last[4][0].startswith("[2] Grain coupons")  # kept, on the last line


def test_rights_and_usage_become_the_interviews_rights(archive):
    import_ohms(FIXTURES / "evening-school-v4-nons.xml", root=archive)
    data = front_matter(archive / f"stories/interviews/{EVENING}.md")
    assert data["rights"] == {"en": (
        "Copyright 2009 Wutong Li Community Archive. The interviewee assigned copyright in the "
        "recording and transcript to the archive. Quotation for research, teaching and private "
        "study is permitted with credit to the Wutong Li Community Archive; ask the archive "
        "before publishing longer extracts.")}
    # <rights/> and <usage/>: no rights at all
    import_ohms(FIXTURES / "corner-shop-v5-sync.xml", root=archive, narrator="grace-lum")
    assert "rights" not in front_matter(archive / "stories/interviews/the-corner-shop-on-lane-17.md")


@pytest.mark.parametrize("placeholder", [
    "No transcript.", "no transcript available", "Transcript not available.", "N/A",
    "[No transcript]",
])
def test_a_placeholder_is_no_transcript(tmp_path, archive, placeholder):
    _comment, xml = (FIXTURES / "bread-counter-v5-footnotes.xml").read_text(
        encoding="utf-8").split("-->\n", 1)
    xml = re.sub(r"<transcript>.*?</transcript>", f"<transcript>{placeholder}</transcript>", xml,
                 flags=re.DOTALL)
    (tmp_path / "none.xml").write_text(xml, encoding="utf-8")
    notes: list[str] = []
    written = import_ohms(tmp_path / "none.xml", root=archive, notes=notes)
    assert written == [archive / f"stories/interviews/{BREAD}.md"]
    assert "transcript" not in front_matter(written[0])
    assert any(placeholder in n and "no transcript was imported" in n for n in notes)
    # a real one-line transcript is still one
    (tmp_path / "one.xml").write_text(xml.replace(placeholder, "LUM: No."), encoding="utf-8")
    written = import_ohms(tmp_path / "one.xml", root=archive, id="one-line")
    assert [c[2:4] for c in cues(archive / "stories/interviews/one-line.vtt")] == [("LUM", "No.")]


def test_a_placeholder_beside_a_vtt_transcript_does_not_hide_it(tmp_path, archive):
    xml = (FIXTURES / "night-ferry-v6-vtt-alt.xml").read_text(encoding="utf-8")
    xml = xml.replace("<rel/>", "<rel/>\n    <transcript>No transcript.</transcript>")
    (tmp_path / "both.xml").write_text(xml, encoding="utf-8")
    written = import_ohms(tmp_path / "both.xml", root=archive)
    assert len(cues(written[1])) == 6


@pytest.mark.parametrize(("text", "edtf"), [
    ("2009-06-18", "2009-06-18"), ("06/18/2009", "2009-06-18"), ("6/8/2009", "2009-06-08"),
    ("18/06/2009", "2009-06-18"), ("June 18, 2009", "2009-06-18"), ("Jun. 18, 2009", "2009-06-18"),
    ("June 18th, 2009", "2009-06-18"), ("18 June 2009", "2009-06-18"), ("June 2009", "2009-06"),
    ("2009-06", "2009-06"), ("2009", "2009"), ("2009年6月18日", "2009-06-18"),
    ("2009-06-18T10:30:00", "2009-06-18"), ("2009/06/18", "2009-06-18"),
    ("Unknown Date", None), ("13/13/2009", None), ("February 30, 2009", None), ("", None),
])
def test_dates_in_the_forms_ohms_writes(text, edtf):
    assert ohms_date(text) == edtf


@pytest.mark.parametrize("date", [
    '<date value="2009-06-18" format="yyyy-mm-dd"/>',
    "<date>2009-06-18</date>",
    '<date value="" format="yyyy-mm-dd"/><date_nonpreferred_format>06/18/2009'
    "</date_nonpreferred_format>",
    "<date_nontext>June 18, 2009</date_nontext>",
    '<date value="" format="yyyy-mm-dd">June 18, 2009</date>',
])
def test_the_date_is_read_from_attribute_or_text(tmp_path, archive, date):
    xml = (FIXTURES / "bread-counter-v5-footnotes.xml").read_text(encoding="utf-8")
    xml = re.sub(r"<date value.*?</date_nonpreferred_format>", date, xml)
    (tmp_path / "dated.xml").write_text(xml, encoding="utf-8")
    written = import_ohms(tmp_path / "dated.xml", root=archive)
    assert front_matter(written[0])["date"] == "2009-06-18"


def test_no_date_message_names_what_the_file_has(tmp_path, archive):
    xml = (FIXTURES / "bread-counter-v5-footnotes.xml").read_text(encoding="utf-8")
    unknown = xml.replace("March 3, 2012", "Unknown Date")
    (tmp_path / "unknown.xml").write_text(unknown, encoding="utf-8")
    with pytest.raises(OHMSError) as err:
        import_ohms(tmp_path / "unknown.xml", root=archive)
    assert ('the file has <date value="">, <date_nonpreferred_format>Unknown Date'
            "</date_nonpreferred_format>") in str(err.value)
    assert "--date" in str(err.value)
    text = re.sub(r"<date value.*?</date_nonpreferred_format>", "<date>sometime</date>", xml)
    (tmp_path / "text.xml").write_text(text, encoding="utf-8")
    with pytest.raises(OHMSError, match=r"the file has <date>sometime</date>\)") as err:
        import_ohms(tmp_path / "text.xml", root=archive)
    assert "value" not in str(err.value)  # the file has no value attribute: none is named
    none = re.sub(r"<date value.*?</date_nonpreferred_format>", "", xml)
    (tmp_path / "none.xml").write_text(none, encoding="utf-8")
    with pytest.raises(OHMSError, match=r"the file has no <date> element"):
        import_ohms(tmp_path / "none.xml", root=archive)
    import_ohms(tmp_path / "none.xml", root=archive, date="2012-03")  # --date still works


def test_legacy_transcript_is_reflowed_into_paragraphs(archive):
    import_ohms(FIXTURES / "evening-school-v4-nons.xml", root=archive)
    got = cues(archive / f"stories/interviews/{EVENING}.vtt")
    # 39 wrapped lines of speech are 9 turns and paragraphs; minute marks cut two of them
    assert got[1][2:4] == ("HALE", "I came to Wutong Li in the autumn of 1985. The street office "
                           "had opened an evening school in the old primary school, and they "
                           "wanted someone to teach English twice a week. I was twenty-six and "
                           "I said yes before they had finished asking.")
    assert [c[2] for c in got] == [None, "HALE", "WEN", "HALE", "HALE", "WEN", "HALE", "HALE",
                                   "HALE", "WEN", "HALE", "HALE", None, None]
    # a blank line makes a paragraph, in the same voice
    assert got[8][3].startswith("And when the mill changed its shifts")
    # the minute marks are exact cue boundaries
    assert got[3][1] == got[4][0] == 60.0 and got[6][1] == got[7][0] == 120.0
    assert [c[3] for c in got if c[3].startswith("<b>")] == ["<b>SESSION ONE</b>", "<b>INDEX</b>"]
    assert got[-1][3] == "Blackboard, 3\nBus conductor, 2\nEvening school, 1\nMill shifts, 3"


@pytest.mark.parametrize(("line", "alone", "heading"), [
    ("APPENDIX: BREAD PRICES AT THE LANE COUNTER", True, True),
    ("APPENDIX: Letters from the lane", False, True),
    ("INDEX", True, True),
    ("SESSION TWO, MARCH 3, 2012", True, True),
    ("[END OF INTERVIEW]", True, True),
    ("LUM: NO.", True, False),  # a speaker's answer in capitals: LUM speaks elsewhere too
    ("PART of it was the stove.", True, False),
    ("THE STOVE WAS WARM", False, False),  # a wrapped line in capitals, inside a paragraph
])
def test_headings_are_not_speakers(line, alone, heading):
    assert is_heading(line, {"LUM": 3, "APPENDIX": 1}, alone=alone) is heading


def test_provenance_carries_its_languages(archive):
    import_ohms(FIXTURES / "night-ferry-v6-vtt-alt.xml", root=archive)
    md = archive / f"stories/interviews/{FERRY}.md"
    data = front_matter(md)
    assert data["provenance"] == {
        "zh": "从 OHMS 6.0 导出文件导入（编号 WL-2016-031，记录 58213，导出于 2017-02-14）。",
        "en": "Imported from an OHMS 6.0 export (accession WL-2016-031, record 58213, "
              "exported 2017-02-14).",
    }
    _yaml, body, _line = split_front_matter(md.read_text(encoding="utf-8"))
    assert body.strip() == ""  # not in the body, which pages take for the default language


def test_ohms4_without_namespace_and_6_with_its_translation(archive):
    written = import_ohms(FIXTURES / "evening-school-v4-nons.xml", root=archive)
    assert [p.name for p in written] == [f"{EVENING}.md", f"{EVENING}.vtt"]
    assert read_ohms(FIXTURES / "evening-school-v4-nons.xml").version == "4.0"
    written = import_ohms(FIXTURES / "night-ferry-v6-vtt-alt.xml", root=archive)
    assert [p.name for p in written] == [f"{FERRY}.md", f"{FERRY}.vtt", f"{FERRY}.zh.vtt"]
    assert front_matter(written[0])["transcript_translations"] == [
        {"lang": "zh", "file": f"{FERRY}.zh.vtt"}]
    original, translation = cues(written[1]), cues(written[2])
    assert [c[:3] for c in original] == [c[:3] for c in translation]  # the same cues
    assert translation[2][3] == "冬天江上一股煤烟和橘子的味道。十二月，运橘子的船从南边下来。\n还没看见船，先闻到了味道。"


def test_a_translation_the_site_cannot_show_is_said_not_imported(tmp_path, archive):
    xml = (FIXTURES / "night-ferry-v6-vtt-alt.xml").read_text(encoding="utf-8")
    xml = xml.replace("<transcript_alt_lang>Chinese</transcript_alt_lang>",
                      "<transcript_alt_lang>French</transcript_alt_lang>")
    (tmp_path / "fr.xml").write_text(xml, encoding="utf-8")
    notes: list[str] = []
    written = import_ohms(tmp_path / "fr.xml", root=archive, notes=notes)
    assert [p.name for p in written] == [f"{FERRY}.md", f"{FERRY}.vtt"]
    assert any("translated transcript (French) was not imported" in n for n in notes)


def test_ohms6_annotations_become_footnotes():
    vtt = (
        "WEBVTT\n\nNOTE\nTRANSCRIPTION BEGIN\n\n00:00:01.000 --> 00:00:04.000\n"
        "<v LUM>  From the bakery on Qingtong <c.1>Road</c>, near the <c.2>mill</c>.\n\n"
        "NOTE\nTRANSCRIPTION END\n\nNOTE\nANNOTATIONS BEGIN\n\nNOTE\n"
        '<annotation ref="1">A state-run bakery &amp; shop.</annotation>\n'
        '<annotation ref="2" annotationType="wikidata" wiki_name="Mill">Mill</annotation>\n\n'
        "NOTE\nANNOTATIONS END\n"
    )
    problems: list[str] = []
    got = vtt_cues(vtt, problems=problems)
    assert [(c.text, c.notes) for c in got] == [
        ("From the bakery on Qingtong Road[1], near the mill.",
         ("[1] A state-run bakery & shop.",))]
    assert problems == ["1 annotation(s) that are not footnotes were not imported"]


def test_footnotes_out_and_back_when_a_marker_is_missing_or_a_number_repeats():
    cues_in = [
        Cue(0.0, 1.0, None, "<b>APPENDIX: PRICES</b>", notes=("[4] Prices in fen.",)),
        Cue(1.0, 2.0, "A", "Road[1], and [2] then", notes=("[1] a", "[2] b", "[1] again")),
    ]
    out, annotations = annotate(cues_in)
    assert [c.text for c in out] == [
        "<b>APPENDIX: <c.4>PRICES</c></b>",  # no marker: the last word, inside the bold
        "<c.1>Road</c>, and <c.2>[2]</c> <c.5>then</c>",  # a repeated number gets a free one
    ]
    assert annotations == [(4, "Prices in fen."), (1, "a"), (2, "b"), (5, "again")]
    vtt = "WEBVTT\n\n" + "\n\n".join(
        f"00:00:0{int(c.start)}.000 --> 00:00:0{int(c.end)}.000\n{c.text}" for c in out
    ) + "\n\nNOTE\nANNOTATIONS BEGIN\n\nNOTE\n" + "\n".join(
        f'<annotation ref="{r}">{t}</annotation>' for r, t in annotations
    ) + "\n\nNOTE\nANNOTATIONS END\n"
    back = vtt_cues(vtt)
    assert [(c.text, c.notes) for c in back] == [
        ("<b>APPENDIX: PRICES[4]</b>", ("[4] Prices in fen.",)),
        ("Road[1], and [2] then[5]", ("[1] a", "[2] b", "[5] again")),
    ]
