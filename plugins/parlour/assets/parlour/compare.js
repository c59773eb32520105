/* Parlour: loads the then-and-now slider (vendor/img-comparison-slider) on the pages that show
   one (the place pages' template writes this script into the page). Material's instant
   navigation runs the scripts of each page it shows again; the component may be defined only
   once, so it is loaded only when it is not defined yet. parlour.js makes it a slider. */
(function () {
  "use strict";
  if (!window.customElements || window.customElements.get("img-comparison-slider")) return;
  if (document.querySelector("script[data-parlour-compare]")) return; // on its way
  var here = document.currentScript && document.currentScript.src;
  if (!here) return;
  var script = document.createElement("script");
  script.src = new URL("vendor/img-comparison-slider/index.js", here).href;
  script.defer = true;
  script.setAttribute("data-parlour-compare", "");
  document.head.appendChild(script);
})();
