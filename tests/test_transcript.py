"""Transcripts and recordings: the WebVTT reader, durations, the cross checks and the HTML
(the rows transcript_rows gives, through the transcript template)."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import wave
from pathlib import Path

import pytest
from parlour.archive.loader import load_archive
from parlour.archive.problems import ERROR, WARNING
from parlour.archive.transcript import (
    AudioError,
    Cue,
    audio_duration,
    check_interviews,
    format_time,
    parse_time,
    parse_vtt,
    read_vtt,
    transcript_rows,
)
from parlour.record_pages import Transcript
from parlour.templating import Renderer

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"


def _read(name: str):
    return read_vtt(FIXTURES / name, f"stories/interviews/{name}")


# --------------------------------------------------------------------------- reading


def test_good_transcript_cues_voices_and_text():
    cues, problems = _read("good.vtt")
    assert problems == []
    assert cues == [
        Cue(0.0, 3.5, "李美芳", "王师傅，您的铺子是哪一年开的？", 12),
        Cue(4.0, 9.25, "王师傅", "1978年。一张小桌子，\n一只打气筒。", 15),
        Cue(9.25, 12.0, "王师傅", "弄堂口，right there & nowhere else.", 19),
        Cue(62.5, 65.0, None, "（笑）", 22),
    ]


def test_good_transcript_agrees_with_webvtt_py():
    """webvtt-py, an independent reader, finds the same times, voices and text."""
    webvtt = pytest.importorskip("webvtt")
    theirs = webvtt.read(str(FIXTURES / "good.vtt"))
    ours, _ = _read("good.vtt")
    assert len(theirs) == len(ours)
    for caption, cue in zip(theirs, ours, strict=True):
        assert caption.start_in_seconds == int(cue.start)
        assert caption.voice == cue.voice
        # webvtt-py leaves character references (&amp;) as written; we decode them
        assert caption.text.replace("&amp;", "&").replace("</v>", "") == cue.text


def test_bom_and_crlf(tmp_path):
    path = tmp_path / "x.vtt"
    body = "WEBVTT\r\n\r\n00:00.000 --> 00:01.500\r\n<v 王师傅>Windows 换行。\r\n\r\n" \
        "00:01.500 --> 00:02.000\r\n第二句。\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    cues, problems = read_vtt(path, "x.vtt")
    assert problems == []
    assert [(c.start, c.end, c.voice, c.text, c.line) for c in cues] == [
        (0.0, 1.5, "王师傅", "Windows 换行。", 3),
        (1.5, 2.0, None, "第二句。", 6),
    ]


def test_timing_line_right_after_header_and_no_blank_line_between_cues():
    text = "WEBVTT\n00:00.000 --> 00:01.000\n一\n00:01.000 --> 00:02.000\n二\n"
    cues, problems = parse_vtt(text, "x.vtt")
    assert problems == []
    assert [(c.text, c.line) for c in cues] == [("一", 2), ("二", 4)]


def test_hours_and_entities():
    text = "WEBVTT\n\n01:02:03.500 --> 01:02:05.000\n&lt;script&gt; 不是标签\n"
    cues, problems = parse_vtt(text, "x.vtt")
    assert problems == []
    assert cues[0].start == 3723.5
    assert cues[0].text == "<script> 不是标签"


# name -> [(code, line, severity)], each the whole list of problems for the file
SYNTAX_CASES = {
    "no-header.vtt": [("vtt-syntax", 1, ERROR)],
    "bad-arrow.vtt": [("vtt-syntax", 6, ERROR)],
    "bad-time.vtt": [("vtt-syntax", 8, ERROR)],
    "srt-comma.vtt": [("vtt-syntax", 3, ERROR)],
    "end-before-start.vtt": [("vtt-syntax", 7, ERROR)],
    "out-of-order.vtt": [("vtt-order", 6, WARNING)],
    "empty-cue.vtt": [("vtt-syntax", 6, WARNING)],
    "several.vtt": [
        ("vtt-syntax", 1, ERROR),
        ("vtt-syntax", 3, ERROR),
        ("vtt-syntax", 6, ERROR),
        ("vtt-syntax", 9, WARNING),
        ("vtt-syntax", 11, ERROR),
    ],
}


@pytest.mark.parametrize("name", sorted(SYNTAX_CASES))
def test_syntax_problems_at_their_line(name):
    _, problems = _read(name)
    assert [(p.code, p.line, p.severity) for p in problems] == SYNTAX_CASES[name]
    for p in problems:
        assert p.path == f"stories/interviews/{name}"
        assert p.message and p.hint
        assert "Traceback" not in p.message


def test_syntax_messages_are_specific():
    (arrow,) = _read("bad-arrow.vtt")[1]
    assert "-->" in arrow.message
    (time,) = _read("bad-time.vtt")[1]
    assert "“1:2:3” is not a WebVTT time" == time.message
    (comma,) = _read("srt-comma.vtt")[1]
    assert ".srt" in comma.hint
    (order,) = _read("out-of-order.vtt")[1]
    assert "line 3" in order.message


def test_good_cues_survive_around_bad_ones():
    cues, _ = _read("bad-arrow.vtt")
    assert [c.text for c in cues] == ["第一句。", "第三句。"]
    cues, _ = _read("out-of-order.vtt")
    assert len(cues) == 2  # out of order is a warning; both cues still count


def test_unreadable_inputs_are_problems(tmp_path):
    gbk = tmp_path / "gbk.vtt"
    gbk.write_bytes("WEBVTT\n\n00:00.000 --> 00:01.000\n王师傅\n".encode("gbk"))
    _, problems = read_vtt(gbk, "gbk.vtt")
    assert [(p.code, p.line) for p in problems] == [("bad-encoding", 4)]
    empty = tmp_path / "empty.vtt"
    empty.write_bytes(b"")
    assert [p.code for p in read_vtt(empty, "empty.vtt")[1]] == ["vtt-syntax"]
    assert [p.code for p in read_vtt(tmp_path / "nope.vtt", "nope.vtt")[1]] == ["unreadable"]


# --------------------------------------------------------------------------- times


@pytest.mark.parametrize(
    "seconds, text",
    [(0, "00:00"), (12.7, "00:12"), (723, "12:03"), (3599.9, "59:59"), (3723, "1:02:03"),
     (36000, "10:00:00")],
)
def test_format_time(seconds, text):
    assert format_time(seconds) == text


@pytest.mark.parametrize(
    "text, seconds",
    [("12:03", 723.0), ("1:02:03.5", 3723.5), ("723", 723.0), ("t=723", 723.0),
     ("#t=12:03", 723.0), ("t=12:03", 723.0), ("#t=npt:10.5,20", 10.5), ("00:12", 12.0),
     ("75:00", 4500.0)],
)
def test_parse_time(text, seconds):
    assert parse_time(text) == seconds


@pytest.mark.parametrize("text", ["", "abc", "12:60", "1:60:00", "t=", "-3"])
def test_parse_time_refuses(text):
    with pytest.raises(ValueError):
        parse_time(text)


def test_format_and_parse_round_trip():
    for seconds in (0, 5, 59, 60, 723, 3599, 3600, 3723, 86399):
        assert parse_time(format_time(seconds)) == seconds


# --------------------------------------------------------------------------- recordings


def _wav(path: Path, seconds: float = 2.0, rate: int = 8000) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\x00\x00" * int(seconds * rate))
    return path


def _m4a(path: Path, seconds: float = 2.0) -> Path:
    """The smallest M4A mutagen reads: ftyp, and a sound track whose mdhd holds the length.

    No encoder for AAC is packaged everywhere, and the length is all Parlour reads.
    """

    def atom(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", 8 + len(body)) + kind + body

    scale = 44100
    times = struct.pack(">BxxxIIII", 0, 0, 0, scale, int(seconds * scale))
    mdhd = atom(b"mdhd", times + b"\x55\xc4\0\0")  # + language und, quality
    hdlr = atom(b"hdlr", b"\0" * 8 + b"soun" + b"\0" * 12 + b"SoundHandler\0")
    moov = atom(b"moov", atom(b"trak", atom(b"mdia", mdhd + hdlr)))
    ftyp = atom(b"ftyp", b"M4A \0\0\0\0M4A isom")
    path.write_bytes(ftyp + moov)
    return path


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed (Debian: apt-get install sox libsox-fmt-all "
                    "opus-tools); this format is not tested")
    return found


def test_wav_duration(tmp_path):
    assert audio_duration(_wav(tmp_path / "x.wav")) == pytest.approx(2.0, abs=0.01)


def test_m4a_duration(tmp_path):
    assert audio_duration(_m4a(tmp_path / "x.m4a")) == pytest.approx(2.0, abs=0.01)


@pytest.mark.parametrize("suffix", ["ogg", "mp3"])
def test_sox_durations(tmp_path, suffix):
    sox = _tool("sox")
    out = tmp_path / f"x.{suffix}"
    result = subprocess.run(
        [sox, "-n", "-r", "44100", "-c", "1", str(out), "synth", "2.0", "sine", "440"],
        check=False, capture_output=True, text=True,
    )
    if result.returncode != 0 or not out.exists():
        pytest.skip(f"sox cannot write .{suffix} here (libsox-fmt-all missing): {result.stderr}")
    # MP3 frames round the length up a little
    assert audio_duration(out) == pytest.approx(2.0, abs=0.08)


def test_opus_duration(tmp_path):
    opusenc = _tool("opusenc")
    out = tmp_path / "x.opus"
    subprocess.run([opusenc, "--quiet", str(_wav(tmp_path / "x.wav", rate=48000)), str(out)],
                   check=True)
    assert audio_duration(out) == pytest.approx(2.0, abs=0.02)


def test_unreadable_audio_raises_audio_error(tmp_path):
    noise = tmp_path / "x.ogg"
    noise.write_bytes(os.urandom(4096))
    with pytest.raises(AudioError) as info:
        audio_duration(noise)
    assert "x.ogg" in str(info.value)
    text = tmp_path / "notes.mp3"
    text.write_text("这不是录音", encoding="utf-8")
    with pytest.raises(AudioError):
        audio_duration(text)
    unknown = tmp_path / "x.xyz"
    unknown.write_bytes(b"plain bytes, no known header")
    with pytest.raises(AudioError) as info:
        audio_duration(unknown)
    assert info.value.known_format is False


# --------------------------------------------------------------------------- cross checks

PERSON = """\
name: 王建国
display_name: 王师傅
consent:
  level: public
  recorded: 2024-05-01
"""

INTERVIEW = """\
---
title: 修车铺的三十年
narrator: p
date: 2024-05-12
audio: {audio}
transcript: x.vtt
segments:
  - start: "0:01"
    title: 开铺子
  - start: "12:03"
    title: 弄堂口的电话
quotes:
  - id: q1
    text: 那时候一条弄堂只有一部电话。
    at: "0:01"
  - id: q2
    text: 修车修的是人情。
    at: "14:40"
---
访谈在王师傅家里录的。
"""


def _archive(tmp_path: Path, *, audio: str = "x.wav", vtt: str = "beyond.vtt") -> Path:
    root = tmp_path / "archive"
    (root / "stories" / "people").mkdir(parents=True)
    (root / "stories" / "interviews").mkdir()
    (root / "stories" / "media").mkdir()
    (root / "stories" / "people" / "p.yml").write_text(PERSON, encoding="utf-8")
    (root / "stories" / "interviews" / "x.md").write_text(
        INTERVIEW.format(audio=audio), encoding="utf-8"
    )
    if vtt:
        shutil.copy(FIXTURES / vtt, root / "stories" / "interviews" / "x.vtt")
    return root


def _check(root: Path):
    loaded = load_archive(root)
    assert [p for p in loaded.problems if p.severity == ERROR] == []
    return check_interviews(loaded, media_root=root / "stories" / "media")


def test_cue_segment_and_quote_beyond_the_recording(tmp_path):
    root = _archive(tmp_path)
    _wav(root / "stories" / "media" / "x.wav", seconds=10.0)
    problems = _check(root)
    got = sorted((p.path, p.line, p.code) for p in problems)
    assert got == [
        ("stories/interviews/x.md", 10, "time-beyond-audio"),  # segments[1].start 12:03
        ("stories/interviews/x.md", 18, "time-beyond-audio"),  # quotes[1].at 14:40
        ("stories/interviews/x.vtt", 9, "vtt-beyond-audio"),  # 00:04.000 --> 00:20.000
    ]
    cue = next(p for p in problems if p.code == "vtt-beyond-audio")
    assert cue.message == (
        "this cue ends at 00:20 but the recording stories/media/x.wav is 00:10 long"
    )
    segment = next(p for p in problems if p.line == 10)
    assert "12:03" in segment.message and "00:10" in segment.message


def test_tolerance_and_close_times_are_told_apart(tmp_path):
    text = "WEBVTT\n\n00:00.000 --> 00:10.400\n一\n\n00:10.400 --> 00:10.900\n二\n"
    root = _archive(tmp_path, vtt="")
    (root / "stories" / "interviews" / "x.vtt").write_text(text, encoding="utf-8")
    _wav(root / "stories" / "media" / "x.wav", seconds=10.3)
    problems = [p for p in _check(root) if p.code == "vtt-beyond-audio"]
    assert [p.line for p in problems] == [6]  # 10.4 is within 0.5 s of 10.3; 10.9 is not
    assert "ends at 00:10.9" in problems[0].message and "is 00:10.3 long" in problems[0].message


def test_syntax_problems_come_with_the_vtt_path(tmp_path):
    root = _archive(tmp_path, vtt="bad-arrow.vtt")
    _wav(root / "stories" / "media" / "x.wav", seconds=900)
    assert [(p.path, p.line, p.code) for p in _check(root)] == [
        ("stories/interviews/x.vtt", 6, "vtt-syntax")
    ]


def test_corrupt_audio_is_reported_at_the_audio_line(tmp_path):
    root = _archive(tmp_path, audio="x.ogg", vtt="good.vtt")
    (root / "stories" / "media" / "x.ogg").write_bytes(os.urandom(2048))
    problems = _check(root)
    assert [(p.path, p.line, p.column, p.code) for p in problems] == [
        ("stories/interviews/x.md", 5, 1, "audio-unreadable")
    ]
    assert "x.ogg" in problems[0].message and problems[0].hint


def test_missing_or_outside_files_are_left_to_the_media_check(tmp_path):
    root = _archive(tmp_path, vtt="")
    assert _check(root) == []  # no x.wav, no x.vtt: media-missing says so elsewhere
    root = _archive(tmp_path / "b", audio="../people/p.yml")
    assert _check(root) == []  # media-outside says so; we never read outside media/


def test_partial_records_are_checked(tmp_path):
    root = _archive(tmp_path, vtt="bad-time.vtt")
    md = root / "stories" / "interviews" / "x.md"
    md.write_text(md.read_text(encoding="utf-8").replace("date: 2024-05-12", "date: someday"),
                  encoding="utf-8")
    loaded = load_archive(root)
    assert ("interviews", "x") in loaded.partial
    problems = check_interviews(loaded, media_root=root / "stories" / "media")
    assert [(p.path, p.line) for p in problems] == [("stories/interviews/x.vtt", 8)]


# --------------------------------------------------------------------------- HTML


def _label(voice: str | None) -> str:
    return {"王建国": "王师傅"}.get(voice or "", voice or "")


def transcript_html(cues, *, label, lang_attr: str = "zh") -> str:
    """The transcript as the interview page shows it: its rows through its template."""
    if not cues:
        return ""
    view = Transcript(transcript_rows(cues, label=label), lang_attr, None)
    return Renderer().render("parlour/partials/transcript.html", transcript=view).strip()


def test_transcript_html_exact_structure():
    cues = [
        Cue(12.5, 15.2, "王建国", "第一句", 3),
        Cue(15.2, 20.0, "王建国", "第二句\n换行", 6),
        Cue(20.0, 25.0, "李美芳", "问题", 10),
        Cue(3725.0, 3730.0, None, "（笑）", 13),
    ]
    assert transcript_html(cues, label=_label) == (
        '<ol class="parlour-cues" data-parlour-transcript lang="zh">\n'
        '<li class="parlour-cue" id="t-12-5" data-start="12.5" data-end="15.2">'
        '<a class="parlour-cue-time" href="#t=00:12">00:12</a> '
        '<span class="parlour-cue-voice">王师傅</span> '
        '<span class="parlour-cue-text">第一句</span></li>\n'
        '<li class="parlour-cue" id="t-15-2" data-start="15.2" data-end="20">'
        '<a class="parlour-cue-time" href="#t=00:15">00:15</a> '
        '<span class="parlour-cue-text">第二句<br>换行</span></li>\n'
        '<li class="parlour-cue" id="t-20" data-start="20" data-end="25">'
        '<a class="parlour-cue-time" href="#t=00:20">00:20</a> '
        '<span class="parlour-cue-voice">李美芳</span> '
        '<span class="parlour-cue-text">问题</span></li>\n'
        '<li class="parlour-cue" id="t-3725" data-start="3725" data-end="3730">'
        '<a class="parlour-cue-time" href="#t=1:02:05">1:02:05</a> '
        '<span class="parlour-cue-text">（笑）</span></li>\n'
        "</ol>"
    )


def test_transcript_html_escapes_everything():
    cues = [Cue(0, 1, '<b onclick="x">', "<script>alert('x')</script> & \"q\"", 3)]
    out = transcript_html(cues, label=lambda v: v or "", lang_attr='en"><script>')
    assert "<script>" not in out
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;q&#34;" in out
    assert '<span class="parlour-cue-voice">&lt;b onclick=&#34;x&#34;&gt;</span>' in out
    assert 'lang="en&#34;&gt;&lt;script&gt;"' in out


def test_transcript_html_ids_unique():
    cues = [Cue(1.0, 2.0, None, "a", 3), Cue(1.0, 2.0, None, "b\n\nc", 6),
            Cue(1.0, 2.0, None, "d", 9)]
    rows = transcript_rows(cues, label=_label)
    assert [row.id for row in rows] == ["t-1", "t-1-2", "t-1-3"]
    out = transcript_html(cues, label=_label)
    ids = [part.split('"')[0] for part in out.split(' id="')[1:]]
    assert ids == ["t-1", "t-1-2", "t-1-3"]
    assert transcript_rows([], label=_label) == []


def test_label_decides_the_name_and_repeats_compare_voices_not_labels():
    # Two people without name consent both show as 一位居民: each change of speaker is shown.
    cues = [Cue(0, 1, "甲", "一", 3), Cue(1, 2, "乙", "二", 6), Cue(2, 3, "乙", "三", 9)]
    out = transcript_html(cues, label=lambda v: "一位居民")
    assert out.count('<span class="parlour-cue-voice">一位居民</span>') == 2
    assert "甲" not in out and "乙" not in out
