// Draws the chart a query page asks for, with Vega-Lite served from this server.
// Without JavaScript (or without the assets) the table below the chart still shows the data.
// ast: true has Vega interpret its expressions instead of compiling them with Function(), which
// the Content-Security-Policy (no 'unsafe-eval') forbids.
document.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("chart");
  if (!element || typeof vegaEmbed !== "function") { return; }
  vegaEmbed(element, JSON.parse(element.dataset.spec), { actions: false, renderer: "svg", ast: true })
    .then(function () { element.closest("figure").hidden = false; })
    .catch(function (error) { element.textContent = "Chart unavailable: " + error.message; });
});
