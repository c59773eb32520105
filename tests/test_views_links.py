"""Links between generated pages (views.href): worked out from the paths alone (issue 19),
the same as posixpath.relpath, which asks the OS for the working directory on every call."""

from __future__ import annotations

import itertools
import posixpath

import pytest

from parlour.views import _relpath, href

PATHS = ["", ".", "interviews/", "interviews/a/", "en/interviews/a/", "en/", "media/x.mp3",
         "a/./b/", "a//b/", "panels/all.pdf", "../up/", "/abs/"]


@pytest.mark.parametrize(("target", "base"), list(itertools.product(PATHS, PATHS)))
def test_relative_paths_are_relpath_s(target, base):
    assert _relpath(target, base) == posixpath.relpath(target or ".", base or ".")


def test_href_between_pages_and_files():
    assert href("interviews/a.md", "interviews/b.md#t-3") == "../b/#t-3"
    assert href("en/interviews/a.md", "en/index.md") == "../../"
    assert href("interviews/a.md", "media/x.mp3") == "../../media/x.mp3"
    assert href("interviews/a.md", "interviews/a.md#q1") == "./#q1"
