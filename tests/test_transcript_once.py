"""A transcript is rendered once per build (issue 19): the English page of an interview with
only a Chinese transcript shows the Chinese page's cues, built and rendered once."""

from __future__ import annotations

import datetime
import textwrap
from pathlib import Path

import pytest

from parlour.archive import Archive
from parlour.archive.loader import load_archive
from parlour.pages import generate_pages
from parlour.templating import Renderer

TODAY = datetime.date(2026, 11, 23)
PAGE = "interviews/talk.md"
CUES = "\n\n".join(f"00:00:{n:02d}.000 --> 00:00:{n + 1:02d}.000\n<v {'Q' if n % 2 else 'A'}>第{n}句"
                    for n in range(1, 30))


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


@pytest.fixture
def loaded(tmp_path):
    """One interview with a Chinese transcript and no English one; its voices are Q and A,
    no one's name, so they read the same on both pages."""
    write(tmp_path, "stories/people/narrator.yml", """
        name: 王师傅
        consent: {level: public}
    """)
    write(tmp_path, "stories/interviews/talk.md", """
        ---
        title: {zh: 谈话, en: A talk}
        narrator: narrator
        date: 2025-03-20
        language: zh
        transcript: talk.vtt
        ---
    """)
    write(tmp_path, "stories/interviews/talk.vtt", "WEBVTT\n\n" + CUES + "\n")
    return load_archive(tmp_path)


def pages_by_uri(archive: Archive, lang: str) -> dict:
    return {p.src_uri: p for p in generate_pages(archive, lang=lang)}


def test_both_languages_share_one_transcript_and_render_its_cues_once(loaded):
    archive = Archive(loaded, audience="public", today=TODAY)
    zh = pages_by_uri(archive, "zh")[PAGE]
    en = pages_by_uri(archive, "en")["en/" + PAGE]
    assert zh.view.transcript.lang == en.view.transcript.lang == "zh"
    assert en.view.transcript.rows is zh.view.transcript.rows  # built once
    assert en.view.transcript.shared is zh.view.transcript.shared

    renderer = Renderer()
    rendered = []
    cues = renderer.env.get_template("parlour/partials/transcript-cues.html")
    real = cues.render
    cues.render = lambda *a, **k: rendered.append(1) or real(*a, **k)
    zh_html, en_html = zh.render(renderer), en.render(renderer)
    assert len(rendered) == 1  # the English page took the Chinese page's HTML
    cue_list = zh.view.transcript.shared.html
    assert cue_list.startswith('<ol class="parlour-cues"') and cue_list in zh_html
    assert cue_list in en_html
    # each page keeps its own words around the cues: the note "only in Chinese" in English
    assert en_html.count("parlour-cue-time") == zh_html.count("parlour-cue-time") > 10


def test_a_shared_transcript_is_let_go_once_every_page_took_it(loaded):
    archive = Archive(loaded, audience="public", today=TODAY)
    from parlour.record_pages import _SHARED  # noqa: PLC0415 - the cache under test

    pages_by_uri(archive, "zh")
    assert len(_SHARED[archive]) == 1, "positive control: kept for the English page"
    pages_by_uri(archive, "en")
    assert not _SHARED.get(archive), "every shared transcript was taken by its other page"
