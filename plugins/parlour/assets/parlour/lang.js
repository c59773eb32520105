/* Parlour: moving between the site's languages.

   A page in another language is always a full page load: its interface words, <html lang>,
   header and search index are that language's, and Material's instant navigation would only
   swap the content. Under instant navigation, the header's language menu is also kept
   pointing at the page now shown, and a switch keeps the place on the page (#anchor). */
(function () {
  // languages under <tag>/ (overrides/main.html); the default language is at the site root
  var OTHER = window.parlourLangs || [];

  function root() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  function langOf(url) {
    var top = url.href.slice(root().href.length).split("/")[0];
    return OTHER.indexOf(top) !== -1 ? top : "default";
  }

  document.addEventListener("click", function (ev) {
    if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    var link = ev.target.closest && ev.target.closest("a[href]");
    if (!link || link.target) return;
    var url = new URL(link.href, location.href);
    if (url.origin !== location.origin || !url.href.startsWith(root().href)) return;
    if (langOf(url) === langOf(new URL(location.href))) return;
    // Not Material's instant navigation: the browser loads the other language's page
    ev.stopPropagation();
    if (link.hasAttribute("hreflang") && !url.hash && location.hash) {
      ev.preventDefault();
      location.assign(url.href.split("#")[0] + location.hash);
    }
  }, true);

  function followPage() {
    // Back and forward are instant too: content of another language than the page's
    // <html lang> (and its search worker's index) is loaded afresh
    var body = document.querySelector("[data-parlour-lang]");
    var lang = (document.documentElement.getAttribute("lang") || "").toLowerCase();
    if (body && body.getAttribute("data-parlour-lang") !== lang) {
      location.reload();
      return;
    }
    // (main.html writes them rel="parlour-alternate": see there why not rel="alternate")
    document.querySelectorAll("head link[rel=parlour-alternate][hreflang]").forEach(function (alt) {
      var lang = alt.getAttribute("hreflang");
      document.querySelectorAll('.md-select__link[hreflang="' + lang + '"]').forEach(function (a) {
        a.href = alt.href;
      });
    });
  }
  if (typeof document$ !== "undefined") document$.subscribe(followPage);
})();
