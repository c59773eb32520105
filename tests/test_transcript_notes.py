"""What OHMS transcripts brought into the archive (issue 18, build item 1), on the archive's
side: footnotes attached to their cues, headings, translated transcripts, and an interview's
rights and provenance, read, checked, relabelled and rendered. No build here: the built pages
are in test_ohms_archives.py."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from parlour.archive import Archive
from parlour.archive.checks import check_archive
from parlour.archive.loader import load_archive
from parlour.archive.model import Interview
from parlour.archive.problems import WARNING
from parlour.archive.transcript import parse_vtt, transcript_rows
from parlour.record_pages import Transcript
from parlour.templating import Renderer
from tests.sample import write_files

TODAY = datetime.date(2026, 11, 30)

VTT = """\
WEBVTT

NOTE
Transcribed by the Tuesday group; check the name of the shop.

NOTE [1] The Qingtong Road bakery, a state-run bakery, closed in 1996.

00:00.000 --> 00:05.000
<v LUM>The bread came from the bakery on Qingtong Road[1] at half past five.

00:05.000 --> 00:06.000
<b>APPENDIX: BREAD PRICES</b>

00:06.000 --> 00:09.000
<v LUM>White loaf, 1979: 14 fen

NOTE [2] <script>alert(1)</script> & a grain coupon
"""




def test_a_footnote_is_the_note_before_its_cue_and_other_notes_stay_comments():
    cues, problems = parse_vtt(VTT, "stories/interviews/x.vtt")
    assert cues[0].notes == ("[1] The Qingtong Road bakery, a state-run bakery, closed in 1996.",)
    # the transcriber's remark is a comment: never a note anyone sees
    assert not any("Tuesday group" in note for cue in cues for note in cue.notes)
    assert cues[1].notes == ()
    # a footnote after the last cue still belongs to it, and the contributor is told
    assert cues[2].notes == ("[2] <script>alert(1)</script> & a grain coupon",)
    assert [(p.code, p.line, p.severity) for p in problems] == [("vtt-footnote", 17, WARNING)]


def test_a_bold_cue_without_a_voice_is_a_heading():
    cues, _ = parse_vtt(VTT, "x.vtt")
    assert [c.heading for c in cues] == [False, True, False]
    assert cues[1].text == "APPENDIX: BREAD PRICES" and cues[1].voice is None
    spoken, _ = parse_vtt("WEBVTT\n\n00:00.000 --> 00:01.000\n<v A><b>NO.</b>\n", "x.vtt")
    assert not spoken[0].heading  # a speaker's bold answer is still speech


def test_rows_carry_notes_and_headings_and_a_heading_names_the_next_speaker_again():
    cues, _ = parse_vtt(VTT, "x.vtt")
    rows = transcript_rows(cues, label=lambda voice: voice or "")
    assert [(r.voice, r.heading, len(r.notes)) for r in rows] == [
        ("LUM", False, 1), (None, True, 0), ("LUM", False, 1)]


def test_page_shows_each_footnote_next_to_its_line_escaped_and_headings_strong():
    cues, _ = parse_vtt(VTT, "x.vtt")
    view = Transcript(transcript_rows(cues, label=lambda voice: voice or ""), "en", None)
    html = Renderer().render("parlour/partials/transcript.html", transcript=view)
    items = html.split("<li ")[1:]
    assert "Qingtong Road[1]" in items[0]
    assert '<small class="parlour-cue-note" role="note">[1] The Qingtong Road bakery' in items[0]
    assert 'class="parlour-cue parlour-cue--heading"' in items[1]
    assert "<strong>APPENDIX: BREAD PRICES</strong>" in items[1]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; a grain coupon" in items[2]
    assert "<script>" not in html
    assert "Tuesday group" not in html


def test_rights_provenance_and_translations_are_declared_in_the_model():
    record = Interview.model_validate({
        "title": "t", "narrator": "a", "date": "2012", "language": "en",
        "transcript": "t.vtt", "transcript_translations": [{"lang": "zh", "file": "t.zh.vtt"}],
        "rights": {"en": "Copyright 2012."},
        "provenance": {"zh": "从 OHMS 导入。", "en": "Imported from OHMS."},
    })
    assert record.transcript_translations[0].file == "t.zh.vtt"
    assert record.rights == {"en": "Copyright 2012."}
    with pytest.raises(ValidationError, match="lang"):
        Interview.model_validate({"title": "t", "narrator": "a", "date": "2012",
                                  "transcript_translations": [{"lang": "fr", "file": "x.vtt"}]})


@pytest.fixture()
def translated(tmp_path) -> Path:
    return write_files(tmp_path, {
        "stories/people/koh.yml": "name: Daniel Koh\nconsent: {level: public}\n",
        "stories/people/shy.yml": "name: 不公开\nconsent: {level: public, transcript: community}\n",
        "stories/interviews/ferry.md": """
            ---
            title: {en: The night ferry}
            narrator: koh
            date: 2016-10-04
            language: en
            transcript: ferry.vtt
            transcript_translations: [{lang: zh, file: ferry.zh.vtt}]
            rights: {en: Copyright 2016 Wutong Li Community Archive.}
            provenance: {zh: 从 OHMS 6.0 导出文件导入。, en: Imported from an OHMS 6.0 export.}
            ---
        """,
        "stories/interviews/ferry.vtt": """
            WEBVTT

            00:00.000 --> 00:02.000
            <v Daniel Koh>The last ferry left at ten to eleven.
        """,
        "stories/interviews/ferry.zh.vtt": """
            WEBVTT

            00:00.000 --> 00:02.000
            <v Daniel Koh>末班轮渡十点五十分开。
        """,
    })


def test_each_language_reads_its_own_transcript_through_the_one_door(translated):
    archive = Archive(load_archive(translated), audience="public", today=TODAY)
    entry = archive.get("interviews", "ferry")
    assert [c.text for c in archive.transcript(entry, "en")] == [
        "The last ferry left at ten to eleven."]
    zh = archive.transcript(entry, "zh")
    assert [c.text for c in zh] == ["末班轮渡十点五十分开。"]
    assert zh[0].voice == "Daniel Koh"  # relabelled as the original's voices are
    # the translation follows the transcript's consent: withheld with it
    (translated / "stories/interviews/ferry.md").write_text(
        (translated / "stories/interviews/ferry.md").read_text().replace("narrator: koh",
                                                                          "narrator: shy"))
    archive = Archive(load_archive(translated), audience="public", today=TODAY)
    entry = archive.get("interviews", "ferry")
    assert archive.transcript(entry, "zh") is None and archive.transcript(entry, "en") is None
    assert entry.record.transcript_translations == []


def test_translations_are_checked_like_transcripts(translated):
    assert [p for p in check_archive(translated, today=TODAY) if p.severity == "error"] == []
    (translated / "stories/interviews/ferry.zh.vtt").write_text(
        "WEBVTT\n\n00:00.000 -> 00:02.000\n末班轮渡。\n\n00:03.000 --> 00:04.000\n电话 13912345678\n",
        encoding="utf-8")
    found = {(p.path, p.code) for p in check_archive(translated, today=TODAY)}
    assert ("stories/interviews/ferry.zh.vtt", "vtt-syntax") in found
    # the privacy scan reads translations too, as it reads the original
    assert ("stories/interviews/ferry.zh.vtt", "privacy-phone") in found
    (translated / "stories/interviews/ferry.zh.vtt").unlink()
    missing = [p for p in check_archive(translated, today=TODAY)
               if p.path == "stories/interviews/ferry.md" and "ferry.zh.vtt" in p.message]
    assert missing and missing[0].severity == "error"
