// The YASGUI editor on /sparql: one tab per canned query, every query POSTed to this endpoint.
// YASGUI comes from this server (/assets/yasgui/). When it is missing, or anything here fails,
// the plain form stays, which works without JavaScript.
(function () {
  "use strict";
  var host = document.getElementById("yasgui");
  var plain = document.getElementById("plain-editor");
  var data = document.getElementById("editor-config");
  if (!host || !plain || !data || typeof window.Yasgui !== "function") { return; }
  var config = JSON.parse(data.textContent);
  var endpoint = new URL(config.endpoint, document.baseURI).href;
  var Yasqe = window.Yasgui.Yasqe;

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

  var linked = new URLSearchParams(window.location.hash.slice(1)).get("query");
  host.hidden = false;
  try {
    var yasgui = new window.Yasgui(host, {
      persistenceId: null, // nothing kept in localStorage: each visit starts from the canned queries
      populateFromUrl: false,
      autoAddOnInit: false,
      copyEndpointOnNewTab: true,
      requestConfig: { endpoint: endpoint, method: "POST" },
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
      yasqe: { value: config.newTabQuery },
      yasr: { prefixes: config.prefixes },
    });
    var tabs = config.tabs.slice();
    var active = config.active;
    if (linked) { // "Open in the editor" on a query page links here with #query=...
      tabs.push({ name: config.linkedTabName, query: linked });
      active = tabs.length - 1;
    }
    if (!tabs.length) { tabs.push({ name: "Query", query: config.newTabQuery }); }
    tabs.forEach(function (tab, index) {
      yasgui.addTab(index === active, {
        name: tab.name,
        yasqe: { value: tab.query },
        requestConfig: { endpoint: endpoint, method: "POST" },
      });
    });
  } catch (error) {
    host.hidden = true;
    if (window.console) { console.error("YASGUI could not start; the plain form stays.", error); }
    return;
  }
  plain.hidden = true;
  // On a phone the tabs are one row that scrolls sideways: show the chosen one.
  var list = host.querySelector(".tabsList");
  var current = host.querySelector(".tabsList .tab.active");
  if (list && current) { list.scrollLeft = current.offsetLeft - list.offsetLeft; }
})();
