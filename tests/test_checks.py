"""Cross-record checks that the golden cases do not pin down in detail."""

from __future__ import annotations

import pytest

from parlour.archive.checks import check_archive
from parlour.archive.markup import unsafe_html

from .test_loader import write


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("<script>alert(1)</script>", 1),
        ("hello\n<IFRAME src=x></iframe>", 2),
        ('<a href="jav&#x61;script:alert(1)">x</a>', 1),
        ('<a href="  javascript:alert(1)">x</a>', 1),
        ("<svg onload=alert(1)>", 1),
        ("[x](javascript:alert(1))", 1),
        ("\n\n[x]: javascript:alert(1)", 3),
        ("<javascript:alert(1)>", 1),
        ('<img src="data:text/html;base64,xx">', 1),
    ],
)
def test_unsafe_html_found(text, line):
    found = unsafe_html(text)
    assert found and found[0][0] == line


@pytest.mark.parametrize(
    "text",
    [
        "```html\n<script>alert(1)</script>\n```",
        "Use `<iframe>` to embed a map.",
        '<img src="photo.jpg" alt="老虎灶">',
        "[the shop](https://example.org/shop) and <b>bold</b>",
        "时间: 12:03, 地址: 梧桐里",
        "~~~\n<script>\n~~~\n",
    ],
)
def test_safe_text_passes(text):
    assert unsafe_html(text) == []


@pytest.mark.parametrize(("text", "code"), [
    ("<svg onload=alert(1)>", "unsafe-html"), ("[x](javascript:alert(1))", "unsafe-html"),
    ("<javascript:alert(1)>", "unsafe-html"), ("a {onclick=alert(1)}", "unsafe-html"),
    ("a {.big}", "attribute-list"), ("plain text: 12:03 (no markup)", None)])
def test_a_record_s_texts_are_checked_for_markup_of_each_kind(tmp_path, text, code):
    """Only texts with "<", "]" or "{" are scanned (issue 19): each kind is still found."""
    write(tmp_path, "stories/events/e.yml", f"date: 2024\ntitle: {text!r}\n")
    found = [p.code for p in check_archive(tmp_path)]
    assert found == ([code] if code else []), text


def test_person_without_consent_used_by_an_interview(tmp_path):
    write(tmp_path, "stories/people/wang.yml", "name: 王建国\n")
    write(
        tmp_path, "stories/interviews/talk.md",
        "---\ntitle: 访谈\nnarrator: wang\ndate: 2024\n---\n",
    )
    (problem,) = check_archive(tmp_path)
    assert (problem.path, problem.code, problem.line) == ("stories/people/wang.yml", "consent-missing", 1)
    assert "stories/interviews/talk.md" in problem.message


def test_withdrawn_person_may_be_mentioned_but_not_own_material(tmp_path):
    write(tmp_path, "stories/people/gone.yml", "consent: {level: withdrawn}\n")
    write(
        tmp_path, "stories/events/e.yml",
        "date: 2024\ntitle: 听证会\nrelated: [people/gone]\n",
    )
    assert check_archive(tmp_path) == []
    write(tmp_path, "stories/wishes/w.yml", "text: 想要一部电梯\nby: people/gone\n")
    (problem,) = check_archive(tmp_path)
    assert (problem.path, problem.code, problem.line) == ("stories/wishes/w.yml", "private-committed", 2)


def test_theme_label_instead_of_id_gets_a_precise_hint(tmp_path):
    write(tmp_path, "stories/themes.yml", "food:\n  zh: 吃食\n  en: Food\n")
    write(tmp_path, "stories/events/e.yml", "date: 2024\ntitle: 美食节\nthemes: [吃食]\n")
    (problem,) = check_archive(tmp_path)
    assert problem.code == "unknown-theme"
    assert "“food”" in problem.hint


def test_media_beside_the_record_for_transcripts(tmp_path):
    write(tmp_path, "stories/people/wang.yml", "name: 王\nconsent: {level: public}\n")
    write(
        tmp_path, "stories/interviews/talk.md",
        "---\ntitle: 访谈\nnarrator: wang\ndate: 2024\ntranscript: talk.vtt\n---\n",
    )
    (problem,) = check_archive(tmp_path)
    assert problem.code == "media-missing" and problem.line == 5
    write(tmp_path, "stories/interviews/talk.vtt", "WEBVTT\n")
    assert check_archive(tmp_path) == []


# --------------------------------------------------------------------------- ids and names


@pytest.mark.parametrize(
    ("id_", "names", "form"),
    [
        ("wang-jianguo", ["王建国"], "wangjianguo"),
        ("wangjianguo", ["王建国"], "wangjianguo"),
        ("jianguo-wang", ["王建国"], "jianguowang"),
        ("wang2-jian4guo2", ["王建国"], "wangjianguo"),  # tone numbers
        ("lao-wang-jianguo-1", ["王建国"], "wangjianguo"),
        ("wang-jg", ["王建国"], "wangjg"),
        ("jg-wang", ["王建国"], "jgwang"),
        ("wjg", ["王建国"], "wjg"),
        ("zeng-guofan", ["曾国藩"], "zengguofan"),  # a surname's own reading
        ("lyu-fang", ["吕芳"], "lyufang"),
        ("ouyang-minghua", ["欧阳明华"], "ouyangminghua"),
        ("chen-xiaoling", ["Chen Xiaoling"], "chenxiaoling"),
        ("xiaoling-chen", ["Chen Xiaoling"], "xiaolingchen"),
        ("wang-shifu", ["王建国"], None),
        ("resident-3", ["王建国"], None),
        ("wang", ["王建国"], None),
        ("jianguo-road", ["王建国"], None),
        ("old-chen", ["Chen Xiaoling"], None),
        ("wjg-fan-club", ["王芳"], None),  # two initials are too few to mean anything
    ],
)
def test_id_spells_name(id_, names, form):
    from parlour.archive.names import id_spells_name

    assert id_spells_name(id_, names) == form


PEOPLE = {
    # level, name aspect: does everyone who may see them see the name?
    "public": ("{level: public}", False),
    "public-name-community": ("{level: public, name: community}", True),
    "public-name-private": ("{level: public, name: private}", True),
    "community": ("{level: community}", False),  # only the parlour sees them, and the name
    "community-name-private": ("{level: community, name: private}", True),
    "embargoed": ("{level: public, embargo_until: 2099}", False),  # later, name and all
    "embargoed-name-private": ("{level: public, name: private, embargo_until: 2099}", True),
}


@pytest.mark.parametrize("case", PEOPLE)
def test_id_spells_name_check(tmp_path, case):
    consent, flagged = PEOPLE[case]
    write(tmp_path, "stories/people/wang-jianguo.yml",
          f"name: {{zh: 王建国, en: Wang Jianguo}}\ndisplay_name: 王师傅\nconsent: {consent}\n")
    problems = check_archive(tmp_path)
    found = [p for p in problems if p.code == "id-spells-name"]
    assert problems == found  # nothing else is wrong with the file
    if not flagged:
        assert found == []
        return
    (problem,) = found
    assert (problem.path, problem.line, problem.severity) == (
        "stories/people/wang-jianguo.yml", 1, "error")
    assert "rename the file" in problem.hint and "wang-shifu" in problem.hint
    # the fix the hint gives passes
    (tmp_path / problem.path).rename(tmp_path / "stories/people/wang-shifu.yml")
    assert check_archive(tmp_path) == []


def test_id_spells_name_hint_without_a_display_name(tmp_path):
    write(tmp_path, "stories/people/resident-4.yml", "consent: {level: withdrawn}\n")
    write(tmp_path, "stories/people/li-wei.yml",
          "name: 李伟\nconsent: {level: public, name: private}\n")
    (problem,) = check_archive(tmp_path)
    assert problem.code == "id-spells-name" and "resident-5" in problem.hint


NAMED = {
    "stories/people/quiet.yml": (
        "name: {zh: 秘名字甲, en: Secretname Jia}\ndisplay_name: 老邻居\n"
        "consent: {level: public, name: private}\n"
    ),
    "stories/people/local.yml": "name: {zh: 社区人乙, en: Shequ Yi}\nconsent: {level: community}\n",
    "stories/people/open.yml": "name: 公开人丙\nconsent: {level: public}\n",
    "stories/themes.yml": "lane: {zh: 弄堂, en: Lane}\n",
}


def test_name_in_text_finds_a_withheld_name_where_the_audience_reads(tmp_path):
    for rel, text in NAMED.items():
        write(tmp_path, rel, text)
    write(tmp_path, "stories/events/talk.yml",
          "date: 2024\n"
          "title: 讲座\n"
          "summary:\n"
          "  zh: >-\n"
          "    公开人丙和\n"
          "    秘名字甲一起讲了弄堂的故事。\n"
          "  en: A talk by secretname   jia.\n")
    write(tmp_path, "stories/objects/mug.md",
          "---\ntitle: 杯子\ncredit_line: 秘名字甲捐赠\ndonor: quiet\n---\n\n第一段。\n"
          "社区人乙用过它。\n")
    write(tmp_path, "exhibits/show.yml",
          "title: 展览\ndates: 2026\nintro: 社区人乙的故事\nsections: []\n")
    problems = check_archive(tmp_path)
    assert {p.code for p in problems} == {"name-in-text"}
    found = sorted((p.path, p.line, p.column) for p in problems)
    assert found == [
        ("exhibits/show.yml", 3, 8),  # the community person, on the public site
        ("stories/events/talk.yml", 6, 5),  # the folded text's own line
        ("stories/events/talk.yml", 7, 17),  # any case, any spacing
        ("stories/objects/mug.md", 8, 1),  # the body; the credit line is withheld anyway
    ]
    assert all(p.severity == "error" for p in problems)
    talk = next(p for p in problems if p.line == 6)
    assert "people/quiet" in talk.message and "public website" in talk.message
    assert "display name" in talk.hint


def test_name_in_text_follows_who_may_see_the_record(tmp_path):
    for rel, text in NAMED.items():
        write(tmp_path, rel, text)
    # seen only in the parlour, where the community person's name may be shown
    write(tmp_path, "stories/events/party.yml",
          "date: 2024\ntitle: 社区人乙的生日\nconsent: {level: community}\n")
    # an unapproved wish is seen by nobody
    write(tmp_path, "stories/wishes/w.yml", "text: 秘名字甲想要长椅\napproved: false\n")
    # a person may be named where the audience may name them; another person who shares a
    # name with one the audience may name is not looked for (the text may mean either)
    write(tmp_path, "stories/people/twin.yml",
          "name: 公开人丙\nconsent: {level: public, name: private}\n")
    write(tmp_path, "stories/events/open.yml", "date: 2024\ntitle: 公开人丙的故事\n")
    assert check_archive(tmp_path) == []
    # positive control: the same community event, but public
    write(tmp_path, "stories/events/party.yml", "date: 2024\ntitle: 社区人乙的生日\n")
    (problem,) = check_archive(tmp_path)
    assert (problem.code, problem.path, problem.line) == (
        "name-in-text", "stories/events/party.yml", 2)
    # and a name-private person is found in the parlour too
    write(tmp_path, "stories/events/party.yml",
          "date: 2024\ntitle: 秘名字甲的生日\nconsent: {level: community}\n")
    (problem,) = check_archive(tmp_path)
    assert problem.code == "name-in-text" and "in the parlour" in problem.message
