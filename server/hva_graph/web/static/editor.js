// The YASGUI editor on /sparql: one tab per canned query on a first visit, every query POSTed
// to this endpoint. YASGUI keeps the tabs in the browser (its own persistence), so they are
// there again after a reload. "Open in the editor" on a query page links here with
// #query=…&name=…&run=1: the query (its parameters bound in a VALUES block) opens in a tab of
// that name and runs. Result tables show each IRI's name beside it, in the page's language,
// and plain values for numbers and dates. YASGUI comes from this server (/assets/yasgui/);
// when it is missing, or anything here fails, the plain form stays, which works without
// JavaScript. No inline script or style: the page works under a strict Content-Security-Policy.
(function () {
  "use strict";
  var host = document.getElementById("yasgui");
  var plain = document.getElementById("plain-editor");
  var data = document.getElementById("editor-config");
  if (!host || !plain || !data || typeof window.Yasgui !== "function") { return; }
  var config = JSON.parse(data.textContent);
  var endpoint = new URL(config.endpoint, document.baseURI).href;
  var Yasqe = window.Yasgui.Yasqe;
  var Yasr = window.Yasgui.Yasr;

  // Class and property completion asks lov.linkeddata.es: off, so no request leaves this site.
  Yasqe.defaults.autocompleters = Yasqe.defaults.autocompleters.filter(function (name) {
    return name !== "class" && name !== "property";
  });
  // Prefix completion offers the project's prefixes first, then YASQE's bundled list (never
  // prefix.cc), and is not cached in localStorage.
  var completer = Yasqe.Autocompleters.prefixes;
  if (completer) {
    var own = Object.keys(config.prefixes).map(function (p) { return p + ": <" + config.prefixes[p] + ">"; });
    var bundled = completer.get;
    completer.persistenceId = undefined;
    completer.get = function (yasqe, token) {
      return Promise.resolve(bundled.call(this, yasqe, token)).then(function (list) {
        return own.concat((list || []).filter(function (item) { return own.indexOf(item) < 0; }));
      });
    };
  }

  var names = {};
  var asked = {};
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function pick(labels) { // the page's language first, then the others as the server's pages do
    for (var i = 0; i < config.labelLanguages.length; i++) {
      if (labels[config.labelLanguages[i]]) { return labels[config.labelLanguages[i]]; }
    }
    var any = Object.keys(labels);
    return any.length ? labels[any[0]] : null;
  }
  // The names of the IRIs in an answer, asked of this endpoint in one query; IRIs that cannot be
  // written between <> are left unnamed.
  function fetchNames(results) {
    var bindings = (results && results.getBindings && results.getBindings()) || [];
    var wanted = [];
    bindings.forEach(function (row) {
      Object.keys(row).forEach(function (variable) {
        var term = row[variable];
        if (term && term.type === "uri" && !asked[term.value] && !/[\s<>"{}|^`\\]/.test(term.value)) {
          asked[term.value] = true;
          wanted.push(term.value);
        }
      });
    });
    if (!wanted.length) { return Promise.resolve(false); }
    wanted = wanted.slice(0, 500);
    var query = "SELECT ?iri ?label WHERE { VALUES ?iri { " + wanted.map(function (iri) { return "<" + iri + ">"; }).join(" ") +
      " } ?iri <http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#prefLabel> ?label }";
    return fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json" },
      body: new URLSearchParams({ query: query }),
    }).then(function (response) { return response.ok ? response.json() : null; }).then(function (answer) {
      if (!answer) { return false; }
      var found = {};
      answer.results.bindings.forEach(function (row) {
        var labels = found[row.iri.value] = found[row.iri.value] || {};
        labels[row.label["xml:lang"] || ""] = row.label.value;
      });
      Object.keys(found).forEach(function (iri) { names[iri] = pick(found[iri]); });
      return Object.keys(found).length > 0;
    }).catch(function () { return false; });
  }

  var PLAIN = /#(integer|decimal|double|float|int|long|short|nonNegativeInteger|positiveInteger|date|dateTime|gYear|boolean|string)$/;
  var Table = Yasr.plugins.table;
  if (Table) {
    class NamedTable extends Table {
      getCellContent(binding, prefixes) {
        var html = super.getCellContent(binding, prefixes);
        if (binding.type === "uri" && names[binding.value]) {
          return html.replace(/<\/div>$/, " <span class=\"iri-name\">" + escapeHtml(names[binding.value]) + "</span></div>");
        }
        return html;
      }
      formatLiteral(binding, prefixes) {
        if (binding.datatype && !binding["xml:lang"] && PLAIN.test(binding.datatype)) {
          return "<span title=\"" + escapeHtml(binding.datatype) + "\">" + escapeHtml(binding.value) + "</span>";
        }
        return super.formatLiteral(binding, prefixes);
      }
      drawControls() { // the page-size select gets a name (its "Page size:" is no label)
        super.drawControls();
        if (this.tableSizeField) { this.tableSizeField.setAttribute("aria-label", config.pageSizeLabel); }
      }
      draw(persistent) {
        super.draw(persistent);
        var table = this;
        fetchNames(this.yasr.results).then(function (fresh) {
          if (fresh && table.yasr.results) { Table.prototype.draw.call(table, persistent); }
        });
      }
    }
    Yasr.registerPlugin("table", NamedTable);
  }

  // Every tab names its panel (aria-controls): YASGUI draws a panel when its tab is first shown,
  // so each is drawn once here, hidden, and the chosen one shown again.
  function drawEveryPanel(yasgui) {
    var active = yasgui.getTab();
    yasgui.persistentConfig.getTabs().forEach(function (id) {
      var tab = yasgui.getTab(id);
      if (tab && tab !== active) { tab.draw(); tab.hide(); }
    });
    if (active) { active.show(); }
  }

  var linked = new URLSearchParams(window.location.hash.slice(1));
  host.hidden = false;
  var yasgui;
  try {
    yasgui = new window.Yasgui(host, {
      persistenceId: "hva-graph-editor",
      populateFromUrl: false,
      autoAddOnInit: false,
      copyEndpointOnNewTab: true,
      requestConfig: { endpoint: endpoint, method: "POST" },
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
      // The query editor's text area is named for screen readers, and long lines wrap, so the
      // editor grows with its query instead of being a region that only a mouse can scroll.
      yasqe: { value: config.newTabQuery, screenReaderLabel: config.editorLabel, lineWrapping: true, viewportMargin: Infinity },
      yasr: { prefixes: config.prefixes, defaultPlugin: "table" },
    });
    var kept = yasgui.persistentConfig.getTabs().slice();
    if (!kept.length) { // a first visit: the canned queries
      config.tabs.forEach(function (tab, index) {
        yasgui.addTab(index === config.active && !linked.get("query"), {
          name: tab.name, yasqe: { value: tab.query }, requestConfig: { endpoint: endpoint, method: "POST" },
        });
      });
    } else { // kept tabs ask this server, wherever it now runs
      kept.forEach(function (id) { var tab = yasgui.getTab(id); if (tab) { tab.setEndpoint(endpoint); } });
    }
    if (linked.get("query")) {
      var name = linked.get("name") || config.linkedTabName;
      // A tab of the same name (the canned query, or an earlier hand-off) gives way to this one.
      yasgui.persistentConfig.getTabs().slice().forEach(function (id) {
        var tab = yasgui.getTab(id);
        if (tab && tab.getName() === name) { tab.close(); }
      });
      var chosen = yasgui.addTab(true, {
        name: name, yasqe: { value: linked.get("query") }, requestConfig: { endpoint: endpoint, method: "POST" },
      });
      // The fragment is consumed: a reload shows the kept tabs instead of adding this one again.
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
      if (linked.get("run") === "1") { chosen.query().catch(function () {}); }
    }
    drawEveryPanel(yasgui);
  } catch (error) {
    host.hidden = true;
    if (window.console) { console.error("YASGUI could not start; the plain form stays.", error); }
    return;
  }
  plain.hidden = true;
  // YASGUI's own "+" sits inside its tab list, where only tabs may be: it is hidden by the
  // stylesheet, and this button outside the list adds a tab instead.
  var newTab = document.getElementById("new-tab");
  if (newTab) {
    newTab.hidden = false;
    newTab.addEventListener("click", function () { yasgui.addTab(true, { requestConfig: { endpoint: endpoint, method: "POST" } }); });
  }
  // On a phone the tabs are one row that scrolls sideways: show the chosen one.
  var list = host.querySelector(".tabsList");
  var current = host.querySelector(".tabsList .tab.active");
  if (list && current) { list.scrollLeft = current.offsetLeft - list.offsetLeft; }
})();
