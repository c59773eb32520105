"""Cross-record checks that the golden cases do not pin down in detail."""

from __future__ import annotations

import pytest

from parlour.archive.checks import check_archive, unsafe_html

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
