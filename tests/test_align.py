"""`parlour align`: typed text + recording -> timed .vtt (parlour/align/).

The sample's three recordings are espeak-ng speech whose exact cue times are in the sample's
.vtt files (scripts/make-sample-audio), so each test types the text from a sample .vtt (with
speaker labels, and time marks where a segment starts), aligns it, and compares the times
found with the known ones. No test asserts how long anything takes.
"""

from __future__ import annotations

import shutil
import statistics
from pathlib import Path

import pytest
from click.testing import CliRunner

from parlour.align import confidence
from parlour.align.engine import AlignError, voice_for, windows
from parlour.align.text import MAX_WIDTH, parse_text, read_text, split_sentences, width
from parlour.align.update import THRESHOLD, Placed, fingerprint, merge
from parlour.exchange.vtt import vtt_timestamp
from parlour.archive import Archive
from parlour.archive.checks import check_archive
from parlour.archive.loader import load_archive
from parlour.archive.transcript import Cue, format_time, read_vtt
from parlour.cli import main

REPO = Path(__file__).resolve().parents[1]
INTERVIEWS = REPO / "stories" / "interviews"
SAMPLES = ["wang-jianguo-1", "chen-guiying-1", "zhou-meifang-1"]
#: the sample's Shanghainese interviews are spoken (by espeak-ng) and typed in Mandarin
LANGUAGE = {"wang-jianguo-1": [], "chen-guiying-1": ["--language", "zh"],
            "zhou-meifang-1": ["--language", "zh"]}


def _tools() -> None:
    for tool in ("espeak-ng", "ffmpeg"):
        if not shutil.which(tool):
            pytest.skip(f"{tool} is not installed (Debian: apt-get install espeak-ng ffmpeg)")


@pytest.fixture
def archive(tmp_path) -> Path:
    """A copy of the sample archive to write into."""
    for folder in ("stories", "exhibits"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def typed(name: str) -> str:
    """The sample transcript as a volunteer would type it: a paragraph per turn, labels,
    and a time mark where a cue starts on a whole second (a segment's or quote's start)."""
    cues, _ = read_vtt(INTERVIEWS / f"{name}.vtt", "x")
    paragraphs: list[str] = []
    voice = None
    for cue in cues:
        mark = ""
        if cue.start == int(cue.start) and cue.start > 5:
            s = int(cue.start)
            mark = f"[{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}]"
        if cue.voice != voice:
            paragraphs.append(f"{cue.voice}：{mark}{cue.text}")
        else:
            paragraphs[-1] += mark + cue.text
        voice = cue.voice
    return "\n\n".join(paragraphs) + "\n"


def run(archive: Path, *args: str):
    return CliRunner().invoke(main, ["align", *args, "--root", str(archive)])


def errors_found(found: list[tuple[float, str]], name: str) -> list[float]:
    """Start error of every known cue (the aligner may cut one into several: the first)."""
    known, _ = read_vtt(INTERVIEWS / f"{name}.vtt", "x")
    errors = []
    for cue in known:
        match = next((start for start, text in found if cue.text.startswith(text)), None)
        assert match is not None, f"no aligned cue starts with the words of “{cue.text}”"
        errors.append(abs(match - cue.start))
    return errors


# --------------------------------------------------------------------------- the text


def test_labels_marks_and_clauses():
    text = ("王师傅：一九五八年，我十岁。[00:01:30]父亲是修理工。\n\n"
            "她问我：电梯装好了，谁来赔我的太阳？\n"
            "赵老师：后来呢？\n赵老师：[02:05]\n王师傅：好。\n"
            "Q: Did you move in 1958? Mr. Wang said yes.\nA: Yes.")
    pieces = parse_text(text)
    assert [(p.speaker, p.text, p.anchor) for p in pieces] == [
        ("王师傅", "一九五八年，我十岁。", None),
        ("王师傅", "父亲是修理工。", 90),
        # used once and not a known name: words before a colon in speech, not a speaker
        ("王师傅", "她问我：电梯装好了，谁来赔我的太阳？", None),
        ("赵老师", "后来呢？", None),
        ("王师傅", "好。", 125),  # a mark at the end of a paragraph anchors the next one
        ("Q", "Did you move in 1958?", None),
        ("Q", "Mr. Wang said yes.", None),
        ("A", "Yes.", None),
    ]
    assert parse_text("她问我：好。", known={"她问我"})[0].speaker == "她问我"


def test_a_long_sentence_is_cut_at_its_commas_into_phone_sized_cues():
    sentence = "搬家那天用黄鱼车拉了两趟，一张大床，一只樟木箱，一只煤球炉，" * 3 + "都在。"
    parts = split_sentences(sentence)
    assert len(parts) >= 2 and "".join(parts) == sentence
    assert all(width(p) <= MAX_WIDTH for p in parts)
    assert all(p.endswith(("，", "。")) for p in parts)
    # a sentence that fits stays whole (the sample's quote q1 is one cue)
    q1 = "当售票员，眼睛要看站牌，耳朵要听乘客，嘴巴要报站，手里还要撕票。"
    assert split_sentences(q1) == [q1]


def test_time_marks_cut_the_recording_into_windows():
    marks = [5.0, None, 20.0, 10.0, None, 99.0]
    # a mark on the first cue starts the first window; one going back in time, or beyond
    # the recording, is ignored
    assert list(windows(6, marks, 30.0)) == [(5.0, 20.0, range(0, 2)), (20.0, 30.0, range(2, 6))]
    assert list(windows(2, [None, None], 30.0)) == [(0.0, 30.0, range(0, 2))]


def test_gbk_text_is_read(tmp_path):
    text = "王师傅：一九五八年，我十岁。\n"
    (tmp_path / "gbk.txt").write_bytes(text.encode("gbk"))
    (tmp_path / "utf8.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert read_text(tmp_path / "gbk.txt") == text
    assert read_text(tmp_path / "utf8.txt") == text


# --------------------------------------------------------------------------- aligning


@pytest.mark.parametrize("name", SAMPLES)
def test_the_sample_recordings_align_and_pass_check(archive, name):
    _tools()
    folder = archive / "stories" / "interviews"
    (folder / f"{name}.vtt").unlink()
    text = archive / f"{name}.txt"
    # one of them typed on a Chinese Windows: GBK
    text.write_bytes(typed(name).encode("gbk" if name == "chen-guiying-1" else "utf-8"))
    result = run(archive, name, "--text", str(text), *LANGUAGE[name])
    assert result.exit_code == 0, result.output
    cues, problems = read_vtt(folder / f"{name}.vtt", "x")
    assert not problems
    found = [(c.start, c.text) for c in cues]
    errors = errors_found(found, name)
    assert statistics.median(errors) <= 0.3 and max(errors) <= 1.0, errors
    # voices from the labels, as typed
    known, _ = read_vtt(INTERVIEWS / f"{name}.vtt", "x")
    assert {c.voice for c in cues} == {c.voice for c in known}
    # a marked cue starts at (about) its mark: the window starts there
    for cue in known:
        if cue.start == int(cue.start) and cue.start > 5:
            match = next(c for c in cues if cue.text.startswith(c.text))
            assert match.start == pytest.approx(cue.start, abs=0.3)
    problems = [p for p in check_archive(archive) if p.severity == "error"]
    assert problems == []


def test_q_and_a_labels_become_the_interviewer_and_narrator(archive):
    _tools()
    name = "wang-jianguo-1"
    text = typed(name).replace("赵老师：", "Q: ").replace("王师傅：", "A: ")
    (archive / "t.txt").write_text(text, encoding="utf-8")
    (archive / "stories" / "interviews" / f"{name}.vtt").unlink()
    # an interview that names no transcript yet gets one
    md = archive / "stories" / "interviews" / f"{name}.md"
    md.write_text(md.read_text(encoding="utf-8").replace(f"transcript: {name}.vtt\n", ""),
                  encoding="utf-8")
    result = run(archive, name, "--text", str(archive / "t.txt"))
    assert result.exit_code == 0, result.output
    assert f"transcript: {name}.vtt" in md.read_text(encoding="utf-8")
    cues, _ = read_vtt(archive / "stories" / "interviews" / f"{name}.vtt", "x")
    # ids: the archive's views show each as its consent allows (parlour/archive/consent.py)
    assert [c.voice for c in cues[:2]] == ["zhao-min", "wang-jianguo"]
    assert not [p for p in check_archive(archive) if p.severity == "error"]
    view = Archive(load_archive(archive), audience="public")
    shown = view.transcript(view.get("interviews", name), "zh")
    assert [c.voice for c in shown[:2]] == [view.person_label("zhao-min", "zh"),
                                            view.person_label("wang-jianguo", "zh")]
    assert not {"zhao-min", "wang-jianguo"} & {c.voice for c in shown}


def test_a_transcript_with_times_is_not_overwritten_without_force(archive):
    vtt = archive / "stories" / "interviews" / "wang-jianguo-1.vtt"
    before = vtt.read_bytes()
    (archive / "t.txt").write_text(typed("wang-jianguo-1"), encoding="utf-8")
    result = run(archive, "wang-jianguo-1", "--text", str(archive / "t.txt"))
    assert result.exit_code == 1 and "already has times" in result.output
    assert "--force" in result.output and "Traceback" not in result.output
    assert vtt.read_bytes() == before
    _tools()
    result = run(archive, "wang-jianguo-1", "--text", str(archive / "t.txt"), "--force")
    assert result.exit_code == 0, result.output
    backups = list((archive / ".parlour-backups").iterdir())
    assert len(backups) == 1 and backups[0].read_bytes() == before
    assert vtt.read_bytes() != before
    # the backup is outside stories/: the archive does not read it
    assert not [p for p in check_archive(archive) if p.severity == "error"]


def test_update_keeps_unchanged_cues_and_retimes_changed_ones(archive):
    _tools()
    name = "wang-jianguo-1"
    vtt = archive / "stories" / "interviews" / f"{name}.vtt"
    vtt.unlink()
    (archive / "t.txt").write_text(typed(name), encoding="utf-8")
    assert run(archive, name, "--text", str(archive / "t.txt")).exit_code == 0
    aligned, _ = read_vtt(vtt, "x")
    lines = vtt.read_text(encoding="utf-8").split("\n")

    def shift(cue, by: float) -> None:
        lines[cue.line - 1] = f"{vtt_timestamp(cue.start + by)} --> {vtt_timestamp(cue.end + by)}"

    kept, edited, far = aligned[3], aligned[6], aligned[9]
    shift(kept, 0.4)  # a person's small correction, within the threshold: kept
    shift(far, THRESHOLD + 4)  # far off: the new alignment wins
    shift(edited, 0.4)
    lines[edited.line] = lines[edited.line].replace("一九六八年", "一九六八年春天")
    vtt.write_text("\n".join(lines), encoding="utf-8")
    result = run(archive, name, "--update")
    assert result.exit_code == 0, result.output
    assert "2 of" in result.output  # cues re-timed: the edited one and the far one
    after, problems = read_vtt(vtt, "x")
    assert not problems and len(after) == len(aligned)
    assert after[3].start == pytest.approx(kept.start + 0.4, abs=0.001)
    assert after[9].start == pytest.approx(far.start, abs=0.1)
    assert after[6].start == pytest.approx(edited.start, abs=0.1)
    assert "春天" in after[6].text
    # the edited cue's fingerprint follows its new words, so a next update keeps it
    ident = vtt.read_text(encoding="utf-8").split("\n")[after[6].line - 2]
    assert ident.endswith(fingerprint(after[6].voice, after[6].text))
    assert all(a.end <= b.start for a, b in zip(after, after[1:]))


def test_update_retimes_a_cue_added_by_hand():
    lines = ["WEBVTT", "", f"1-{fingerprint('A', 'one')}", "00:00:01.000 --> 00:00:02.000",
             "<v A>one", "", "00:00:02.500 --> 00:00:03.000", "<v A>two"]
    old = [Cue(1.0, 2.0, "A", "one", 4), Cue(2.5, 3.0, "A", "two", 7)]
    fresh = [Placed(1.2, 2.0, "A", "one"), Placed(2.9, 3.5, "A", "two")]
    placed, moved = merge(old, lines, fresh)
    assert moved == [False, True] and placed[0].start == 1.0 and placed[1].start == 2.9
    # a file without fingerprints (typed with times, imported) counts as unchanged
    plain = [line for line in lines if not line.startswith("1-")]
    old = [Cue(1.0, 2.0, "A", "one", 3), Cue(2.5, 3.0, "A", "two", 6)]
    assert merge(old, plain, fresh)[1] == [False, False]


def test_a_language_without_a_voice_is_a_clear_error(archive):
    _tools()
    (archive / "t.txt").write_text(typed("chen-guiying-1"), encoding="utf-8")
    (archive / "stories" / "interviews" / "chen-guiying-1.vtt").unlink()
    result = run(archive, "chen-guiying-1", "--text", str(archive / "t.txt"))
    assert result.exit_code == 1
    assert "no voice for the language “wuu”" in result.output
    assert "cmn" in result.output and "yue" in result.output and "--language" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    with pytest.raises(AlignError, match="no voice"):
        voice_for("xx-nope")
    assert voice_for("zh") == "cmn-latn-pinyin" and voice_for("yue") == "yue"
    assert voice_for("en") == "en"


def test_a_missing_interview_or_text_is_a_clear_error(archive):
    result = run(archive, "nobody-1")
    assert result.exit_code == 1 and "no interview “nobody-1”" in result.output
    (archive / "stories" / "interviews" / "wang-jianguo-1.vtt").unlink()
    result = run(archive, "wang-jianguo-1")
    assert result.exit_code == 1 and "no typed transcript" in result.output


# --------------------------------------------------------------------------- confidence


def test_a_squeezed_or_poorly_matched_cue_is_unsure():
    times = [(0, 3, 3, 1.0), (4, 7, 3, 1.1), (8, 8.9, 3, 1.0), (10, 13, 3, 1.0),
             (14, 17, 3, 2.5)]
    reasons = confidence.assess(times, ["a"] * 5)
    assert reasons[0] is reasons[1] is reasons[3] is None
    assert "pace" in reasons[2] and "poorly" in reasons[4]


VTT = """WEBVTT

{note}
00:00:01.000 --> 00:00:02.000
<v 赵老师>王师傅，您是哪一年搬进七号楼的？

00:00:04.000 --> 00:00:05.000
<v 王师傅>一九五八年。
"""


def test_check_warns_about_unsure_cues_until_checked(archive):
    vtt = archive / "stories" / "interviews" / "wang-jianguo-1.vtt"

    def unsure() -> list:
        return [p for p in check_archive(archive) if p.code == "vtt-unsure"]

    assert unsure() == []
    vtt.write_text(VTT.format(note=confidence.note("matched at 3.0 times the usual pace",
                                                   format_time(1)) + "\n"), encoding="utf-8")
    found = unsure()
    assert [(p.path, p.line, p.severity) for p in found] == [
        ("stories/interviews/wang-jianguo-1.vtt", 5, "warning")]  # the cue's timing line
    assert "3.0 times" in found[0].message and "--accept" in found[0].hint
    text = vtt.read_text(encoding="utf-8")
    # a person listened and added a line: confirmed
    vtt.write_text(text.replace("\n00:00:01", "NOTE checked\n\n00:00:01", 1), encoding="utf-8")
    assert unsure() == []
    vtt.write_text(text, encoding="utf-8")
    result = run(archive, "wang-jianguo-1", "--accept")
    assert result.exit_code == 0, result.output
    assert "1 unsure cue(s) marked as checked" in result.output
    assert unsure() == []
