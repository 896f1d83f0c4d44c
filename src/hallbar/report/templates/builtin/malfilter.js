/* hallbar: search and filter over the targets (summary page of the built-in renderer).
 *
 * Progressive enhancement: without JavaScript every table shows as it is; this script creates the
 * controls (a search field, a select for the group, checkboxes for the status, a reset button and a
 * live region "Visar N av M mål"). Embedded in the page (builtin.py), runs from file://, loads nothing.
 *
 * Which tables:
 *  - every table inside a <div class="malfilter">: its <caption> names its group (the text before " – ",
 *    so "Klimat – delmål med mätetal" and "Klimat – kvalitativa delmål" are one group);
 *    data-group-label on the div names the level, e.g. "Dimension" (default "Fokusområde");
 *  - without such a div: every table in <main> whose rows carry status badges. A row's group is the
 *    cell of a column whose values are names of the report's chapters (the first column of "Alla
 *    delmål"), else the chapter its first link leads to (the nav's title of that page).
 * A target is a row's first link (its anchor in the chapter) or, without one, its group and title:
 * it is shown or hidden in every table alike, and counted once. Its status is the badge
 * <span class="status s-CODE"> of its row (of the column "Status" where a row has several, else the last).
 * The text must never contain a closing-tag sequence: it is embedded in a script element.
 */
(function () {
  "use strict";

  var ORDER = ["achieved", "on-track", "moderate", "insufficient", "away", "not-achieved", "no-data"];
  var DEFAULT_GROUP_LABEL = "Fokusområde";
  var TYPING_DELAY = 400;  // ms of quiet typing before the live region speaks

  var main = document.getElementById("innehall") || document.querySelector("main");
  if (!main || !main.querySelectorAll || !Array.prototype.forEach) return;

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function clean(s) { return (s || "").replace(/\u00ad/g, "").replace(/\s+/g, " ").trim(); }
  function textOf(el) { return el ? clean(el.textContent) : ""; }
  function fold(s) { return clean(s).toLocaleLowerCase("sv"); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function codeOf(badge) {
    var m = /(?:^|\s)s-([a-z0-9-]+)/.exec(badge.className || "");
    return m ? m[1] : "";
  }
  function bodyRows(table) {
    var rows = [];
    each(table.tBodies, function (tb) { each(tb.rows, function (r) { rows.push(r); }); });
    return rows;
  }
  function headers(table) {
    var head = table.tHead && table.tHead.rows.length ? table.tHead.rows[table.tHead.rows.length - 1] : null;
    var out = [];
    if (head) each(head.cells, function (c) { for (var i = 0; i < (c.colSpan || 1); i++) out.push(textOf(c)); });
    return out;
  }
  function cellAt(row, col) {  // the cell covering column `col` (colspans counted)
    var at = 0;
    for (var i = 0; i < row.cells.length; i++) {
      at += row.cells[i].colSpan || 1;
      if (at > col) return row.cells[i];
    }
    return null;
  }
  function pageOf(href) { return (href || "").split("#")[0].split("?")[0]; }

  // the report's chapters by file, from the site navigation ("klimat.html" -> "Minskad klimatpåverkan")
  var chapterTitle = {};
  var chapterNames = {};
  each(document.querySelectorAll(".site-nav a[href]"), function (a) {
    var page = pageOf(a.getAttribute("href"));
    if (/\.html$/.test(page)) { chapterTitle[page] = textOf(a); chapterNames[textOf(a)] = true; }
  });

  // --- the tables and their rows ------------------------------------------------------------------
  var boxes = main.querySelectorAll(".malfilter");
  var grouped = boxes.length > 0;
  var tables = [];
  var groupLabel = "";
  if (grouped) {
    each(boxes, function (box) {
      if (!groupLabel && box.getAttribute("data-group-label")) groupLabel = clean(box.getAttribute("data-group-label"));
      each(box.querySelectorAll("table"), function (t) { tables.push(t); });
    });
  } else {
    each(main.querySelectorAll("table"), function (t) {
      if (bodyRows(t).some(function (r) { return r.querySelector(".status"); })) tables.push(t);
    });
  }
  if (!tables.length) return;

  function groupColumn(table, heads, rows) {
    for (var c = 0; c < heads.length; c++) {
      var values = [];
      var badge = false;
      rows.forEach(function (r) {
        var cell = cellAt(r, c);
        if (cell && cell.querySelector(".status")) badge = true;
        var v = textOf(cell);
        if (v) values.push(v);
      });
      if (!badge && values.length && values.every(function (v) { return chapterNames[v]; })) return c;
    }
    return -1;
  }

  function rowStatus(row, heads) {
    var badges = row.querySelectorAll(".status");
    if (!badges.length) return null;
    if (badges.length === 1) return badges[0];
    var col = heads.indexOf("Status");
    var cell = col >= 0 ? cellAt(row, col) : null;
    var own = cell ? cell.querySelector(".status") : null;
    return own || badges[badges.length - 1];
  }

  var targets = [];   // {key, group, code, text, rows: [], single}
  var byKey = {};
  var groups = [];    // names, in order of appearance
  var statusLabel = {};  // code -> badge text ("▲ I fas")
  var tableInfo = [];    // {table, wrap, rows, empty}

  // "Tabell 4: God livsmiljö och hälsa – delmål med mätetal" -> "God livsmiljö och hälsa": a fokusområde's tables
  // (measured and qualitative targets) are one group
  function groupOfCaption(caption) {
    return caption.replace(/^Tabell\s+\d+[:.]\s*/, "").split(" \u2013 ")[0];
  }

  tables.forEach(function (table) {
    var heads = headers(table);
    var rows = bodyRows(table);
    var caption = table.caption ? textOf(table.caption) : "";
    var gcol = grouped && caption ? -1 : groupColumn(table, heads, rows);
    if (!groupLabel && gcol >= 0) groupLabel = heads[gcol];
    rows.forEach(function (row) {
      var link = row.querySelector("a[href]");
      var group = "";
      if (grouped && caption) group = groupOfCaption(caption);
      else if (gcol >= 0) group = textOf(cellAt(row, gcol));
      else if (link) group = chapterTitle[pageOf(link.getAttribute("href"))] || "";
      var badge = rowStatus(row, heads);
      var single = row.querySelectorAll(".status").length === 1;
      var title = "";
      for (var i = 0; i < row.cells.length && !title; i++) {
        if (i !== gcol && !row.cells[i].querySelector(".status")) title = textOf(row.cells[i]);
      }
      var key = link ? "a:" + link.getAttribute("href") : "t:" + group + "|" + title;
      var t = byKey[key];
      if (!t) {
        t = byKey[key] = { key: key, group: group, code: "", text: "", rows: [], single: false };
        targets.push(t);
      }
      if (!t.group && group) t.group = group;
      if (badge && (!t.code || (single && !t.single))) {
        t.code = codeOf(badge);
        t.single = single;
        if (t.code && !statusLabel[t.code]) statusLabel[t.code] = textOf(badge);
      }
      t.text += " " + textOf(row);
      t.rows.push(row);
    });
    var wrap = table.parentNode && table.parentNode.classList && table.parentNode.classList.contains("table-wrap") ? table.parentNode : table;
    tableInfo.push({ table: table, wrap: wrap, rows: rows, caption: caption, empty: null });
  });
  targets.forEach(function (t) {
    t.text = fold(t.text + " " + t.group);
    if (t.group && groups.indexOf(t.group) < 0) groups.push(t.group);
  });
  if (!groupLabel) groupLabel = DEFAULT_GROUP_LABEL;
  var codes = ORDER.filter(function (c) { return statusLabel[c]; });
  Object.keys(statusLabel).forEach(function (c) { if (codes.indexOf(c) < 0) codes.push(c); });

  // --- the controls -------------------------------------------------------------------------------
  var P = "malfilter-";
  var form = el("form", { "class": "malfilter-form", role: "search", "aria-labelledby": P + "rubrik", novalidate: "" });
  form.appendChild(el("p", { "class": "malfilter-rubrik", id: P + "rubrik" }, "Sök och filtrera mål"));

  var fields = el("div", { "class": "mf-fields" });
  var qField = el("div", { "class": "mf-field mf-search" });
  qField.appendChild(el("label", { "for": P + "sok" }, "Sök i målen"));
  qField.appendChild(el("span", { "class": "mf-help", id: P + "sok-hjalp" }, "Ett eller flera ord ur målets text."));
  var q = el("input", { type: "search", id: P + "sok", "aria-describedby": P + "sok-hjalp", autocomplete: "off", spellcheck: "false" });
  qField.appendChild(q);
  fields.appendChild(qField);

  var gField = el("div", { "class": "mf-field mf-group" });
  gField.appendChild(el("label", { "for": P + "grupp" }, groupLabel));
  var g = el("select", { id: P + "grupp" });
  var allOption = el("option", { value: "" }, "Alla");
  g.appendChild(allOption);
  var groupOptions = groups.map(function (name) {
    var o = el("option", {}, name);
    o.value = name;
    g.appendChild(o);
    return o;
  });
  gField.appendChild(g);
  if (groups.length < 2) gField.hidden = true;  // one group: nothing to choose
  fields.appendChild(gField);
  form.appendChild(fields);

  var fs = el("fieldset", { "class": "mf-status", "aria-describedby": P + "status-hjalp" });
  fs.appendChild(el("legend", {}, "Status"));
  fs.appendChild(el("p", { "class": "mf-help", id: P + "status-hjalp" }, "Välj en eller flera. Utan val visas alla."));
  var list = el("ul", { "class": "mf-status-list" });
  var boxesByCode = {};
  var countsByCode = {};
  codes.forEach(function (code) {
    var li = el("li");
    var id = P + "status-" + code;
    var box = el("input", { type: "checkbox", id: id, value: code });
    var label = el("label", { "for": id });
    label.appendChild(el("span", { "class": "status s-" + code }, statusLabel[code]));
    label.appendChild(document.createTextNode(" "));
    var n = el("span", { "class": "mf-n" });
    label.appendChild(n);
    li.appendChild(box);
    li.appendChild(label);
    list.appendChild(li);
    boxesByCode[code] = box;
    countsByCode[code] = n;
  });
  fs.appendChild(list);
  if (codes.length < 2) fs.hidden = true;
  form.appendChild(fs);

  var foot = el("div", { "class": "mf-foot" });
  var reset = el("button", { type: "button", "class": "mf-reset" }, "Visa alla mål");
  var live = el("p", { "class": "mf-count", id: P + "antal", role: "status", "aria-live": "polite", "aria-atomic": "true" });
  foot.appendChild(live);
  foot.appendChild(reset);
  form.appendChild(foot);
  var chosen = el("p", { "class": "mf-chosen", id: P + "urval" });
  chosen.hidden = true;
  form.appendChild(chosen);

  // --- filtering ----------------------------------------------------------------------------------
  function state() {
    var words = fold(q.value).split(" ").filter(Boolean);
    var statuses = codes.filter(function (c) { return boxesByCode[c].checked; });
    return { words: words, group: g.value, statuses: statuses };
  }
  function matches(t, s, ignore) {
    if (ignore !== "group" && s.group && t.group !== s.group) return false;
    if (ignore !== "status" && s.statuses.length && s.statuses.indexOf(t.code) < 0) return false;
    for (var i = 0; i < s.words.length; i++) if (t.text.indexOf(s.words[i]) < 0) return false;
    return true;
  }
  function plural(n) { return n + " av " + targets.length + " mål"; }

  var timer = null;
  function announce(s, shown) {
    var text = "Visar " + plural(shown) + ".";
    if (!shown) text += " Inga mål matchar urvalet.";
    if (live.textContent !== text) live.textContent = text;
    var parts = [];
    if (s.words.length) parts.push("sökord ”" + clean(q.value) + "”");
    if (s.group) parts.push(groupLabel.toLocaleLowerCase("sv") + " " + s.group);
    if (s.statuses.length) parts.push("status " + s.statuses.map(function (c) { return statusLabel[c]; }).join(" eller "));
    chosen.textContent = parts.length ? "Urval: " + parts.join(", ") + "." : "";
    chosen.hidden = !parts.length;
    form.classList.toggle("is-filtered", parts.length > 0);
  }

  function apply(delay) {
    var s = state();
    var shown = 0;
    targets.forEach(function (t) {
      var ok = matches(t, s);
      if (ok) shown++;
      t.rows.forEach(function (r) { r.hidden = !ok; });
    });
    tableInfo.forEach(function (info) {
      var visible = info.rows.some(function (r) { return !r.hidden; });
      info.wrap.hidden = !visible;
      if (grouped) return;  // a group's own table simply goes when none of it matches
      if (!visible && !info.empty) {
        info.empty = el("p", { "class": "mf-empty" },
          "Inga mål i tabellen ”" + (info.caption || "Tabell") + "” matchar urvalet.");
        info.wrap.parentNode.insertBefore(info.empty, info.wrap.nextSibling);
      }
      if (info.empty) info.empty.hidden = visible;
    });
    // how many each choice would show, given the other choices
    var all = 0;
    var perGroup = {};
    targets.forEach(function (t) {
      if (matches(t, s, "group")) { all++; perGroup[t.group] = (perGroup[t.group] || 0) + 1; }
    });
    allOption.textContent = "Alla (" + all + ")";
    groupOptions.forEach(function (o) { o.textContent = o.value + " (" + (perGroup[o.value] || 0) + ")"; });
    var perCode = {};
    targets.forEach(function (t) { if (matches(t, s, "status")) perCode[t.code] = (perCode[t.code] || 0) + 1; });
    codes.forEach(function (c) { countsByCode[c].textContent = "(" + (perCode[c] || 0) + ")"; });

    if (timer) { clearTimeout(timer); timer = null; }
    if (delay) timer = setTimeout(function () { timer = null; announce(s, shown); }, delay);
    else announce(s, shown);
  }

  q.addEventListener("input", function () { apply(TYPING_DELAY); });
  g.addEventListener("change", function () { apply(0); });
  codes.forEach(function (c) { boxesByCode[c].addEventListener("change", function () { apply(0); }); });
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(0); });
  reset.addEventListener("click", function () {
    q.value = "";
    g.value = "";
    codes.forEach(function (c) { boxesByCode[c].checked = false; });
    apply(0);
  });
  apply(0);  // before the form is in the page: the live region speaks only of changes
  var anchor = grouped ? boxes[0] : tableInfo[0].wrap;
  anchor.parentNode.insertBefore(form, anchor);
})();
