"""Nothing a person did not consent to reaches the built site, in any file.

The fixture archive (tests/fixtures/consent/, see its README.md) marks every piece of
private, withdrawn, embargoed and community-only material with a unique MARK-* string, and
names hidden records and people with ids that hold one. The site is built once per audience;
every file under site/ is then read as bytes (gzip opened, JSON decoded, HTML entities and
%-escapes undone, image metadata read with Pillow) and searched case-insensitively, so an id
in a URL, a name in the Pagefind index or sitemap.xml.gz, a title in a CSV or a GPS position
in a JPEG all count as leaks.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from parlour.archive.scan import RASTER_SUFFIXES, Scanned, scan_file

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "consent"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

#: Found in every build: proves the scan reads pages and the search index (docs/index.md).
DOCS_CONTROL = "MARK-PUBLIC-DOCS"
#: Found in every build: proves archive records are rendered at all (a public interview).
PUBLIC_CONTROL = "MARK-PUBLIC-OK"
#: Never in any build. Each is a prefix: all markers of a kind, and the ids that hold one.
NEVER = ("MARK-EMBARGO", "MARK-PRIVATE", "MARK-WITHDRAWN", "MARK-EXIF")
COMMUNITY = "MARK-COMMUNITY"
#: What the community build must show: the person, and each kind of record that is theirs
#: or carries community record consent.
COMMUNITY_SHOWN = (
    "MARK-COMMUNITY-NAME",
    "MARK-COMMUNITY-INTERVIEW-TITLE",
    "MARK-COMMUNITY-OBJECT-TITLE",
    "MARK-COMMUNITY-EVENT-TITLE",
    "MARK-COMMUNITY-WISH-TEXT",
)

#: The committed fixture is text only; these placeholders become JPEGs with metadata.
EXIF_PHOTOS = {
    "exif-object.svg": "exif-object.jpg",  # a public object's image: published in both builds
    "mark-community-portrait.svg": "mark-community-portrait.jpg",  # a community person's
}
GPS_IFD = ExifTags.IFD.GPSInfo


# --------------------------------------------------------------------------- archive


def write_exif_jpeg(path: Path, name: str) -> None:
    """A small photo as phones write them: description, artist, GPS, comment and XMP."""
    im = Image.new("RGB", (64, 48), (190, 120, 80))
    exif = Image.Exif()
    exif[ExifTags.Base.ImageDescription] = f"MARK-EXIF-DESCRIPTION {name}"
    exif[ExifTags.Base.Artist] = "MARK-EXIF-ARTIST"
    exif[ExifTags.Base.Make] = "MARK-EXIF-CAMERA"
    gps = exif.get_ifd(GPS_IFD)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (31.0, 16.0, 12.34)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (121.0, 30.0, 5.67)
    gps[ExifTags.GPS.GPSMapDatum] = "MARK-EXIF-GPS"
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
        b'22-rdf-syntax-ns#"><rdf:Description>MARK-EXIF-XMP</rdf:Description></rdf:RDF>'
        b"</x:xmpmeta>"
    )
    im.save(path, "JPEG", exif=exif, comment="MARK-EXIF-COMMENT", xmp=xmp, quality=90)


def prepare_archive(dest: Path) -> Path:
    """Copy the fixture to ``dest`` and swap the placeholders for JPEGs with metadata."""
    shutil.copytree(FIXTURE, dest, ignore=shutil.ignore_patterns("site", ".cache"))
    media = dest / "stories" / "media"
    for svg, jpg in EXIF_PHOTOS.items():
        (media / svg).unlink()
        write_exif_jpeg(media / jpg, jpg)
        used = 0
        for record in (dest / "stories").rglob("*"):
            if record.suffix in (".yml", ".md"):
                text = record.read_text(encoding="utf-8")
                if svg in text:
                    record.write_text(text.replace(svg, jpg), encoding="utf-8")
                    used += 1
        assert used, f"no record uses {svg} any more; update EXIF_PHOTOS"
    community = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - parlour\n" in community
    community = community.replace("  - parlour\n", "  - parlour:\n      audience: community\n")
    (dest / "mkdocs.community.yml").write_text(community, encoding="utf-8")
    return dest


def build(archive: Path, audience: str, site: Path) -> Path:
    config = archive / ("mkdocs.yml" if audience == "public" else "mkdocs.community.yml")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)],
        capture_output=True, text=True, env=ENV, cwd=archive, check=False,
    )
    # strict, except for the GPS warnings the fixture's photos raise on purpose
    others = [
        line for line in result.stderr.splitlines()
        if line.startswith("WARNING") and "[privacy-gps]" not in line
    ]
    if result.returncode != 0 or others:
        pytest.fail(
            f"the {audience} build of the consent fixture failed:\n{result.stderr[-6000:]}",
            pytrace=False,
        )
    return site


# --------------------------------------------------------------------------- scanning


def scan_site(site: Path) -> list[Scanned]:
    """Every file of a built site in every readable form (parlour.archive.scan: gzip,
    JSON, entities, %-escapes, image metadata), named relative to site/."""
    return [scan_file(path, path.relative_to(site).as_posix())
            for path in sorted(p for p in site.rglob("*") if p.is_file())]


@dataclass
class Site:
    audience: str
    root: Path
    files: list[Scanned]

    def where(self, marker: str) -> list[str]:
        """Files (relative to site/) whose any form holds ``marker``, case-insensitively."""
        needle = marker.lower()
        return [f.path for f in self.files if needle in f.text]

    def leaks(self, markers) -> dict[str, list[str]]:
        return {m: found for m in markers if (found := self.where(m))}


def _report(site: Site, leaks: dict[str, list[str]]) -> str:
    lines = [f"{site.audience} build ({site.root}) leaks:"]
    for marker, files in leaks.items():
        lines.append(f"  {marker} in {len(files)} file(s):")
        lines.extend(f"    {f}" for f in files)
    return "\n".join(lines)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    return prepare_archive(tmp_path_factory.mktemp("consent") / "archive")


@pytest.fixture(scope="module")
def public_site(archive, tmp_path_factory) -> Site:
    root = build(archive, "public", tmp_path_factory.mktemp("public") / "site")
    return Site("public", root, scan_site(root))


@pytest.fixture(scope="module")
def community_site(archive, tmp_path_factory) -> Site:
    root = build(archive, "community", tmp_path_factory.mktemp("community") / "site")
    return Site("community", root, scan_site(root))


@pytest.fixture(params=["public", "community"])
def any_site(request) -> Site:
    return request.getfixturevalue(f"{request.param}_site")


# --------------------------------------------------------------------------- the archive


def test_fixture_passes_parlour_check(archive):
    """The committed fixture and the test's copy (with JPEGs) are valid archives; a warning
    would fail the --strict build, so there are none in the committed files either."""
    from parlour.archive.checks import check_archive
    from parlour.archive.problems import ERROR

    committed = check_archive(FIXTURE)
    assert not committed, "\n".join(f"{p.location()}: {p.message} [{p.code}]" for p in committed)
    errors = [p for p in check_archive(archive) if p.severity == ERROR]
    assert not errors, "\n".join(f"{p.location()}: {p.message} [{p.code}]" for p in errors)


def test_the_scan_sees_every_form_a_leak_can_take(tmp_path):
    """The scanner itself: gzip, JSON escapes, entities, %-escapes, names and EXIF."""
    site = tmp_path / "site"
    (site / "mark-withdrawn-person").mkdir(parents=True)
    (site / "mark-withdrawn-person" / "index.html").write_text("<p>nothing</p>")
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(b"<loc>/MARK-EMBARGO-A/</loc>"))
    (site / "search_index.json").write_text('{"docs": [{"text": "\\u004dARK-PRIVATE-B"}]}')
    (site / "page.html").write_text("<title>&#77;ARK-COMMUNITY-C</title>")
    (site / "data.csv").write_text("id,url\nx,/people/%4DARK-COMMUNITY-D\n")
    write_exif_jpeg(site / "photo.jpg", "photo.jpg")
    scanned = Site("self-test", site, scan_site(site))
    for marker in ("mark-withdrawn-person", "MARK-EMBARGO-A", "MARK-PRIVATE-B",
                   "MARK-COMMUNITY-C", "MARK-COMMUNITY-D", "MARK-EXIF-DESCRIPTION",
                   "MARK-EXIF-GPS", "MARK-EXIF-COMMENT", "MARK-EXIF-XMP"):
        assert scanned.where(marker), marker
    photo = next(f for f in scanned.files if f.path == "photo.jpg")
    assert any(m.startswith("GPS") for m in photo.metadata), photo.metadata


# --------------------------------------------------------------------------- public build


def test_public_build_scan_reaches_pages_and_search(public_site):
    found = public_site.where(DOCS_CONTROL)
    assert "index.html" in found, found
    assert any(f.startswith("pagefind/fragment/") for f in found), found  # the search index


def test_public_build_renders_public_records(public_site):
    assert public_site.where(PUBLIC_CONTROL), (
        f"{PUBLIC_CONTROL} (the public interview public-control) is in no file: "
        "archive records are not rendered, so the leak scan proves nothing"
    )


def test_public_build_leaks_nothing(public_site):
    leaks = public_site.leaks((COMMUNITY, *NEVER))
    assert not leaks, _report(public_site, leaks)


def test_public_build_does_not_publish_community_audio(public_site):
    named = [f.path for f in public_site.files if "mark-community-audio" in f.path.lower()]
    assert not named, named


# --------------------------------------------------------------------------- community build


def test_community_build_shows_community_material(community_site):
    missing = [m for m in (PUBLIC_CONTROL, *COMMUNITY_SHOWN) if not community_site.where(m)]
    assert not missing, f"the community build shows none of: {', '.join(missing)}"


def test_community_build_still_hides_the_rest(community_site):
    leaks = community_site.leaks(NEVER)
    assert not leaks, _report(community_site, leaks)


def test_exports_are_built_and_scanned(any_site):
    """The data exports exist, so the leak tests above cover them too."""
    paths = {f.path for f in any_site.files}
    expected = {"data/archive.json", "data/timelinejs.json", "sitemap.xml", "sitemap.xml.gz"}
    missing = sorted(expected - paths)
    if not any(p.startswith("data/") and p.endswith(".csv") for p in paths):
        missing.append("data/<type>.csv")
    assert not missing, f"{any_site.audience} build has no {', '.join(missing)}"


# --------------------------------------------------------------------------- images


def test_no_image_metadata_reaches_the_site(any_site):
    """GPS, description and artist are stripped from every published raster image."""
    carrying = {f.path: f.metadata for f in any_site.files if f.metadata}
    assert not carrying, f"{any_site.audience} build: images still carry metadata: {carrying}"


def test_the_exif_photo_is_published(any_site):
    """The public object's photo is on the site (re-encoded), so the metadata test above is
    not passing merely because no photo was published."""
    rasters = [
        f.path for f in any_site.files
        if f.path.startswith("media/") and Path(f.path).suffix.lower() in RASTER_SUFFIXES
    ]
    assert rasters, f"{any_site.audience} build: no raster image under site/media/"
