// Draws the chart a query page asks for, with Vega-Lite served from this server: the wide
// chart, or on a narrow screen its narrow form (a heatmap transposed). Vega's expressions run
// in the interpreter vega-embed bundles (ast: true), not through eval, and no style element is
// injected, so the page works under a Content-Security-Policy of script-src 'self'; style-src 'self'.
// Without JavaScript (or without the assets) the table below the chart shows the same data.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var element = document.getElementById("chart");
  if (!element || typeof vegaEmbed !== "function") { return; }
  var specs = JSON.parse(element.dataset.spec);
  var figure = element.closest("figure");
  figure.hidden = false;
  var narrow = element.clientWidth < 600;
  var options = { actions: false, renderer: "svg", ast: true, defaultStyle: false,
                  tooltip: { disableDefaultStyle: true } };
  vegaEmbed(element, narrow ? specs.narrow : specs.wide, options)
    .then(function () { element.setAttribute("data-drawn", narrow ? "narrow" : "wide"); })
    .catch(function (error) {
      figure.hidden = true;
      if (window.console) { console.error("The chart could not be drawn; the table shows the data.", error); }
    });
});
