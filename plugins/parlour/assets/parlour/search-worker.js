/* Parlour's search worker: Material for MkDocs' search box, answered by Pagefind.
 *
 * Material's page script starts the worker named by `search` in its #__config (Parlour
 * points it here, with the language of the page's index as ?lang=: its <html lang>, a Chinese
 * one as Pagefind segments it, see search.py's index_language) and talks to it in four messages:
 * SETUP (0, with search/search_index.json, which for us holds no documents) -> READY (1);
 * QUERY (2, the text in the box) -> RESULT (3, {items: [[article, ...sections]]}).
 * Pagefind (../../pagefind/pagefind.js, same origin) is loaded on the first real query and
 * fetches only the index shards and the result fragments that query needs.
 */
"use strict"

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
/* results drawn per query: each costs one fragment request (the page's text, ~20 KB
   gzipped for a long interview); Material draws its first 10 at once, the rest on scroll */
const MAX_RESULTS = 10
/* sections of a page shown under it ("N more on this page") */
const MAX_SECTIONS = 5

const here = new URL(self.location.href)
const lang = (here.searchParams.get("lang") || "unknown").toLowerCase()
const bundle = new URL("../../pagefind/", here)

let latest = 0       /* the newest query; older answers are dropped */

function escapeHTML(text) {
  return String(text)
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
}

/* A large site's index comes in shards, one Pagefind bundle each (search.py, plan_shards):
   pagefind/parlour-parts.json names each language's bundles; the first is opened and the
   others merged into it, sharing its wasm */
async function bundlesOfLanguage(language) {
  try {
    const response = await fetch(new URL("parlour-parts.json", bundle))
    if (!response.ok)
      return [bundle]
    const parts = (await response.json())[language] || []
    return parts.length ? parts.map(part => new URL(part, bundle)) : [bundle]
  } catch (err) {
    return [bundle]
  }
}

/* Pagefind for one language's index. Each language gets its own copy of the module (its
   URL says the language: a module's state is per URL), so a page can search a second
   language's index beside its own (see chineseToo) */
async function load(language) {
  const [first, ...others] = await bundlesOfLanguage(language)
  const url = new URL("pagefind.js", first)
  url.search = `?lang=${encodeURIComponent(language)}`
  const pf = await import(url.href)
  await pf.options({ basePath: first.href, excerptLength: 24 })
  /* pagefind.js takes the index language from `document` only, which a worker lacks: lend
     it one for the synchronous moment init() reads it, so this language's index opens
     (without it Pagefind opens its largest index, whatever the page's language) */
  globalThis.document = { querySelector: () => ({ getAttribute: () => language }) }
  try {
    await pf.init()
  } finally {
    delete globalThis.document
  }
  for (const other of others)
    await pf.mergeIndex(other.href, { language })
  return pf
}

const instances = new Map()  /* language -> promise of its initialised module */

async function instance(language) {
  if (!instances.has(language))
    instances.set(language, load(language))
  try {
    return await instances.get(language)
  } catch (err) {
    instances.delete(language)  /* try again on the next query: the index may be being rebuilt */
    throw err
  }
}

const chinese = language => language === "zh" || language.startsWith("zh-")

/* The site's Chinese indexes, for a Han query on a page whose index is not Chinese: the
   build leaves a Chinese transcript out of the English page that shows it (the Chinese
   page holds it), so Han text is found on the Chinese pages */
async function chineseToo() {
  if (chinese(lang))
    return []
  try {
    const response = await fetch(new URL("pagefind-entry.json", bundle))
    const languages = Object.keys((await response.json()).languages || {})
    return languages.filter(chinese).sort()
  } catch (err) {
    return []
  }
}

/* Parlour indexes Chinese character by character (plugins/parlour/search.py, index_copy):
   ask for the characters apart, and for a query of one word for the phrase of its
   characters, so that 老虎灶 finds the pages holding 老虎灶 as written */
const HAN = /\p{Script=Han}/u
const HAN_PAIR = /(\p{Script=Han})(?=\p{Script=Han})/gu

function apart(query) {
  return query.split(/\s+/).filter(Boolean).map(word => word.replace(HAN_PAIR, "$1 ")).join(" ")
}

/* Pagefind's results for the query; a Chinese word is searched as a phrase (characters
   in a row), which Pagefind does not rank, so the phrase's pages are ranked by the scores
   of the same characters searched loosely (the same index chunks: no extra download) */
async function pagefindSearch(pf, query) {
  const loose = apart(query)
  const words = query.split(/\s+/).filter(Boolean)
  if (words.length !== 1 || !HAN.test(words[0]) || loose === words[0])
    return (await pf.search(loose)).results
  const [exact, scored] = await Promise.all([pf.search(`"${loose}"`), pf.search(loose)])
  const scores = new Map(scored.results.map(result => [result.id, result.score]))
  return exact.results
    .map(result => Object.assign(result, { score: scores.get(result.id) || 0 }))
    .sort((a, b) => b.score - a.score)
}

/* The languages whose indexes Pagefind segments (searchcopy.SEGMENTED): the others' copies
   have spaces around each Han character (searchcopy.han_apart), and their excerpts get
   them out again, so that they read as written; a Chinese index's excerpts keep every
   space they have, the text's own */
const SEGMENTED = ["zh", "ja", "th"]
const HAN_SPACE = /(\p{Script=Han}(?:<\/mark>)?)\s+(?=(?:<mark>)?\p{Script=Han})/gu

function joined(excerpt) {
  return typeof excerpt === "string" ? excerpt.replace(HAN_SPACE, "$1") : excerpt
}

function joinHan(page) {
  return Object.assign({}, page, {
    excerpt: joined(page.excerpt),
    sub_results: (page.sub_results || []).map(sub =>
      Object.assign({}, sub, { excerpt: joined(sub.excerpt) }))
  })
}

function terms(query) {
  const result = {}
  for (const term of query.split(/\s+/))
    if (term)
      result[term] = true
  return result
}

async function search(query) {
  const languages = [lang]
  if (HAN.test(query))
    languages.push(...await chineseToo())
  const found = await Promise.all(languages.map(async language =>
    (await pagefindSearch(await instance(language), query)).map(result =>
      Object.assign(result, { apart: !SEGMENTED.includes(language.split("-")[0]) }))))
  /* one index's results as they are; several by score (each index's own, comparable
     enough: the same ranking over the same kind of text) */
  const results = found.length === 1 ? found[0] : found.flat().sort((a, b) => b.score - a.score)
  const top = results.slice(0, MAX_RESULTS)
  const pages = await Promise.all(top.map(async result => {
    const page = await result.data()
    return result.apart ? joinHan(page) : page
  }))
  const matched = terms(query)
  const items = pages.map((page, i) => {
    const score = top[i].score
    const article = {
      location: page.url,
      title: escapeHTML(page.meta && page.meta.title || page.url),
      text: page.excerpt,
      score,
      terms: matched
    }
    const sections = (page.sub_results || [])
      .filter(sub => sub.url && sub.url !== page.url && sub.url.includes("#"))
      .slice(0, MAX_SECTIONS)
      .map(sub => ({
        location: sub.url,
        title: escapeHTML(sub.title),
        text: sub.excerpt,
        score: score / 2,  /* below the page's: Material folds them under it */
        terms: matched
      }))
    return [article, ...sections]
  })
  return { items }
}

addEventListener("message", async ev => {
  const message = ev.data || {}
  switch (message.type) {
    case SETUP:
      postMessage({ type: READY })
      break
    case QUERY: {
      const id = ++latest
      const query = String(message.data || "").trim()
      let data = { items: [] }
      if (query) {
        try {
          data = await search(query)
        } catch (err) {
          console.warn("Parlour search: Pagefind failed", err)
        }
      }
      if (id === latest)
        postMessage({ type: RESULT, data })
      break
    }
  }
})
