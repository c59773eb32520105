/* Parlour: a transcript that follows the sound.

   The page is complete without this script: the player is the browser's own <audio>/<video>
   with controls, the transcript is a plain list, and every time is a link. The script only
   adds the following: the line being spoken is marked, a click on a line or a time seeks the
   player, and a link to a moment (#t=12:03, #t=723, #t=1:02:03) starts there.

   It also gives the recording one large play / pause button right under the page's title, for
   readers who find the browser's own controls small: the template's a.parlour-play (a link to
   the player, so it works without script) becomes that button, or, without one, the script
   makes it. Labelled in the page's language; the recording's length beside it.

   It relies on the markup only: [data-parlour-player] audio|video, [data-parlour-transcript]
   with li.parlour-cue[data-start][data-end], any a[href^="#t="], and .parlour-play.
   Works with Material's instant navigation: set up again for each new page, the previous
   page's listeners removed first. Plain ES2017, no dependencies. */
(function () {
  "use strict";
  // Loaded twice (a copy inside the page that instant navigation re-runs)? The first one serves.
  if (window.parlourPlayer) return;
  window.parlourPlayer = { version: 1 };

  var ACTIVE = "parlour-cue--active";
  var MANUAL_SCROLL_GRACE = 4000; // ms during which we do not scroll for the visitor
  var teardown = null;

  /* "12:03" -> 723, "723" -> 723, "1:02:03" -> 3723, "12.5" -> 12.5; Media Fragments'
     "npt:" prefix and ",end" suffix are accepted. NaN when unreadable. */
  function parseTime(text) {
    var value = String(text || "").trim().replace(/^npt:/, "").split(",")[0];
    if (!/^\d+(:\d{1,2}){0,2}(\.\d+)?$/.test(value)) return NaN;
    return value.split(":").reduce(function (total, part) {
      return total * 60 + parseFloat(part);
    }, 0);
  }

  function hashTime(hash) {
    var match = /^#t=(.+)$/.exec(hash || "");
    return match ? parseTime(decodeURIComponent(match[1])) : NaN;
  }

  function formatTime(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), rest = s % 60;
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return (h ? h + ":" + two(m) : two(m)) + ":" + two(rest);
  }

  /* the page's words, in its language (overrides/main.html) */
  var word = window.parlourWord || function (key) { return key; };

  /* "2:01" for a length in seconds (whole minutes and seconds; hours when there are) */
  function formatLength(seconds) {
    var s = Math.round(seconds);
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), rest = s % 60;
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return (h ? h + ":" + two(m) : m) + ":" + two(rest);
  }

  function span(cls, text) {
    var node = document.createElement("span");
    node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  /* The big play button: the template's link upgraded, or a new one under the title. */
  function playButton(media, on) {
    var given = document.querySelector(".md-content .parlour-play, article .parlour-play");
    if (given && given.tagName === "BUTTON") return given; // already upgraded on this page
    var button = document.createElement("button");
    button.type = "button";
    button.className = "parlour-play";
    var label = given && given.querySelector(".parlour-play__label");
    var time = given && given.querySelector(".parlour-play__time");
    var playWord = label ? label.textContent.trim() : word("play");
    var icon = span("parlour-play__icon");
    icon.setAttribute("aria-hidden", "true");
    var text = span("parlour-play__label", playWord);
    var length = time ? span("parlour-play__time", time.textContent) : span("parlour-play__time");
    button.appendChild(icon);
    button.appendChild(text);
    button.appendChild(document.createTextNode(" "));
    button.appendChild(length);
    if (given) {
      given.replaceWith(button);
    } else {
      // under the title (and the subtitle in the other language), above the facts
      var title = document.querySelector("article h1");
      if (!title) return null;
      var after = title;
      while (after.nextElementSibling && after.nextElementSibling.classList.contains("parlour-subtitle")) {
        after = after.nextElementSibling;
      }
      after.insertAdjacentElement("afterend", button);
    }
    function update() {
      var playing = !media.paused && !media.ended;
      button.classList.toggle("parlour-play--playing", playing);
      text.textContent = playing ? word("pause") : playWord;
    }
    function showLength() {
      if (!length.textContent && isFinite(media.duration) && media.duration > 0) {
        length.textContent = formatLength(media.duration);
      }
    }
    on(button, "click", function () {
      if (media.paused || media.ended) {
        var promise = media.play();
        if (promise && promise.catch) promise.catch(function () {});
      } else {
        media.pause();
      }
    });
    ["play", "playing", "pause", "ended"].forEach(function (type) { on(media, type, update); });
    on(media, "loadedmetadata", showLength);
    on(media, "durationchange", showLength);
    showLength();
    update();
    return button;
  }

  function reducedMotion() {
    return !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  function setup() {
    var media = document.querySelector(
      "[data-parlour-player] audio, [data-parlour-player] video"
    );
    var list = document.querySelector("[data-parlour-transcript]");
    var marker = list || media;
    // The same page announced twice stays bound once; a new page replaces the old binding.
    if (marker && marker.hasAttribute("data-parlour-bound") && teardown) return;
    if (teardown) { teardown(); teardown = null; }
    if (!marker) return;
    marker.setAttribute("data-parlour-bound", "");

    var cues = [];
    if (list) {
      list.querySelectorAll(".parlour-cue[data-start]").forEach(function (li) {
        var start = parseFloat(li.getAttribute("data-start"));
        if (!isNaN(start)) cues.push({ el: li, start: start, end: parseFloat(li.getAttribute("data-end")) });
      });
      cues.sort(function (a, b) { return a.start - b.start; });
      cues.forEach(function (cue, i) {
        // without an end, a cue lasts until the next one begins
        if (isNaN(cue.end)) cue.end = i + 1 < cues.length ? cues[i + 1].start : Infinity;
      });
    }

    var active = null;
    var lastManualScroll = -Infinity;
    var cleanups = [];
    function on(target, type, fn, options) {
      target.addEventListener(type, fn, options);
      cleanups.push(function () { target.removeEventListener(type, fn, options); });
    }

    // index of the last cue starting at or before t (binary search), -1 if none
    function cueIndexAt(t) {
      var lo = 0, hi = cues.length - 1, found = -1;
      while (lo <= hi) {
        var mid = (lo + hi) >> 1;
        if (cues[mid].start <= t) { found = mid; lo = mid + 1; } else hi = mid - 1;
      }
      return found;
    }

    function cueAt(t) {
      var i = cueIndexAt(t);
      return i >= 0 && t < cues[i].end ? cues[i] : null;
    }

    /* Times in links are whole seconds (00:12) while a cue may start at 12.5: a time
       names the cue that starts within that second, so seek to where the cue really starts. */
    function snap(t) {
      var i = cueIndexAt(t + 1 - 1e-6);
      return i >= 0 && cues[i].start >= t ? cues[i].start : t;
    }

    function obstructedTop() {
      var top = 0;
      var header = document.querySelector(".md-header");
      if (header) top = Math.max(top, header.getBoundingClientRect().bottom);
      var player = media && media.closest("[data-parlour-player]");
      if (player && getComputedStyle(player).position === "sticky") {
        var rect = player.getBoundingClientRect();
        if (rect.top <= top + 1 && rect.bottom < window.innerHeight / 2) top = Math.max(top, rect.bottom);
      }
      return top;
    }

    function reveal(el, force) {
      if (!force && Date.now() - lastManualScroll < MANUAL_SCROLL_GRACE) return;
      var rect = el.getBoundingClientRect();
      var viewport = window.innerHeight || document.documentElement.clientHeight;
      if (rect.top >= obstructedTop() && rect.bottom <= viewport) return;
      el.scrollIntoView({ block: "nearest", behavior: reducedMotion() ? "auto" : "smooth" });
    }

    function highlight(t, scroll, force) {
      var cue = cueAt(t);
      var el = cue ? cue.el : null;
      if (el !== active) {
        if (active) { active.classList.remove(ACTIVE); active.removeAttribute("aria-current"); }
        if (el) { el.classList.add(ACTIVE); el.setAttribute("aria-current", "true"); }
        active = el;
        if (el && scroll) reveal(el, force);
      }
    }

    var pendingSeek = null;
    function seek(t, play) {
      if (!media) {
        highlight(t, true, true);
        return;
      }
      var apply = function () {
        pendingSeek = null;
        try { media.currentTime = t; } catch (err) { return; }
        highlight(t, true, true);
        if (play) {
          var promise = media.play();
          // autoplay may be refused: the visitor presses play, we do not insist
          if (promise && promise.catch) promise.catch(function () {});
        }
      };
      highlight(t, true, true);
      if (media.readyState >= 1) apply();
      else {
        if (pendingSeek) media.removeEventListener("loadedmetadata", pendingSeek);
        pendingSeek = apply;
        media.addEventListener("loadedmetadata", apply, { once: true });
        cleanups.push(function () { media.removeEventListener("loadedmetadata", apply); });
        if (media.preload === "none") media.load();
      }
    }

    function setHash(t) {
      var url = location.pathname + location.search + "#t=" + formatTime(t);
      // keep Material's scroll-restoration state; replaceState neither scrolls nor adds history
      try { history.replaceState(history.state, "", url); } catch (err) { /* file:// etc. */ }
    }

    function onClick(ev) {
      if (ev.defaultPrevented || ev.button !== 0) return;
      if (ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return; // new tab/window: browser's
      var target = ev.target instanceof Element ? ev.target : null;
      if (!target) return;
      var link = target.closest("a[href]");
      var cue = list ? target.closest(".parlour-cue") : null;
      if (cue && !list.contains(cue)) cue = null;
      var t;
      if (link) {
        // Material's instant navigation rewrites "#t=…" into an absolute URL: compare the page
        var here = link.origin + link.pathname + link.search ===
          location.origin + location.pathname + location.search;
        // any other link is the browser's (and Material's), a moment on another page too
        if (!here || !/^#t=/.test(link.hash)) return;
        t = cue && link.classList.contains("parlour-cue-time")
          ? parseFloat(cue.getAttribute("data-start"))
          : snap(hashTime(link.hash));
      } else if (cue) {
        // a click on the line itself, unless the visitor is selecting text to copy
        var selection = window.getSelection && window.getSelection();
        if (selection && !selection.isCollapsed && cue.contains(selection.anchorNode)) return;
        t = parseFloat(cue.getAttribute("data-start"));
      } else {
        return;
      }
      if (isNaN(t)) return;
      ev.preventDefault();
      // ours alone: Material's instant navigation would otherwise treat it as an anchor link
      ev.stopPropagation();
      lastManualScroll = -Infinity; // a click asks to be followed again
      seek(t, true);
      setHash(t);
    }

    function onHashChange() {
      var t = hashTime(location.hash);
      if (!isNaN(t)) seek(snap(t), false);
    }

    function markManual() { lastManualScroll = Date.now(); }
    function onKey(ev) {
      if (/^(PageUp|PageDown|Home|End|ArrowUp|ArrowDown| )$/.test(ev.key)) markManual();
    }
    function onPointerDown(ev) {
      // dragging the scrollbar: the press lands on the root element
      if (ev.target === document.documentElement) markManual();
    }

    // Click handling sits below <body>, where Material listens for instant navigation.
    var scope = document.querySelector("[data-md-component=container]") || document.body;
    on(scope, "click", onClick);
    on(window, "hashchange", onHashChange);
    on(window, "wheel", markManual, { passive: true });
    on(window, "touchmove", markManual, { passive: true });
    on(window, "keydown", onKey);
    on(window, "pointerdown", onPointerDown);

    if (media) {
      playButton(media, on);
      var onTime = function () { highlight(media.currentTime, !media.paused, false); };
      on(media, "timeupdate", onTime);
      on(media, "seeked", onTime);
    }
    if (list) {
      // The line is reached through its time link: the <li> itself is not a tab stop.
      list.classList.add("parlour-cues--live");
    }

    var initial = hashTime(location.hash);
    if (!isNaN(initial)) seek(snap(initial), false);
    else if (media && media.readyState >= 1 && media.currentTime > 0) highlight(media.currentTime, false);

    teardown = function () {
      cleanups.forEach(function (fn) { fn(); });
      cleanups = [];
      // a page left by instant navigation must not keep talking
      if (media && !media.paused && !document.contains(media)) media.pause();
    };
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
