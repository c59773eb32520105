"""The privacy lint: phone numbers, ID card numbers, e-mail, door addresses and GPS in photos."""

from __future__ import annotations

from pathlib import Path

import pytest
from parlour.archive.loader import load_archive
from parlour.archive.privacy import find_private, id_check_char, is_id_card, privacy_problems
from parlour.archive.problems import ERROR, WARNING
from PIL import ExifTags, Image

from .test_loader import write

ROOT = Path(__file__).resolve().parent.parent


def _id_number(first17: str) -> str:
    return first17 + id_check_char(first17)


#: a made-up number with a correct check character (born 1949-12-31, Beijing)
VALID_ID = _id_number("11010519491231002")
#: the same number with a wrong check character
INVALID_ID = VALID_ID[:-1] + ("0" if VALID_ID[-1] != "0" else "1")


def codes(text: str) -> list[tuple[str, str]]:
    return [(f.code, text[f.start : f.end]) for f in find_private(text)]


def lint(root: Path) -> list:
    loaded = load_archive(root)
    return privacy_problems(loaded, media_root=loaded.root / "stories/media")


# --------------------------------------------------------------------------- texts


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("有事打13812345678找他", "13812345678"),
        ("手机 +86 138 1234 5678", "+86 138 1234 5678"),
        ("call 139-1234-5678", "139-1234-5678"),
        ("家里电话021-6543 2100", "021-6543 2100"),
        ("(021)65432100", "(021)65432100"),
        ("（021）6543-2100", "（021）6543-2100"),
        ("电话：6543 2100", "6543 2100"),
        ("Tel. 65432100", "65432100"),
    ],
)
def test_phone_numbers(text, found):
    assert codes(text) == [("privacy-phone", found)]


@pytest.mark.parametrize(
    "text",
    [
        "1992-06-05",
        "编号 P-2026-001",
        "lived_here: 1958/2003",
        "00:01:02.000 --> 00:01:05.000",
        "一角钱十二根，一根换一瓶开水",
        "人口 65432100 人",  # eight digits without 电话/tel are not a phone number
        "1381234567",  # ten digits
    ],
)
def test_not_phone_numbers(text):
    assert codes(text) == []


def test_id_card_checksum():
    assert is_id_card(VALID_ID)
    assert not is_id_card(INVALID_ID)
    assert is_id_card(VALID_ID[:6] + " " + VALID_ID[6:14] + " " + VALID_ID[14:])
    with_x = next(
        n for n in (f"3101011980010100{i}" for i in range(10)) if id_check_char(n) == "X"
    )
    assert is_id_card(with_x + "X") and is_id_card(with_x + "x")
    assert not is_id_card(_id_number("11010519801301003"))  # month 13: no such birth date
    assert is_id_card("310101900307123")  # the old 15-digit card, born 1990-03-07
    assert not is_id_card("310101901307123")


def test_id_card_is_an_error_that_says_remove():
    (finding,) = find_private(f"身份证号{VALID_ID}。")
    assert finding.code == "privacy-id-card"
    assert finding.severity == ERROR
    assert "removed" in finding.message and "not just hidden" in finding.message
    assert VALID_ID not in finding.message  # the message itself ends up in CI logs


def test_invalid_checksum_is_not_flagged_at_all():
    # an 18-digit number with a wrong check character is a catalogue or bank number, not an ID;
    # nor is it a phone number
    assert codes(f"编号{INVALID_ID}") == []


def test_email():
    assert codes("写信给 wang.jg+old@example.com。") == [
        ("privacy-email", "wang.jg+old@example.com")
    ]
    assert codes("王师傅wang@163.com") == [("privacy-email", "wang@163.com")]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("他家住在青桐路88弄12号，", "青桐路88弄12号"),
        ("某某路123号501室", "某某路123号501室"),
        ("住在88弄12号", "88弄12号"),
        ("7号楼501室", "7号楼501室"),
        ("梧桐里12号", "梧桐里12号"),
        ("青桐路八十八号", "青桐路八十八号"),
        ("No. 12, Lane 88, Qingtong Road", "No. 12, Lane 88"),
        ("Room 501, Building 7", "Room 501, Building 7"),
    ],
)
def test_door_addresses(text, found):
    assert codes(text) == [("privacy-address", found)]


@pytest.mark.parametrize(
    "text",
    [
        "7号楼",  # building 7: a landmark everyone in the lane knows, not a door
        "希望7号楼能装上电梯",
        "住在7号楼六楼",
        "7号楼二单元住户",
        "梧桐雅苑12号楼住户",
        "梧桐新村7号楼",
        "7号楼两室一厅",  # a two-room flat, not room number two
        "二弄十二号的屋顶",  # how residents speak of a house inside their own lane
        "一月十八号电梯启用",  # a date
        "跑的是青桐路上的线路",
        "In 1958 Qingtong Road was paved",
    ],
)
def test_not_door_addresses(text):
    assert codes(text) == []


def test_address_hint_names_the_road():
    (finding,) = find_private("他家住在青桐路88弄12号")
    assert "青桐路一带" in finding.hint
    assert finding.severity == WARNING


# --------------------------------------------------------------------------- the lint


def test_lines_in_fields_body_and_transcript(tmp_path):
    write(tmp_path, "stories/wishes/call-me.yml", (
        "text:\n"
        "  zh: >-\n"
        "    请装一个路灯，\n"
        "    有事打13812345678。\n"
        "  en: A street lamp, please.\n"
        "by: 三楼的小朋友\n"
    ))
    write(tmp_path, "stories/people/li.yml", (
        "name: {zh: 李阿姨, en: Auntie Li}\n"
        f"bio: {{zh: 身份证{VALID_ID}}}\n"
        "consent: {level: public, note: 'e-mail: li@example.com'}\n"
    ))
    write(tmp_path, "stories/objects/radio.md", (
        "---\n"
        "title: 收音机\n"
        "---\n"
        "\n"
        "这台收音机一直放在\n"
        "青桐路88弄12号的客堂里。\n"
    ))
    write(tmp_path, "stories/interviews/li-1.md", (
        "---\n"
        "title: 李阿姨\n"
        "narrator: li\n"
        "date: 2024\n"
        "transcript: li-1.vtt\n"
        "---\n"
    ))
    write(tmp_path, "stories/interviews/li-1.vtt", (
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v 李阿姨>我的电话是021-6543 2100。\n"
    ))
    found = {(p.path, p.line, p.column, p.code, p.severity) for p in lint(tmp_path)}
    assert found == {
        ("stories/wishes/call-me.yml", 4, 8, "privacy-phone", WARNING),
        ("stories/people/li.yml", 2, 14, "privacy-id-card", ERROR),
        ("stories/people/li.yml", 3, 41, "privacy-email", WARNING),
        ("stories/objects/radio.md", 6, 1, "privacy-address", WARNING),
        ("stories/interviews/li-1.vtt", 4, 13, "privacy-phone", WARNING),
    }


def test_unquoted_number_is_scanned(tmp_path):
    # YAML reads an unquoted phone number as an integer; it is still in the file
    write(tmp_path, "stories/people/li.yml", "name: 李阿姨\nbio: 13812345678\n")
    (problem,) = lint(tmp_path)
    assert (problem.line, problem.code) == (2, "privacy-phone")


def _jpeg(path: Path, *, gps: bool) -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Phone"
    if gps:
        exif[ExifTags.IFD.GPSInfo] = {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (31.0, 14.0, 5.0),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (121.0, 28.0, 10.0),
        }
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), (200, 80, 40)).save(path, "JPEG", exif=exif)


def test_gps_in_photos_used_by_records(tmp_path):
    media = tmp_path / "stories/media"
    _jpeg(media / "objects/radio.jpg", gps=True)
    _jpeg(media / "objects/clean.jpg", gps=False)
    _jpeg(media / "then.jpg", gps=True)
    _jpeg(media / "portraits/li.jpg", gps=True)
    _jpeg(media / "unused.jpg", gps=True)  # not referenced: not this check's business
    write(tmp_path, "stories/objects/radio.md", (
        "---\n"
        "title: 收音机\n"
        "images:\n"
        "  - src: objects/clean.jpg\n"
        "    alt: 收音机\n"
        "  - src: objects/radio.jpg\n"
        "    alt: 收音机背面\n"
        "---\n"
    ))
    write(tmp_path, "stories/places/lane.yml", (
        "names: [{name: 梧桐里}]\n"
        "then_now:\n"
        "  - then: then.jpg\n"
        "    now: objects/clean.jpg\n"
    ))
    write(tmp_path, "stories/people/li.yml", "name: 李阿姨\nportrait: {src: portraits/li.jpg}\n")
    write(tmp_path, "exhibits/show.yml", (
        "title: 展览\n"
        "sections:\n"
        "  - title: 一\n"
        "    panels:\n"
        "      - id: p1\n"
        "        title: 收音机\n"
        "        image:\n"
        "          src: objects/radio.jpg\n"
    ))
    found = {(p.path, p.line, p.code) for p in lint(tmp_path)}
    assert found == {
        ("stories/objects/radio.md", 6, "privacy-gps"),
        ("stories/places/lane.yml", 3, "privacy-gps"),
        ("stories/people/li.yml", 2, "privacy-gps"),
        ("exhibits/show.yml", 8, "privacy-gps"),
    }
    assert all(p.severity == WARNING for p in lint(tmp_path))


def test_missing_or_broken_photo_is_left_to_other_checks(tmp_path):
    write(tmp_path, "stories/media/broken.jpg", b"not a jpeg")
    write(tmp_path, "stories/people/li.yml", (
        "name: 李阿姨\nportrait: {src: broken.jpg}\nbio: {zh: 无}\n"
    ))
    write(tmp_path, "stories/people/wu.yml", "name: 吴\nportrait: {src: nowhere.jpg}\n")
    assert lint(tmp_path) == []


def test_sample_archive_is_clean():
    assert lint(ROOT) == []
