/* Draw every chart on the page from the JSON that json_script put beside it.
 * One static file and no inline script, so the Content-Security-Policy can forbid
 * inline scripts. Each chart's data table stays in the page for anyone who cannot
 * see the chart, and is opened when the chart cannot be drawn at all. */
(function () {
  "use strict";
  var BASE_CONFIG = {
    // No toolbar: it added seven tab stops a chart, its icons were 1.7:1 against white,
    // it covered the legend on touch screens and its PNG download is blocked by the
    // site's CSP. Each chart has its data table and a "download data" link instead.
    displayModeBar: false,
    displaylogo: false,
    responsive: true,
    // plotly.js 3 offers to upload the chart to Plotly's cloud unless told not to:
    // figures here may be OFFICIAL and must never leave the site.
    showSendToCloud: false,
    showEditInChartStudio: false,
    plotlyServerURL: "",
    modeBarButtonsToRemove: ["sendChartToCloud", "editInChartStudio", "lasso2d", "select2d"],
  };

  function showDataInstead(el) {
    var figure = el.closest("figure");
    var details = figure && figure.querySelector("details");
    if (details) { details.open = true; }
  }

  // The drawing is one image, named by the figure's caption and described by its alt
  // text. The other SVG layers (hover labels) say nothing of their own.
  function idFor(node, el, suffix) {
    if (!node) { return null; }
    if (!node.id) { node.id = el.getAttribute("data-chart") + "-" + suffix; }
    return node.id;
  }

  function labelDrawing(el) {
    var figure = el.closest("figure");
    var labelledby = el.getAttribute("data-labelledby")
      || idFor(figure && figure.querySelector("figcaption"), el, "caption");
    var describedby = el.getAttribute("data-describedby")
      || idFor(figure && figure.querySelector(".chart__alt"), el, "alt");
    el.querySelectorAll("svg.main-svg").forEach(function (svg, index) {
      if (index === 0 && labelledby) {
        svg.setAttribute("role", "img");
        svg.setAttribute("aria-labelledby", labelledby);
        if (describedby) { svg.setAttribute("aria-describedby", describedby); }
      } else {
        svg.setAttribute("aria-hidden", "true");
      }
    });
  }

  function draw() {
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.getAttribute("data-chart-drawn")) { return; }
      var source = document.getElementById(el.getAttribute("data-chart"));
      if (!source) { return; }
      if (typeof Plotly === "undefined") { showDataInstead(el); return; }
      var fig = JSON.parse(source.textContent);
      var config = Object.assign({}, BASE_CONFIG, fig.config || {});
      el.setAttribute("data-chart-drawn", "true");
      Plotly.newPlot(el, fig.data, fig.layout, config).then(function () {
        labelDrawing(el);
        el.setAttribute("data-chart-ready", "true");
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
