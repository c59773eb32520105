"""Chinese search: teach jieba the archive's own names so search keeps them whole.

Material's search plugin segments every run of Han characters with ``jieba.cut`` and joins
the words with U+200B, which its client-side index splits on. jieba does not know the names
of a neighbourhood: it cuts 虹镇老街 into 虹/镇/老街 and 梧桐里社区会客厅 into
梧桐/里/社区/会客厅, so a search for the place finds every page about 老街 instead.
:func:`search_terms` collects the names (consent-filtered: only what the audience may see)
and :func:`install_terms` adds them to jieba's default tokenizer before any page is indexed.

Why not Material's ``jieba_dict_user`` option: it names a file that must exist when the
search plugin's ``on_config`` runs, but the terms come from the archive, which exists only
after our plugin has loaded it, and they differ by audience. So our plugin installs them
itself, in ``on_files`` or later: after every ``on_config`` (Material's ``jieba_dict`` option
calls ``jieba.set_dictionary``, which would drop words added earlier) and before
``on_page_context``, where Material segments each page.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

import jieba  # at import, so a caller can leave Chinese search out when jieba is missing

from .archive import NEUTRAL_PERSON, Archive, tr

#: The Han script, as Material's ``\\p{script: Han}`` matches it (radicals, ideographs and
#: their extensions, compatibility ideographs, 々 〇 〡-〩 〸-〻).
HAN_RUN = re.compile(
    "[\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\U00016fe2-\U00016fe3\U00016ff0-\U00016ff1\U00020000-\U0003134f]+"
)
#: Event titles longer than this are sentences, not names: jieba should cut them.
MAX_EVENT_TITLE = 8
#: The least frequency a term gets. ``jieba.suggest_freq(term)`` alone is the least that
#: beats the term's own split in isolation, and loses in context: with it,
#: 梧桐里面有棵树 is still cut 梧桐/里面 (measured). 10,000 keeps every sample name whole
#: in its pages and adds well under a tenth to jieba's total of ~60 million.
MIN_FREQ = 10_000

#: What install_terms changed in jieba's tokenizer: term -> (our frequency, the one before)
_installed: dict[str, tuple[int, int | None]] = {}


def han_runs(text: str) -> list[str]:
    """The runs of Han characters in ``text``: what Material hands to jieba, one at a time."""
    return HAN_RUN.findall(text or "")


def search_terms(archive: Archive) -> list[str]:
    """The archive's names that Chinese segmentation must keep whole, sorted.

    Only what this archive's audience may see: places (every name they have had), people
    as :meth:`Archive.person_label` shows them, theme labels, object titles and kinds,
    interview segment keywords and short event titles, all in Chinese. A name with other
    characters in it (梧桐新村7号楼) gives its Han runs (梧桐新村, 号楼), because Material
    segments each run separately; runs of one character are left to jieba.
    """
    lang = "zh"
    default = archive.default_lang
    names: list[str] = []
    for entry in archive.entries("places"):
        names += [tr(n.name, lang, default) for n in entry.record.names]
    neutral = set(NEUTRAL_PERSON.values())
    for entry in archive.entries("people"):
        label = archive.person_label(entry.id, lang)
        if label not in neutral:
            names.append(label)
    names += [label.zh for label in archive.themes.values()]
    for entry in archive.entries("objects"):
        names += [tr(entry.record.title, lang, default), tr(entry.record.kind, lang, default)]
    for entry in archive.entries("interviews"):
        names += [k for segment in entry.record.segments for k in segment.keywords]
    for entry in archive.entries("events"):
        title = tr(entry.record.title, lang, default).strip()
        if len(title) <= MAX_EVENT_TITLE:
            names.append(title)
    return sorted({run for name in names for run in han_runs(name) if len(run) >= 2})


def install_terms(terms: Iterable[str], *, user_dict: Path | None = None) -> Path:
    """Add ``terms`` to jieba's default tokenizer (the one ``jieba.cut`` uses); return the
    jieba user dictionary written for them.

    A term jieba does not know gets ``max(jieba.suggest_freq(term), MIN_FREQ)``; one it knows
    keeps its own frequency, raised to ``jieba.suggest_freq(term)`` only if jieba cuts it.
    Calling again with the same terms changes nothing; terms a previous call added and this
    one does not name (a name withdrawn while ``mkdocs serve`` runs) get their old frequency
    back. The dictionary file (``term freq`` per line, readable by ``jieba.load_userdict``
    and Material's ``jieba_dict_user``) goes to ``user_dict``, or to a private temporary
    file named by its content; it can hold community-only names, so it is written
    owner-only and must not be published.

    The first call in a process pays for jieba's prefix dictionary: built from its word list,
    or loaded from the ``jieba.cache`` it writes to the temporary directory; both take about
    0.6-0.9 s (measured: the 9 MB cache saves only ~15%), once per ``mkdocs build``.
    """
    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict..." on every build
    tokenizer = jieba.dt
    tokenizer.check_initialized()
    # Undo the previous call first, so frequencies are worked out against jieba's own
    # dictionary alone: the same terms then get the same numbers in any order, any process.
    for term in list(_installed):
        _uninstall(tokenizer, term)
    wanted: dict[str, int] = {}
    for term in dict.fromkeys(terms):
        if len(term) < 2:
            continue
        known = tokenizer.FREQ.get(term) or 0  # 0: only a prefix of some longer word
        if known and tokenizer.lcut(term, HMM=False) == [term]:
            # a word jieba knows and keeps whole stays as it is: raising 冬天 or 价格 to
            # MIN_FREQ would change how everything around them is cut
            wanted[term] = known
        else:
            wanted[term] = max(tokenizer.suggest_freq(term, tune=False), known or MIN_FREQ)
    for term, freq in wanted.items():
        if (tokenizer.FREQ.get(term) or 0) < freq:
            _installed[term] = (freq, tokenizer.FREQ.get(term))
            tokenizer.add_word(term, freq)

    content = "".join(f"{term} {freq}\n" for term, freq in sorted(wanted.items()))
    if user_dict is None:
        digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:16]
        user_dict = Path(tempfile.gettempdir()) / f"parlour-jieba-{digest}.txt"
    user_dict = Path(user_dict)
    if not (user_dict.is_file() and user_dict.read_text(encoding="utf-8") == content):
        _write_private(user_dict, content)
    return user_dict


def _uninstall(tokenizer, term: str) -> None:
    """Undo what install_terms did for ``term``, unless jieba has been reset since."""
    ours, before = _installed.pop(term)
    if tokenizer.FREQ.get(term) == ours:
        tokenizer.total -= ours  # add_word added ours to the total, and nothing else
        # 0, not deleted: it may be a prefix of another word, and jieba's DAG stops at the
        # first fragment missing from FREQ
        tokenizer.FREQ[term] = before or 0


def _write_private(path: Path, content: str) -> None:
    """Write ``content`` owner-only, atomically (a concurrent build reads old or new)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(content)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
