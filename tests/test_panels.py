"""Print panels: real sizes with bleed, embedded fonts, QR codes that scan, pre-flight.

The sample exhibition is exported once for the module (A2, in parallel); the pre-flight
cases use the small archive in tests/fixtures/panels/, copied to tmp_path with a
low-resolution PNG made here.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
import zxingcpp
from parlour.panels import (
    Options,
    PanelError,
    PreflightFailed,
    export_panels,
    fonts,
    geometry,
    panel_files,
    prepare,
    read_site_url,
)
from parlour.panels.errors import BrokenArchive
from parlour.panels.geometry import SLUG_MM
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "panels"
EXHIBIT = "wutong-then-and-now"
SITE = "https://wutong-li.example.org/"
PT = 72 / 25.4  # PDF points per mm
A2 = (420.0, 594.0)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("panels")
    report = export_panels(ROOT, EXHIBIT, out, Options(size="A2"))
    return report


def _mm(box) -> tuple[float, float, float, float]:
    return tuple(float(v) / PT for v in box)


def _size(box) -> tuple[float, float]:
    left, bottom, right, top = _mm(box)
    return right - left, top - bottom


def _panel_ids() -> list[str]:
    import yaml

    data = yaml.safe_load((ROOT / "exhibits" / f"{EXHIBIT}.yml").read_text("utf-8"))
    return [p["id"] for s in data["sections"] for p in s["panels"]]


# ------------------------------------------------------------------ the sample exhibition


def test_sample_passes_preflight_and_writes_every_file(sample):
    assert sample.problems == []
    assert [pid for pid, _ in sample.panels] == _panel_ids()
    folder = sample.out_dir
    for pid, pdf in sample.panels:
        assert pdf == folder / f"{pid}.pdf" and pdf.is_file()
        with Image.open(folder / f"{pid}.png") as im:  # the preview, for checking on screen
            assert im.format == "PNG" and max(im.size) == 1400
    assert (folder / f"{EXHIBIT}-panels.pdf").is_file()
    assert (folder / f"{EXHIBIT}-labels.pdf").is_file()
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["audience"] == "community" and manifest["size"] == "A2"


def test_each_panel_is_one_page_trimmed_to_size_with_bleed(sample):
    g = sample.geometry
    assert g.marks and g.bleed == 3  # as the exhibit's print: settings say
    for pid, pdf in sample.panels:
        reader = pypdf.PdfReader(pdf)
        assert len(reader.pages) == 1, pid
        page = reader.pages[0]
        trim = _mm(page.trimbox)
        bleed = _mm(page.bleedbox)
        media = _mm(page.mediabox)
        assert _size(page.trimbox) == pytest.approx(A2, abs=0.01), pid
        # the BleedBox is the trim plus the bleed on every side
        for t, b, sign in zip(trim, bleed, (-1, -1, 1, 1)):
            assert b - t == pytest.approx(sign * 3, abs=0.01), pid
        # with crop marks, the MediaBox adds a slug outside the bleed to hold them
        for b, m, sign in zip(bleed, media, (-1, -1, 1, 1)):
            assert m - b == pytest.approx(sign * SLUG_MM, abs=0.01), pid


def test_combined_pdf_holds_every_panel_in_order(sample):
    reader = pypdf.PdfReader(sample.out_dir / f"{EXHIBIT}-panels.pdf")
    assert len(reader.pages) == len(sample.panels)
    for page in reader.pages:
        assert _size(page.trimbox) == pytest.approx(A2, abs=0.01)


def _fonts(resources, seen=None):
    seen = set() if seen is None else seen
    if resources is None:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        if id(font) not in seen:
            seen.add(id(font))
            yield font
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        yield from _fonts(xobject.get("/Resources"), seen)


def _embedded(font) -> bool:
    if font.get("/Subtype") == "/Type0":
        return all(_embedded(d.get_object()) for d in font["/DescendantFonts"])
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs drawn in the file itself
    descriptor = font.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else {}
    return any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_every_font_is_embedded(sample):
    files = [pdf for _, pdf in sample.panels] + [sample.out_dir / f"{EXHIBIT}-labels.pdf"]
    for pdf in files:
        reader = pypdf.PdfReader(pdf)
        found = [f for page in reader.pages for f in _fonts(page.get("/Resources"))]
        assert found, pdf.name
        for font in found:
            assert _embedded(font), (pdf.name, font.get("/BaseFont"))
        names = {str(f.get("/BaseFont")) for f in found}
        assert all("Noto-Sans-CJK" in n or "Noto-Serif-CJK" in n for n in names), names


def _qr_codes(pdf: Path, page: int = 0, dpi: int = 110) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[page].render(scale=dpi / 72).to_pil()
    finally:
        document.close()
    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def test_each_panel_qr_code_scans_to_its_page(sample):
    # A quote panel quoting one recording the website plays opens that recording at the
    # quote; every other panel opens its own place on the exhibition's page.
    special = {"tiger-stove-voice": "interviews/chen-guiying-1/#q1"}
    for pid, pdf in sample.panels:
        expected = SITE + special.get(pid, f"exhibits/{EXHIBIT}/#{pid}")
        assert _qr_codes(pdf) == [expected], pid


def test_qr_modules_are_at_least_one_millimetre():
    for size in ("A0", "A1", "A2", "A4", "300x400mm"):
        assert geometry(size, bleed=3, marks=False).module_mm >= 1.0


def test_object_labels_scan_to_object_pages(sample):
    pdf = sample.out_dir / f"{EXHIBIT}-labels.pdf"
    reader = pypdf.PdfReader(pdf)
    assert all(_size(p.mediabox) == pytest.approx((210, 297), abs=0.01) for p in reader.pages)
    urls = [u for i in range(len(reader.pages)) for u in _qr_codes(pdf, i, dpi=200)]
    assert urls and all(u.startswith(SITE + "objects/") and u.endswith("/") for u in urls)
    assert SITE + "objects/coin-phone/" in urls
    # an object that is not on the public website gets a label but no QR code to nowhere
    public = prepare(ROOT, EXHIBIT, Options(audience="public"))[0]
    public_objects = {i.id for p in public for i in p.items if i.type == "objects"}
    assert {u.split("/")[-2] for u in urls} <= public_objects


def test_panels_show_what_the_audience_may_see():
    community = prepare(ROOT, EXHIBIT, Options())[0]
    public = prepare(ROOT, EXHIBIT, Options(audience="public"))[0]
    tellers = {a: next(p for p in views if p.id == "the-tellers")
               for a, views in (("community", community), ("public", public))}
    # Li Xiuzhen agreed to the parlour and the printed panels, not to the internet
    assert "李秀珍" in tellers["community"].strings()
    assert "李秀珍" not in tellers["public"].strings()
    for views in (community, public):
        ids = {(i.type, i.id) for p in views for i in p.items}
        assert ("people", "resident-11") not in ids  # withdrew consent: absent everywhere


def test_each_size_has_its_own_type_scale_within_the_minimums():
    a1 = geometry("A1", bleed=3, marks=False)
    a2 = geometry("A2", bleed=3, marks=False)
    assert a1.body_pt == 28
    # A2 is laid out for itself, not A1 scaled down (28 pt × 0.71 = 19.8 pt)
    assert a2.body_pt == 22 and a2.body_pt > 28 * 420 / 594 + 1
    least = {"A0": (24, 18), "A1": (24, 18), "A2": (18, 14)}
    for size in ("A0", "A1", "A2", "A3", "A4", "700x1000mm", "300x300mm"):
        scale = geometry(size, bleed=3, marks=False).type
        body, caption = least.get(size, (14, 11) if scale.use == "table" else (18, 14))
        assert scale.min_body >= body and scale.min_caption >= caption, size
        assert scale.body >= scale.min_body and scale.caption >= scale.min_caption, size


def archives(root: Path):
    """``archive_for`` for :func:`panel_files`: the archive at ``root`` for an audience."""
    from parlour.archive import Archive
    from parlour.archive.loader import load_archive

    return lambda audience: Archive(load_archive(root), audience=audience)


def test_panel_files_for_the_website(sample):
    out = sample.out_dir.parent
    archive_for = archives(ROOT)
    # panels printed for the community must never be offered on the public website
    assert panel_files(EXHIBIT, out, archive_for=archive_for) == []
    files = panel_files(EXHIBIT, out, audience="community", archive_for=archive_for)
    assert files == sample.panels
    assert panel_files("no-such-exhibit", out, audience="community",
                       archive_for=archive_for) == []


# ------------------------------------------------------------------ pre-flight


@pytest.fixture
def fixture_root(tmp_path):
    root = tmp_path / "archive"
    shutil.copytree(FIXTURE, root)
    media = root / "stories" / "media" / "objects"
    media.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (160, 120), (184, 115, 51)).save(media / "small-photo.png")
    show = root / "exhibits" / "preflight-show.yml"
    # more than fits at A2's least body type (18 pt), less than the text budget
    long_text = "梧桐里的老虎灶从早到晚烧着开水，弄堂里的人排着队。" * 55
    show.write_text(show.read_text("utf-8").replace("PLACEHOLDER-REPLACED-BY-THE-TEST", long_text),
                    "utf-8")
    return root


def _codes(problems) -> set[tuple[str, str]]:
    return {(p.code, p.message.split("panel ")[1].split(" ")[0] if "panel " in p.message else "")
            for p in problems}


def test_preflight_reports_before_writing(fixture_root, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(PreflightFailed) as caught:
        export_panels(fixture_root, "preflight-show", out, Options(site_url=SITE, workers=1))
    problems = caught.value.problems
    codes = {p.code for p in problems}
    assert codes == {"type-too-small", "low-resolution", "missing-translation"}, problems
    # a panel too full for its sheet is set smaller to fit, and pre-flight names the block
    # (its text, at the line it is written on) that is then below the size's minimum
    [small] = [p for p in problems if p.code == "type-too-small"]
    lines = (fixture_root / "exhibits" / "preflight-show.yml").read_text("utf-8").splitlines()
    text_line = next(i for i, line in enumerate(lines, 1) if "PLACEHOLDER" in line
                     or "梧桐里的老虎灶" in line) - 1
    assert (small.path, small.line) == ("exhibits/preflight-show.yml", text_line)
    assert "too-long" in small.message and "at least 18 pt" in small.message
    low = [p for p in problems if p.code == "low-resolution"]
    assert any("small-photo" in p.message and "objects/small-photo.png" in p.message for p in low)
    assert all(p.severity == "warning" for p in problems)
    assert caught.value.forceable
    assert not out.exists()  # nothing written


def test_force_prints_anyway_and_keeps_one_page(fixture_root, tmp_path):
    out = tmp_path / "out"
    report = export_panels(fixture_root, "preflight-show", out,
                           Options(site_url=SITE, force=True, previews=False))
    assert {p.code for p in report.problems} >= {"type-too-small", "low-resolution"}
    for _pid, pdf in report.panels:
        page = pypdf.PdfReader(pdf).pages[0]
        assert len(pypdf.PdfReader(pdf).pages) == 1
        # no marks: MediaBox and BleedBox are both the trim plus the bleed
        assert _size(page.mediabox) == pytest.approx((426, 600), abs=0.01)
        assert _mm(page.mediabox) == pytest.approx(_mm(page.bleedbox), abs=0.01)


def test_qr_without_site_url_is_a_preflight_warning(fixture_root):
    problems = prepare(fixture_root, "preflight-show", Options(site_url=""))[4]
    assert sum(p.code == "qr-no-site-url" for p in problems) == 3


def test_missing_translation_only_for_requested_languages(fixture_root):
    zh = prepare(fixture_root, "preflight-show", Options(site_url=SITE, lang="zh"))[4]
    assert not any(p.code == "missing-translation" for p in zh)
    both = prepare(fixture_root, "preflight-show", Options(site_url=SITE, lang="zh+en"))[4]
    missing = [p for p in both if p.code == "missing-translation"]
    lines = (fixture_root / "exhibits" / "preflight-show.yml").read_text("utf-8").splitlines()
    title_line = lines.index("        title: 没有英文的标题") + 1
    assert len(missing) == 1 and "English" in missing[0].message
    assert (missing[0].path, missing[0].line) == ("exhibits/preflight-show.yml", title_line)


def test_a_glyph_the_fonts_lack_stops_even_with_force(fixture_root, tmp_path):
    with pytest.raises(PreflightFailed) as caught:
        export_panels(fixture_root, "glyph-show", tmp_path / "out",
                      Options(site_url=SITE, force=True))
    assert not caught.value.forceable
    [problem] = caught.value.problems
    assert problem.code == "missing-glyph" and "U+1F333" in problem.message
    assert not (tmp_path / "out").exists()


def test_no_cjk_font_installed_says_what_to_install(monkeypatch):
    monkeypatch.setattr(fonts, "_fc_list", lambda family: [])
    monkeypatch.setattr(fonts, "_glob", lambda family: [])
    fonts.find_font.cache_clear()
    try:
        with pytest.raises(PanelError, match="fonts-noto-cjk"):
            fonts.find_font(fonts.SANS)
    finally:
        fonts.find_font.cache_clear()


# ------------------------------------------------------------------ independence


def test_site_url_is_read_without_mkdocs(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nsite_url: https://example.org/lane/\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "extra:\n  key: !ENV [SOME_KEY, none]\n", "utf-8")
    assert read_site_url(tmp_path) == "https://example.org/lane/"
    assert read_site_url(tmp_path / "missing") == ""


def test_panels_never_import_mkdocs():
    code = (
        "import sys; sys.modules['mkdocs'] = None\n"  # any import of mkdocs now fails
        "from parlour.panels import prepare, Options\n"
        f"views = prepare({str(ROOT)!r}, {EXHIBIT!r}, Options())[0]\n"
        "from parlour.panels.render import panel_html\n"
        "assert len(views) == 16\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr


def test_command_reports_preflight_and_exits_1(fixture_root, tmp_path):
    from click.testing import CliRunner

    from parlour.cli import main

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["panels", "glyph-show", "--root", str(fixture_root),
                                       "--out", str(out), "--site-url", SITE, "--force"])
    assert result.exit_code == 1
    assert "[missing-glyph]" in result.output and "nothing was written" in result.output
    assert not out.exists()


# ------------------------------------------------------------------ crashes and budgets


def _show(root: Path, name: str, panels: str, *, languages: str = "[zh, en]") -> None:
    (root / "exhibits" / f"{name}.yml").write_text(
        f"title: {{zh: 测试, en: A test}}\nsections:\n  - title: {{zh: 从前, en: Then}}\n"
        f"    era: past\n    panels:\n{panels}print:\n  size: A2\n  marks: false\n"
        f"  languages: {languages}\n", "utf-8")


def _line(root: Path, name: str, text: str) -> int:
    lines = (root / "exhibits" / f"{name}.yml").read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


QR_PANELS = """      - id: words
        title: {zh: 字, en: Words}
        text: {zh: 一段话。, en: A few words.}
      - id: kettle
        title: {zh: 铜吊, en: The kettle}
        layout: grid
        items: [objects/kettle]
"""


def test_a_link_no_qr_code_can_hold_is_a_problem_not_a_crash(fixture_root, tmp_path):
    from click.testing import CliRunner

    from parlour.cli import main

    _show(fixture_root, "qr-show", QR_PANELS)
    out = tmp_path / "out"
    # 1,700 bytes: more than any QR code holds (segno raised DataOverflowError)
    site = "https://example.org/" + "a" * 1700 + "/"
    result = CliRunner().invoke(main, ["panels", "qr-show", "--root", str(fixture_root),
                                       "--out", str(out), "--site-url", site, "-j", "1"])
    assert isinstance(result.exception, SystemExit) and result.exit_code == 1, result.exception
    assert "[qr-too-long]" in result.output and "nothing was written" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_link_too_long_for_a_panel_qr_code_says_where(fixture_root):
    _show(fixture_root, "qr-show", QR_PANELS)
    site = "https://example.org/" + "a" * 150 + "/"  # fits a QR code, not a panel's
    problems = [p for p in prepare(fixture_root, "qr-show", Options(site_url=site))[4]
                if p.code == "qr-too-long"]
    assert {(p.path, p.line) for p in problems} == {
        ("exhibits/qr-show.yml", _line(fixture_root, "qr-show", "- id: words")),
        ("exhibits/qr-show.yml", _line(fixture_root, "qr-show", "- id: kettle")),
        ("stories/objects/kettle.md", 2),  # its label: the object, at its front matter
    }
    assert all(p.severity == "error" and "site_url" in p.hint for p in problems)
    assert "at most 151" in problems[0].message


def test_a_long_panel_id_falls_back_to_the_exhibition_page(fixture_root):
    long_id = "-".join(["panel"] * 30)  # 179 characters: too long for a panel's QR code
    _show(fixture_root, "qr-show", QR_PANELS.replace("id: words", f"id: {long_id}"))
    views, _, _, _, problems, _ = prepare(fixture_root, "qr-show", Options(site_url=SITE))
    assert views[0].qr_url == SITE + "exhibits/qr-show/"  # not #<id>: the page still opens
    assert views[1].qr_url == SITE + "exhibits/qr-show/#kettle"
    assert not any(p.code.startswith("qr-") for p in problems)


def test_a_panel_id_too_long_for_a_file_name_is_a_problem(fixture_root):
    long_id = "-".join(["panel"] * 50)  # 299 characters
    _show(fixture_root, "qr-show", QR_PANELS.replace("id: words", f"id: {long_id}"))
    [problem] = [p for p in prepare(fixture_root, "qr-show", Options(site_url=SITE))[4]
                 if p.severity == "error"]
    assert problem.code == "id-too-long" and problem.path == "exhibits/qr-show.yml"
    assert problem.line == _line(fixture_root, "qr-show", f"- id: {long_id}")


def _text_panel(text: str) -> str:
    return ("      - id: words\n        title: {zh: 字, en: Words}\n        layout: text\n"
            f"        text: {{zh: {text}, en: A few words.}}\n")


def test_text_far_over_budget_is_refused_before_layout(fixture_root, tmp_path, monkeypatch):
    from parlour.panels import export
    from parlour.panels.render import Result

    _show(fixture_root, "long-show", _text_panel("梧桐里的老虎灶从早到晚烧着开水，弄堂里的人排着队。" * 176))
    laid_out = []

    def render(job):  # records what is laid out; never spends minutes on the long text
        laid_out.append(job.key)
        return Result(job.key, pdf=b"%PDF", pages=5)

    monkeypatch.setattr(export, "render_job", render)
    with pytest.raises(PreflightFailed) as caught:
        export_panels(fixture_root, "long-show", tmp_path / "out",
                      Options(site_url=SITE, workers=1, force=True))
    assert not caught.value.forceable
    [problem] = [p for p in caught.value.problems if p.code == "text-too-long"]
    assert (problem.path, problem.line) == (
        "exhibits/long-show.yml", _line(fixture_root, "long-show", "text:"))
    assert "Chinese text of panel words is 4,400 characters long" in problem.message
    assert "A2 text panel" in problem.message and "split it into two panels" in problem.hint
    assert laid_out == []  # the only panel, not laid out
    assert not (tmp_path / "out").exists()


def test_text_budget_refuses_nothing_that_fits(fixture_root):
    from parlour.panels.render import Job, panel_html, render_job, text_budget

    _show(fixture_root, "long-show", _text_panel("字"), languages="[zh]")
    views, _, g, _, _, _ = prepare(fixture_root, "long-show", Options(site_url=SITE))
    most = int(text_budget(views[0], g))  # in em: one per Chinese character
    sentence = "梧桐里的老虎灶从早到晚烧着开水，弄堂里的人排着队。"
    at_budget = (sentence * (most // len(sentence) + 1))[:most]
    _show(fixture_root, "long-show", _text_panel(at_budget), languages="[zh]")
    views, _, g, _, problems, _ = prepare(fixture_root, "long-show", Options(site_url=SITE))
    assert not any(p.code == "text-too-long" for p in problems)
    # at the budget, the text does not fit: so whatever fits is under it, and let through
    result = render_job(Job("words", panel_html(views[0], g), str(fixture_root), preview=False))
    assert result.pages >= 2, result.error
    _show(fixture_root, "long-show", _text_panel(at_budget + sentence), languages="[zh]")
    problems = prepare(fixture_root, "long-show", Options(site_url=SITE))[4]
    assert [p.code for p in problems if p.severity == "error"] == ["text-too-long"]


# ------------------------------------------------------------------ a broken archive


@pytest.mark.parametrize("broken, code", [
    ("colour: red\n", "[unknown-field]"),  # the loader's
    ("related: [objects/no-such-thing]\n", "[unknown-reference]"),  # the cross-checks'
])
def test_command_refuses_an_archive_with_errors(fixture_root, tmp_path, broken, code):
    from click.testing import CliRunner

    from parlour.cli import main

    person = fixture_root / "stories" / "people" / "lender.yml"
    person.write_text(person.read_text("utf-8") + broken, "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["panels", "glyph-show", "--root", str(fixture_root),
                                       "--out", str(out), "--site-url", SITE])
    assert isinstance(result.exception, SystemExit) and result.exit_code == 1, result.exception
    assert re.search(r"stories/people/lender\.yml\n +5:\d+ +error", result.output), result.output
    assert code in result.output
    assert "the archive has errors" in result.output and "Traceback" not in result.output
    assert not out.exists()


# ------------------------------------------------------------------ credit lines


CREDIT_RECORDS = {
    "people/quiet-lender.yml": (
        "name: {zh: QUIETNAMEMARK, en: QUIETNAMEMARK}\n"
        "display_name: {zh: 一位邻居, en: A neighbour}\n"
        "consent:\n  level: public\n  name: private\n  recorded: 2025-01-01\n"),
    "objects/lent-quietly.yml": (
        "title: {zh: 搪瓷盆, en: Enamel basin}\nlender: quiet-lender\n"
        "credit_line: {zh: QUIETCREDITMARK惠借, en: Lent by QUIETCREDITMARK}\n"),
    "objects/lent-openly.yml": (
        "title: {zh: 竹壳热水瓶, en: Bamboo flask}\nlender: lender\n"
        "credit_line: {zh: OPENCREDITMARK惠借, en: Lent by OPENCREDITMARK}\n"),
}


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_no_credit_line_names_a_lender_who_keeps_their_name_private(fixture_root, tmp_path):
    for name, text in CREDIT_RECORDS.items():
        (fixture_root / "stories" / name).write_text(text, "utf-8")
    _show(fixture_root, "credit-show", "      - id: lent\n        title: {zh: 借来的, en: Lent}\n"
          "        layout: grid\n        items: [objects/lent-quietly, objects/lent-openly]\n")
    report = export_panels(fixture_root, "credit-show", tmp_path / "out",
                           Options(audience="public", site_url=SITE, previews=False))
    for pdf in (report.out_dir / "lent.pdf", report.out_dir / "credit-show-labels.pdf"):
        text = _pdf_text(pdf)
        assert "OPENCREDITMARK" in text, pdf.name  # positive control: a public lender
        assert "QUIETCREDITMARK" not in text and "QUIETNAMEMARK" not in text, pdf.name
        # credited as they agreed, by their display name, which reads as part of the sentence
        assert "Lent by a neighbour" in text




# ------------------------------------------------------------------ what the images carry

PHOTO_SHOW = """\
title: {zh: 照片, en: Photos}
sections:
  - title: {zh: 从前, en: Then}
    era: past
    panels:
      - id: the-photo
        title: {zh: 一张照片, en: A photo}
        layout: hero
        text: {zh: 铜吊。, en: A kettle.}
        image:
          src: objects/marked.jpg
          alt: {zh: 一只铜吊。, en: A copper kettle.}
        items: [objects/kettle]
"""


def _marked_photos(media: Path) -> None:
    """A JPEG and a PNG carrying EXIF (with GPS), XMP, a comment and text chunks."""
    from PIL import ExifTags, PngImagePlugin

    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = "MARK-EXIF-ARTIST"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef], gps[ExifTags.GPS.GPSLatitude] = "N", (31.0, 12.0, 3.0)
    gps[ExifTags.GPS.GPSMapDatum] = "MARK-EXIF-GPS"
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">MARK-XMP</x:xmpmeta>'
    photo = Image.effect_noise((1200, 900), 40).convert("RGB")
    photo.save(media / "marked.jpg", "JPEG", exif=exif, xmp=xmp, comment="MARK-COMMENT",
               quality=90)
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "MARK-PNG-TEXT")
    info.add_itxt("XML:com.adobe.xmp", "MARK-PNG-XMP")
    photo.save(media / "small-photo.png", "PNG", pnginfo=info, exif=exif)
    for name in ("marked.jpg", "small-photo.png"):
        assert b"MARK-" in (media / name).read_bytes()  # positive control


def _pdf_images(pdf: Path) -> list:
    return [image for page in pypdf.PdfReader(pdf).pages for image in page.images]


def test_panel_pdfs_and_previews_embed_only_cleaned_pixels(fixture_root, tmp_path):
    """WeasyPrint embeds the file behind a fetched JPEG, not the fetched bytes: the panels
    must hand it a cleaned copy, or the print file carries the photo's GPS position."""
    _marked_photos(fixture_root / "stories" / "media" / "objects")
    (fixture_root / "exhibits" / "photo-show.yml").write_text(PHOTO_SHOW, "utf-8")
    report = export_panels(fixture_root, "photo-show", tmp_path / "out",
                           Options(site_url=SITE, force=True, workers=1))
    pdfs = [p for p in report.files if p.suffix == ".pdf"]
    pngs = [p for p in report.files if p.suffix == ".png"]
    assert pdfs and pngs
    embedded = []
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert b"MARK-" not in data and b"Exif\0\0" not in data, pdf
        assert b"ns.adobe.com/xap" not in data and b"adobe:ns:meta" not in data, pdf
        for image in _pdf_images(pdf):
            embedded.append(image)
            assert b"MARK-" not in image.data and b"Exif" not in image.data, (pdf, image.name)
            info = image.image.info
            assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment"} & set(info), info
            assert not image.image.getexif()
    assert len(embedded) >= 2, "positive control: the photos are in the PDFs"
    for png in pngs:
        assert b"MARK-" not in png.read_bytes()
        with Image.open(png) as im:
            assert not im.getexif() and not getattr(im, "text", {}), png


def test_panel_pictures_that_are_links_broken_or_too_large_are_errors(fixture_root, tmp_path):
    media = fixture_root / "stories" / "media" / "objects"
    outside = tmp_path / "secret.png"
    Image.new("RGB", (10, 10)).save(outside)
    (fixture_root / "exhibits" / "photo-show.yml").write_text(PHOTO_SHOW, "utf-8")
    show = fixture_root / "exhibits" / "photo-show.yml"
    line = next(i for i, text in enumerate(show.read_text("utf-8").splitlines(), 1)
                if text.strip().startswith("src: objects/marked.jpg"))
    for setup, code in (
        (lambda: (media / "marked.jpg").symlink_to(outside), "media-outside"),
        (lambda: (media / "marked.jpg").write_bytes(b"not a JPEG"), "image-unreadable"),
        (lambda: (media / "marked.jpg").write_bytes(b"\xff" * 2_000_000), "media-too-large"),
    ):
        (media / "marked.jpg").unlink(missing_ok=True)
        setup()
        (fixture_root / "mkdocs.yml").write_text(
            "site_name: x\nplugins:\n  - parlour:\n      max_image_mb: 1\n", "utf-8")
        # the archive's own check finds it first, as for the website: nothing is laid out
        with pytest.raises(BrokenArchive) as refused:
            prepare(fixture_root, "photo-show", Options(site_url=SITE))
        problems = refused.value.problems
        found = [p for p in problems if p.code == code]
        assert [(p.path, p.line, p.severity) for p in found] == [
            ("exhibits/photo-show.yml", line, "error")], problems


def test_english_panels_qr_codes_open_the_english_pages(fixture_root):
    """Issue 13: English panels' QR codes pointed at the Chinese pages."""
    english = prepare(fixture_root, "preflight-show", Options(site_url=SITE, lang="en", force=True))[0]
    both = prepare(fixture_root, "preflight-show", Options(site_url=SITE, lang="zh+en", force=True))[0]
    assert english and all(v.qr_url.startswith(SITE + "en/") for v in english if v.qr_url)
    assert any(v.qr_url for v in english)
    assert all(not v.qr_url.startswith(SITE + "en/") for v in both if v.qr_url)
