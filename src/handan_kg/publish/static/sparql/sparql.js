/* handan-kg /sparql: YASGUI (served by this server, see yasgui/SOURCE.json) on this server's
 * endpoint, with the project's prefixes and the competency queries as examples. Result tables
 * show each IRI's rdfs:label beside it, asked for from the same endpoint after the results
 * arrive. Without this script (or without YASGUI) the page's plain form works as before. */
(function () {
  "use strict";
  if (typeof Yasgui === "undefined") return;
  var config = JSON.parse(document.getElementById("sparql-config").textContent);
  var endpoint = new URL(config.endpoint, document.baseURI).href;
  var RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label";
  var PLAIN_IRI = /^[^\s<>"{}|\\^`]+$/;  // nothing that could end the IRI inside the query early
  var BATCH = 200;  // IRIs per label query
  var MOST = 2000;  // labels asked for per result, at most
  var labels = new Map();  // IRI -> its label, or "" when it has none

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* English first, then untagged, then the other languages in order: `handan-kg query`'s choice. */
  function rank(binding) {
    var lang = binding["xml:lang"] || "";
    return [lang === "en" || lang === "" ? 0 : 1, lang === "" ? 0 : 1, lang, binding.value];
  }

  function better(a, b) {
    var x = rank(a), y = rank(b);
    for (var i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i];
    return false;
  }

  function fetchLabels(iris) {
    var batches = [];
    for (var i = 0; i < iris.length; i += BATCH) batches.push(iris.slice(i, i + BATCH));
    return Promise.all(batches.map(function (batch) {
      var values = batch.map(function (iri) { return "<" + iri + ">"; }).join(" ");
      var query = "SELECT ?iri ?label WHERE { VALUES ?iri { " + values + " } ?iri <" + RDFS_LABEL + "> ?label }";
      return fetch(endpoint, {
        method: "POST",
        headers: { Accept: "application/sparql-results+json" },
        body: new URLSearchParams({ query: query }),
      }).then(function (response) {
        return response.ok ? response.json() : { results: { bindings: [] } };
      }).then(function (data) {
        var best = {};
        data.results.bindings.forEach(function (row) {
          var iri = row.iri.value;
          if (!best[iri] || better(row.label, best[iri])) best[iri] = row.label;
        });
        batch.forEach(function (iri) { labels.set(iri, best[iri] ? best[iri].value : ""); });
      });
    }));
  }

  function unlabelled(results) {
    var seen = new Set();
    (results && results.getBindings ? results.getBindings() || [] : []).forEach(function (row) {
      Object.keys(row).forEach(function (name) {
        var term = row[name];
        if (term.type === "uri" && !labels.has(term.value) && PLAIN_IRI.test(term.value)) seen.add(term.value);
      });
    });
    return Array.from(seen).slice(0, MOST);
  }

  var Table = Yasgui.Yasr.plugins.table;
  class LabelledTable extends Table {
    getUriLinkFromBinding(binding, prefixes) {
      var link = super.getUriLinkFromBinding(binding, prefixes);
      var label = labels.get(binding.value);
      return label ? '<span class="label">' + escapeHtml(label) + "</span> " + link : link;
    }

    draw(persistentConfig) {
      super.draw(persistentConfig);
      var results = this.yasr.results;
      var missing = unlabelled(results);
      if (!missing.length) return;
      var table = this;
      fetchLabels(missing).then(function () {
        if (table.yasr.results === results && table.dataTable) Table.prototype.draw.call(table, table.persistentConfig);
      });
    }
  }
  Yasgui.Yasr.registerPlugin("table", LabelledTable);

  // Class and property completion would ask a service elsewhere (LOV): only the local ones.
  var completers = Yasgui.Yasqe.defaults.autocompleters;
  for (var i = completers.length - 1; i >= 0; i--) {
    if (completers[i] !== "prefixes" && completers[i] !== "variables") completers.splice(i, 1);
  }

  document.documentElement.classList.add("has-editor");
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    persistenceId: null,
    populateFromUrl: false,
    autofocus: false,
    yasqe: { value: config.query },
    yasr: { prefixes: config.prefixes, defaultPlugin: "table" },  // the dataset's `person:` ... too: display only
  });

  function show(text, run) {
    var tab = yasgui.getTab();
    tab.setQuery(text);
    if (run) tab.query();
    document.getElementById("yasgui").scrollIntoView();
  }

  var examples = new Map(config.examples.map(function (q) { return [q.name, q.text]; }));
  document.querySelectorAll("a[data-example]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var text = examples.get(link.dataset.example);
      if (text === undefined) return;
      event.preventDefault();
      show(text, link.hasAttribute("data-run"));
    });
  });
  if (config.ran) yasgui.getTab().query();
})();
