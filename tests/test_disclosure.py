"""Nothing a person did not agree to reaches any output, for either audience (issue 12).

The test writes its own archive: one person per consent profile (public; name, portrait,
audio or transcript narrowed; community; embargoes past, future, uncertain and open; private
and withdrawn tombstones; record-level consent), each with a unique marker in every text
field of their person file and of the records that are theirs (an interview with segments,
quotes, a transcript and a recording, an object with a credit line and a photo, a wish),
photos carrying EXIF/XMP/GPS/comment markers and a recording carrying tag markers. Then it
makes every output each audience can receive: the website (public) and the kiosk
(community) with their Pagefind indexes and open data, the OHMS export of every interview,
the CSV export of every type, and the panel PDFs with PNG previews and labels. Every file is
read as a stranger could (parlour.archive.scan: gzip, JSON, entities, PDF text, metadata,
embedded images, audio tags).

Expectations are written here from the consent rules, not asked of the Archive, so the test
does not trust the code it tests. Markers that should appear in an audience do (positive
controls, per output family), and no other marker appears anywhere.
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import mutagen
import pytest
import yaml
from PIL import ExifTags, Image

from parlour.archive.scan import Scanned, find, scan_outputs

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
TODAY = datetime.date.today()
AUDIENCES = ("public", "community")
SAMPLE_AUDIO = ROOT / "stories/media/audio"

#: profile -> (consent, audiences that may see the person, and per aspect where narrower)
PROFILES: dict[str, tuple[str, set[str], dict[str, set[str]]]] = {
    "pub": ("{level: public}", {"public", "community"}, {}),
    "namepriv": ("{level: public, name: private}", {"public", "community"}, {"name": set()}),
    "namecomm": ("{level: public, name: community}", {"public", "community"},
                 {"name": {"community"}}),
    "portpriv": ("{level: public, portrait: private}", {"public", "community"},
                 {"portrait": set()}),
    "audiocomm": ("{level: public, audio: community}", {"public", "community"},
                  {"audio": {"community"}}),
    "transcomm": ("{level: public, transcript: community}", {"public", "community"},
                  {"transcript": {"community"}}),
    "comm": ("{level: community}", {"community"}, {}),
    "embfut": ("{level: public, embargo_until: 2099-01-01}", set(), {}),
    "embpast": ("{level: public, embargo_until: 2001}", {"public", "community"}, {}),
    "embunc": ("{level: public, embargo_until: 20XX}", set(), {}),
    "embopen": ("{level: public, embargo_until: ../2030}", set(), {}),
}
#: Tombstones: only consent in the file; their ids are the markers. Mentioned as
#: interviewers, curators, related people and transcript speakers.
TOMBSTONES = {"mk-priv-id": "private", "mk-wd-id": "withdrawn"}
#: Record-level consent on interviews narrated by the public person.
RECORD_CONSENT = {
    "reccomm": ("{level: community}", {"community"}, {}),
    "rectrans": ("{level: public, transcript: private}", {"public", "community"},
                 {"transcript": set()}),
}
#: Never anywhere: photo metadata and recording tags.
NEVER = ("mkexifz", "mktagz")
#: Homes (issue 16): a place linked to the private tombstone carries a location that no
#: output may show, at any rounding; one linked to the public person is shown rounded to
#: 50 m (3 decimals: 28.765, 118.765), never as written.
PRIVATE_HOME = "{lat: 29.876543, lon: 119.876543}"
PUBLIC_HOME = "{lat: 28.765432, lon: 118.765432}"
HOME_HIDDEN = ("29.87", "29.88", "119.87", "119.88", "28.7654", "118.7654")
HOME_SHOWN = ("118.765",)

PERSON_FIELDS = {"NAME": "name", "DISPLAY": None, "OCC": None, "BIO": None,
                 "PALT": "portrait", "PCAP": "portrait"}
INTERVIEW_FIELDS = {"ITITLE": None, "ISUM": None, "SEG": None, "SYN": None, "KW": None,
                    "IBODY": None, "QUOTE": "transcript", "CUE": "transcript",
                    "AUDIO": "audio"}
OBJECT_FIELDS = {"OTITLE": None, "OALT": None, "OBODY": None, "CREDIT": "name"}
WISH_FIELDS = {"WISH": None}


def mark(key: str, field: str) -> str:
    return f"Mk{key}Z{field}Z"


# --------------------------------------------------------------------------- the archive


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def photo(path: Path, key: str) -> None:
    """A photo as phones write them, every metadata block carrying a marker."""
    path.parent.mkdir(parents=True, exist_ok=True)
    im = Image.new("RGB", (600, 400), (190, 120, 80))
    exif = Image.Exif()
    exif[ExifTags.Base.ImageDescription] = f"MkEXIFZ{key}desc"
    exif[ExifTags.Base.Artist] = f"MkEXIFZ{key}artist"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (31.0, 16.0, 12.34)
    gps[ExifTags.GPS.GPSMapDatum] = f"MkEXIFZ{key}gps"
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/'
           b'02/22-rdf-syntax-ns#"><rdf:Description>MkEXIFZxmp</rdf:Description></rdf:RDF>'
           b"</x:xmpmeta>")
    im.save(path, "JPEG", exif=exif, comment=f"MkEXIFZ{key}comment", xmp=xmp, quality=80)


def recording(path: Path, key: str) -> None:
    """A real recording (from the sample) with tags that name its speaker."""
    path.parent.mkdir(parents=True, exist_ok=True)
    source = next(p for p in sorted(SAMPLE_AUDIO.iterdir()) if p.suffix == ".ogg")
    shutil.copyfile(source, path)
    audio = mutagen.File(path)
    audio["artist"] = [f"MkTAGZ{key}artist"]
    audio["title"] = [f"MkTAGZ{key}title"]
    audio.save()


def interview(key: str, narrator: str, consent: str = "") -> str:
    m = lambda f: mark(key, f)  # noqa: E731
    return f"""
        ---
        title: {m("ITITLE")}
        narrator: {narrator}
        interviewers: [p-pub, mk-wd-id, mk-priv-id]
        date: 2025-05-01
        language: zh
        summary: {m("ISUM")}
        audio: audio/{m("AUDIO")}.ogg
        transcript: i-{key}.vtt
        {"consent: " + consent if consent else ""}
        segments:
          - start: "0:00"
            title: {m("SEG")}
            synopsis: {m("SYN")}
            keywords: [{m("KW")}]
        quotes:
          - id: q1
            text: {m("QUOTE")}
            at: "0:01"
        related: [people/mk-wd-id, people/mk-priv-id]
        ---
        {m("IBODY")}
        """


def vtt(key: str, narrator_name: str) -> str:
    return f"""
        WEBVTT

        00:00.000 --> 00:01.000
        <v mk-wd-id>A question?

        00:01.000 --> 00:02.500
        <v {narrator_name}>{mark(key, "CUE")} and more.
        """


def make_archive(root: Path) -> Path:
    write(root, "mkdocs.yml", """
        site_name: Disclosure test
        site_url: https://example.org/
        theme: {name: material}
        plugins:
          - search
          - parlour
        markdown_extensions: [admonition, attr_list, md_in_html, tables, {toc: {permalink: true}}]
        """)
    write(root, "mkdocs.community.yml", """
        INHERIT: mkdocs.yml
        site_dir: site-community
        plugins:
          - search
          - parlour:
              audience: community
              kiosk: true
        """)
    write(root, "docs/index.md", "# Disclosure test\n\nMkDOCSZcontrolZ\n")
    write(root, "docs/en/index.md", "# Disclosure test\n")
    write(root, "stories/themes.yml", "lane: {zh: 弄堂, en: The lane}\n")
    items = []
    for key, (consent, _, _) in PROFILES.items():
        m = lambda f, key=key: mark(key, f)  # noqa: E731
        write(root, f"stories/people/p-{key}.yml", f"""
            name: {m("NAME")}
            display_name: {m("DISPLAY")}
            occupation: {m("OCC")}
            bio: {m("BIO")}
            portrait: {{src: people/p-{key}.jpg, alt: {m("PALT")}, caption: {m("PCAP")}}}
            consent: {consent}
            """)
        photo(root / f"stories/media/people/p-{key}.jpg", key)
        write(root, f"stories/interviews/i-{key}.md", interview(key, f"p-{key}"))
        write(root, f"stories/interviews/i-{key}.vtt", vtt(key, m("NAME")))
        recording(root / f"stories/media/audio/{m('AUDIO')}.ogg", key)
        write(root, f"stories/objects/o-{key}.md", f"""
            ---
            title: {m("OTITLE")}
            lender: p-{key}
            credit_line: {m("CREDIT")}
            images: [{{src: objects/o-{key}.jpg, alt: {m("OALT")}}}]
            related: [people/mk-wd-id]
            ---
            {m("OBODY")}
            """)
        photo(root / f"stories/media/objects/o-{key}.jpg", f"o{key}")
        write(root, f"stories/wishes/w-{key}.yml", f"""
            text: {m("WISH")}
            by: people/p-{key}
            approved: true
            """)
        items += [f"interviews/i-{key}#q1", f"objects/o-{key}", f"wishes/w-{key}",
                  f"people/p-{key}"]
    for key, (consent, _, _) in RECORD_CONSENT.items():
        write(root, f"stories/interviews/i-{key}.md", interview(key, "p-pub", consent))
        write(root, f"stories/interviews/i-{key}.vtt", vtt(key, mark("pub", "NAME")))
        recording(root / f"stories/media/audio/{mark(key, 'AUDIO')}.ogg", key)
        items.append(f"interviews/i-{key}#q1")
    for id_, level in TOMBSTONES.items():
        write(root, f"stories/people/{id_}.yml", f"consent: {{level: {level}}}\n")
    for key, person, where in (("priv", "mk-priv-id", PRIVATE_HOME), ("pub", "p-pub",
                                                                         PUBLIC_HOME)):
        write(root, f"stories/places/home-{key}.yml", f"""
            names: [{{name: Home {key}}}]
            location: {where}
            related: [people/{person}]
            """)
    exhibit = {
        "title": "Everyone",
        "curators": ["p-pub", "mk-wd-id", "mk-priv-id"],
        "sections": [{"title": "All of them", "panels": [
            {"id": f"p{n}", "title": f"Panel {n}", "layout": "grid",
             "items": items[n * 6:(n + 1) * 6]}
            for n in range((len(items) + 5) // 6)
        ]}],
        "print": {"size": "A4", "languages": ["zh"]},
    }
    (root / "exhibits").mkdir()
    (root / "exhibits/all.yml").write_text(yaml.safe_dump(exhibit, sort_keys=False),
                                           encoding="utf-8")
    return root


def expected(audience: str) -> tuple[set[str], set[str]]:
    """(markers that must appear, markers that must not) for an audience."""
    shown, hidden = set(), set()

    def decide(key, fields, seen, narrowed, aspect_of_record=None):
        for field, aspect in fields.items():
            ok = audience in seen and (aspect is None or audience in narrowed.get(aspect, seen))
            (shown if ok else hidden).add(mark(key, field).lower())

    for key, (_, seen, narrowed) in PROFILES.items():
        decide(key, PERSON_FIELDS, seen, narrowed)
        decide(key, INTERVIEW_FIELDS, seen, narrowed)
        decide(key, OBJECT_FIELDS, seen, narrowed)
        decide(key, WISH_FIELDS, seen, narrowed)
    for key, (_, seen, narrowed) in RECORD_CONSENT.items():
        decide(key, INTERVIEW_FIELDS, seen, narrowed)
    hidden.update(TOMBSTONES)
    hidden.update(NEVER)
    hidden.update(HOME_HIDDEN)
    shown.update(HOME_SHOWN)
    return shown, hidden


# --------------------------------------------------------------------------- the outputs


def build(root: Path, config: str, out: Path) -> Path:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", config, "-d",
                             str(out)], cwd=root, env=ENV, capture_output=True, text=True,
                            check=False)
    if result.returncode != 0:
        pytest.fail(f"{config} did not build:\n{result.stderr[-5000:]}", pytrace=False)
    return out


def other_exports(root: Path, audience: str, out: Path) -> dict[str, Path]:
    """OHMS of every interview, CSV of every type and the panels, for ``audience``."""
    from parlour.csvio import CSV_TYPES, export_csv
    from parlour.exchange import OHMSError, export_ohms
    from parlour.panels import Options, export_panels

    ohms = out / "ohms"
    ohms.mkdir(parents=True)
    for path in sorted((root / "stories/interviews").glob("*.md")):
        try:
            text = export_ohms(path.stem, root=root, audience=audience)
        except OHMSError:
            continue  # refused: this audience may not see the interview
        (ohms / f"{path.stem}.xml").write_text(text, encoding="utf-8")
    csvs = out / "csv"
    csvs.mkdir()
    for type_ in CSV_TYPES:
        (csvs / f"{type_}.csv").write_text(export_csv(root, type_, audience=audience),
                                           encoding="utf-8")
    panels = out / "panels"
    export_panels(root, "all", panels, Options(audience=audience, workers=1, force=True,
                                               site_url="https://example.org/"))
    folders = {"ohms": ohms, "csv": csvs, "panels": panels}
    if audience != "public":
        # the kiosk writes no open data; a community-audience site without kiosk: true would:
        # the open-data files and IIIF manifests for this audience, made as the plugin makes them
        folders["data"] = open_data(root, audience, out / "data")
    return folders


def open_data(root: Path, audience: str, out: Path) -> Path:
    """The open-data exports and IIIF manifests of ``audience``'s view (the plugin's calls)."""
    from parlour.archive import Archive
    from parlour.archive.loader import load_archive
    from parlour.data import export_files
    from parlour.exchange.iiif import iiif_files
    from parlour.geo import geo_files

    view = Archive(load_archive(root), audience=audience)
    files = {f"data/{name}": data for name, data in
             export_files(view, site_url="https://example.org/", images={}).items()}
    files.update({f"data/{name}": data for name, data in
                  geo_files(view, site_url="https://example.org/", images={}).items()})
    files.update(iiif_files(view, site_url="https://example.org/", images={}, langs=["zh", "en"]))
    for name, data in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return out


class Outputs:
    def __init__(self, audience: str, folders: dict[str, Path]):
        self.audience = audience
        self.folders = folders
        self.files: list[Scanned] = scan_outputs(folders.values())

    def family(self, name: str) -> list[Scanned]:
        prefix = self.folders[name].name + "/"
        return [f for f in self.files if f.path.startswith(prefix)]


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    return make_archive(tmp_path_factory.mktemp("disclosure") / "archive")


@pytest.fixture(scope="module")
def outputs(archive, tmp_path_factory) -> dict[str, Outputs]:
    out = {}
    for audience in AUDIENCES:
        base = tmp_path_factory.mktemp(audience)
        config = "mkdocs.yml" if audience == "public" else "mkdocs.community.yml"
        site = build(archive, config, base / ("site" if audience == "public" else "kiosk"))
        out[audience] = Outputs(audience, {"site": site,
                                           **other_exports(archive, audience, base)})
    return out


# --------------------------------------------------------------------------- the tests


def test_the_archive_is_valid(archive):
    from parlour.archive.checks import check_archive
    from parlour.archive.problems import ERROR

    errors = [p for p in check_archive(archive) if p.severity == ERROR]
    assert not errors, "\n".join(f"{p.location()}: {p.message} [{p.code}]" for p in errors)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_nothing_withheld_appears_in_any_output(outputs, audience):
    scanned = outputs[audience]
    _, hidden = expected(audience)
    leaks = {m: found for m in sorted(hidden) if (found := find(scanned.files, m))}
    assert not leaks, f"{audience}: " + "\n".join(
        f"{m} in {', '.join(files[:6])}{' …' if len(files) > 6 else ''}"
        for m, files in leaks.items())


@pytest.mark.parametrize("audience", AUDIENCES)
def test_everything_consented_appears(outputs, audience):
    """Positive control: the scan reads what is there, and consent hides no more than it
    should (a view that withheld everything would pass the test above)."""
    scanned = outputs[audience]
    shown, _ = expected(audience)
    missing = sorted(m for m in shown if not find(scanned.files, m))
    assert not missing, f"{audience}: not in any output: {', '.join(missing)}"


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_output_family_is_read(outputs, audience):
    """Each family holds a public marker, so a scan that missed a family would show."""
    scanned = outputs[audience]
    title = mark("pub", "ITITLE").lower()
    cue = mark("pub", "CUE").lower()
    checks = {
        "site pages": [f for f in scanned.family("site") if f.path.endswith(".html")],
        "search index": [f for f in scanned.family("site") if "/pagefind/fragment/" in f.path],
        "open data": [f for f in scanned.family("site") if "/data/" in f.path]
        + (scanned.family("data") if "data" in scanned.folders else []),
        "OHMS": scanned.family("ohms"),
        "CSV": scanned.family("csv"),  # interviews have no flat sheet: objects do
        "panel PDFs": [f for f in scanned.family("panels") if f.path.endswith(".pdf")],
    }
    for family, files in checks.items():
        assert files, f"{audience}: no {family} were written"
        control = mark("pub", "OTITLE").lower() if family == "CSV" else title
        assert find(files, control), f"{audience}: {control} is in none of the {family}"
    assert find(scanned.family("ohms"), cue), "the OHMS transcripts were not read"
    previews = [f for f in scanned.family("panels") if f.path.endswith(".png")]
    assert previews, "no PNG previews were written"


@pytest.mark.parametrize("audience", AUDIENCES)
def test_published_media_carry_no_metadata(outputs, audience):
    scanned = outputs[audience]
    media = [f for f in scanned.family("site") if "/media/" in f.path]
    photos = [f for f in media if f.path.endswith((".jpg", ".jpeg", ".webp", ".png"))]
    recordings = [f for f in media if f.path.endswith(".ogg")]
    assert photos and recordings, "positive control: photos and a recording are published"
    for files in (media, scanned.family("panels")):
        carrying = {f.path: f.metadata for f in files if f.metadata}
        assert not carrying, f"{audience}: metadata left: {carrying}"
