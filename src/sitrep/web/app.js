/* sitrep web page: map, timeline, table and event panel over the JSON API.
 * Vanilla JS, no build step. Security rule: text from reports and the store goes into the page
 * only through textContent / createTextNode (el() below), never as HTML markup. */
(function () {
  "use strict";

  var TYPES = [
    ["Battles", "#d62728"],
    ["Explosions/Remote violence", "#ff7f0e"],
    ["Violence against civilians", "#8c2d9c"],
    ["Protests", "#2b8cbe"],
    ["Riots", "#e7298a"],
    ["Strategic developments", "#4d9221"],
  ];
  var COLOR = {};
  TYPES.forEach(function (t) { COLOR[t[0]] = t[1]; });
  var MAP_LIMIT = 5000;
  var PAGE = 50;
  var COLUMNS = [
    ["event_date", "Date"], ["event_type", "Type"], ["sub_event_type", "Sub-type"],
    ["actor1", "Actor 1"], ["actor2", "Actor 2"], ["location", "Location"],
    ["admin1", "Admin 1"], ["country", "Country"], ["fatalities", "Fatalities"],
  ];
  var MAP_FIELDS = "event_id,event_date,event_type,sub_event_type,latitude,longitude,fatalities,location,country,actor1";

  var state = {
    filters: { event_type: "", country: "", actor: "", q: "", min_fatalities: "", date_from: "", date_to: "" },
    order_by: "event_date", descending: true, offset: 0, total: 0, selected: null,
  };
  var seq = { map: 0, table: 0, stats: 0, panel: 0 };

  // --- helpers ---------------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "text") node.textContent = attrs[k];
        else if (k === "className") node.className = attrs[k];
        else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), attrs[k]);
        else node.setAttribute(k, attrs[k]);
      });
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function query(extra, withoutDates) {
    var p = new URLSearchParams();
    Object.keys(state.filters).forEach(function (k) {
      if (withoutDates && (k === "date_from" || k === "date_to")) return;
      var v = String(state.filters[k]).trim();
      if (v !== "") p.set(k, v);
    });
    Object.keys(extra || {}).forEach(function (k) { p.set(k, extra[k]); });
    return p.toString();
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) {
        return r.json().catch(function () { return {}; }).then(function (b) {
          throw new Error(r.status + " " + (typeof b.detail === "string" ? b.detail : r.statusText));
        });
      }
      return r.json();
    });
  }

  function setStatus(text, isError) {
    var s = document.getElementById("status");
    s.textContent = text;
    s.className = isError ? "error" : "";
  }

  function fmt(n) { return Number(n || 0).toLocaleString("en-US"); }

  // --- map -------------------------------------------------------------------------------------

  var map = L.map("map", { worldCopyJump: true, minZoom: 2, maxZoom: 14, attributionControl: true })
    .setView([15, 20], 3);
  map.attributionControl.setPrefix("Leaflet");
  map.attributionControl.addAttribution("Borders: Natural Earth");
  var cluster = L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: 45, showCoverageOnHover: false });
  map.addLayer(cluster);

  fetch("/static/vendor/basemap/countries-50m.json").then(function (r) { return r.json(); }).then(function (topo) {
    var countries = topojson.feature(topo, topo.objects.countries);
    L.geoJSON(countries, {
      interactive: false,
      style: { color: "#7d8796", weight: 0.8, fillColor: "#f2efe6", fillOpacity: 1 },
    }).addTo(map).bringToBack();
  }).catch(function () { /* the map still works without borders */ });

  var legend = document.getElementById("legend");
  TYPES.forEach(function (t) {
    var dot = el("i");
    dot.style.background = t[1];
    legend.appendChild(el("div", null, [dot, t[0]]));
  });

  function radius(f) { return Math.min(22, 5 + 2.2 * Math.sqrt(Number(f) || 0)); }

  function loadMap() {
    var my = ++seq.map;
    return getJSON("/events?" + query({ limit: MAP_LIMIT, fields: MAP_FIELDS })).then(function (res) {
      if (my !== seq.map) return;
      cluster.clearLayers();
      var markers = [];
      res.events.forEach(function (e) {
        if (e.latitude === null || e.longitude === null) return;
        var m = L.circleMarker([e.latitude, e.longitude], {
          radius: radius(e.fatalities), color: "#222", weight: 1,
          fillColor: COLOR[e.event_type] || "#777", fillOpacity: 0.85,
        });
        m.eventId = e.event_id;
        var tip = el("div", null, [
          el("strong", { text: e.event_date + " " + (e.sub_event_type || e.event_type || "") }), el("br"),
          (e.location || "?") + (e.country ? ", " + e.country : "") + " · " + fmt(e.fatalities) + " fatalities",
        ]);
        m.bindTooltip(tip);
        m.on("click", function () { openEvent(e.event_id); });
        markers.push(m);
      });
      cluster.addLayers(markers);
      var note = document.getElementById("map-note");
      note.textContent = res.total > res.events.length
        ? "map shows the " + fmt(res.events.length) + " most recent of " + fmt(res.total) + " events" : "";
      if (markers.length && !state.fitted) {
        state.fitted = true;
        map.fitBounds(cluster.getBounds(), { maxZoom: 7, padding: [20, 20] });
      }
    }).catch(function (err) { setStatus("map: " + err.message, true); });
  }

  // --- timeline --------------------------------------------------------------------------------

  var tl = { buckets: [], start: 0, end: 0, interval: "day" };
  var DAY = 86400000;

  function toTime(p) { return Date.parse(String(p).slice(0, 10) + "T00:00:00Z"); }
  function isoDay(t) { return new Date(t).toISOString().slice(0, 10); }

  function loadStats() {
    var my = ++seq.stats;
    var fetchStats = function (interval) {
      return getJSON("/stats?" + query({ interval: interval }, true)).then(function (res) {
        return { interval: interval, buckets: res.buckets || [] };
      });
    };
    return fetchStats("day").then(function (r) {
      var times = r.buckets.map(function (b) { return toTime(b.period); });
      var span = times.length ? (Math.max.apply(null, times) - Math.min.apply(null, times)) / DAY : 0;
      return span > 400 ? fetchStats("week") : r;
    }).then(function (r) {
      if (my !== seq.stats) return;
      tl.interval = r.interval;
      tl.buckets = r.buckets;
      drawTimeline();
    }).catch(function (err) { setStatus("timeline: " + err.message, true); });
  }

  function drawTimeline() {
    var box = document.getElementById("timeline");
    clear(box);
    var W = box.clientWidth || 800, H = box.clientHeight || 90, top = 4, bottom = 16;
    box.setAttribute("viewBox", "0 0 " + W + " " + H);
    if (!tl.buckets.length) {
      var t = svg("text", { x: 8, y: 40, class: "axis" });
      t.textContent = "no events";
      box.appendChild(t);
      return;
    }
    var step = tl.interval === "week" ? 7 * DAY : DAY;
    var per = {};
    tl.buckets.forEach(function (b) {
      var k = toTime(b.period);
      per[k] = per[k] || {};
      per[k][b.event_type] = (per[k][b.event_type] || 0) + Number(b.events || 0);
    });
    var keys = Object.keys(per).map(Number).sort(function (a, b) { return a - b; });
    tl.start = keys[0];
    tl.end = keys[keys.length - 1] + step;
    var max = 1;
    keys.forEach(function (k) {
      var s = 0;
      Object.keys(per[k]).forEach(function (t) { s += per[k][t]; });
      max = Math.max(max, s);
    });
    var x = function (t) { return ((t - tl.start) / (tl.end - tl.start)) * W; };
    var bw = Math.max(1, x(tl.start + step) - x(tl.start) - 0.5);
    var plotH = H - top - bottom;
    keys.forEach(function (k) {
      var y = H - bottom;
      TYPES.forEach(function (tp) {
        var n = per[k][tp[0]];
        if (!n) return;
        var h = (n / max) * plotH;
        y -= h;
        var r = svg("rect", { x: x(k), y: y, width: bw, height: h, fill: tp[1] });
        var title = svg("title");
        title.textContent = isoDay(k) + " " + tp[0] + ": " + n;
        r.appendChild(title);
        box.appendChild(r);
      });
    });
    // axis labels: first, middle, last
    [tl.start, (tl.start + tl.end) / 2, tl.end - step].forEach(function (t, i) {
      var lab = svg("text", { x: i === 0 ? 2 : i === 1 ? W / 2 : W - 2, y: H - 3, class: "axis",
        "text-anchor": i === 0 ? "start" : i === 1 ? "middle" : "end" });
      lab.textContent = isoDay(t);
      box.appendChild(lab);
    });
    var f = state.filters;
    if (f.date_from || f.date_to) {
      var a = f.date_from ? toTime(f.date_from) : tl.start;
      var b = f.date_to ? toTime(f.date_to) + DAY : tl.end;
      box.appendChild(svg("rect", { class: "brush", x: x(a), y: 0, width: Math.max(1, x(b) - x(a)), height: H - bottom }));
    }
  }

  (function brush() {
    var box = document.getElementById("timeline");
    var startX = null, rect = null;
    function px(ev) {
      var r = box.getBoundingClientRect();
      return Math.max(0, Math.min(r.width, ev.clientX - r.left)) * ((box.viewBox.baseVal && box.viewBox.baseVal.width) || r.width) / r.width;
    }
    function timeAt(xv) {
      var W = (box.viewBox.baseVal && box.viewBox.baseVal.width) || box.clientWidth;
      return tl.start + (xv / W) * (tl.end - tl.start);
    }
    box.addEventListener("pointerdown", function (ev) {
      if (!tl.buckets.length) return;
      startX = px(ev);
      box.setPointerCapture(ev.pointerId);
      rect = svg("rect", { class: "brush", x: startX, y: 0, width: 1, height: box.clientHeight - 16 });
      box.appendChild(rect);
    });
    box.addEventListener("pointermove", function (ev) {
      if (startX === null) return;
      var cur = px(ev);
      rect.setAttribute("x", Math.min(startX, cur));
      rect.setAttribute("width", Math.max(1, Math.abs(cur - startX)));
    });
    box.addEventListener("pointerup", function (ev) {
      if (startX === null) return;
      var cur = px(ev), a = Math.min(startX, cur), b = Math.max(startX, cur);
      startX = null;
      if (b - a < 3) { drawTimeline(); return; }
      setDates(isoDay(timeAt(a)), isoDay(timeAt(b) - 1));
    });
    box.addEventListener("dblclick", function () { setDates("", ""); });
  })();

  function setDates(from, to) {
    state.filters.date_from = from;
    state.filters.date_to = to;
    var d = document.getElementById("f-dates");
    d.textContent = from || to ? (from || "…") + " → " + (to || "…") : "";
    drawTimeline();
    refresh(false);
  }

  // --- table -----------------------------------------------------------------------------------

  var headRow = document.querySelector("#events thead tr");
  COLUMNS.forEach(function (c) {
    headRow.appendChild(el("th", { "data-col": c[0], text: c[1], onclick: function () {
      if (state.order_by === c[0]) state.descending = !state.descending;
      else { state.order_by = c[0]; state.descending = c[0] === "event_date" || c[0] === "fatalities"; }
      state.offset = 0;
      loadTable();
    } }));
  });

  function loadTable() {
    var my = ++seq.table;
    Array.prototype.forEach.call(headRow.children, function (th) {
      var on = th.getAttribute("data-col") === state.order_by;
      th.className = on ? "sorted" + (state.descending ? "" : " asc") : "";
    });
    var url = "/events?" + query({ limit: PAGE, offset: state.offset, order_by: state.order_by,
      descending: state.descending ? "true" : "false" });
    return getJSON(url).then(function (res) {
      if (my !== seq.table) return;
      state.total = res.total;
      var body = document.querySelector("#events tbody");
      clear(body);
      res.events.forEach(function (e) {
        var tr = el("tr", { "data-id": e.event_id, onclick: function () { openEvent(e.event_id); } });
        if (e.event_id === state.selected) tr.className = "selected";
        COLUMNS.forEach(function (c) {
          var v = e[c[0]];
          var td = el("td", { className: c[0] === "fatalities" ? "num" : "" });
          if (c[0] === "event_type") {
            var sw = el("span", { className: "swatch" });
            sw.style.background = COLOR[v] || "#777";
            td.appendChild(sw);
          }
          td.appendChild(document.createTextNode(v === null || v === undefined ? "" : String(v)));
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      var last = Math.min(state.offset + PAGE, res.total);
      document.getElementById("pg-info").textContent = res.total
        ? fmt(state.offset + 1) + "–" + fmt(last) + " of " + fmt(res.total) : "no events";
      document.getElementById("pg-prev").disabled = state.offset === 0;
      document.getElementById("pg-next").disabled = last >= res.total;
      setStatus(fmt(res.total) + " events");
    }).catch(function (err) { setStatus("events: " + err.message, true); });
  }

  document.getElementById("pg-prev").addEventListener("click", function () {
    state.offset = Math.max(0, state.offset - PAGE); loadTable();
  });
  document.getElementById("pg-next").addEventListener("click", function () {
    if (state.offset + PAGE < state.total) { state.offset += PAGE; loadTable(); }
  });

  // --- event panel -----------------------------------------------------------------------------

  var panel = document.getElementById("panel");

  function field(dl, label, value) {
    if (value === null || value === undefined || value === "") return;
    dl.appendChild(el("dt", { text: label }));
    dl.appendChild(el("dd", { text: String(value) }));
  }

  function openEvent(id) {
    var my = ++seq.panel;
    state.selected = id;
    Array.prototype.forEach.call(document.querySelectorAll("#events tbody tr"), function (tr) {
      tr.className = tr.getAttribute("data-id") === id ? "selected" : "";
    });
    return getJSON("/events/" + encodeURIComponent(id)).then(function (ev) {
      if (my !== seq.panel) return;
      clear(panel);
      panel.setAttribute("data-event-id", ev.event_id);
      var sw = el("span", { className: "swatch" });
      sw.style.background = COLOR[ev.event_type] || "#777";
      panel.appendChild(el("h2", null, [sw, ev.event_date + " · " + ev.sub_event_type]));
      var dl = el("dl");
      field(dl, "Type", ev.event_type + " / " + ev.sub_event_type);
      field(dl, "Disorder", ev.disorder_type);
      field(dl, "Actor 1", ev.actor1 + (ev.assoc_actor_1 ? " (with " + ev.assoc_actor_1 + ")" : ""));
      field(dl, "Actor 2", ev.actor2 ? ev.actor2 + (ev.assoc_actor_2 ? " (with " + ev.assoc_actor_2 + ")" : "") : null);
      field(dl, "Place", [ev.location, ev.admin2, ev.admin1, ev.country].filter(Boolean).join(", "));
      field(dl, "Coordinates", ev.latitude !== null && ev.latitude !== undefined
        ? ev.latitude + ", " + ev.longitude + " (precision " + ev.geo_precision + ")" : "none");
      field(dl, "Date", ev.event_date + (ev.time_precision > 1 ? " (" + ev.date_start + " … " + ev.date_end + ")" : ""));
      field(dl, "Fatalities", ev.fatalities);
      field(dl, "Injured", ev.injured);
      field(dl, "Displaced", ev.displaced);
      field(dl, "Civilian targeting", ev.civilian_targeting);
      field(dl, "Confidence", ev.confidence);
      field(dl, "Notes", ev.notes);
      field(dl, "Event id", ev.event_id);
      panel.appendChild(dl);

      var sources = Array.isArray(ev.sources) && ev.sources.length ? ev.sources : [{
        article_id: ev.article_id, evidence: ev.evidence, evidence_start: ev.evidence_start,
        evidence_end: ev.evidence_end, source: ev.source, url: ev.source_url,
      }];
      var reportBox = el("div", { className: "report", id: "report" });
      var reportTitle = el("h3", { text: "Report" });
      var list = el("ul", { className: "sources" });
      sources.forEach(function (s, i) {
        var li = el("li", { "data-article-id": s.article_id || "" }, [
          (s.title || s.article_id || "report") + (s.source ? " — " + s.source : "") + (s.published ? " (" + s.published + ")" : ""),
          el("span", { className: "ev", text: s.evidence ? "“" + s.evidence + "”" : "" }),
        ]);
        li.addEventListener("click", function () { showReport(s, reportBox, reportTitle, list, li, ev.event_id); });
        list.appendChild(li);
        if (i === 0) li.className = "current";
      });
      panel.appendChild(el("h3", { text: "Sources (" + sources.length + ")" }));
      panel.appendChild(list);
      panel.appendChild(reportTitle);
      panel.appendChild(reportBox);
      showReport(sources[0], reportBox, reportTitle, list, list.firstChild, ev.event_id);
    }).catch(function (err) {
      clear(panel);
      panel.appendChild(el("p", { className: "error", text: "event " + id + ": " + err.message }));
    });
  }

  function showReport(src, box, title, list, li, eventId) {
    Array.prototype.forEach.call(list.children, function (x) { x.className = x === li ? "current" : ""; });
    clear(box);
    if (!src.article_id) {
      box.appendChild(el("mark", { text: src.evidence || "" }));
      return;
    }
    getJSON("/articles/" + encodeURIComponent(src.article_id)).then(function (art) {
      title.textContent = "Report: " + (art.title || art.id) + (art.published ? " (" + art.published + ")" : "");
      if (art.url) {
        var a = el("a", { href: safeUrl(art.url), rel: "noopener noreferrer", target: "_blank", text: art.url });
        title.appendChild(document.createTextNode(" "));
        title.appendChild(a);
      }
      renderText(box, String(art.text || ""), src, art.events || [], eventId);
    }).catch(function () {
      // The report itself is not in the store: show the evidence alone.
      box.appendChild(el("mark", { text: src.evidence || "" }));
    });
  }

  function safeUrl(u) { return /^https?:\/\//i.test(u) ? u : "#"; }

  function renderText(box, text, src, events, eventId) {
    // Highlight this event's evidence; other events of the same report get a light mark.
    var spans = [];
    var s = Number(src.evidence_start), e = Number(src.evidence_end);
    if (isFinite(s) && isFinite(e) && e > s && e <= text.length) spans.push([s, e, "", eventId]);
    events.forEach(function (o) {
      if (o.event_id === eventId) return;
      var a = Number(o.evidence_start), b = Number(o.evidence_end);
      if (isFinite(a) && isFinite(b) && b > a && b <= text.length) spans.push([a, b, "other", o.event_id]);
    });
    spans.sort(function (x, y) { return x[0] - y[0] || (x[2] === "" ? -1 : 1); });
    var pos = 0, first = null;
    spans.forEach(function (sp) {
      if (sp[0] < pos) return; // overlapping: keep the first
      if (sp[0] > pos) box.appendChild(document.createTextNode(text.slice(pos, sp[0])));
      var m = el("mark", { className: sp[2], "data-event-id": sp[3], text: text.slice(sp[0], sp[1]) });
      if (sp[2] === "other") m.addEventListener("click", function () { openEvent(sp[3]); });
      else if (!first) first = m;
      box.appendChild(m);
      pos = sp[1];
    });
    if (pos < text.length) box.appendChild(document.createTextNode(text.slice(pos)));
    if (first && first.scrollIntoView) first.scrollIntoView({ block: "center" });
  }

  // --- filters ---------------------------------------------------------------------------------

  var typeSel = document.getElementById("f-type");
  TYPES.forEach(function (t) { typeSel.appendChild(el("option", { value: t[0], text: t[0] })); });

  var inputs = { "f-type": "event_type", "f-country": "country", "f-actor": "actor", "f-q": "q", "f-minfat": "min_fatalities" };
  var timer = null;
  Object.keys(inputs).forEach(function (id) {
    var node = document.getElementById(id);
    var apply = function () {
      var v = node.value;
      if (state.filters[inputs[id]] === v) return;
      state.filters[inputs[id]] = v;
      clearTimeout(timer);
      timer = setTimeout(function () { refresh(true); }, node.tagName === "SELECT" ? 0 : 300);
    };
    node.addEventListener("input", apply);
    node.addEventListener("change", apply);
  });
  document.getElementById("filters").addEventListener("submit", function (ev) { ev.preventDefault(); });
  document.getElementById("f-reset").addEventListener("click", function () {
    Object.keys(inputs).forEach(function (id) { document.getElementById(id).value = ""; state.filters[inputs[id]] = ""; });
    state.filters.date_from = state.filters.date_to = "";
    document.getElementById("f-dates").textContent = "";
    refresh(true);
  });

  function updateDownloads() {
    var q = query();
    document.getElementById("dl-csv").href = "/export.csv" + (q ? "?" + q : "");
    document.getElementById("dl-geojson").href = "/export.geojson" + (q ? "?" + q : "");
  }

  function refresh(withTimeline) {
    state.offset = 0;
    updateDownloads();
    var jobs = [loadMap(), loadTable()];
    if (withTimeline) jobs.push(loadStats());
    return Promise.all(jobs).then(function () { document.body.setAttribute("data-ready", String(Date.now())); });
  }

  window.addEventListener("resize", function () { drawTimeline(); });
  window.sitrep = { openEvent: openEvent, state: state, refresh: refresh, setDates: setDates };
  refresh(true);
})();
