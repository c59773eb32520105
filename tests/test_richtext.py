"""Contributor Markdown: a plain one-line text skips Python-Markdown (issue 19) and comes out
exactly as Markdown would have made it."""

from __future__ import annotations

import random
import re

import pytest

from parlour import templating
from parlour.templating import RichText

#: characters a text is made of: letters, digits, spaces, CJK and its punctuation, and ASCII
#: punctuation both the kind Markdown reads and the kind it does not
ALPHABET = list("abcXYZ 019.,;:'\"?/%@$^。，、：“”老虎灶\u3000\u2028\u00a0\t*_`[]()#+-!<>&|{}~=\\")


def markdown_only(text: str, *, sanitise: bool = True) -> str:
    """What RichText made of ``text`` before the plain-text shortcut."""
    md = RichText(sanitise=sanitise)
    saved = templating._PLAIN
    templating._PLAIN = re.compile(r"(?!)")  # matches nothing: every text through Markdown
    try:
        return md(text)
    finally:
        templating._PLAIN = saved


@pytest.mark.parametrize("sanitise", [True, False])
def test_plain_texts_come_out_as_markdown_made_them(sanitise):
    rng = random.Random(19)
    texts = ["老虎灶的火", "Hot water, 2 fen a flask.", "1986. The shop", "  padded  ",
             "a  b", "Q: why? A: because", "50% off @ the shop $3", "x.y/z"]
    texts += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 12)))
              for _ in range(3000)]
    plain = 0
    for text in texts:
        if templating._PLAIN.fullmatch(text):
            plain += 1
        assert RichText(sanitise=sanitise)(text) == markdown_only(text, sanitise=sanitise), text
    assert plain > 100, "positive control: many texts take the shortcut"


def test_sample_texts_come_out_as_markdown_made_them(sample_loaded):
    texts = set()

    def walk(value):
        if isinstance(value, str):
            texts.add(value.strip())
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for source in sample_loaded.sources.values():
        walk(source.data)
    texts.discard("")
    assert len(texts) > 200
    for text in texts:
        assert RichText()(text) == markdown_only(text), text
