"""The one door: the redacted views the Archive hands every output (no build).

Each test names the finding of issue 12 (or the code review) it guards.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from parlour.archive import Archive
from parlour.archive.loader import load_archive
from parlour.archive.model import TYPES, Record
from tests.sample import write_files

TODAY = datetime.date(2026, 11, 30)




PEOPLE = {
    "stories/people/open-lender.yml": "name: 公开借展人\nconsent: {level: public}\n",
    "stories/people/quiet-lender.yml": (
        "name: 不署名借展人\ndisplay_name: 老邻居\nconsent: {level: public, name: private}\n"
    ),
    "stories/people/parlour-only.yml": "name: 会客厅的人\nconsent: {level: community}\n",
    "stories/people/later.yml": "name: 以后再说\nconsent: {level: public, embargo_until: 2099}\n",
    "stories/people/someday.yml": "name: 哪年再说\nconsent: {level: public, embargo_until: 20XX}\n",
    "stories/people/open-end.yml": (
        "name: 开放日期\nconsent: {level: public, embargo_until: ../2030}\n"
    ),
    "stories/people/gone.yml": "consent: {level: withdrawn}\n",
}


def obj(lender: str, credit: str = "") -> str:
    line = f"credit_line: {credit}\n" if credit else ""
    return f"title: 老物件\nlender: {lender}\n{line}"


@pytest.fixture()
def archive_dir(tmp_path) -> Path:
    return write_files(tmp_path, {
        **PEOPLE,
        "stories/objects/by-open.yml": obj("open-lender", "公开借展人惠借"),
        "stories/objects/by-quiet.yml": obj("quiet-lender", "不署名借展人惠借"),
        "stories/objects/by-parlour.yml": obj("parlour-only"),
        "stories/objects/by-later.yml": obj("later"),
        "stories/objects/donated.yml": "title: 捐赠\ndonor: parlour-only\n",
        "stories/interviews/talk.yml": """
            title: 谈话
            narrator: quiet-lender
            interviewers: [open-lender, parlour-only, gone]
            date: 2025-05-01
            audio: talk.ogg
            consent: {level: public, audio: community, transcript: community}
            quotes:
              - {id: q1, text: 一句话}
            related: [objects/by-open, objects/by-parlour, people/gone]
        """,
        "stories/events/party.yml": """
            date: 1990
            title: 晚会
            related: [people/gone, objects/by-later, objects/by-open]
        """,
        "stories/media/talk.ogg": "",
    })


def view(root: Path, audience: str = "public") -> Archive:
    return Archive(load_archive(root), audience=audience, today=TODAY)


def test_every_type_declares_its_policy_on_real_fields():
    """owners, credits and shows name fields the model has: a typo would silently disclose."""
    for cls in TYPES.values():
        for name in (*cls.owners, *cls.credits, *cls.shows):
            assert name in cls.model_fields, f"{cls.__name__}.{name}"
        for shows in cls.shows.values():
            assert shows.aspect in ("name", "portrait", "audio", "transcript")
            for through in shows.through:
                assert through in cls.model_fields
    assert Record.owners == ()


def test_owners_are_lender_and_donor_too(archive_dir):
    """Issue 12 "Owners": an object lent or given by a community-only or embargoed person
    was fully public on the site."""
    public = view(archive_dir)
    assert public.get("objects", "by-open") is not None
    for hidden in ("by-parlour", "by-later", "donated"):
        assert public.get("objects", hidden) is None, hidden
    community = view(archive_dir, "community")
    assert community.get("objects", "by-parlour") is not None
    assert community.get("objects", "donated") is not None
    assert community.get("objects", "by-later") is None


def test_credit_line_follows_the_lenders_name_consent(archive_dir):
    """Issue 12 "Credit lines": credit_line named the lender regardless of name consent."""
    public = view(archive_dir)
    assert public.get("objects", "by-open").record.credit_line == "公开借展人惠借"
    quiet = public.get("objects", "by-quiet")
    assert quiet.record.credit_line is None
    assert quiet.is_withheld("credit_line")
    assert quiet.record.lender == "quiet-lender"  # still credited, by their label
    assert public.person_label("quiet-lender", "zh") == "老邻居"


def test_person_view_has_no_withheld_name_and_no_consent(archive_dir):
    public = view(archive_dir)
    quiet = public.person("quiet-lender")
    assert quiet.name is None and quiet.display_name == "老邻居"
    assert quiet.consent is None
    assert public.person("open-lender").name == "公开借展人"
    assert public.person("gone") is None and public.person("parlour-only") is None


def test_interview_view_withholds_recording_quotes_and_unseen_people(archive_dir):
    public = view(archive_dir)
    talk = public.get("interviews", "talk")
    r = talk.record
    assert r.audio is None and r.quotes == []
    assert talk.is_withheld("audio") and talk.is_withheld("quotes")
    assert r.interviewers == ["open-lender"]
    assert talk.is_withheld("interviewers", 1) and talk.is_withheld("interviewers", 2)
    assert r.related == ["objects/by-open"]
    assert r.consent is None
    community = view(archive_dir, "community").get("interviews", "talk").record
    assert community.audio == "talk.ogg" and community.quotes[0].text == "一句话"
    assert community.interviewers == ["open-lender", "parlour-only"]


def test_references_to_unseen_records_are_dropped_everywhere(archive_dir):
    party = view(archive_dir).get("events", "party")
    assert party.record.related == ["objects/by-open"]
    assert view(archive_dir).references(party) == [("objects", "by-open")]


def test_the_raw_archive_has_no_public_name(archive_dir):
    """Code review F6: Archive.records was the unfiltered archive under a public name."""
    public = view(archive_dir)
    for name in ("records", "loaded"):
        assert not hasattr(public, name), name


def test_uncertain_and_open_embargoes_count_to_their_latest_day(archive_dir):
    """Issue 12 "Embargo": 20XX resolved to its earliest day (2000-01-01), so it counted as
    lifted; ../2030 passed the check and crashed the build."""
    public = view(archive_dir)
    assert not public.person_allows("someday")
    assert not public.person_allows("open-end")
    assert not public.person_allows("later")
    after = Archive(load_archive(archive_dir), audience="public",
                    today=datetime.date(2031, 1, 1))
    assert after.person_allows("open-end")
    assert not after.person_allows("someday")  # 20XX may mean 2099


def test_transcript_voices_are_relabelled(tmp_path):
    """Issue 12 "OHMS export": voices were written as recorded. The archive relabels them
    for every output: a name-private narrator, a community-only and a withdrawn interviewer."""
    write_files(tmp_path, {
        **PEOPLE,
        "stories/interviews/talk.yml": """
            title: 谈话
            narrator: quiet-lender
            interviewers: [parlour-only, gone]
            date: 2025-05-01
            transcript: talk.vtt
        """,
        "stories/interviews/talk.vtt": """
            WEBVTT

            00:00.000 --> 00:02.000
            <v 会客厅的人>您好。

            00:02.000 --> 00:04.000
            <v 不署名借展人>你好。

            00:04.000 --> 00:06.000
            <v gone>再问一句。

            00:06.000 --> 00:08.000
            <v Q>还有吗？
        """,
    })
    public = view(tmp_path)
    cues = public.transcript(public.get("interviews", "talk"), "zh")
    assert [c.voice for c in cues] == ["采访者", "老邻居", "采访者（2）", "Q"]
    community = view(tmp_path, "community")
    cues = community.transcript(community.get("interviews", "talk"), "en")
    assert [c.voice for c in cues] == ["会客厅的人", "老邻居", "Interviewer", "Q"]


def test_fingerprint_changes_when_consent_narrows(archive_dir):
    public = view(archive_dir)
    entry = public.get("objects", "by-open")
    before = public.fingerprint([entry])
    assert before == view(archive_dir).fingerprint([entry])
    person = archive_dir / "stories/people/open-lender.yml"
    person.write_text("name: 公开借展人\nconsent: {level: public, name: private}\n",
                      encoding="utf-8")
    assert view(archive_dir).fingerprint([entry]) != before
    person.write_text("consent: {level: withdrawn}\n", encoding="utf-8")
    assert view(archive_dir).fingerprint([entry]) != before


def test_folded_lines_leave_no_gap_between_chinese_characters(tmp_path):
    """Issue 13 "Chinese typesetting": a folded YAML line break between Han characters
    became a space on every page ("老物件， 还有"). A blank line (a paragraph) stays, and a
    space between Chinese and Latin text stays."""
    write_files(tmp_path, {
        "stories/people/p.yml": "name: 王建国\nconsent: {level: public}\n",
        "stories/objects/o.md": """
            ---
            title: 老物件
            lender: p
            kind: >
              收音机，
              还有 Radio 一台
            ---
            第一行
            第二行

            新的一段
        """,
    })
    archive = view(tmp_path)
    entry = archive.get("objects", "o")
    assert entry.record.kind.strip() == "收音机，还有 Radio 一台"
    assert archive.body(entry) == "第一行第二行\n\n新的一段"
