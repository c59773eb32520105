"""The named words Parlour puts on pages, in English: each is a gettext message whose
context (``msgctxt``) is its key, translated in the catalogs (``locale/*/LC_MESSAGES/
parlour.po``). Templates read them as ``t.<key>`` (``t.summary``), Python as ``v.L(key)``.

One declaration per word: the English here is the msgid that ``pybabel extract`` collects
(``make catalogs``), and what a language without that word shows."""

from __future__ import annotations

from .catalog import N_

WORDS: dict[str, str] = dict([
    # sections and kinds
    N_("timeline", "Timeline"),
    N_("interviews", "Interviews"),
    N_("objects", "Objects"),
    N_("places", "Places"),
    N_("wishes", "Wish wall"),
    N_("exhibits", "Exhibitions"),
    N_("themes", "Themes"),
    N_("people", "People"),
    N_("data", "Open data"),
    # the record types by name where no section is named after them (the open-data page)
    N_("events", "Events"),
    N_("maps", "Maps"),
    N_("kind.interviews", "Interview"),
    N_("kind.objects", "Object"),
    N_("kind.events", "Event"),
    N_("kind.places", "Place"),
    N_("kind.wishes", "Wish"),
    N_("kind.exhibits", "Exhibition"),
    N_("kind.people", "Person"),
    N_("kind.maps", "Map"),
    # eras and statuses
    N_("era.past", "Past"),
    N_("era.present", "Present"),
    N_("era.future", "Future"),
    # the timeline's line between the present and the future
    N_("today", "Today"),
    # the interview's large play button, under its title
    N_("play.listen", "Listen to {who}"),
    # an interview card whose recording this audience may hear
    N_("sound", "With sound"),
    # an exhibition panel's item the public site may not show (it is shown in the parlour)
    N_("withheld.panel", "Shown only in the parlour"),
    N_("status.planned", "planned"),
    N_("status.wished", "wished for"),
    N_("status.ongoing", "ongoing"),
    N_("loan.on-loan", "on loan"),
    N_("loan.returned", "returned"),
    N_("loan.donated", "donated"),
    N_("wish.new", "new"),
    N_("wish.heard", "heard"),
    N_("wish.in-progress", "in progress"),
    N_("wish.done", "come true"),
    # filters
    N_("filter.all", "All"),
    N_("filter.era", "Era"),
    N_("filter.theme", "Theme"),
    N_("filter.place", "Place"),
    N_("filter.born", "Born"),
    N_("filter.trade", "Trade"),
    N_("filter.kind", "Kind"),
    N_("filter.decade", "Decade"),
    N_("filter.loan", "Loan"),
    N_("filter.label", "Filter"),
    # facts
    N_("narrator", "Narrator"),
    N_("born", "Born"),
    N_("interviewed_by", "Interviewed by"),
    N_("date", "Date"),
    N_("place", "Place"),
    N_("language", "Language"),
    N_("themes_label", "Themes"),
    N_("number", "Number"),
    N_("kind", "Kind"),
    N_("object_date", "Date"),
    N_("material", "Material"),
    N_("dimensions", "Dimensions"),
    N_("credit", "Credit"),
    N_("loan", "Loan"),
    N_("venue", "Venue"),
    N_("dates", "Dates"),
    N_("curators", "Curators"),
    N_("lent_by", "Lent by "),
    N_("given_by", "Given by "),
    N_("lang.zh", "Mandarin"),
    N_("lang.wuu", "Shanghainese"),
    N_("lang.en", "English"),
    # headings
    N_("summary", "Summary"),
    N_("chapters", "Chapters"),
    N_("quotes", "In their words"),
    N_("transcript", "Transcript"),
    N_("notes", "Interviewer's notes"),
    N_("rights", "Rights and use"),
    N_("provenance", "Source"),
    N_("story", "Its story"),
    N_("names", "Names over time"),
    N_("name", "Name"),
    N_("when", "When"),
    N_("now", "now"),
    N_("then_now", "Then and now"),
    N_("then", "Then"),
    N_("now_cap", "Now"),
    # the then-and-now slider's name for a screen reader
    N_("compare.label", "{place}: then and now"),
    N_("mentioned", "Mentioned in interviews"),
    # the maps (parlour/partials/map.html, assets/parlour/map.js)
    N_("map", "Map"),
    N_("map.places", "Map of the places"),
    N_("map.place", "{place} on the map"),
    N_("map.note",
       "Every place on the map is in the list too. Tab reaches each marker in list "
       "order; Enter opens it."),
    N_("map.note_place",
       "The map marks where this place is; its names and pictures are on this page."),
    N_("map.opacity", "{map}: opacity"),
    N_("map.names_as_of", "Names as of"),
    N_("map.names_now", "today"),
    N_("map.maps", "Maps of the lanes"),
    N_("map.pins", "Places on this map"),
    N_("map.no_location", "This place's location is not shown."),
    N_("segments", "Interview segments"),
    N_("related", "Related"),
    # the summary of a long list of related records, folded
    N_("related.all", "All {n}"),
    N_("cite", "Cite this"),
    # how to cite a page: its narrator, title, site and date (joined by "comma"), the
    # address, and the day it was read
    N_("cite.text", "{source}. {url} (accessed {date})"),
    N_("prevnext", "Previous / next"),
    N_("keywords", "Keywords"),
    N_("places_label", "Places"),
    N_("sources", "Sources"),
    N_("formerly", "Formerly"),
    N_("none_yet", "(None yet.)"),
    N_("records", "records"),
    N_("events_count", "events"),
    N_("other", "Other"),
    N_("anonymous", "Anonymous"),
    N_("all_panels", "All panels as PDF"),
    N_("panel_pdf", "Panel PDF"),
    N_("interviewer", "Interviewer"),
    N_("role.told", "told"),
    N_("role.interviewed", "interviewed for"),
    N_("role.lent", "lent"),
    N_("role.gave", "gave"),
    N_("role.curated", "curated"),
    N_("born_in", "born in the {d}s"),
    N_("decade", "{d}s"),
    N_("switch_to", "Change language"),
    # the footer, after the site's name
    N_("footer.credit", "collected by the residents, together"),
    # the page for an address that does not exist
    N_("notfound.title", "Page not found"),
    N_("notfound.text",
       "The address may be mistyped, or the page has moved. Start again from the home page, "
       "or search."),
    N_("notfound.home", "Back to the home page"),
    # after a label ("Formerly: "), and a text only in another language ("Only in Chinese")
    N_("colon", ": "),
    # between the items of a list of names (王建国、陈桂英), and a comma in a sentence
    N_("list_sep", ", "),
    N_("comma", ", "),
    # a text with something said about it after it: 借展中（2025年3月 – 2025年12月）
    N_("aside", "{text} ({aside})"),
    # a narrator and their trade on an interview's facts: 王建国（退休邮递员）
    N_("narrator_trade", "{name} · {trade}"),
    N_("only_in", "Only in {language}"),
    # who a person is on a page where their name may not be shown
    N_("neutral.person", "a resident"),
    N_("neutral.interviewer", "Interviewer"),
    # section introductions
    N_("intro.timeline",
       "The neighbourhood's past, its present and the tomorrow residents hope for, in "
       "order of time. It reads in full without scripts."),
    N_("intro.interviews",
       "Residents tell their own stories. Open one for its summary, chapters and their "
       "own words."),
    N_("intro.objects", "Objects residents lent and gave, each with its story."),
    N_("intro.places",
       "Places changed their names more than once. Each has its names over time, some "
       "with pictures of then and now."),
    N_("intro.wishes",
       "Wishes residents left on the parlour's wall; a wish that came true links to what"
       " fulfilled it."),
    N_("intro.exhibits", "The parlour's exhibitions, to visit online."),
    N_("intro.themes", "The archive by theme."),
    N_("intro.people",
       "The residents and volunteers who told, lent and gathered; only those who agreed "
       "are listed."),
    # home blocks
    # an archive says its own in its catalog (the sample: the old lanes, the hot-water shop)
    N_("blurb.past", "The neighbourhood as it was."),
    N_("blurb.present", "The neighbourhood today."),
    N_("blurb.future", "What residents plan and hope for."),
    N_("exhibit_sections", "Sections of the exhibition"),
    N_("on_map", "on the map"),
    # the IIIF manifests' metadata: the rights statement, and the record's page on the site
    N_("iiif.rights", "Rights"),
    N_("iiif.page", "This page on the site"),
    # the printed panels: the calls to action beside a QR code, and an object label's credit
    N_("panel.cta.voices", "Scan to hear their voices"),
    N_("panel.cta.more", "Scan to see more"),
    N_("panel.cta.object", "Scan for this object's story"),
    N_("panel.lent", "Lent by {who}"),
    N_("panel.given", "Given by {who}"),
    # the parlour's touch screen
    N_("home", "Home"),
    N_("kiosk.welcome", "Touch a picture to begin"),
    N_("kiosk.touch", "Touch the screen to begin"),
    N_("kiosk.blurb.interviews", "Neighbours tell their own stories"),
    N_("kiosk.blurb.objects", "Things residents lent and gave"),
    N_("kiosk.blurb.wishes", "What neighbours wish for"),
    N_("kiosk.back", "Back"),
    N_("kiosk.start", "Start"),
    N_("kiosk.bar", "Touch screen navigation"),
    # the scripts' words (parlour.js, player.js, contribute.js), handed to each page as JSON
    # in its language (overrides/main.html: window.parlourWord)
    N_("js.size", "Text size"),
    N_("js.size_now", "{size}: {choice}"),
    N_("js.sizes.0", "Standard text"),
    N_("js.sizes.1", "Large text"),
    N_("js.sizes.2", "Largest text"),
    N_("js.short.0", "Standard"),
    N_("js.short.1", "Large"),
    N_("js.short.2", "Largest"),
    N_("js.contrast", "High contrast"),
    N_("js.standard", "Standard colours"),
    N_("js.search", "Search"),
    N_("js.shown_all", "{total} items"),
    N_("js.shown", "Showing {n} of {total}"),
    N_("js.none", "Nothing matches."),
    N_("js.clear", "Clear filters"),
    N_("js.filters", "Filters"),
    N_("js.filters_on", "Filters ({n} on)"),
    N_("js.compare", "then {then}%, now {now}%"),
    N_("js.external", "(other websites cannot be opened on the parlour's screen)"),
    N_("js.play", "Play the recording"),
    N_("js.pause", "Pause"),
    N_("js.copy", "Copy"),
    N_("js.download", "Download"),
    N_("js.propose", "Propose it on GitHub"),
])
