"""Chinese search keeps the archive's names whole, and names only what the audience may see."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

jieba = pytest.importorskip("jieba")

from parlour.archive import Archive, tr
from parlour.loader import load_archive
from parlour.search import HAN_RUN, han_runs, install_terms, search_terms

ROOT = Path(__file__).resolve().parent.parent
ZWSP = "\u200b"


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def archive_root(tmp_path):
    write(tmp_path, "stories/themes.yml", "lane-life:\n  zh: 弄堂生活\n  en: Lane life\n")
    write(
        tmp_path,
        "stories/places/hongzhen.yml",
        "names:\n  - name: {zh: 虹镇老街, en: Hongzhen Old Street}\n",
    )
    write(
        tmp_path,
        "stories/places/qingtong-market.yml",
        "names:\n"
        "  - name: {zh: 青桐路小菜场, en: Qingtong Road street market}\n"
        "    from: 1950\n    to: 1988\n"
        "  - name: {zh: 青桐菜场, en: Qingtong Market}\n    from: 1988\n"
        "themes: [lane-life]\n",
    )
    write(
        tmp_path,
        "stories/people/li-xiuzhen.yml",
        "name: {zh: 李秀珍, en: Li Xiuzhen}\ndisplay_name: {zh: 李阿姨, en: Auntie Li}\n"
        "consent: {level: community}\n",
    )
    write(
        tmp_path,
        "stories/people/postman.yml",
        "name: 钱宝根\ndisplay_name: 一位老邮递员\nconsent: {level: public, name: private}\n",
    )
    write(tmp_path, "stories/people/gone.yml", "name: 孙守义\nconsent: {level: withdrawn}\n")
    return tmp_path


def archive(root: Path, audience: str = "public") -> Archive:
    loaded = load_archive(root)
    assert [p for p in loaded.problems if p.severity == "error"] == []
    return Archive(loaded, audience=audience)


@pytest.fixture
def clean_jieba():
    """jieba's tokenizer is process-wide: start and end each test without our terms."""
    install_terms([])
    yield
    install_terms([])


def test_search_terms_are_the_archives_names(archive_root):
    terms = search_terms(archive(archive_root))
    assert {"虹镇老街", "青桐菜场", "青桐路小菜场", "弄堂生活"} <= set(terms)
    assert terms == sorted(set(terms))
    assert all(len(t) >= 2 and HAN_RUN.fullmatch(t) for t in terms)


def test_installed_terms_stay_whole(archive_root, clean_jieba, tmp_path):
    sentence = "我小时候住在虹镇老街旁边"
    # without the archive's names jieba cuts the street in pieces: this is what we fix
    assert "虹镇老街" not in jieba.lcut(sentence)
    assert "青桐菜场" not in jieba.lcut("青桐菜场门口")

    path = install_terms(search_terms(archive(archive_root)), user_dict=tmp_path / "d.txt")
    assert "虹镇老街" in jieba.lcut(sentence)
    assert "青桐菜场" in jieba.lcut("青桐菜场门口")
    assert path == tmp_path / "d.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert all(re.fullmatch(r"\S+ \d+", line) for line in lines)
    assert "虹镇老街" in {line.split()[0] for line in lines}
    assert path.stat().st_mode & 0o077 == 0  # may hold community-only names


def test_installed_terms_win_in_context(clean_jieba):
    # jieba.suggest_freq alone leaves 梧桐/里面 here; the floor frequency does not
    install_terms(["梧桐里"])
    assert jieba.lcut("梧桐里面有棵树")[0] == "梧桐里"


def test_install_is_idempotent_and_undoable(archive_root, clean_jieba):
    before = (jieba.dt.total, jieba.dt.FREQ.get("虹镇老街") or 0, jieba.dt.FREQ["冬天"])
    terms = search_terms(archive(archive_root)) + ["冬天"]
    first = install_terms(terms)
    total = jieba.dt.total
    assert install_terms(list(reversed(terms))) == first  # same file, same numbers
    assert jieba.dt.total == total
    assert jieba.dt.FREQ["冬天"] == before[2]  # a word jieba knows is not inflated
    install_terms([])
    assert (jieba.dt.total, jieba.dt.FREQ.get("虹镇老街") or 0, jieba.dt.FREQ["冬天"]) == before
    assert "虹镇老街" not in jieba.lcut("我小时候住在虹镇老街旁边")


def test_terms_respect_consent(archive_root):
    public = set(search_terms(archive(archive_root, "public")))
    community = set(search_terms(archive(archive_root, "community")))
    assert "李秀珍" not in public and "李阿姨" not in public
    assert "李秀珍" in community
    # a public person without name consent appears by display name only
    assert "一位老邮递员" in public and "钱宝根" not in public | community
    assert "孙守义" not in public | community  # withdrawn


def test_mixed_names_give_their_han_runs():
    assert han_runs("梧桐新村7号楼") == ["梧桐新村", "号楼"]
    assert han_runs("Wutong Li") == []


# --------------------------------------------------------------------------- whole build


def whole(name: str) -> re.Pattern:
    """The name as Material indexes it when jieba keeps each Han run of it whole: every run
    between U+200B (or the start or end of the text), nothing in between as written."""
    parts = []
    for piece in re.split(f"({HAN_RUN.pattern})", name):
        if HAN_RUN.fullmatch(piece):
            parts.append(f"(?:^|{ZWSP}){re.escape(piece)}(?:{ZWSP}|$)")
        elif piece:
            parts.append(re.escape(piece))
    return re.compile("".join(parts), re.MULTILINE)


def is_cut(run: str, text: str) -> bool:
    """Does ``text`` hold the Han run cut by jieba into two or more words, and nothing else?"""
    inner = f"{ZWSP}?".join(re.escape(ch) for ch in run)
    found = re.finditer(f"(?:^|{ZWSP})({inner})(?={ZWSP}|$)", text, re.MULTILINE)
    return any(ZWSP in m.group(1) for m in found)


def test_sample_index_keeps_place_names_whole(tmp_path):
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml", "-d", str(site)],
        capture_output=True, text=True, cwd=ROOT, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = "\n".join(f"{doc['title']}\n{doc['text']}" for doc in index["docs"])
    plain = texts.replace(ZWSP, "")

    sample = Archive(load_archive(ROOT), audience="public")
    names = {tr(n.name, "zh") for place in sample.entries("places") for n in place.record.names}
    missing, cut = [], []
    for name in sorted(names):
        if name not in plain:
            missing.append(name)
        elif not whole(name).search(texts):
            cut.append(name)
        else:
            cut += [f"{name} ({run})" for run in han_runs(name) if is_cut(run, texts)]
    assert not missing, f"place names not in the search index at all: {missing}"
    assert not cut, f"place names cut into pieces by the search index: {cut}"
