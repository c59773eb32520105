"""`parlour init`: a new archive from the installed package alone, in any languages.

The end-to-end tests build Parlour's wheel once, install it with its dependencies into ONE
fresh virtualenv (no system site-packages, no PYTHONPATH: nothing of this repository is
importable there), and for three configurations run what a new community would: `parlour
init`, `parlour check`, `mkdocs build --strict`, then read the pages' language and words.
The wheel and the virtualenv are made once per session (about 30 s with pip's cache warm).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from parlour.archive.loader import load_archive
from parlour.cli import main
from parlour.init import create_archive, example_files, parse_languages

REPO = Path(__file__).resolve().parent.parent

#: (languages, root <html lang>, second language's <html lang>, words on the root home page,
#: words on the second language's home page); the timeline's section name comes from
#: Parlour's catalog, the heading "Start here" from the skeleton's words
CONFIGS = [
    (["zh", "en"], "zh", "en", ["时间线", "从这里开始", "参与"], ["Timeline", "Start here"]),
    (["zh-Hant", "en"], "zh-Hant", "en", ["時間線", "從這裡開始", "參與"],
     ["Timeline", "Start here"]),
    (["en", "es"], "en", "es", ["Timeline", "Start here", "Take part"],
     ["Cronología", "Empiece aquí", "Participe"]),
]


def _clean_env() -> dict[str, str]:
    """The environment of a resident's shell: no PYTHONPATH pointing into this repository."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _run(args: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    done = subprocess.run(args, cwd=cwd, env=_clean_env(), capture_output=True, text=True,
                          timeout=timeout, check=False)
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    """Parlour's wheel, built from this repository once per session."""
    out = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
         cwd=out)
    [built] = out.glob("parlour-*.whl")
    return built


@pytest.fixture(scope="session")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh virtualenv with the wheel and its dependencies (from the package index, through
    pip's cache), and nothing else: its bin/ folder."""
    where = tmp_path_factory.mktemp("venv") / "venv"
    _run([sys.executable, "-m", "venv", str(where)], cwd=where.parent)
    bin_ = where / "bin"
    _run([str(bin_ / "python"), "-m", "pip", "install", "-q", str(wheel)], cwd=where.parent,
         timeout=1200)
    return bin_


def test_the_wheel_carries_what_parlour_reads_at_run_time(wheel):
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("parlour/templates/parlour/timeline.html", "parlour/overrides/main.html",
                   "parlour/assets/parlour/parlour.css",
                   "parlour/assets/parlour/vendor/leaflet/leaflet.js",
                   "parlour/locale/zh_Hant/LC_MESSAGES/parlour.po",
                   "parlour/locale/parlour.pot", "parlour/skeleton/pages/index.md.j2",
                   "parlour/skeleton/archive/dot-github/workflows/check.yml",
                   "parlour/panels/templates/panel.html"):
        assert needed in names, f"{needed} is not in the wheel"


def test_the_virtualenv_imports_parlour_from_the_wheel_not_this_repository(venv):
    done = _run([str(venv / "python"), "-c", "import parlour; print(parlour.__file__)"],
                cwd=venv)
    where = Path(done.stdout.strip())
    assert venv.parent in where.parents
    assert REPO not in where.parents


@pytest.fixture(scope="session")
def new_archive(venv, tmp_path_factory):
    """``new_archive(langs)``: what a community would do with the installed wheel: `parlour
    init` with ``langs``, `parlour check`, `mkdocs build --strict`; once per configuration.
    Returns (the archive's folder, check's output)."""
    made: dict[str, tuple[Path, subprocess.CompletedProcess]] = {}

    def make(langs: list[str]) -> tuple[Path, subprocess.CompletedProcess]:
        key = ",".join(langs)
        if key not in made:
            where = tmp_path_factory.mktemp("init")
            _run([str(venv / "parlour"), "init", "archive", "--name", "Test Lane",
                  "--languages", key], cwd=where)
            archive = where / "archive"
            checked = _run([str(venv / "parlour"), "check"], cwd=archive)
            _run([str(venv / "mkdocs"), "build", "--strict"], cwd=archive)
            made[key] = (archive, checked)
        return made[key]

    return make


@pytest.mark.parametrize(("langs", "lang1", "lang2", "words1", "words2"), CONFIGS,
                         ids=["+".join(c[0]) for c in CONFIGS])
def test_a_new_archive_checks_and_builds_from_the_installed_wheel(
        new_archive, langs, lang1, lang2, words1, words2):
    archive, checked = new_archive(langs)
    assert "_example.yml" in checked.stderr  # the examples are mentioned, not checked
    site = archive / "site"
    for page, lang, words in (("index.html", lang1, words1),
                              (f"{lang2}/index.html", lang2, words2),
                              ("about/index.html", lang1, []),
                              (f"{lang2}/contribute/index.html", lang2, [])):
        html = (site / page).read_text(encoding="utf-8")
        assert re.search(rf'<html lang="{re.escape(lang)}"', html), f"{page}: not lang={lang}"
        for word in words:
            assert word in html, f"{page} lacks “{word}”"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<h1[^>]*>Test Lane", home), "the home page's heading is the name"
    assert not (site / "objects" / "_example").exists()


#: characters only Simplified Chinese writes (區 這 們 時 間 線 訪 談 檔 關 與 數 據 顯 開 語
#: 過 現 來 對 說 話 還 發 頁 圖 書 in Traditional)
SIMPLIFIED_ONLY = set("区这们时间线访谈档关与数据显开语过现来对说话还发页图书")


def _visible_text(html: str) -> str:
    html = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("langs", [
    ["en", "es"], ["zh-Hant", "en"],
], ids=["en+es", "zh-Hant+en"])
def test_a_new_archives_pages_speak_only_their_own_language(new_archive, langs):
    """No Chinese on the pages of an archive in English and Spanish; no Simplified Chinese
    on a Traditional one's. (The language menu names the languages in themselves.)"""
    archive, _ = new_archive(langs)
    site = archive / "site"
    wrong = {}
    for page in sorted(site.rglob("*.html")):
        text = _visible_text(page.read_text(encoding="utf-8")).replace("中文 (繁體)", "")
        found = (re.findall(r"[\u4e00-\u9fff]+", text) if "zh-Hant" not in langs
                 else [c for c in text if c in SIMPLIFIED_ONLY])
        if found:
            wrong[page.relative_to(site).as_posix()] = sorted(set(found))[:5]
    assert not wrong, f"{len(wrong)} page(s) in another language's words: {list(wrong.items())[:5]}"


# ----------------------------------------------------------------------- without a venv


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--name", "X"])
    assert result.exit_code == 1
    assert "is not empty (notes.txt)" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]  # nothing written


def test_init_accepts_a_fresh_clone(tmp_path):
    (tmp_path / ".git").mkdir()
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--name", "X"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "mkdocs.yml").is_file()


@pytest.mark.parametrize(("tags", "says"), [
    ("zh-Hant,klingon", "“klingon” is not a language tag"),
    ("zh_Hant,en", "with a hyphen, e.g. zh-Hant"),
    ("en,en", "listed twice"),
    (",", "at least one language"),
])
def test_init_refuses_unknown_language_tags_in_plain_words(tmp_path, tags, says):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "new"), "--name", "X",
                                       "--languages", tags])
    assert result.exit_code == 1
    assert says in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "new").exists()


def test_pages_are_written_per_language_in_their_words(tmp_path):
    create_archive(tmp_path, name="梧桐新村", languages=parse_languages("zh-Hant,en,cy"))
    assert (tmp_path / "docs/index.md").read_text("utf-8").count("從這裡開始") == 1
    assert "Start here" in (tmp_path / "docs/en/index.md").read_text("utf-8")
    # Welsh has no catalog: its pages are in English, under its own tag
    assert "Start here" in (tmp_path / "docs/cy/index.md").read_text("utf-8")
    config = (tmp_path / "mkdocs.yml").read_text("utf-8")
    assert "languages: [zh-Hant, en, cy]" in config
    assert "font: false" in config and "name: material" in config
    assert "參與" in config  # the nav's titles in the default language
    contributing = (tmp_path / "CONTRIBUTING.md").read_text("utf-8")
    assert "在這個儲存庫裡" in contributing and "In this repository" in contributing
    readme = (tmp_path / "README.md").read_text("utf-8")
    assert "mkdocs serve" in readme and "parlour check" in readme
    assert (tmp_path / ".github/workflows/check.yml").is_file()
    example = (tmp_path / "stories/objects/_example.yml").read_text("utf-8")
    schema = re.search(r"\$schema=(\S+)", example).group(1)
    assert (tmp_path / "stories/objects" / schema).resolve().is_file()
    assert "pip install -r requirements.txt" in (
        tmp_path / ".github/workflows/deploy.yml").read_text("utf-8")


def test_examples_are_left_out_and_mentioned(tmp_path):
    create_archive(tmp_path, name="Lane", languages=["zh", "en"])
    assert example_files(tmp_path) == ["stories/objects/_example.yml", "exhibits/_example.yml"]
    loaded = load_archive(tmp_path)
    assert not any(loaded.records.values()) and not loaded.problems
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "提示：stories/objects/_example.yml 是一个示例" in result.output  # in zh, the default


@pytest.mark.parametrize("langs", [
    ["zh", "en"],
    ["zh-Hant", "en"],
    ["en", "es"],
])
def test_an_example_given_a_name_of_its_own_is_a_valid_record(tmp_path, langs):
    """Positive control for the skipping: the examples are real records once renamed."""
    create_archive(tmp_path, name="Lane", languages=langs)
    shutil.copy(tmp_path / "stories/objects/_example.yml", tmp_path / "stories/objects/teapot.yml")
    shutil.copy(tmp_path / "exhibits/_example.yml", tmp_path / "exhibits/then-and-now.yml")
    loaded = load_archive(tmp_path)
    assert not [p for p in loaded.problems if p.severity == "error"], loaded.problems
    assert "teapot" in loaded.records["objects"]
    assert "then-and-now" in loaded.records["exhibits"]


def test_the_new_archives_workflows_pin_the_actions_this_repository_pins():
    """The skeleton's workflows copy the shape of ours: the same actions at the same full
    version tags (ours are kept current by dependabot and checked by test_github.py)."""
    uses = re.compile(r"uses:\s*(\S+)@(\S+)")
    ours = {m.group(1): m.group(2) for f in (REPO / ".github/workflows").glob("*.yml")
            for m in uses.finditer(f.read_text("utf-8"))}
    skeleton = REPO / "plugins/parlour/skeleton/archive/dot-github/workflows"
    theirs = [m.groups() for f in skeleton.glob("*.yml") for m in uses.finditer(f.read_text("utf-8"))]
    assert len(theirs) >= 6  # checkout, setup-python, upload, configure, pages artifact, deploy
    for action, version in theirs:
        assert ours.get(action) == version, f"{action}@{version}: ours is {ours.get(action)}"
