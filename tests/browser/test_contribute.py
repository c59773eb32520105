"""The contribute page's forms: what a resident types becomes a file `parlour check` accepts."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from parlour.archive.checks import check_archive

REPO = Path(__file__).resolve().parents[2]


def archive_with(tmp_path: Path, files: dict[str, str]) -> Path:
    """A copy of the sample archive with the form's files added."""
    root = tmp_path / "archive"
    shutil.copytree(REPO / "stories", root / "stories")
    shutil.copytree(REPO / "exhibits", root / "exhibits")
    for rel, text in files.items():
        (root / rel).write_text(text, encoding="utf-8")
    return root


def produced(page) -> dict[str, str]:
    areas = page.locator("[data-output] textarea[data-file]")
    return {areas.nth(i).get_attribute("data-file"): areas.nth(i).input_value()
            for i in range(areas.count())}


def test_story_form_makes_files_that_pass_check(page, site_server, tmp_path):
    page.goto(site_server.url + "contribute/")
    form = page.locator("#form-story")
    form.get_by_label("你的名字").fill("测试居民")
    form.get_by_label("大家怎么称呼你").fill("测试阿姨")
    form.get_by_label("出生年份").fill("1950")
    form.get_by_label("故事的题目").fill('弄堂口的"老虎灶": 一分钱一瓶')
    form.get_by_label("大概是哪一年").fill("1985")
    form.get_by_label("简单说说").fill("每天早上去打开水。\n排很长的队。")
    form.get_by_label("你的故事").fill("那时候，热水瓶排成一长溜。")
    form.get_by_label("放在网站上").check()
    form.get_by_role("button", name="生成文件").click()
    files = produced(page)
    assert len(files) == 2
    assert any(p.startswith("stories/people/") for p in files)
    assert any(p.startswith("stories/interviews/") for p in files)
    problems = check_archive(archive_with(tmp_path, files))
    assert [p for p in problems if p.severity == "error"] == [], problems
    # the GitHub button carries the same file to the repository's new-file page
    link = page.locator("a", has_text="在 GitHub 上提交").first.get_attribute("href")
    query = parse_qs(urlparse(link).query)
    assert query["value"][0] in files.values()


def test_wish_and_object_forms_pass_check(page, site_server, tmp_path):
    page.goto(site_server.url + "contribute/")
    page.get_by_role("tab", name="写一个心愿").click()
    wish = page.locator("#form-wish")
    wish.get_by_label("你的心愿").fill("希望弄堂口多放两张长椅")
    wish.get_by_label("署名").fill("三楼的小朋友")
    wish.get_by_role("button", name="生成文件").click()
    files = produced(page)
    page.get_by_role("tab", name="借出一件老物件").click()
    obj = page.locator("#form-object")
    obj.get_by_label("这是什么").fill("搪瓷脸盆")
    obj.get_by_label("大概是哪一年").fill("1978")
    obj.get_by_label("展签上怎么写借出人").fill("周师傅借展")
    obj.get_by_label("它的故事").fill("结婚时买的，用了四十年。")
    obj.get_by_role("button", name="生成文件").click()
    files.update(produced(page))
    assert len(files) == 2
    problems = check_archive(archive_with(tmp_path, files))
    assert [p for p in problems if p.severity == "error"] == [], problems


def test_private_answer_offers_no_file(page, site_server):
    page.goto(site_server.url + "contribute/")
    form = page.locator("#form-story")
    form.get_by_label("你的名字").fill("测试居民")
    form.get_by_label("故事的题目").fill("不公开的故事")
    form.get_by_label("大概是哪一年").fill("1990")
    form.get_by_label("简单说说").fill("只想讲给居委会听。")
    form.get_by_label("先不要公开").check()
    form.get_by_role("button", name="生成文件").click()
    assert page.locator(".parlour-output-private").is_visible()
    assert page.locator("[data-output] textarea").count() == 0
    assert page.locator("a", has_text="在 GitHub 上提交").count() == 0
