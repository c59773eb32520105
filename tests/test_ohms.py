"""OHMS XML import and export: fixtures shaped like real OHMS exports, and round trips."""

from __future__ import annotations

import datetime
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from parlour.archive.checks import check_archive
from parlour.cli import main
from parlour.archive.loader import split_front_matter
from parlour.archive.model import Interview
from parlour.exchange import (
    OHMSError,
    export_ohms,
    import_ohms,
    parse_sync,
    parse_vtt,
    plain_text,
    read_ohms,
    sync_cues,
)

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "ohms"
BASE = HERE / "fixtures" / "base"
TODAY = datetime.date(2026, 1, 15)

#: fixture -> (interview id it gets, narrator it is matched to)
CASES = {
    "tailor-v6-vtt.xml": ("pl2024-007", "chen-guiying"),
    "corner-shop-v5-sync.xml": ("the-corner-shop-on-lane-17", "zhou-xiaomei"),
    "bell-nons-compact.xml": ("pl-1998-07", "wang-jianguo"),
}


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def archive(tmp_path) -> Path:
    """The base sample archive plus the narrators of the OHMS fixtures."""
    root = tmp_path / "archive"
    shutil.copytree(BASE, root)
    write(root, "stories/people/chen-guiying.yml", "name: 陈桂英\nconsent: {level: public}\n")
    write(root, "stories/people/zhou-xiaomei.yml", "name: Zhou Xiaomei\nconsent: {level: public}\n")
    return root


def front_matter(path: Path) -> dict:
    yaml_text, _body, _line = split_front_matter(path.read_text(encoding="utf-8"))
    return yaml.safe_load(yaml_text)


def segments(path: Path) -> list:
    """The segments as the model reads them: (start seconds, title, synopsis, keywords, places)."""
    record = Interview.model_validate(front_matter(path))
    return [(s.start, s.title, s.synopsis, s.keywords, s.places) for s in record.segments]


def cues(path: Path) -> list:
    return [(c.start, c.end, c.voice, c.text) for c in parse_vtt(path.read_text(encoding="utf-8"))]


def errors(root: Path) -> list:
    return [p for p in check_archive(root, today=TODAY) if p.severity == "error"]


# --------------------------------------------------------------------------- what OHMS wrote


def ohms_points(xml: Path) -> list[tuple[int, str, list[str]]]:
    """The index points, read straight from the XML (not by the code under test)."""
    root = ET.parse(xml).getroot()
    out = []
    for point in root.iter():
        if point.tag.rsplit("}", 1)[-1] != "point":
            continue
        fields = {child.tag.rsplit("}", 1)[-1]: (child.text or "") for child in point}
        keywords = [k.strip() for k in fields.get("keywords", "").split(";") if k.strip()]
        out.append((int(fields["time"]), fields["title"].strip(), keywords))
    return out


def ohms_words(xml: Path) -> list[str]:
    """Every word said in the OHMS transcript, in order: the VTT cues' words, or the
    transcript's without speaker labels, time marks and footnote texts (a marker is ``[n]``
    on its word)."""
    root = ET.parse(xml).getroot()
    by_tag = {el.tag.rsplit("}", 1)[-1]: el for el in root.iter()}
    if by_tag.get("vtt_transcript") is not None and (by_tag["vtt_transcript"].text or "").strip():
        words = []
        for block in re.split(r"\n\s*\n", by_tag["vtt_transcript"].text):
            lines = block.strip().split("\n")
            if len(lines) > 1 and "-->" in lines[0]:
                text = re.sub(r"<br>", " ", " ".join(lines[1:]))
                words += re.sub(r"^<v [^>]*>\s*", "", text).split()
        return words
    text = by_tag["transcript"].text
    text = re.sub(r"\[\[footnotes\]\].*?\[\[/footnotes\]\]", "", text, flags=re.DOTALL)
    text = re.sub(r"\s*\[\[footnote\]\](\d+)\[\[/footnote\]\]", r"[\1]", text)
    text = re.sub(r"\{[0-9:]*\}", " ", text)
    return [
        word for line in text.split("\n")
        for word in re.sub(r"^([A-Z]+|[\u4e00-\u9fff]{2,4})[:：]\s*", "", line.strip()).split()
    ]


def cue_words(vtt: Path) -> list[str]:
    """Every word of a .vtt's cues, in order (a Chinese line is one word, as in OHMS)."""
    return [w for c in cues(vtt) for line in plain_text(c[3]).split("\n") for w in line.split()]


@pytest.mark.parametrize("name", CASES)
def test_import_keeps_every_index_point_and_cue(archive, name):
    xml = FIXTURES / name
    interview_id, narrator = CASES[name]
    written = import_ohms(xml, root=archive)
    md = archive / f"stories/interviews/{interview_id}.md"
    vtt = archive / f"stories/interviews/{interview_id}.vtt"
    assert written == [md, vtt]

    data = front_matter(md)
    assert data["narrator"] == narrator
    assert data["transcript"] == f"{interview_id}.vtt"
    points = ohms_points(xml)
    assert len(data["segments"]) == len(points) > 0
    for seg, (time, title, keywords) in zip(segments(md), points):
        assert seg[0] == time
        assert title in seg[1].values()
        assert seg[3][: len(keywords)] == keywords

    # not a word lost or added: only the line breaks and the cue boundaries moved
    assert "".join(cue_words(vtt)) == "".join(ohms_words(xml))
    starts = [c[0] for c in cues(vtt)]
    assert starts == sorted(starts)
    assert all(c[1] > c[0] for c in cues(vtt)), "every cue must end after it starts"

    assert errors(archive) == []


def test_vtt_import_details(archive):
    import_ohms(FIXTURES / "tailor-v6-vtt.xml", root=archive)
    data = front_matter(archive / "stories/interviews/pl2024-007.md")
    assert data["title"] == {"zh": "裁缝铺的窗口"}
    assert data["date"] == "2024-10-19"
    assert data["language"] == "zh"
    assert data["interviewers"] == ["li-meifang"]  # "Li Meifang" matched by id
    assert "audio" not in data  # the OHMS media_url is a web address: never a Parlour recording
    first, window = data["segments"][0], data["segments"][1]
    # title_alt / synopsis_alt are the English of transcript_alt_lang
    assert first["title"] == {"zh": "学手艺", "en": "Learning the trade"}
    assert first["synopsis"]["en"].startswith("At fourteen")
    # subjects follow keywords; the map point named 弄堂口 is the place lane-entrance
    assert window["keywords"][-1] == "Shanghai (China)--Social life and customs"
    assert window["places"] == ["lane-entrance"]
    got = cues(archive / "stories/interviews/pl2024-007.vtt")
    assert got[0][2] == "LI" and got[0][3] == "陈阿姨，您是哪一年开始学裁缝的？"
    assert got[3][3] == "一个月。线不能断，脚不能停。\n后来他说，手稳了，可以做袖子了。"  # <br><br>
    assert got[5][2] is None  # a cue without a voice stays without one
    assert "&amp;" in got[4][3]  # a bare & becomes valid WebVTT
    assert got[2][:2] == (41.0, 42.0)  # OHMS wrote 00:00:41.000 --> 00:00:41.000
    assert got[-1][:2] == (358.0, 400.0)  # ...and --> 00:00:00.000: it ends at <duration>


def test_sync_import_details(archive):
    notes: list[str] = []
    import_ohms(FIXTURES / "corner-shop-v5-sync.xml", root=archive, notes=notes)
    data = front_matter(archive / "stories/interviews/the-corner-shop-on-lane-17.md")
    assert data["language"] == "en" and data["title"] == {"en": "The Corner Shop on Lane 17"}
    assert data["themes"] == ["lane-life"]  # the record-level <keyword> names a theme
    assert "interviewers" not in data
    assert any("He Wen" in n for n in notes)
    assert any("zhou-corner-shop.mp3" in n for n in notes)
    got = cues(archive / "stories/interviews/the-corner-shop-on-lane-17.vtt")
    # a turn is one cue, its hard-wrapped lines joined
    assert got[0] == (0.0, got[1][0], "ZHOU", "My name is Zhou Xiaomei. I kept the corner shop "
                      "at the end of Lane 17 from 1983 until the lane was rebuilt.")
    assert got[1][2:] == ("HE", "What did the shop sell?")
    assert got[-1][1] == 228.0  # <duration>0:03:48</duration>
    # minute 1 is line 7 word 4: the long turn holding it is cut there, on the minute
    assert got[2][1] == got[3][0] == 60.0 and got[3][2] == "ZHOU"
    assert got[2][3].endswith("The public telephone") and got[3][3].startswith("sat on the")
    # minute 2 (line 13 word 6) falls in a turn's last words: it times the turn, not cut
    assert got[5][0] < 120 < got[5][1] and got[5][3].endswith("emptied on Fridays.")
    # the inline {00:02:40} mark starts the turn it stands before
    assert got[8][:3] == (160.0, got[9][0], "HE")
    assert "[1]" in got[5][3] and "[[" not in " ".join(c[3] for c in got)


def test_compact_file_without_namespace(archive):
    notes: list[str] = []
    import_ohms(FIXTURES / "bell-nons-compact.xml", root=archive, notes=notes)
    data = front_matter(archive / "stories/interviews/pl-1998-07.md")
    assert data["narrator"] == "wang-jianguo"  # <interviewee>王建国</interviewee> by name
    assert data["date"] == "1998"  # from <date_nonpreferred_format>1998年夏
    assert any("1998年夏" in n for n in notes)
    assert data["segments"][0]["places"] == ["lane-entrance"]  # an old-style <gps_text>
    assert data["segments"][1]["title"] == {"zh": "修铃铛 & 换弹簧"}
    got = cues(archive / "stories/interviews/pl-1998-07.vtt")
    assert [c[2] for c in got[:3]] == ["李美芳", "王建国", "李美芳"]
    # two wrapped Chinese lines are one paragraph, joined without a space
    assert got[1][3] == "多。每辆车的铃声都不一样，听铃声就知道是谁回来了。三楼的老张，铃按两下；对门的小李，一路按到门口。"


def test_parse_sync_as_the_ohms_viewer_reads_it():
    assert parse_sync("1:|13(3)|19(14)|27(9)") == [(13, 3, 60.0), (19, 14, 120.0), (27, 9, 180.0)]
    assert parse_sync("2:|5(1)||9(2)") == [(5, 1, 120.0), (9, 2, 360.0)]  # a gap keeps counting
    assert parse_sync("") == []
    # without duration or sync, 150 words a minute is the guess; times never go backwards
    guessed = sync_cues("A: one two three\nB: four five six seven\n", "")
    assert [c.voice for c in guessed] == ["A", "B"]
    assert guessed[0].start == 0 and guessed[0].end == guessed[1].start < guessed[1].end


# --------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("name", CASES)
def test_round_trip_keeps_every_index_point_and_cue(archive, tmp_path, name):
    interview_id, _ = CASES[name]
    import_ohms(FIXTURES / name, root=archive)
    first_md = archive / f"stories/interviews/{interview_id}.md"
    first_vtt = first_md.with_suffix(".vtt")

    exported = tmp_path / "export.xml"
    # the community export: every speaker of the fixtures may be named there (a public one
    # relabels the community-only interviewer, see test_public_export_relabels_voices)
    exported.write_text(export_ohms(interview_id, root=archive, audience="community",
                                    today=TODAY), encoding="utf-8")
    again = import_ohms(exported, root=archive, id="round-trip")
    second_md = archive / "stories/interviews/round-trip.md"
    assert again == [second_md, second_md.with_suffix(".vtt")]

    assert segments(second_md) == segments(first_md)
    assert cues(second_md.with_suffix(".vtt")) == cues(first_vtt)
    assert first_vtt.read_text() == second_md.with_suffix(".vtt").read_text()
    a, b = front_matter(first_md), front_matter(second_md)
    for key in ("title", "narrator", "date", "language", "summary", "themes"):
        assert a.get(key) == b.get(key), key
    # exporting the re-imported interview gives the same OHMS file
    assert export_ohms("round-trip", root=archive, audience="community",
                       today=TODAY) == exported.read_text().replace(
        f"<accession>{interview_id}</accession>", "<accession>round-trip</accession>"
    )
    assert errors(archive) == []


def test_export_has_the_ohms_layout(archive):
    import_ohms(FIXTURES / "tailor-v6-vtt.xml", root=archive)
    text = export_ohms("pl2024-007", root=archive, today=TODAY)
    root = ET.fromstring(text.encode())
    ns = "{https://www.weareavp.com/nunncenter/ohms}"
    assert root.tag == f"{ns}ROOT"
    record = root.find(f"{ns}record")
    tags = [child.tag.removeprefix(ns) for child in record]
    # the order of OHMS 6 exports
    order = ["version", "date", "date_nonpreferred_format", "cms_record_id", "title", "accession",
             "duration", "interviewee", "interviewer", "file_name", "transcript_alt_lang",
             "mediafile", "language", "index", "type", "description", "vtt_transcript", "fmt",
             "series_link"]
    assert [t for t in tags if t in order] == order
    assert record.get("dt") == "2026-01-15"
    assert record.find(f"{ns}date").get("value") == "2024-10-19"
    assert record.findtext(f"{ns}transcript_alt_lang") == "English"
    assert "<vtt_transcript><![CDATA[WEBVTT" in text and "TRANSCRIPTION END" in text
    point = record.find(f"{ns}index/{ns}point")
    assert [c.tag.removeprefix(ns) for c in point][:5] == [
        "time", "title", "title_alt", "partial_transcript", "partial_transcript_alt"]
    assert point.findtext(f"{ns}partial_transcript") == "LI: 陈阿姨，您是哪一年开始学裁缝的？"
    second = record.findall(f"{ns}index/{ns}point")[1]
    assert second.findtext(f"{ns}gpspoints/{ns}gps") == "31.27, 121.5"
    assert second.findtext(f"{ns}gpspoints/{ns}gps_text") == "弄堂口"


def test_export_respects_consent(archive):
    write(archive, "stories/people/chen-guiying.yml",
          "name: 陈桂英\ndisplay_name: 陈阿姨\nconsent: {level: public, name: community, "
          "transcript: community}\n")
    import_ohms(FIXTURES / "tailor-v6-vtt.xml", root=archive, narrator="chen-guiying")
    text = export_ohms("pl2024-007", root=archive, today=TODAY)
    # (the summary is free text and may name her, as it does on the site: that is the
    # summary writer's call, not the export's)
    assert "<interviewee>陈阿姨</interviewee>" in text
    assert "<vtt_transcript/>" in text and "partial_transcript>" not in text.replace(
        "<partial_transcript/>", "").replace("<partial_transcript_alt/>", "")
    # li-meifang has community consent: left out of the public export
    assert "<interviewer/>" in text and "李美芳" not in text
    community = export_ohms("pl2024-007", root=archive, audience="community", today=TODAY)
    assert "<interviewee>陈桂英</interviewee>" in community
    assert "TRANSCRIPTION BEGIN" in community
    assert "<interviewer>李美芳</interviewer>" in community

    write(archive, "stories/people/chen-guiying.yml", "name: 陈桂英\nconsent: {level: withdrawn}\n")
    with pytest.raises(OHMSError, match="may not be shown"):
        export_ohms("pl2024-007", root=archive, audience="community", today=TODAY)


def test_public_export_relabels_voices(archive):
    """Transcript voices go through the same door as the website (code review F1): a
    name-private narrator, a community-only interviewer and a withdrawn person's id named
    as a speaker leave no name or id in a public export."""
    write(archive, "stories/people/chen-guiying.yml",
          "name: 陈桂英\ndisplay_name: 陈阿姨\nconsent: {level: public, name: private}\n")
    write(archive, "stories/people/gone-person.yml", "consent: {level: withdrawn}\n")
    import_ohms(FIXTURES / "tailor-v6-vtt.xml", root=archive, narrator="chen-guiying")
    vtt = archive / "stories/interviews/pl2024-007.vtt"
    text = vtt.read_text(encoding="utf-8")
    # speakers written as real names and as an id, as imports and volunteers write them
    text = text.replace("<v CHEN>", "<v 陈桂英>", 1).replace("<v LI>", "<v gone-person>", 1)
    text = text.replace("<v LI>", "<v 李美芳>", 1)
    vtt.write_text(text, encoding="utf-8")
    assert "<v 陈桂英>" in text and "<v gone-person>" in text and "<v 李美芳>" in text
    public = export_ohms("pl2024-007", root=archive, today=TODAY)
    assert "TRANSCRIPTION BEGIN" in public  # the transcript itself is public
    # (the imported summary names her in free text: `parlour check` reports that as
    # name-in-text; here only what the export itself writes is at stake)
    public = re.sub(r"<description>.*?</description>", "", public, flags=re.S)
    for secret in ("陈桂英", "gone-person", "李美芳"):
        assert secret not in public, secret
    assert "<v 陈阿姨>" in public
    community = export_ohms("pl2024-007", root=archive, audience="community", today=TODAY)
    community = re.sub(r"<description>.*?</description>", "", community, flags=re.S)
    assert "<v 李美芳>" in community and "陈桂英" not in community


# --------------------------------------------------------------------------- refusals


def test_narrator_must_already_be_in_the_archive(archive):
    (archive / "stories/people/zhou-xiaomei.yml").unlink()
    with pytest.raises(OHMSError, match=r"Zhou Xiaomei.*stories/people/zhou-xiaomei\.yml.*--narrator"):
        import_ohms(FIXTURES / "corner-shop-v5-sync.xml", root=archive)
    with pytest.raises(OHMSError, match="no person “nobody”"):
        import_ohms(FIXTURES / "corner-shop-v5-sync.xml", root=archive, narrator="nobody")
    written = import_ohms(FIXTURES / "corner-shop-v5-sync.xml", root=archive,
                          narrator="resident-17", id="corner-shop")
    assert front_matter(written[0])["narrator"] == "resident-17"
    assert not (archive / "stories/people/zhou-xiaomei.yml").exists()


def test_never_overwrites_without_force(archive):
    md = archive / "stories/interviews/pl2024-007.md"
    import_ohms(FIXTURES / "tailor-v6-vtt.xml", root=archive)
    md.write_text(md.read_text() + "\nmy own notes\n")
    with pytest.raises(OHMSError, match="already exists.*--force"):
        import_ohms(FIXTURES / "tailor-v6-vtt.xml", root=archive)
    assert "my own notes" in md.read_text()
    import_ohms(FIXTURES / "tailor-v6-vtt.xml", root=archive, force=True)
    assert "my own notes" not in md.read_text()
    with pytest.raises(OHMSError, match="wang-jianguo-repair.yml|cannot be an interview id"):
        import_ohms(FIXTURES / "tailor-v6-vtt.xml", root=archive, id="Bad Id")


def test_local_recording_beside_the_xml_is_copied(archive, tmp_path):
    xml = tmp_path / "in" / "shop.xml"
    xml.parent.mkdir()
    shutil.copy(FIXTURES / "corner-shop-v5-sync.xml", xml)
    (xml.parent / "zhou-corner-shop.mp3").write_bytes(b"ID3 not really audio")
    written = import_ohms(xml, root=archive)
    assert archive / "stories/media/zhou-corner-shop.mp3" in written
    assert front_matter(archive / "stories/interviews/the-corner-shop-on-lane-17.md")[
        "audio"] == "zhou-corner-shop.mp3"


def test_bad_xml_names_file_and_line(tmp_path, archive):
    bad = write(tmp_path, "bad.xml", '<?xml version="1.0"?>\n<ROOT>\n<record>\n<title>x</titel>\n')
    with pytest.raises(OHMSError, match=r"bad\.xml:4:\d+: this is not well-formed XML"):
        import_ohms(bad, root=archive)
    other = write(tmp_path, "other.xml", "<html><body/></html>")
    with pytest.raises(OHMSError, match="not an OHMS export"):
        read_ohms(other)


def test_entity_bomb_is_refused_before_parsing(tmp_path, archive):
    bomb = write(tmp_path, "bomb.xml", (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n'
        "<ROOT><record><title>&lol2;</title></record></ROOT>\n"
    ))
    with pytest.raises(OHMSError, match=r"bomb\.xml:2:1: DOCTYPE declarations are not allowed"):
        import_ohms(bomb, root=archive)
    assert not (archive / "stories/interviews/pl2024-007.md").exists()


# --------------------------------------------------------------------------- command line


def test_cli_import_and_export(archive, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["import", "ohms", str(FIXTURES / "tailor-v6-vtt.xml"),
                                  "--root", str(archive)])
    assert result.exit_code == 0, result.output
    assert "stories/interviews/pl2024-007.md" in result.output
    assert "note: OHMS user notes" in result.output  # notes go to stderr (mixed in by the runner)

    result = runner.invoke(main, ["export", "ohms", "pl2024-007", "--root", str(archive)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<ROOT')
    out = tmp_path / "out.xml"
    result = runner.invoke(main, ["export", "ohms", "pl2024-007", "--root", str(archive),
                                  "--out", str(out)])
    assert result.exit_code == 0 and "<index>" in out.read_text()

    again = runner.invoke(main, ["import", "ohms", str(FIXTURES / "tailor-v6-vtt.xml"),
                                 "--root", str(archive)])
    assert again.exit_code == 1 and "already exists" in again.output
    assert "Traceback" not in again.output
    missing = runner.invoke(main, ["export", "ohms", "nope", "--root", str(archive)])
    assert missing.exit_code == 1 and "no interview “nope”" in missing.output
    usage = runner.invoke(main, ["import", "ohms"])
    assert usage.exit_code == 2
    nowhere = runner.invoke(main, ["import", "ohms", str(FIXTURES / "tailor-v6-vtt.xml"),
                                   "--root", str(tmp_path / "empty")])
    assert nowhere.exit_code == 2
