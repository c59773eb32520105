/* Parlour: the site's own controls, on top of Material.

   - filters on index pages: the lists are complete without this script; it only hides what a
     visitor filters out. Short choices become a row of buttons (one tap, reachable with Tab,
     pressed with Space or Enter); long ones stay the browser's own <select>. On a phone the
     choices fold behind one button (parlour.css shows it below 600px), which says how many
     filters are on.
   - a text-size control in the header (A / A+ / A++), remembered in localStorage; main.html
     applies the remembered size before the first paint.
   - the high-contrast palette is Material's own palette toggle: here only its label follows
     the page's language.
   - on the kiosk (<html data-parlour-kiosk="SECONDS">, set by main.html): back to the home page
     after SECONDS without a touch or a key, never while sound or video plays; links to other
     hosts are shown as plain text.

   Works with Material's instant navigation: set up again for each new page. Plain ES2017. */
(function () {
  "use strict";
  /* The page's words in its language, from the JSON overrides/main.html writes
     (#parlour-words), for this script and those loaded after it (player.js, contribute.js):
     parlourWord("shown", {n: 3, total: 9}) fills the word's {fields}. */
  if (!window.parlourWord) {
    var data = document.getElementById("parlour-words"), table = {};
    try {
      table = JSON.parse(data.textContent);
      /* the languages whose pages live under <tag>/ (lang.js) */
      window.parlourLangs = data.getAttribute("data-other").split(" ").filter(Boolean);
    } catch (err) { /* no words: the scripts show their keys */ }
    window.parlourWord = function (key, values) {
      var text = table[key] || key;
      return text.replace(/\{(\w+)\}/g, function (all, name) {
        return values && name in values ? String(values[name]) : all;
      });
    };
  }
  if (window.parlourControls) return; // loaded twice: the first one serves
  window.parlourControls = { version: 2 };

  var root = document.documentElement;
  var TEXT_KEY = "parlour.text";
  var CHIPS_UP_TO = 5; // choices (besides "all") shown as buttons; more stay a <select>

  /* the page's words, in its language (overrides/main.html) */
  var word = window.parlourWord || function (key) { return key; };

  function storage(key, value) {
    try {
      if (value === undefined) return localStorage.getItem(key);
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, value);
    } catch (err) { /* storage refused: the choice lasts for this page only */ }
    return null;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  /* ------------------------------------------------------------------ filters */

  var uid = 0;

  function labelText(select) {
    var label = select.closest("label");
    if (!label) return select.getAttribute("aria-label") || "";
    var copy = label.cloneNode(true);
    copy.querySelectorAll("select").forEach(function (s) { s.remove(); });
    return copy.textContent.trim();
  }

  function chipsFor(select, apply) {
    var id = "parlour-filter-" + (++uid);
    var group = el("div", { "class": "parlour-chips", role: "group", "aria-labelledby": id });
    group.appendChild(el("span", { "class": "parlour-chips__label", id: id }, labelText(select)));
    Array.prototype.forEach.call(select.options, function (option) {
      var button = el("button", {
        type: "button", "class": "parlour-chip", "data-value": option.value,
        "aria-pressed": String(option.selected)
      }, option.textContent);
      button.addEventListener("click", function () {
        // a pressed choice pressed again lets go of it: back to "all"
        select.value = button.getAttribute("aria-pressed") === "true" ? "" : option.value;
        sync();
        apply();
      });
      group.appendChild(button);
    });
    function sync() {
      group.querySelectorAll(".parlour-chip").forEach(function (b) {
        b.setAttribute("aria-pressed", String(b.getAttribute("data-value") === select.value));
      });
    }
    select.addEventListener("change", sync);
    return { node: group, sync: sync };
  }

  function setupFilters() {
    document.querySelectorAll("form.parlour-filters").forEach(function (form) {
      if (form.dataset.ready) return;
      form.dataset.ready = "1";
      form.hidden = false;
      var scope = form.parentElement;
      var selects = form.querySelectorAll("select[data-parlour-filter]");
      var items = scope.querySelectorAll(".parlour-event, .parlour-card");
      var syncs = [];
      var status = el("p", { "class": "parlour-filter-status", role: "status" });
      var clear = el("button", { type: "button", "class": "parlour-filter-clear" });
      var count = el("span");
      var fold = el("button", {
        type: "button", "class": "parlour-filters-toggle", "aria-expanded": "false"
      });
      form.insertBefore(fold, form.firstChild);
      form.classList.add("parlour-filters--foldable");
      fold.addEventListener("click", function () {
        var open = form.classList.toggle("parlour-filters--open");
        fold.setAttribute("aria-expanded", String(open));
      });
      status.appendChild(count);
      status.appendChild(clear);
      form.insertAdjacentElement("afterend", status);

      function apply() {
        var wanted = {};
        selects.forEach(function (s) { if (s.value) wanted[s.dataset.parlourFilter] = s.value; });
        var active = Object.keys(wanted).length > 0;
        var shown = 0;
        items.forEach(function (item) {
          var show = Object.keys(wanted).every(function (key) {
            return (item.dataset[key] || "").split(" ").indexOf(wanted[key]) !== -1;
          });
          (item.closest("li") || item).hidden = !show;
          if (show) shown++;
        });
        // the place chosen: its then and now above its events
        scope.querySelectorAll("[data-place-pair]").forEach(function (pair) {
          pair.hidden = pair.getAttribute("data-place-pair") !== wanted.place;
        });
        // an era whose items are all filtered out goes too, heading and all
        scope.querySelectorAll(".parlour-era-heading").forEach(function (h) {
          var list = scope.querySelector('ol[data-era="' + h.id + '"]');
          var empty = !!list && !list.querySelector(".parlour-event:not([hidden])");
          var hide = active && ((wanted.era && wanted.era !== h.id) || empty || !list);
          h.hidden = hide;
          if (list) list.hidden = hide;
          // "(none yet)" under an empty era
          var next = h.nextElementSibling;
          if (!list && next && next.tagName === "P") next.hidden = hide;
        });

        count.textContent = active
          ? (shown ? word(shown === items.length ? "shown_all" : "shown",
                          { n: shown, total: items.length }) : word("none")) + " "
          : "";
        clear.textContent = word("clear");
        clear.hidden = !active;
        var on = Object.keys(wanted).length;
        fold.textContent = on ? word("filters_on", { n: on }) : word("filters");
        status.classList.toggle("parlour-filter-status--active", active);
      }

      selects.forEach(function (select) {
        var label = select.closest("label") || select;
        if (select.options.length - 1 <= CHIPS_UP_TO) {
          var chips = chipsFor(select, apply);
          label.insertAdjacentElement("beforebegin", chips.node);
          label.hidden = true;
          syncs.push(chips.sync);
        }
        select.addEventListener("change", apply);
      });
      clear.addEventListener("click", function () {
        selects.forEach(function (s) { s.value = ""; });
        syncs.forEach(function (fn) { fn(); });
        apply();
        // the first control one can see: the fold's button on a phone, else the first choice
        var first = Array.prototype.find.call(
          form.querySelectorAll("button, select"), function (c) { return c.offsetParent !== null; }
        );
        if (first) first.focus();
      });
      form.addEventListener("submit", function (e) { e.preventDefault(); });
      apply();
    });
  }

  /* ---------------------------------------------------------------- text size */

  var SIZE_ICON =
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">' +
    '<path d="M2 4v3h5v12h3V7h5V4zm19 5h-9v3h3v7h3v-7h3z"/></svg>';

  function currentSize() {
    var value = root.getAttribute("data-parlour-text");
    return value === "1" || value === "2" ? Number(value) : 0;
  }

  function setSize(step) {
    if (step) root.setAttribute("data-parlour-text", String(step));
    else root.removeAttribute("data-parlour-text");
    storage(TEXT_KEY, step ? String(step) : null);
    updateSizeControl();
  }

  function updateSizeControl() {
    var box = document.querySelector(".parlour-textsize");
    if (!box) return;
    var toggle = box.querySelector(".parlour-textsize__toggle");
    toggle.setAttribute("aria-label",
      word("size_now", { size: word("size"), choice: word("short." + currentSize()) }));
    toggle.title = word("size");
    box.querySelectorAll("[data-parlour-size]").forEach(function (b) {
      var step = Number(b.getAttribute("data-parlour-size"));
      b.setAttribute("aria-pressed", String(step === currentSize()));
      b.setAttribute("aria-label", word("sizes." + step));
      b.querySelector(".parlour-textsize__word").textContent = word("short." + step);
    });
    box.querySelector(".md-select__inner").setAttribute("aria-label", word("size"));
  }

  function setupTextSize() {
    var header = document.querySelector(".md-header__inner");
    if (!header || header.querySelector(".parlour-textsize")) {
      updateSizeControl(); // the header stays across instant navigation: relabel only
      return;
    }
    var box = el("div", { "class": "md-header__option parlour-textsize" });
    var select = el("div", { "class": "md-select" });
    var toggle = el("button", { type: "button", "class": "md-header__button md-icon parlour-textsize__toggle" });
    toggle.innerHTML = SIZE_ICON;
    var inner = el("div", { "class": "md-select__inner", role: "group" });
    var list = el("ul", { "class": "md-select__list" });
    ["A", "A+", "A++"].forEach(function (glyph, step) {
      var item = el("li", { "class": "md-select__item" });
      var b = el("button", {
        type: "button", "class": "md-select__link parlour-textsize__choice",
        "data-parlour-size": String(step), "aria-pressed": "false"
      });
      b.appendChild(el("span", { "class": "parlour-textsize__glyph", "aria-hidden": "true" }, glyph));
      b.appendChild(el("span", { "class": "parlour-textsize__word", "aria-hidden": "true" }));
      b.addEventListener("click", function (ev) {
        setSize(step);
        // a tap or a click closes the menu (a touch screen's hover would hold it open);
        // a key press keeps it, and the focus, where the keyboard is
        if (ev.detail > 0) {
          box.classList.add("parlour-textsize--closed");
          if (document.activeElement) document.activeElement.blur();
        }
      });
      item.appendChild(b);
      list.appendChild(item);
    });
    inner.appendChild(list);
    select.appendChild(toggle);
    select.appendChild(inner);
    box.appendChild(select);
    // closed after a choice until the pointer is really elsewhere (the page growing under a
    // still pointer must not count) or the toggle is pressed again
    function reopen() { box.classList.remove("parlour-textsize--closed"); }
    document.addEventListener("pointermove", function (ev) {
      if (!box.contains(ev.target)) reopen();
    }, { passive: true });
    toggle.addEventListener("pointerdown", reopen);
    toggle.addEventListener("keydown", reopen);
    box.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && document.activeElement) document.activeElement.blur();
    });
    // before the palette toggle (or search), so the two display controls sit together
    var before = header.querySelector("[data-md-component=palette]") ||
      header.querySelector("label[for=__search]");
    header.insertBefore(box, before ? before.closest(".md-header__option") || before : null);
    updateSizeControl();
  }

  function labelPalette() {
    var inputs = document.querySelectorAll("input[name=__palette]");
    inputs.forEach(function (input, i) {
      var scheme = input.getAttribute("data-md-color-scheme");
      // each radio's label switches to the next scheme: name it after that one
      var next = inputs[(i + 1) % inputs.length];
      var nextScheme = next ? next.getAttribute("data-md-color-scheme") : "";
      var text = nextScheme === "parlour-contrast" ? word("contrast")
        : scheme === "parlour-contrast" ? word("standard") : null;
      if (!text) return;
      input.setAttribute("aria-label", text);
      var label = input.nextElementSibling;
      if (label && label.tagName === "LABEL") label.title = text;
    });
  }

  /* Material's search is a dialog without a name: name it in the page's language. */
  function labelDialogs() {
    document.querySelectorAll(".md-search[role=dialog]").forEach(function (dialog) {
      if (!dialog.hasAttribute("aria-labelledby")) dialog.setAttribute("aria-label", word("search"));
    });
  }

  /* ----------------------------------------------------------- then and now */

  /* The comparison slider (vendor/img-comparison-slider, loaded by the pages that show one)
     moves while an arrow key is held, and a quick press may not move it at all; it has no role
     and tells nothing to a screen reader. Here it becomes a slider: role, value and value text,
     and a step on each press (arrows 5, Page Up / Down 10, Home / End the ends). Its name is the
     page's aria-label. Nothing happens on pages without one, or until the element is defined. */
  var COMPARE_STEPS = { ArrowLeft: -5, ArrowDown: -5, ArrowRight: 5, ArrowUp: 5, PageDown: -10, PageUp: 10 };
  var compareKeys = false;

  function syncCompare(slider) {
    var value = Math.round(Math.max(0, Math.min(100, Number(slider.value) || 0)));
    slider.setAttribute("aria-valuenow", String(value));
    slider.setAttribute("aria-valuetext", word("compare", { then: value, now: 100 - value }));
  }

  /* A key press on a slider is one step; caught on its way down (capture, on the document) so
     the component does not also start sliding. A held arrow's repeats go on to the component,
     which slides until the key is let go. */
  function onCompareKey(ev) {
    var slider = ev.target instanceof Element && ev.target.closest("img-comparison-slider.parlour-compare");
    if (!slider || !slider.dataset.ready) return;
    var to;
    if (ev.key === "Home") to = 0;
    else if (ev.key === "End") to = 100;
    else if (COMPARE_STEPS[ev.key] !== undefined) {
      if (ev.repeat) { ev.preventDefault(); return; }
      to = Number(slider.value) + COMPARE_STEPS[ev.key];
    } else return;
    ev.preventDefault(); // the page does not scroll under a slider in use
    ev.stopPropagation();
    slider.value = Math.max(0, Math.min(100, to));
    syncCompare(slider);
  }

  function setupCompare() {
    var sliders = document.querySelectorAll("img-comparison-slider.parlour-compare");
    if (!sliders.length || !window.customElements) return;
    if (!compareKeys) {
      document.addEventListener("keydown", onCompareKey, true);
      compareKeys = true;
    }
    window.customElements.whenDefined("img-comparison-slider").then(function () {
      sliders.forEach(function (slider) {
        if (slider.dataset.ready) return;
        slider.dataset.ready = "1";
        slider.setAttribute("role", "slider");
        slider.setAttribute("aria-valuemin", "0");
        slider.setAttribute("aria-valuemax", "100");
        if (!slider.hasAttribute("aria-orientation")) slider.setAttribute("aria-orientation", "horizontal");
        slider.addEventListener("slide", function () { syncCompare(slider); });
        syncCompare(slider);
      });
    });
  }

  /* ---------------------------------------------------------------------- 404 */

  /* The 404 page (overrides/404.html) is one file for every missing address: a missing English
     page gets the English part first (its heading the page's title) and its way home. The
     search buttons open Material's search. */
  function setupNotFound() {
    var box = document.querySelector("[data-parlour-404]");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    var base = document.querySelector(".parlour-404__home");
    var home = base ? new URL(base.getAttribute("href"), location.href).pathname : "/";
    var folder = location.pathname.indexOf(home) === 0
      ? location.pathname.slice(home.length).split("/")[0] : "";
    var sections = box.querySelectorAll(".parlour-404__lang");
    var mine = null;
    sections.forEach(function (s) { if (s.getAttribute("data-l") === folder) mine = s; });
    if (mine && mine !== sections[0]) {
      var first = sections[0];
      var h1 = first.querySelector("h1"), h2 = mine.querySelector("h2");
      if (h1 && h2) {
        var top = el("h1", {}, h2.textContent), second = el("h2", {}, h1.textContent);
        h2.replaceWith(top);
        h1.replaceWith(second);
      }
      box.insertBefore(mine, first);
      // one 404.html serves every language: under <tag>/ its header and footer speak that
      // language too (the section tabs, in the default language, go: the big button leads home)
      document.documentElement.lang = folder;
      document.documentElement.dir = mine.getAttribute("dir") || "ltr";
      var site = mine.getAttribute("data-site");
      var topic = document.querySelector(".md-header__topic:first-child .md-ellipsis");
      if (site && topic) topic.textContent = site;
      var heading = mine.querySelector("h1");
      if (heading && site) document.title = heading.textContent + " · " + site;
      var credit = document.querySelector(".parlour-credit");
      if (credit && site) {
        credit.textContent = "";
        credit.appendChild(el("strong", {}, site));
        credit.appendChild(document.createTextNode(" · " + mine.getAttribute("data-credit")));
      }
      var tabs = document.querySelector(".md-tabs");
      if (tabs) tabs.style.display = "none";
    }
    var toggle = document.querySelector("input[data-md-toggle=search]");
    box.querySelectorAll("[data-parlour-search]").forEach(function (button) {
      if (!toggle) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        toggle.checked = true;
        toggle.dispatchEvent(new Event("change"));
        var input = document.querySelector(".md-search__input");
        if (input) input.focus();
      });
    });
  }

  /* -------------------------------------------------------------------- kiosk */

  var kiosk = null;

  var ATTRACT_SECONDS = 8; // each slide of the attract loop
  var ATTRACT_KEY = "parlour.attract"; // set when idling brought the kiosk home
  var attract = null;

  function homeUrl() {
    var start = document.querySelector("[data-parlour-start]");
    var logo = start || document.querySelector("a.md-logo, [data-md-component=logo]");
    return logo ? logo.href : new URL(".", location.href).href;
  }

  function atHome() {
    return location.href.split("#")[0] === homeUrl().split("#")[0];
  }

  /* The start screen's attract loop: its slides (then-and-now pairs, quotes) one after
     another while nobody touches the screen. Pictures and words only: nothing on the page
     plays, or may play, while it runs. A tap ends it (and only ends it: it lands on the
     loop, not on the tile beneath). */
  function startAttract() {
    var box = document.querySelector("[data-parlour-attract]");
    if (!box || attract) return;
    var slides = box.querySelectorAll(".parlour-attract__slide");
    if (!slides.length) return;
    document.querySelectorAll("audio, video").forEach(function (m) { m.pause(); m.muted = true; });
    var at = 0;
    slides.forEach(function (slide, i) { slide.hidden = i !== 0; });
    box.hidden = false;
    var timer = setInterval(function () {
      slides[at].hidden = true;
      at = (at + 1) % slides.length;
      slides[at].hidden = false;
    }, ATTRACT_SECONDS * 1000);
    attract = { box: box, timer: timer };
    if (!box.dataset.ready) {
      box.dataset.ready = "1";
      box.addEventListener("click", stopAttract);
    }
  }

  function stopAttract() {
    if (!attract) return;
    clearInterval(attract.timer);
    attract.box.hidden = true;
    attract = null;
  }

  /* The kiosk bar's Back: shown where there is a page to go back to, never on the start */
  function setupKioskBar() {
    var back = document.querySelector("[data-parlour-back]");
    if (!back) return;
    back.hidden = atHome() || history.length < 2;
    if (back.dataset.ready) return;
    back.dataset.ready = "1";
    back.addEventListener("click", function () { history.back(); });
  }

  function mediaPlaying() {
    return Array.prototype.some.call(document.querySelectorAll("audio, video"), function (m) {
      return !m.paused && !m.ended;
    });
  }

  function setupKiosk() {
    var idle = parseInt(root.getAttribute("data-parlour-kiosk") || "", 10);
    if (!idle || idle < 1) return;
    // on the kiosk, other hosts are out of reach: their links read as text
    document.querySelectorAll("a[href]").forEach(function (a) {
      if (a.origin === location.origin || !/^https?:$/.test(a.protocol)) return;
      var span = el("span", { "class": "parlour-offsite", title: word("external") });
      span.innerHTML = a.innerHTML;
      a.replaceWith(span);
    });
    setupKioskBar();
    if (atHome() && storage(ATTRACT_KEY)) {
      storage(ATTRACT_KEY, null);
      startAttract(); // brought home by idling: the loop at once, not after another wait
    }
    if (kiosk) return; // the timer lives across instant navigation
    var timer = null;
    function arm() {
      clearTimeout(timer);
      timer = setTimeout(fire, idle * 1000);
    }
    function fire() {
      if (mediaPlaying()) { arm(); return; } // listening is not idling
      var home = homeUrl();
      var changed = !atHome() || window.scrollY > 0 || storage(TEXT_KEY) ||
        document.body.getAttribute("data-md-color-scheme") !== "default" ||
        document.querySelector("input[data-md-toggle]:checked"); // the drawer or the search
      if (!changed) { startAttract(); arm(); return; }
      // the next visitor starts afresh: standard text, standard colours, the home page
      storage(TEXT_KEY, null);
      try {
        Object.keys(localStorage).forEach(function (key) {
          if (/__palette$/.test(key)) localStorage.removeItem(key);
        });
      } catch (err) { /* nothing remembered */ }
      storage(ATTRACT_KEY, "1");
      location.assign(home);
    }
    ["pointerdown", "keydown", "touchstart", "wheel", "input"].forEach(function (type) {
      window.addEventListener(type, arm, { capture: true, passive: true });
    });
    window.addEventListener("keydown", stopAttract, true);
    // media events do not bubble: listen while they pass down; the wait starts when sound stops
    ["play", "playing", "pause", "ended"].forEach(function (type) {
      document.addEventListener(type, arm, true);
    });
    kiosk = { arm: arm };
    arm();
  }

  /* "Cite this": the date a citation needs is the day the reader read the page, so the page
     leaves an empty <time> (record.html) and this fills it in the page's language; the words
     around it ("accessed ...") stay hidden without script, where the citation has no date. */
  function setupCitation() {
    var now = new Date(), text;
    try {
      text = new Intl.DateTimeFormat(root.lang || undefined, { dateStyle: "long" }).format(now);
    } catch (err) { return; } // no Intl (or an unknown language): the citation stays undated
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var iso = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    document.querySelectorAll("time[data-parlour-today]").forEach(function (time) {
      time.textContent = text;
      time.setAttribute("datetime", iso);
      if (time.parentNode.classList.contains("parlour-accessed")) time.parentNode.hidden = false;
    });
  }

  function setup() {
    setupTextSize();
    setupCitation();
    labelPalette();
    labelDialogs();
    setupFilters();
    setupNotFound();
    setupCompare();
    setupKiosk();
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
