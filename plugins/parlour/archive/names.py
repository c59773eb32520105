"""Whether an id spells a person's name, and where a text holds one.

Ids are published wherever their record is (URLs, anchors, the open data), so an id that
spells a name is that name. ``parlour new``, the CSV import and ``parlour check`` ask
:func:`id_spells_name` in the same way.

The forms looked for, for 王建国 (``wang`` + ``jianguo``), in an id without its hyphens and
digits (tone numbers: ``wang2-jian4guo2``): the full pinyin in either order (``wangjianguo``,
``jianguowang``); and, as whole hyphen-separated parts, the surname with the given name's
initials (``wang-jg``, ``jg-wang``) and, for three characters or more, all initials
(``wjg``). Every reading of each character counts (曾 is ``zeng`` as well as ``ceng``), and
``lv``, ``lu`` and ``lyu`` all spell 吕. A name of Latin letters (``Wang Jianguo``) counts
by its words, in order and rotated (``wang-jianguo``, ``jianguo-wang``).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

_HAN = re.compile(r"[\u3400-\u9fff]")
#: Readings tried per character, and name readings in all (a name of four characters
#: with three readings each is 81): enough for surnames like 单, 曾, 查.
_READINGS = 3
#: A full form shorter than this is matched only as whole parts of the id, not inside one.
_MIN_INSIDE = 4


def name_values(name: Any) -> list[str]:
    """The texts of a ``name`` field (a string or ``{zh: …, en: …}``), stripped."""
    values = name.values() if isinstance(name, dict) else [name]
    return [v.strip() for v in values if isinstance(v, str) and v.strip()]


def _ascii_words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", plain)


def _readings(char: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin, pinyin  # noqa: PLC0415 - dictionaries load slowly

    found = [*lazy_pinyin(char), *pinyin(char, style=Style.NORMAL, heteronym=True)[0]]
    return list(dict.fromkeys(w for r in found for w in _ascii_words(r)))[:_READINGS]


def _spellings(value: str) -> Iterator[tuple[list[str], list[str]]]:
    """(surname syllables, given syllables) for each way a name can be read and cut."""
    if _HAN.search(value):
        chars = [c for c in value if _HAN.match(c)]
        if len(chars) < 2:
            return
        cuts = (1, 2) if len(chars) >= 3 else (1,)
        for reading in itertools.product(*(_readings(c) for c in chars)):
            for cut in cuts:
                yield list(reading[:cut]), list(reading[cut:])
        return
    words = _ascii_words(value)
    if len(words) == 1 and len(words[0]) >= 3:
        yield words, []
    elif len(words) >= 2:
        # Latin names come in either order: Jianguo Wang, Wang Jianguo
        yield words[:1], words[1:]
        yield words[-1:], words[:-1]


def _forms(value: str) -> tuple[set[str], set[str]]:
    """(forms found anywhere in the id, forms that must be whole parts of it)."""
    inside: set[str] = set()
    parts: set[str] = set()
    for surname, given in _spellings(value):
        sur, giv = "".join(surname), "".join(given)
        initials = "".join(s[0] for s in given)
        full = [sur + giv, giv + sur] if giv else [sur]
        for form in full:
            (inside if len(form) >= _MIN_INSIDE else parts).add(form)
        if given and _HAN.search(value):
            parts.update({sur + initials, initials + sur})
            if len(surname) + len(given) >= 3:
                parts.add("".join(s[0] for s in surname) + initials)
    for forms in (inside, parts):
        # ü is written v by pypinyin, u or yu by people
        for form in [f for f in forms if "v" in f]:
            forms.update({form.replace("v", "u"), form.replace("v", "yu")})
    return inside, parts


def id_spells_name(id_: str, names: Iterable[str]) -> str | None:
    """The form of one of ``names`` that ``id_`` spells (``wangjianguo``), or None."""
    pieces = [re.sub(r"\d+", "", p) for p in id_.lower().split("-")]
    pieces = [p for p in pieces if p]
    compact = "".join(pieces)
    runs = {"".join(pieces[i:j]) for i in range(len(pieces)) for j in range(i + 1, len(pieces) + 1)}
    for value in names:
        inside, parts = _forms(value)
        for form in sorted(inside, key=len, reverse=True):
            if form in compact:
                return form
        for form in sorted(parts, key=len, reverse=True):
            if form in runs:
                return form
    return None


def name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern that finds any of ``names`` in a text: Chinese as written, Latin letters
    as whole words in any case and spacing (``wang  jianguo``); None for no names."""
    alternatives = []
    for name in sorted(set(names), key=len, reverse=True):
        words = name.split()
        body = r"\s+".join(re.escape(w) for w in words)
        if re.match(r"\w", name[0], re.ASCII):
            body = r"(?<![A-Za-z0-9])" + body
        if re.match(r"\w", name[-1], re.ASCII):
            body += r"(?![A-Za-z0-9])"
        alternatives.append(body)
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


#: Neutral ids are ``resident-<n>``.
RESIDENT = "resident"


def spell(text: str) -> str:
    """A plain id for a display name: pinyin for Chinese, surname apart from the rest
    (``王师傅`` → ``wang-shifu``), words joined by hyphens otherwise; "" if nothing spells."""
    chars = [c for c in text if _HAN.match(c)]
    if chars and len(chars) == len(text.strip()):
        from pypinyin import lazy_pinyin  # noqa: PLC0415

        syllables = [w for s in lazy_pinyin("".join(chars)) for w in _ascii_words(s)]
        return "-".join(["".join(syllables[:1]), "".join(syllables[1:])]).strip("-")
    if chars:
        from pypinyin import lazy_pinyin  # noqa: PLC0415

        return "-".join(w for s in lazy_pinyin(text) for w in _ascii_words(s))
    return "-".join(_ascii_words(text))


def next_resident(taken: Iterable[str]) -> str:
    """``resident-<n>``, one past the highest number in use (a number once given is not
    given again: old links and the committee's records keep pointing at one person)."""
    numbers = [int(m[1]) for t in taken if (m := re.fullmatch(rf"{RESIDENT}-(\d+)", t))]
    return f"{RESIDENT}-{max(numbers, default=0) + 1}"


def neutral_id(
    display_names: Iterable[str], *, names: Iterable[str], taken: Iterable[str],
    slug: Any = spell,
) -> tuple[str, str]:
    """An id for a person whose name may not be spelled: from the display name when that
    spells something free that is not the name, else the next ``resident-<n>``.

    Returns (id, what it was made from: ``"display name"`` or ``"number"``). ``slug``
    spells a display name (``parlour new`` passes its own, so ids read alike).
    """
    names, taken = list(names), set(taken)
    for display in display_names:
        made = slug(display)
        if made and made not in taken and id_spells_name(made, names) is None:
            return made, "display name"
    return next_resident(taken), "number"
