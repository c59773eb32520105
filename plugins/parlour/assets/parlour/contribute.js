/* Parlour: the contribute forms build record files in the browser. Nothing is sent: the
   contributor copies or downloads the file, or opens GitHub's "new file" page with it.
   Its words follow the page's language (<html lang>); so do the form's placeholders and
   options where the template left the English in data-parlour-en-* attributes. */
(function () {
  "use strict";

  /* the page's words, in its language (overrides/main.html) */
  var word = window.parlourWord || function (key) { return key; };

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function newId(prefix) {
    // Names never go into ids: an id is public in every URL, even for a private name.
    var d = new Date();
    var stamp = "" + d.getFullYear() + pad(d.getMonth() + 1) + pad(d.getDate());
    var rand = Math.random().toString(36).slice(2, 6).replace(/[^a-z0-9]/g, "x");
    return prefix + "-" + stamp + "-" + rand;
  }
  // YAML double-quoted scalar: safe for any text a resident types.
  function q(text) {
    return '"' + String(text).replace(/\\/g, "\\\\").replace(/"/g, '\\"')
      .replace(/\r?\n/g, "\\n").replace(/\t/g, "\\t") + '"';
  }
  function value(form, name) {
    var el = form.elements[name];
    if (!el) return "";
    if (el.type === "checkbox") return el.checked;
    return (el.value || "").trim();
  }
  function year(text) { return /^\d{4}$/.test(text) ? text : ""; }

  function storyFiles(form) {
    var person = newId("resident");
    var story = newId("story");
    var level = value(form, "level");
    var lines = [
      "# yaml-language-server: $schema=../../schemas/people.schema.json",
      "name: " + q(value(form, "name")),
    ];
    if (value(form, "display_name")) lines.push("display_name: " + q(value(form, "display_name")));
    if (year(value(form, "born"))) lines.push("born: " + year(value(form, "born")));
    lines.push("consent:", "  level: " + level);
    if (!value(form, "name_ok")) lines.push("  name: private");
    if (!value(form, "portrait_ok")) lines.push("  portrait: private");
    lines.push("  recorded: " + today(), "");
    var personFile = lines.join("\n");
    var md = [
      "---",
      "title: " + q(value(form, "title")),
      "narrator: " + person,
      "date: " + (year(value(form, "date")) || today().slice(0, 4)),
      "summary: " + q(value(form, "summary")),
      "---",
      "",
      value(form, "body") || value(form, "summary"),
      "",
    ].join("\n");
    return {
      level: level,
      files: [
        { path: "stories/people/" + person + ".yml", text: personFile },
        { path: "stories/interviews/" + story + ".md", text: md },
      ],
    };
  }

  function wishFiles(form) {
    var signature = value(form, "signature");
    var lines = [
      "# yaml-language-server: $schema=../../schemas/wishes.schema.json",
      "text: " + q(value(form, "text")),
      "by: " + (signature ? q(signature) : "anonymous"),
      "date: " + today().slice(0, 7),
    ];
    if (value(form, "theme")) lines.push("theme: " + value(form, "theme"));
    // a curator approves a wish before it is shown on the wall
    lines.push("status: new", "approved: false", "");
    return { level: "public", files: [{ path: "stories/wishes/" + newId("wish") + ".yml", text: lines.join("\n") }] };
  }

  function objectFiles(form) {
    var loan = value(form, "loan") || "on-loan";
    var lines = ["---", "title: " + q(value(form, "title"))];
    if (value(form, "kind")) lines.push("kind: " + q(value(form, "kind")));
    if (year(value(form, "date"))) lines.push("date: " + year(value(form, "date")));
    if (value(form, "material")) lines.push("material: " + q(value(form, "material")));
    lines.push("credit_line: " + q(value(form, "credit_line")));
    if (loan === "on-loan") lines.push("loan:", "  from: " + today(), "  status: on-loan");
    lines.push("---", "", value(form, "body") || "", "");
    return { level: "public", files: [{ path: "stories/objects/" + newId("object") + ".md", text: lines.join("\n") }] };
  }

  var builders = { story: storyFiles, wish: wishFiles, object: objectFiles };

  function newFileUrl(root, branch, file) {
    var slash = file.path.lastIndexOf("/");
    return root.replace(/\/$/, "") + "/new/" + encodeURIComponent(branch) + "/" +
      file.path.slice(0, slash) + "?filename=" + encodeURIComponent(file.path.slice(slash + 1)) +
      "&value=" + encodeURIComponent(file.text);
  }

  function show(box, result) {
    var output = box.querySelector("[data-output]");
    var list = output.querySelector(".parlour-output-files");
    var isPrivate = result.level === "private";
    output.querySelector(".parlour-output-private").hidden = !isPrivate;
    list.innerHTML = "";
    result.files.forEach(function (file) {
      var wrap = document.createElement("div");
      wrap.className = "parlour-output-file";
      var title = document.createElement("p");
      title.innerHTML = "<strong></strong>";
      title.firstChild.textContent = file.path;
      var area = document.createElement("textarea");
      area.readOnly = true;
      area.rows = Math.min(16, file.text.split("\n").length + 1);
      area.value = file.text;
      area.setAttribute("data-file", file.path);
      area.setAttribute("aria-label", file.path);
      var actions = document.createElement("p");
      actions.className = "parlour-output-actions";
      var copy = document.createElement("button");
      copy.type = "button";
      copy.className = "md-button";
      copy.textContent = word("copy");
      copy.addEventListener("click", function () {
        area.select();
        if (navigator.clipboard) navigator.clipboard.writeText(file.text).catch(function () {});
        else document.execCommand("copy");
      });
      var download = document.createElement("a");
      download.className = "md-button";
      download.textContent = word("download");
      download.download = file.path.split("/").pop();
      download.href = URL.createObjectURL(new Blob([file.text], { type: "text/plain;charset=utf-8" }));
      actions.appendChild(copy);
      actions.appendChild(download);
      var repo = box.getAttribute("data-repo");
      if (repo && !isPrivate) {
        var open = document.createElement("a");
        open.className = "md-button md-button--primary";
        open.textContent = word("propose");
        open.href = newFileUrl(repo, box.getAttribute("data-branch") || "main", file);
        open.target = "_blank";
        open.rel = "noopener";
        actions.appendChild(open);
      }
      wrap.appendChild(title);
      if (!isPrivate) { wrap.appendChild(area); wrap.appendChild(actions); }
      list.appendChild(wrap);
    });
    output.hidden = false;
    output.scrollIntoView({ block: "nearest" });
  }

  function setup() {
    document.querySelectorAll("[data-parlour-contribute]").forEach(function (box) {
      if (box.dataset.ready) return;
      box.dataset.ready = "1";
      var tabs = box.querySelectorAll("[role=tab]");
      tabs.forEach(function (tab) {
        tab.addEventListener("click", function () {
          tabs.forEach(function (t) {
            var selected = t === tab;
            t.setAttribute("aria-selected", selected ? "true" : "false");
            box.querySelector("#" + t.getAttribute("aria-controls")).hidden = !selected;
          });
          box.querySelector("[data-output]").hidden = true;
        });
      });
      box.querySelectorAll("form[data-kind]").forEach(function (form) {
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          if (!form.reportValidity()) return;
          show(box, builders[form.dataset.kind](form));
        });
      });
    });
  }
  if (typeof document$ !== "undefined") document$.subscribe(setup);
  else document.addEventListener("DOMContentLoaded", setup);
})();
