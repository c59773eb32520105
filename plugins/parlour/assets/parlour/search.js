/* Search in the page's language. Material's instant navigation swaps in a page's content
 * but keeps the first page's <html lang>, its #__config and its search worker, which
 * searches the Pagefind index of that first language. When the new content is in another
 * language (Parlour marks it on the content area), load the page afresh instead. */
(function () {
  "use strict"
  if (!window.document$)
    return
  window.document$.subscribe(function () {
    var body = document.querySelector("[data-parlour-lang]")
    var lang = (document.documentElement.getAttribute("lang") || "unknown").toLowerCase()
    if (body && body.getAttribute("data-parlour-lang") !== lang)
      location.reload()
  })
})()
