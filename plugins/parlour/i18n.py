"""The site's languages and the words Parlour itself puts on pages, in each of them.

The archive's own texts are localized in the records (``{zh: ..., en: ...}``); this module
holds only the interface words of generated pages (labels, headings, filter names), declared
once as (Chinese, English) pairs. The first language of :data:`LANGS` is the site's default:
its pages live at the site root, the others under ``<lang>/``.
"""

from __future__ import annotations

from typing import Any

LANGS = ("zh", "en")
DEFAULT = "zh"

#: Native names, as the language switcher shows them.
NAMES = {"zh": "中文", "en": "English"}

#: What a page says where a text exists only in another language.
ONLY_IN = {"zh": "仅中文 / Chinese only", "en": "仅英文 / English only"}

LABELS: dict[str, tuple[str, str]] = {
    # sections and kinds
    "timeline": ("时间线", "Timeline"),
    "interviews": ("访谈", "Interviews"),
    "objects": ("老物件", "Objects"),
    "places": ("地点", "Places"),
    "wishes": ("心愿墙", "Wish wall"),
    "exhibits": ("展览", "Exhibitions"),
    "themes": ("主题", "Themes"),
    "people": ("讲述者与致谢", "People"),
    "data": ("开放数据", "Open data"),
    "kind.interviews": ("访谈", "Interview"),
    "kind.objects": ("老物件", "Object"),
    "kind.events": ("事件", "Event"),
    "kind.places": ("地点", "Place"),
    "kind.wishes": ("心愿", "Wish"),
    "kind.exhibits": ("展览", "Exhibition"),
    "kind.people": ("人物", "Person"),
    "kind.maps": ("地图", "Map"),
    # eras and statuses
    "era.past": ("过去", "Past"),
    "era.present": ("现在", "Present"),
    "era.future": ("未来", "Future"),
    # the timeline's line between the present and the future
    "today": ("今天", "Today"),
    # the interview's large play button, under its title
    "play.listen": ("听{who}讲", "Listen to {who}"),
    # an interview card whose recording this audience may hear
    "sound": ("有录音", "With sound"),
    # an exhibition panel's item the public site may not show (it is shown in the parlour)
    "withheld.panel": ("这一段只在会客厅展出", "Shown only in the parlour"),
    "status.planned": ("计划中", "planned"),
    "status.wished": ("心愿", "wished for"),
    "status.ongoing": ("进行中", "ongoing"),
    "loan.on-loan": ("借展中", "on loan"),
    "loan.returned": ("已归还", "returned"),
    "loan.donated": ("已捐赠", "donated"),
    "wish.new": ("新心愿", "new"),
    "wish.heard": ("已听到", "heard"),
    "wish.in-progress": ("正在做", "in progress"),
    "wish.done": ("已实现", "come true"),
    # filters
    "filter.all": ("全部", "All"),
    "filter.era": ("时代", "Era"),
    "filter.theme": ("主题", "Theme"),
    "filter.place": ("地点", "Place"),
    "filter.born": ("出生年代", "Born"),
    "filter.trade": ("行业", "Trade"),
    "filter.kind": ("种类", "Kind"),
    "filter.decade": ("年代", "Decade"),
    "filter.loan": ("借展", "Loan"),
    "filter.label": ("筛选", "Filter"),
    # facts
    "narrator": ("讲述者", "Narrator"),
    "born": ("出生", "Born"),
    "interviewed_by": ("采访", "Interviewed by"),
    "date": ("日期", "Date"),
    "place": ("地点", "Place"),
    "language": ("语言", "Language"),
    "themes_label": ("主题", "Themes"),
    "number": ("编号", "Number"),
    "kind": ("种类", "Kind"),
    "object_date": ("年代", "Date"),
    "material": ("材质", "Material"),
    "dimensions": ("尺寸", "Dimensions"),
    "credit": ("来源", "Credit"),
    "loan": ("借展", "Loan"),
    "venue": ("地点", "Venue"),
    "dates": ("展期", "Dates"),
    "curators": ("策展", "Curators"),
    "lent_by": ("借展：", "Lent by "),
    "given_by": ("捐赠：", "Given by "),
    "lang.zh": ("普通话", "Mandarin"),
    "lang.wuu": ("上海话", "Shanghainese"),
    "lang.en": ("英语", "English"),
    # headings
    "summary": ("内容提要", "Summary"),
    "chapters": ("章节", "Chapters"),
    "quotes": ("原话", "In their words"),
    "transcript": ("文字稿", "Transcript"),
    "notes": ("采访手记", "Interviewer's notes"),
    "rights": ("版权与使用", "Rights and use"),
    "provenance": ("来源", "Source"),
    "story": ("它的故事", "Its story"),
    "names": ("名字的变迁", "Names over time"),
    "name": ("名字", "Name"),
    "when": ("时间", "When"),
    "now": ("今", "now"),
    "then_now": ("从前和现在", "Then and now"),
    "then": ("从前", "Then"),
    "now_cap": ("现在", "Now"),
    # the then-and-now slider's name for a screen reader
    "compare.label": ("{place}：从前和现在", "{place}: then and now"),
    "mentioned": ("访谈里说到这里", "Mentioned in interviews"),
    # the maps (parlour/partials/map.html, assets/parlour/map.js)
    "map": ("地图", "Map"),
    "map.places": ("地点地图", "Map of the places"),
    "map.place": ("{place}在地图上的位置", "{place} on the map"),
    "map.note": ("地图上的每个地点都在列表里，可以用Tab键逐个到达，按回车打开。",
                 "Every place on the map is in the list too. Tab reaches each marker in "
                 "list order; Enter opens it."),
    "map.note_place": ("地图上标出了这里的位置；它的名字和今昔对照都在本页。",
                       "The map marks where this place is; its names and pictures are on "
                       "this page."),
    "map.opacity": ("{map}的不透明度", "{map}: opacity"),
    "map.names_as_of": ("地名的年代", "Names as of"),
    "map.names_now": ("现在", "today"),
    "map.maps": ("弄堂的地图", "Maps of the lanes"),
    "map.pins": ("图上的地点", "Places on this map"),
    "map.no_location": ("这里的位置不公开。", "This place's location is not shown."),
    "segments": ("访谈片段", "Interview segments"),
    "related": ("相关", "Related"),
    # the summary of a long list of related records, folded
    "related.all": ("全部{n}条", "All {n}"),
    "cite": ("引用本页", "Cite this"),
    "prevnext": ("上一条 / 下一条", "Previous / next"),
    "keywords": ("关键词", "Keywords"),
    "places_label": ("地点", "Places"),
    "sources": ("来源", "Sources"),
    "formerly": ("曾名", "Formerly"),
    "none_yet": ("（暂无）", "(None yet.)"),
    "records": ("条", "records"),
    "events_count": ("件事", "events"),
    "other": ("其他", "Other"),
    "anonymous": ("匿名", "Anonymous"),
    "all_panels": ("下载全部展板 PDF", "All panels as PDF"),
    "panel_pdf": ("展板 PDF", "Panel PDF"),
    "interviewer": ("采访者", "Interviewer"),
    "role.told": ("讲述", "told"),
    "role.interviewed": ("采访", "interviewed for"),
    "role.lent": ("出借", "lent"),
    "role.gave": ("捐赠", "gave"),
    "role.curated": ("策展", "curated"),
    "born_in": ("{d}年代生", "born in the {d}s"),
    "decade": ("{d}年代", "{d}s"),
    "switch_to": ("切换语言", "Change language"),
    # section introductions
    "intro.timeline": (
        "从老弄堂到新小区，再到大家盼望的明天。每一条按时间排列；没有脚本也能完整阅读。",
        "From the old lanes to the new estate and the tomorrow residents hope for, in order of "
        "time. It reads in full without scripts.",
    ),
    "intro.interviews": (
        "居民们讲述自己的故事。点开一篇，可以读到访谈的要点、章节和原话。",
        "Residents tell their own stories. Open one for its summary, chapters and their own words.",
    ),
    "intro.objects": (
        "居民们出借和捐赠的老物件。每一件都有它的故事。",
        "Objects residents lent and gave, each with its story.",
    ),
    "intro.places": (
        "这里的地名换过好几次。每个地点都有它从前和现在的名字，有的还有新旧对照的图。",
        "Places changed their names more than once. Each has its names over time, some with "
        "pictures of then and now.",
    ),
    "intro.wishes": (
        "居民在会客厅的心愿墙上写下的愿望。已经实现的心愿，会连到实现它的那件事。",
        "Wishes residents left on the parlour's wall; a wish that came true links to what "
        "fulfilled it.",
    ),
    "intro.exhibits": (
        "社区会客厅里的展览，也可以在这里在线参观。",
        "The parlour's exhibitions, to visit online.",
    ),
    "intro.themes": ("档案里的故事按主题归类。", "The archive by theme."),
    "intro.people": (
        "讲述故事、出借物件、参与整理这份档案的居民和志愿者。只列出同意公开的人。",
        "The residents and volunteers who told, lent and gathered; only those who agreed are "
        "listed.",
    ),
    # home blocks
    "blurb.past": (
        "老弄堂、老虎灶、公用电话亭的年代。", "The old lanes, the hot-water shop, the phone kiosk."
    ),
    "blurb.present": ("新小区、会客厅、加装电梯。", "The new estate, the parlour, the lift retrofit."),
    "blurb.future": ("居民们盼望和计划中的明天。", "What residents plan and hope for."),
    "exhibit_sections": ("展区", "Sections of the exhibition"),
    "on_map": ("在地图上看", "on the map"),
    # the parlour's touch screen
    "home": ("首页", "Home"),
    "kiosk.welcome": ("点一张图，开始看看", "Touch a picture to begin"),
    "kiosk.touch": ("轻触屏幕，开始参观", "Touch the screen to begin"),
    "kiosk.blurb.interviews": ("听邻居们讲自己的故事", "Neighbours tell their own stories"),
    "kiosk.blurb.objects": ("居民借出和捐赠的老物件", "Things residents lent and gave"),
    "kiosk.blurb.wishes": ("邻居们写下的心愿", "What neighbours wish for"),
    "kiosk.back": ("返回", "Back"),
    "kiosk.start": ("回到开始", "Start"),
    "kiosk.bar": ("触摸屏导航", "Touch screen navigation"),
}


def label(key: str, lang: str) -> str:
    """The interface word ``key`` in ``lang`` (English for any language but Chinese)."""
    zh, en = LABELS[key]
    return zh if lang == "zh" else en


def prefix(lang: str) -> str:
    """Where a language's pages live: the default at the root, others under ``<lang>/``."""
    return "" if lang == DEFAULT else f"{lang}/"


def split(src_uri: str) -> tuple[str, str]:
    """(language, the page's path as in the default language) of a page's source path."""
    for lang in LANGS:
        if lang != DEFAULT and src_uri.startswith(f"{lang}/"):
            return lang, src_uri[len(lang) + 1:]
    return DEFAULT, src_uri


# ---------------------------------------------------------------------- pages by language
# (MkDocs' Files, duck-typed: this module imports nothing of MkDocs)


def counterparts(files: Any, langs: list[str]) -> dict[str, dict[str, Any]]:
    """For each page's source path, the same page in every language that has it."""
    groups: dict[str, dict[str, Any]] = {}
    for file in files.documentation_pages():
        lang, base = split(file.src_uri)
        if lang in langs:
            groups.setdefault(base, {})[lang] = file
    out = {}
    for group in groups.values():
        if len(group) > 1:
            ordered = {lang: group[lang] for lang in langs if lang in group}
            for file in group.values():
                out[file.src_uri] = ordered
    return out


def translated_nav(nav: list, lang: str, files: Any) -> list:
    """The default language's nav config, pointing at ``lang``'s pages where they exist."""
    out: list = []
    for item in nav:
        title, value = next(iter(item.items())) if isinstance(item, dict) else (None, item)
        if isinstance(value, list):
            inner = translated_nav(value, lang, files)
            if inner:
                out.append({title: inner})
        elif isinstance(value, str) and files.get_file_from_path(prefix(lang) + value):
            out.append(prefix(lang) + value)  # titled by the page itself
        elif isinstance(value, str) and "://" in value:
            out.append(item)
    return out
