/* Parlour: the maps of the places index and the place pages, drawn with Leaflet (vendored in
   vendor/leaflet, loaded here once, on the pages that show a map).

   Everything comes from data-* attributes written by parlour/partials/map.html (the page's
   Content-Security-Policy allows no inline script): `data-layers`, the archive's maps (picture,
   size, control points, pins); `data-markers`, the places with a location, in the order of the
   list beside the map. The list has everything the map shows; the map adds where.

   - A geographic map (`data-parlour-map`): no tile server by default. Its base is the latest
     map that is not an old one, placed by its control points; each old map lies over it with a
     labelled range input for its opacity. When the plugin's map_pmtiles names a PMTiles file
     (the site's own: public site and kiosk alike), protomaps-leaflet draws it as the base and
     every archive map lies over it; else, when map_tiles is set (public site only; never the
     kiosk), that tile layer does.
   - A map is placed by an affine transform fitted to its control points (least squares), set
     as a CSS matrix() on its <img>: enough for a sheet scanned askew at a neighbourhood's scale.
   - Markers are reached with Tab in list order, read out by their names, and Enter (or a
     click) opens the place. A "names as of" choice relabels them with the names the places
     had in an old map's year.
   - A pinned map (`data-parlour-pins`): the picture alone, in Leaflet's flat CRS.Simple, its
     pins numbered as the list under it.

   Works with Material's instant navigation: run again for each new page. Plain ES2017. */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  var tilesAttr = document.currentScript && document.currentScript.getAttribute("data-tiles");
  var pmtilesAttr = document.currentScript && document.currentScript.getAttribute("data-pmtiles");
  var pmtiles = pmtilesAttr ? new URL(pmtilesAttr, location.href).href : null;
  if (!here) return;

  function withScript(path, ready, then) {
    if (ready()) { then(); return; }
    var pending = document.querySelector('script[data-parlour-vendor="' + path + '"]');
    if (pending) { pending.addEventListener("load", then); return; }
    var script = document.createElement("script");
    script.src = new URL(path, here).href;
    script.setAttribute("data-parlour-vendor", path);
    script.addEventListener("load", then);
    document.head.appendChild(script);
  }

  // Leaflet, and protomaps-leaflet after it when there is a PMTiles file to draw
  function withLeaflet(then) {
    withScript("vendor/leaflet/leaflet.js", function () { return window.L && window.L.version; },
      function () {
        if (!pmtiles) { then(); return; }
        withScript("vendor/protomaps-leaflet/protomaps-leaflet.js",
                   function () { return !!window.protomapsL; }, then);
      });
  }

  function json(el, name) {
    try { return JSON.parse(el.getAttribute(name) || "null"); } catch (err) { return null; }
  }

  // ------------------------------------------------------------------ the affine warp

  // Least squares of v = a*x + b*y + c over the points: the normal equations, 3 x 3.
  function fit(xs, ys, vs) {
    var m = [[0, 0, 0], [0, 0, 0], [0, 0, 0]], r = [0, 0, 0];
    for (var i = 0; i < xs.length; i++) {
      var row = [xs[i], ys[i], 1];
      for (var j = 0; j < 3; j++) {
        r[j] += row[j] * vs[i];
        for (var k = 0; k < 3; k++) m[j][k] += row[j] * row[k];
      }
    }
    return solve(m, r);
  }

  function solve(m, r) {
    var a = m.map(function (row, i) { return row.concat([r[i]]); });
    for (var col = 0; col < 3; col++) {
      var p = col;
      for (var i = col + 1; i < 3; i++) if (Math.abs(a[i][col]) > Math.abs(a[p][col])) p = i;
      if (Math.abs(a[p][col]) < 1e-12) return null;
      var tmp = a[col]; a[col] = a[p]; a[p] = tmp;
      for (var k = col + 1; k < 3; k++) {
        var f = a[k][col] / a[col][col];
        for (var c = col; c < 4; c++) a[k][c] -= f * a[col][c];
      }
    }
    var out = [0, 0, 0];
    for (var row = 2; row >= 0; row--) {
      var s = a[row][3];
      for (var c2 = row + 1; c2 < 3; c2++) s -= a[row][c2] * out[c2];
      out[row] = s / a[row][row];
    }
    return out;
  }

  // A picture placed by its control points: pixel -> the map's layer point, refitted on each
  // zoom (the projection is not linear in latitude, the fit at a street's scale is).
  function warpedLayer(L, layer) {
    var pts = layer.points;
    var Warped = L.Layer.extend({
      onAdd: function (map) {
        var img = this._img = L.DomUtil.create("img", "parlour-map-picture leaflet-zoom-hide");
        img.src = layer.src;
        img.alt = "";  // the figure's note and list say what the map shows
        img.width = layer.width;
        img.height = layer.height;
        this.getPane().appendChild(img);
        this._reset();
        map.on("zoomend viewreset", this._reset, this);
      },
      onRemove: function (map) {
        L.DomUtil.remove(this._img);
        map.off("zoomend viewreset", this._reset, this);
      },
      setOpacity: function (value) {
        if (this._img) this._img.style.opacity = value;
        return this;
      },
      _reset: function () {
        var map = this._map, xs = [], ys = [], lx = [], ly = [];
        pts.forEach(function (p) {
          var q = map.latLngToLayerPoint([p[2], p[3]]);
          xs.push(p[0]); ys.push(p[1]); lx.push(q.x); ly.push(q.y);
        });
        var a = fit(xs, ys, lx), b = fit(xs, ys, ly);
        if (!a || !b) return;
        this._img.style.transformOrigin = "0 0";
        this._img.style.transform =
          "matrix(" + [a[0], b[0], a[1], b[1], a[2], b[2]].join(",") + ")";
      }
    });
    return new Warped({ pane: "overlayPane" });
  }

  // The picture's corners as positions (the inverse fit), for the map's extent.
  function corners(layer) {
    var xs = [], ys = [], lats = [], lons = [];
    layer.points.forEach(function (p) { xs.push(p[0]); ys.push(p[1]); lats.push(p[2]); lons.push(p[3]); });
    var la = fit(xs, ys, lats), lo = fit(xs, ys, lons);
    if (!la || !lo) return null;
    return [[0, 0], [layer.width, 0], [0, layer.height], [layer.width, layer.height]].map(function (c) {
      return [la[0] * c[0] + la[1] * c[1] + la[2], lo[0] * c[0] + lo[1] * c[1] + lo[2]];
    });
  }

  // ------------------------------------------------------------------ markers

  function markerIcon(L, text, css) {
    var el = document.createElement("span");
    el.className = "parlour-marker-dot";
    if (text) el.textContent = text;
    return L.divIcon({ className: "parlour-marker " + (css || ""), html: el,
                       iconSize: null, iconAnchor: [0, 0] });
  }

  function addMarker(L, map, where, name, href, text) {
    var marker = L.marker(where, { icon: markerIcon(L, text), keyboard: true, title: "",
                                   riseOnHover: true }).addTo(map);
    var el = marker.getElement();
    el.setAttribute("aria-label", name);
    el.setAttribute("data-href", href || "");
    marker.bindTooltip(name, { direction: "top", offset: [0, -14] });
    el.addEventListener("focus", function () { marker.openTooltip(); });
    el.addEventListener("blur", function () { marker.closeTooltip(); });
    function open() { if (href) window.location.href = href; }
    marker.on("click", open);
    el.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); e.stopPropagation(); open(); }
    });
    return marker;
  }

  // ------------------------------------------------------------------ a geographic map

  function opacityControl(container, label, title, overlay) {
    var id = "parlour-opacity-" + Math.random().toString(36).slice(2, 8);
    var p = document.createElement("p");
    p.className = "parlour-map-opacity";
    var lab = document.createElement("label");
    lab.setAttribute("for", id);
    lab.textContent = (label || "{map}").replace("{map}", title);
    var input = document.createElement("input");
    input.type = "range"; input.id = id; input.min = "0"; input.max = "100"; input.step = "5";
    input.value = "70";
    input.setAttribute("data-parlour-opacity", "");
    function apply() { overlay.setOpacity(Number(input.value) / 100); }
    input.addEventListener("input", apply);
    input.addEventListener("change", apply);
    p.appendChild(lab); p.appendChild(input);
    container.parentNode.insertBefore(p, container.nextSibling);
    apply();
  }

  function geoMap(L, el) {
    var layers = (json(el, "data-layers") || []).filter(function (l) { return l.points.length >= 3; });
    var markers = json(el, "data-markers") || [];
    var tiles = tilesAttr ? JSON.parse(tilesAttr) : null;
    var map = L.map(el, { zoomAnimation: false, fadeAnimation: false,
                          attributionControl: !!(tiles || pmtiles),
                          scrollWheelZoom: false, zoomSnap: 0.25 });
    var olds = layers.filter(function (l) { return l.kind === "old"; });
    var bases = layers.filter(function (l) { return l.kind !== "old"; });
    // without tiles: the latest map that is not old is the base (else the first old one)
    var under = tiles || pmtiles ? bases
      : (bases.length ? [bases[bases.length - 1]] : olds.splice(0, 1));
    // the view first: Leaflet adds layers to a map only once it has one
    var extent = [], spots = markers.map(function (m) { return [m.lat, m.lon]; });
    under.concat(olds).forEach(function (layer) { extent = extent.concat(corners(layer) || []); });
    extent = extent.concat(spots);
    if (spots.length === 1) {
      map.setView(spots[0], 16.5);
    } else if (extent.length) {
      // the places first: the maps around them stay within reach by panning
      // room on the left for the zoom buttons, so that no marker starts under them
      map.fitBounds(L.latLngBounds(spots.length ? spots : extent),
                    { paddingTopLeft: [72, 36], paddingBottomRight: [36, 36] });
    } else {
      map.setView([0, 0], 1);
    }
    if (extent.length) map.setMaxBounds(L.latLngBounds(extent).pad(0.5));
    if (pmtiles && window.protomapsL) {
      // the neighbourhood's streets and buildings from the site's own file, labelled in the
      // page's language where the file has names in it
      window.protomapsL.leafletLayer({
        url: pmtiles, flavor: "light", lang: (document.documentElement.lang || "en").split("-")[0]
      }).addTo(map);
      el.setAttribute("data-pmtiles-shown", "");
    } else if (tiles) {
      L.tileLayer(tiles.url, { attribution: tiles.attribution || "", maxZoom: 19 }).addTo(map);
    }
    under.forEach(function (layer) { warpedLayer(L, layer).addTo(map); });
    olds.forEach(function (old) {
      var overlay = warpedLayer(L, old).addTo(map);
      opacityControl(el, el.getAttribute("data-opacity-label"), old.title, overlay);
    });
    var made = markers.map(function (m) {
      var mk = addMarker(L, map, [m.lat, m.lon], m.names.now, m.href);
      mk._parlourNames = m.names;
      return mk;
    });
    el.setAttribute("data-markers-shown", String(made.length));
    var select = el.parentNode.parentNode.querySelector("[data-parlour-map-names]");
    if (select) {
      select.addEventListener("change", function () {
        made.forEach(function (mk) {
          var name = mk._parlourNames[select.value] || mk._parlourNames.now;
          mk.getElement().setAttribute("aria-label", name);
          mk.setTooltipContent(name);
        });
      });
    }
  }

  // ------------------------------------------------------------------ a pinned map

  function pinnedMap(L, el) {
    var layer = json(el, "data-parlour-pins");
    if (!layer) return;
    var w = layer.width, h = layer.height;
    var map = L.map(el, { crs: L.CRS.Simple, minZoom: -4, maxZoom: 2, zoomSnap: 0.25,
                          zoomAnimation: false, attributionControl: false,
                          scrollWheelZoom: false });
    var bounds = [[0, 0], [h, w]];
    map.fitBounds(bounds);
    L.imageOverlay(layer.src, bounds, { alt: "" }).addTo(map);
    map.setMaxBounds(L.latLngBounds(bounds).pad(0.2));
    layer.pins.forEach(function (pin) {
      addMarker(L, map, [h - pin.y, pin.x], pin.n + " " + pin.name, pin.href, String(pin.n));
    });
    el.setAttribute("data-markers-shown", String(layer.pins.length));
  }

  function setup() {
    var L = window.L;
    document.querySelectorAll("[data-parlour-map]:not([data-ready])").forEach(function (el) {
      el.setAttribute("data-ready", "");
      geoMap(L, el);
    });
    document.querySelectorAll("[data-parlour-pins]:not([data-ready])").forEach(function (el) {
      el.setAttribute("data-ready", "");
      pinnedMap(L, el);
    });
  }

  if (document.querySelector("[data-parlour-map], [data-parlour-pins]")) withLeaflet(setup);
})();
