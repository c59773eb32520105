/* Parlour: filters for index pages. The lists are complete without this script; it only
   hides what a visitor filters out. Works with Material's instant navigation. */
(function () {
  function setup() {
    document.querySelectorAll("form.parlour-filters").forEach(function (form) {
      if (form.dataset.ready) return;
      form.dataset.ready = "1";
      form.hidden = false;
      var scope = form.parentElement;
      var selects = form.querySelectorAll("select[data-parlour-filter]");
      function apply() {
        var wanted = {};
        selects.forEach(function (s) { if (s.value) wanted[s.dataset.parlourFilter] = s.value; });
        scope.querySelectorAll(".parlour-event, .parlour-card").forEach(function (item) {
          var show = Object.keys(wanted).every(function (key) {
            var values = (item.dataset[key] || "").split(" ");
            return values.indexOf(wanted[key]) !== -1;
          });
          var host = item.closest("li") || item;
          host.hidden = !show;
        });
        scope.querySelectorAll(".parlour-era-heading").forEach(function (h) {
          var era = h.id;
          h.hidden = wanted.era && wanted.era !== era;
          var list = scope.querySelector('ol[data-era="' + era + '"]');
          if (list) list.hidden = h.hidden;
        });
      }
      selects.forEach(function (s) { s.addEventListener("change", apply); });
      form.addEventListener("submit", function (e) { e.preventDefault(); });
    });
  }
  if (typeof document$ !== "undefined") document$.subscribe(setup);
  else document.addEventListener("DOMContentLoaded", setup);
})();
