"""Publishing images: renditions, upright orientation, no metadata, safe SVG, cache, errors.

Every image is drawn here with Pillow; no binary fixtures are committed.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from parlour.archive import media as images
from parlour.archive.media import (
    GPS_WARNING,
    ImageError,
    Published,
    publish_image,
    strip_metadata_problems,
)
from parlour.archive.problems import ParlourError
from PIL import ExifTags, Image, ImageCms
from PIL.PngImagePlugin import PngInfo

RED = (255, 0, 0)
BLUE = (0, 0, 255)
SVG_NS = "{http://www.w3.org/2000/svg}"

GPS_IFD = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (31.0, 14.0, 5.0),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (121.0, 28.0, 10.0),
}


def two_halves(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """Left half red, right half blue: shows where the pixels went after turning."""
    im = Image.new(mode, size, RED)
    im.paste(BLUE, (size[0] // 2, 0, size[0], size[1]))
    return im


def phone_photo(path: Path, size: tuple[int, int] = (2000, 1000), orientation: int = 6) -> Path:
    """A JPEG as a phone writes it: sideways pixels, an orientation tag, GPS, XMP, comment."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "ExamplePhone"
    exif[ExifTags.IFD.GPSInfo] = GPS_IFD
    path.parent.mkdir(parents=True, exist_ok=True)
    two_halves(size).save(
        path,
        "JPEG",
        exif=exif,
        comment=b"taken at 12 Lane Road",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>31,14N</exif:GPSLatitude>'
        b"</x:xmpmeta>",
    )
    return path


def assert_no_metadata(path: Path) -> None:
    with Image.open(path) as im:
        assert not im.getexif(), f"{path.name} still has EXIF"
        assert im.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
        for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop"):
            assert key not in im.info, f"{path.name} still has {key}"
        assert not getattr(im, "text", {})
    assert b"Lane Road" not in path.read_bytes()
    assert b"ExamplePhone" not in path.read_bytes()


def mtimes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*")}


# --------------------------------------------------------------------------- photos


def test_phone_photo_is_upright_stripped_and_not_upscaled(tmp_path):
    source = phone_photo(tmp_path / "media" / "objects" / "coin-phone.jpg")
    with Image.open(source) as original:  # the fixture really carries what we strip
        assert original.getexif()[ExifTags.Base.Orientation] == 6
        assert ExifTags.GPS.GPSLatitude in original.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "xmp" in original.info and "comment" in original.info
    out = tmp_path / "site" / "media"

    result = publish_image(source, "objects/coin-phone.jpg", out)

    # Stored 2000x1000 on its side; upright it is 1000 wide, so no 1600 rendition.
    assert result == Published(
        url="objects/coin-phone-960.jpg",
        width=960,
        height=1920,
        srcset=[("objects/coin-phone-480.jpg", 480), ("objects/coin-phone-960.jpg", 960)],
        thumb="objects/coin-phone-480.jpg",
    )
    assert sorted(p.name for p in (out / "objects").iterdir()) == [
        "coin-phone-480.jpg",
        "coin-phone-960.jpg",
    ]
    for name, width in result.srcset:
        path = out / name
        assert_no_metadata(path)
        with Image.open(path) as im:
            assert im.format == "JPEG"
            assert im.size == (width, width * 2)
            assert im.info.get("progressive") or im.info.get("progression")
            # Orientation 6 means "turn 90° clockwise to view": the left (red) half of
            # the stored pixels ends up on top.
            top = im.getpixel((width // 2, width // 4))
            bottom = im.getpixel((width // 2, width * 2 - width // 4))
        assert top[0] > 200 and top[2] < 60
        assert bottom[2] > 200 and bottom[0] < 60


def test_strip_metadata_problems_reports_gps_of_source_only(tmp_path):
    source = phone_photo(tmp_path / "photo.jpg")
    assert strip_metadata_problems(source) == [GPS_WARNING]

    result = publish_image(source, "photo.jpg", tmp_path / "out")
    assert strip_metadata_problems(tmp_path / "out" / result.url) == []


def test_strip_metadata_problems_quiet_without_gps(tmp_path):
    plain = tmp_path / "plain.jpg"
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "ExamplePhone"
    Image.new("RGB", (20, 10)).save(plain, exif=exif)
    svg = tmp_path / "drawing.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')

    assert strip_metadata_problems(plain) == []
    assert strip_metadata_problems(svg) == []


def test_strip_metadata_problems_ignores_gps_block_without_position(tmp_path):
    source = tmp_path / "photo.jpg"
    exif = Image.Exif()
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSVersionID: b"\x02\x02\x00\x00"}
    Image.new("RGB", (20, 10)).save(source, exif=exif)

    assert strip_metadata_problems(source) == []


@pytest.mark.parametrize(
    ("original_width", "expected"),
    [
        (100, [10, 20, 40]),  # larger than every width
        (40, [10, 20, 40]),  # exactly the largest width
        (30, [10, 20]),  # between widths: never upscaled to 40
        (7, [7]),  # smaller than the smallest: one rendition at its own size
    ],
)
def test_rendition_widths(tmp_path, original_width, expected):
    source = tmp_path / "p.jpg"
    Image.new("RGB", (original_width, original_width // 2 or 1), RED).save(source)

    result = publish_image(source, "p.jpg", tmp_path / "out", widths=(40, 10, 20))

    assert [w for _, w in result.srcset] == expected
    assert result.width == expected[-1]
    for name, width in result.srcset:
        with Image.open(tmp_path / "out" / name) as im:
            assert im.width == width
            assert im.height == max(1, round((original_width // 2 or 1) * width / original_width))


def test_small_png_with_alpha_keeps_size_and_transparency(tmp_path):
    source = tmp_path / "badge.png"
    im = Image.new("RGBA", (120, 80), (0, 0, 0, 0))
    im.paste((0, 128, 0, 255), (0, 0, 60, 80))
    info = PngInfo()
    info.add_text("Author", "Li Meifang, 12 Lane Road")
    exif = Image.Exif()
    exif[ExifTags.IFD.GPSInfo] = GPS_IFD
    im.save(source, pnginfo=info, exif=exif)

    result = publish_image(source, "badge.png", tmp_path / "out")

    assert result == Published(
        url="badge-120.png",
        width=120,
        height=80,
        srcset=[("badge-120.png", 120)],
        thumb="badge-120.png",
    )
    out = tmp_path / "out" / "badge-120.png"
    assert_no_metadata(out)
    with Image.open(out) as published:
        assert published.format == "PNG"
        assert published.mode == "RGBA"
        assert published.getpixel((10, 10)) == (0, 128, 0, 255)
        assert published.getpixel((100, 10))[3] == 0


def test_icc_profile_is_kept(tmp_path):
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = tmp_path / "p.jpg"
    Image.new("RGB", (50, 50), RED).save(source, icc_profile=icc)

    result = publish_image(source, "p.jpg", tmp_path / "out")

    with Image.open(tmp_path / "out" / result.url) as im:
        assert im.info["icc_profile"] == icc


@pytest.mark.parametrize(
    ("fmt", "mode", "extra", "expected_format"),
    [
        ("WEBP", "RGB", {}, "JPEG"),
        ("WEBP", "RGBA", {}, "PNG"),
        ("GIF", "P", {"transparency": 0}, "PNG"),
        ("TIFF", "RGB", {}, "JPEG"),
    ],
)
def test_other_formats_become_jpeg_or_png_by_alpha(tmp_path, fmt, mode, extra, expected_format):
    source = tmp_path / f"pic.{fmt.lower()}"
    Image.new(mode, (30, 20)).save(source, fmt, **extra)

    result = publish_image(source, f"pic.{fmt.lower()}", tmp_path / "out")

    assert result.url == f"pic-30.{'png' if expected_format == 'PNG' else 'jpg'}"
    with Image.open(tmp_path / "out" / result.url) as im:
        assert im.format == expected_format
        assert im.size == (30, 20)


def test_sixteen_bit_greyscale_is_scaled_not_clipped(tmp_path):
    source = tmp_path / "scan.png"
    Image.new("I;16", (10, 10), 32896).save(source)  # mid-grey in 16 bits

    result = publish_image(source, "scan.png", tmp_path / "out")

    with Image.open(tmp_path / "out" / result.url) as im:
        assert im.mode == "L"
        assert im.getpixel((5, 5)) == 128


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("broken.jpg", b"this is not an image at all", "not an image the site can publish"),
        ("holiday.bmp", None, "not an image the site can publish"),
        ("cut.jpg", "truncated", "damaged or incomplete"),
    ],
)
def test_unreadable_images_raise_image_error_naming_the_file(tmp_path, name, content, words):
    source = tmp_path / name
    if content is None:
        Image.new("RGB", (10, 10)).save(source, "BMP")
    elif content == "truncated":
        buffer = io.BytesIO()
        Image.effect_noise((200, 200), 50).convert("RGB").save(buffer, "JPEG")
        source.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    else:
        source.write_bytes(content)

    with pytest.raises(ImageError) as caught:
        publish_image(source, name, tmp_path / "out")

    assert isinstance(caught.value, ParlourError)
    assert name in str(caught.value)
    assert words in str(caught.value)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_missing_file_raises_image_error(tmp_path):
    with pytest.raises(ImageError, match="gone.jpg: the file cannot be read"):
        publish_image(tmp_path / "gone.jpg", "gone.jpg", tmp_path / "out")


@pytest.mark.parametrize("size", [(12, 10), (30, 30)])  # above the limit; above twice it
def test_decompression_bombs_raise_image_error(tmp_path, monkeypatch, size):
    source = tmp_path / "huge.png"
    Image.new("RGB", size).save(source)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)

    with pytest.raises(ImageError, match=r"huge\.png: the image is too large"):
        publish_image(source, "huge.png", tmp_path / "out")
    with pytest.raises(ImageError, match="too large"):
        strip_metadata_problems(source)


@pytest.mark.parametrize("rel", ["../escape.jpg", "/etc/p.jpg", "objects\\p.jpg", ""])
def test_media_path_must_stay_inside_media(tmp_path, rel):
    source = tmp_path / "p.jpg"
    Image.new("RGB", (10, 10)).save(source)

    with pytest.raises(ImageError, match="must stay inside stories/media"):
        publish_image(source, rel, tmp_path / "site" / "media")
    assert not (tmp_path / "site").exists()


# --------------------------------------------------------------------------- SVG


def write_svg(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("attributes", "size"),
    [
        ('viewBox="0 0 120 80"', (120, 80)),
        ('viewBox="0,0,12.4,8.6"', (12, 9)),
        ('width="4" height="3"', (4, 3)),
        ('width="40px" height="30px" viewBox="0 0 4 3"', (40, 30)),
        ('width="100%" height="100%" viewBox="0 0 120 80"', (120, 80)),
        ('width="240" viewBox="0 0 120 80"', (240, 160)),
        ('height="40" viewBox="0 0 120 80"', (60, 40)),
        ('width="1in" height="2.54cm"', (96, 96)),
    ],
)
def test_svg_size_from_attributes_or_viewbox(tmp_path, attributes, size):
    source = write_svg(
        tmp_path / "plan.svg", f'<svg xmlns="http://www.w3.org/2000/svg" {attributes}/>'
    )

    result = publish_image(source, "places/plan.svg", tmp_path / "out")

    assert result == Published(
        url="places/plan.svg", width=size[0], height=size[1], srcset=[], thumb="places/plan.svg"
    )
    assert (tmp_path / "out" / "places" / "plan.svg").is_file()


def test_svg_without_any_size_is_an_error(tmp_path):
    source = write_svg(
        tmp_path / "blob.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="50%"/>'
    )

    with pytest.raises(ImageError, match=r"blob\.svg: .*viewBox"):
        publish_image(source, "blob.svg", tmp_path / "out")


def test_svg_script_and_event_handlers_are_removed(tmp_path):
    source = write_svg(
        tmp_path / "map.svg",
        """<?xml version="1.0"?>
<?xml-stylesheet type="text/xsl" href="evil.xsl"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
     xmlns:h="http://www.w3.org/1999/xhtml"
     viewBox="0 0 40 30" onload="alert(1)" inkscape:export-filename="/home/li/secret.png">
  <script>alert(document.cookie)</script>
  <metadata><creator>Li Meifang</creator></metadata>
  <h:script>alert(3)</h:script>
  <foreignObject width="10" height="10"><h:iframe src="https://example.com"/></foreignObject>
  <a xlink:href=" java&#x09;script:alert(2)"><rect width="40" height="30" fill="#b33"
     onclick="alert(4)" OnMouseOver="alert(5)"/></a>
  <a href="https://example.org/lane"><circle id="dot" r="3" fill="#fff"/></a>
  <use xlink:href="#dot" x="5"/>
  <animate attributeName="href" values="javascript:alert(6)"/>
  <g><g><script type="text/javascript">deep()</script></g></g>
</svg>""",
    )

    result = publish_image(source, "places/map.svg", tmp_path / "out")

    assert (result.width, result.height) == (40, 30)
    text = (tmp_path / "out" / "places" / "map.svg").read_text("utf-8")
    for gone in (
        "script",
        "alert",
        "onload",
        "onclick",
        "foreignObject",
        "iframe",
        "xml-stylesheet",
        "Li Meifang",
        "/home/li",
        "inkscape",
        "deep()",
    ):
        assert gone.lower() not in text.lower(), gone
    root = ET.fromstring(text)
    assert root.tag == f"{SVG_NS}svg"
    assert text.count("<svg ") == 1  # default namespace kept: <svg>, not <ns0:svg>
    rect = root.find(f"{SVG_NS}a/{SVG_NS}rect")
    assert rect is not None and rect.get("fill") == "#b33" and rect.get("width") == "40"
    assert root.find(f"{SVG_NS}a[@href='https://example.org/lane']/{SVG_NS}circle") is not None
    use = root.find(f"{SVG_NS}use")
    assert use is not None and use.get("{http://www.w3.org/1999/xlink}href") == "#dot"
    animate = root.find(f"{SVG_NS}animate")
    assert animate is not None and animate.get("values") is None


@pytest.mark.parametrize(
    "prologue",
    [
        (
            '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
            '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
        ),
        '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>',
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    ],
)
def test_svg_with_doctype_or_entities_is_refused(tmp_path, prologue):
    source = write_svg(
        tmp_path / "old.svg",
        f'<?xml version="1.0"?>\n{prologue}\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"><text>x</text></svg>',
    )

    with pytest.raises(ImageError, match=r"old\.svg: the SVG has a <!DOCTYPE>"):
        publish_image(source, "old.svg", tmp_path / "out")
    assert not (tmp_path / "out" / "old.svg").exists()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("<svg xmlns='http://www.w3.org/2000/svg'><rect></svg>", "not valid XML"),
        ("<html><body/></html>", "does not start with an <svg> element"),
    ],
)
def test_bad_svg_is_an_image_error(tmp_path, text, words):
    source = write_svg(tmp_path / "bad.svg", text)

    with pytest.raises(ImageError, match=r"bad\.svg: ") as caught:
        publish_image(source, "bad.svg", tmp_path / "out")
    assert words in str(caught.value)


# --------------------------------------------------------------------------- incremental


def test_cache_skips_work_and_rewrites_when_the_source_changes(tmp_path, monkeypatch):
    source = phone_photo(tmp_path / "media" / "p.jpg", size=(1200, 600), orientation=1)
    out = tmp_path / "site" / "media"
    cache = tmp_path / "cache"
    first = publish_image(source, "p.jpg", out, cache_dir=cache)
    before = mtimes(out)
    first_bytes = (out / first.url).read_bytes()

    def no_rendering(*args, **kwargs):
        raise AssertionError("rendered again although the source did not change")

    with monkeypatch.context() as m:
        m.setattr(images, "_render", no_rendering)
        again = publish_image(source, "p.jpg", out, cache_dir=cache)
        assert again == first
        assert mtimes(out) == before  # nothing rewritten

        # A fresh site folder (mkdocs cleans it) is filled from the cache, still no rendering.
        fresh = tmp_path / "site2" / "media"
        assert publish_image(source, "p.jpg", fresh, cache_dir=cache) == first
        assert (fresh / first.url).read_bytes() == first_bytes

    # Same size, different pixels: the cache must not hand back the old renditions.
    two_halves((1200, 600)).transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(source, "JPEG")
    changed = publish_image(source, "p.jpg", out, cache_dir=cache)

    assert changed == first  # same names and sizes...
    assert (out / changed.url).read_bytes() != first_bytes  # ...but new content
    with Image.open(out / changed.url) as im:
        assert im.getpixel((10, 10))[2] > 200  # blue is now on the left
    assert_no_metadata(out / changed.url)


def test_cache_entry_depends_on_widths(tmp_path):
    source = tmp_path / "p.jpg"
    Image.new("RGB", (100, 50), RED).save(source)
    cache = tmp_path / "cache"

    wide = publish_image(source, "p.jpg", tmp_path / "out", widths=(40, 80), cache_dir=cache)
    narrow = publish_image(source, "p.jpg", tmp_path / "out", widths=(20,), cache_dir=cache)

    assert [w for _, w in wide.srcset] == [40, 80]
    assert narrow.srcset == [("p-20.jpg", 20)]
    with Image.open(tmp_path / "out" / "p-20.jpg") as im:
        assert im.size == (20, 10)


def test_broken_cache_entry_is_rebuilt(tmp_path):
    source = tmp_path / "p.png"
    Image.new("RGB", (30, 20), BLUE).save(source)
    cache = tmp_path / "cache"
    first = publish_image(source, "p.png", tmp_path / "out", cache_dir=cache)
    for rendition in cache.rglob("30.png"):
        rendition.unlink()  # as if someone cleaned the cache by hand, half-way

    again = publish_image(source, "p.png", tmp_path / "out2", cache_dir=cache)

    assert again == first
    assert list(cache.rglob("30.png"))
    with Image.open(tmp_path / "out2" / again.url) as im:
        assert im.getpixel((0, 0)) == BLUE


def test_without_cache_unchanged_outputs_are_not_rewritten(tmp_path):
    source = phone_photo(tmp_path / "p.jpg", size=(600, 300), orientation=1)
    svg = write_svg(
        tmp_path / "d.svg", '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 1"/>'
    )
    out = tmp_path / "out"
    publish_image(source, "p.jpg", out)
    publish_image(svg, "d.svg", out)
    before = mtimes(out)

    publish_image(source, "p.jpg", out)
    publish_image(svg, "d.svg", out)

    assert mtimes(out) == before
    assert not [p for p in out.rglob("*.tmp")]


def test_bad_widths_are_a_programming_error(tmp_path):
    source = tmp_path / "p.jpg"
    Image.new("RGB", (10, 10)).save(source)

    with pytest.raises(ValueError):
        publish_image(source, "p.jpg", tmp_path / "out", widths=())
    with pytest.raises(ValueError):
        publish_image(source, "p.jpg", tmp_path / "out", widths=(0, 480))


def test_truncated_photo_refused_even_after_weasyprint_is_imported(tmp_path):
    # WeasyPrint (used by the panels) turns on Pillow's LOAD_TRUNCATED_IMAGES for the process
    import weasyprint  # noqa: F401
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    buffer = io.BytesIO()
    Image.effect_noise((200, 200), 50).convert("RGB").save(buffer, "JPEG")
    source = tmp_path / "cut.jpg"
    source.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(ImageError, match="damaged or incomplete"):
        publish_image(source, "cut.jpg", tmp_path / "out")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # restored for WeasyPrint


# --------------------------------------------------------------------------- check_image


def _broken(tmp_path: Path, name: str) -> Path:
    source = tmp_path / name
    buffer = io.BytesIO()
    noise = Image.effect_noise((300, 200), 50).convert("RGB")
    if name == "cut.jpg":
        noise.save(buffer, "JPEG", progressive=True)
    elif name == "cut.png":
        noise.save(buffer, "PNG")
    elif name == "holiday.bmp":
        noise.save(buffer, "BMP")
    else:
        buffer.write({"text.jpg": b"a text file named .jpg",
                      "bad.svg": b"<svg xmlns='http://www.w3.org/2000/svg'><g></svg>",
                      "sizeless.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>"}[name])
    data = buffer.getvalue()
    source.write_bytes(data[: len(data) // 2] if name.startswith("cut") else data)
    return source


@pytest.mark.parametrize(
    "name", ["cut.jpg", "cut.png", "holiday.bmp", "text.jpg", "bad.svg", "sizeless.svg"]
)
def test_check_image_refuses_what_publishing_would(tmp_path, name):
    """`parlour check` uses check_image to report a broken picture at its record's line; it
    must refuse exactly what the build would, or the build fails without a file:line."""
    source = _broken(tmp_path, name)
    with pytest.raises(ImageError) as published:
        publish_image(source, name, tmp_path / "out")
    with pytest.raises(ImageError) as checked:
        images.check_image(source)
    assert checked.value.code == published.value.code == "image-unreadable"


def test_check_image_passes_what_publishing_accepts(tmp_path):
    photo = phone_photo(tmp_path / "photo.jpg")
    drawing = tmp_path / "d.svg"
    drawing.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3"/>', "utf-8")
    for source in (photo, drawing):
        images.check_image(source)
        publish_image(source, source.name, tmp_path / "out")
    with pytest.raises(ImageError, match="max_image_mb") as caught:
        images.check_image(photo, max_bytes=100)
    assert caught.value.code == "media-too-large"


def test_gps_check_reads_no_link(tmp_path):
    photo = phone_photo(tmp_path / "outside" / "photo.jpg")
    assert strip_metadata_problems(photo) == [GPS_WARNING]  # positive control
    link = tmp_path / "link.jpg"
    link.symlink_to(photo)
    with pytest.raises(ImageError, match="symbolic link"):
        strip_metadata_problems(link)
