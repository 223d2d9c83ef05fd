// Draws every <div class="pmo-chart" data-figure="<id>"> from the JSON figure in the <script type="application/json"
// id="<id>"> that Django's json_script wrote, and every <div class="pmo-chart" data-figure-json="…"> (htmx fragments:
// htmx drops <script> elements from swapped content). No inline script anywhere (the CSP forbids it).
//
// Click-through: on a chart with data-click="customdata", a point whose customdata is (or starts with) a same-site
// URL ("/...") opens that URL. Charts inside htmx fragments are drawn when the fragment arrives.
//
// Loaded on every page by base.html (defer). plotly.js (3.5 MB) is fetched only when a page or an htmx fragment has a
// chart: from the URL in this script's data-plotly attribute (same origin, so the CSP allows it).
(function () {
  "use strict";
  const SELF = document.currentScript;
  const PLOTLY_SRC = SELF && SELF.dataset.plotly;
  const PLOTLY_CSS = SELF && SELF.dataset.plotlyCss;
  const CONFIG = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["select2d", "lasso2d"] };
  let plotlyLoading = null;

  // plotly's own styles come from a file: plotly would inject them as an inline <style>, which the CSP refuses.
  // The link carries the id plotly looks for, so plotly adds its few dynamic rules to this sheet (CSSOM, allowed).
  const STYLE_ID = "plotly.js-style-global";

  function linkStyles() {
    const existing = document.getElementById(STYLE_ID);
    if (existing) {
      return existing.sheet ? Promise.resolve() : new Promise((resolve) => existing.addEventListener("load", resolve));
    }
    if (!PLOTLY_CSS) return Promise.resolve();
    return new Promise((resolve) => {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = PLOTLY_CSS;
      link.id = STYLE_ID;
      link.onload = resolve;
      link.onerror = resolve;
      document.head.appendChild(link);
    });
  }

  function withPlotly(callback) {
    if (typeof window.Plotly !== "undefined") return callback();
    if (!PLOTLY_SRC) return;
    if (!plotlyLoading) {
      plotlyLoading = linkStyles().then(
        () =>
          new Promise((resolve, reject) => {
            const tag = document.createElement("script");
            tag.src = PLOTLY_SRC;
            tag.onload = resolve;
            tag.onerror = reject;
            document.head.appendChild(tag);
          }),
      );
    }
    plotlyLoading.then(callback, () => {});
  }

  function pointUrl(point) {
    let value = point.customdata;
    if (Array.isArray(value)) value = value[0];
    if (typeof value !== "string") return null;
    // Only paths on this site: never a javascript: or foreign URL from data.
    if (!value.startsWith("/") || value.startsWith("//")) return null;
    return value;
  }

  function draw(el) {
    if (el.dataset.drawn === "1" || typeof window.Plotly === "undefined") return;
    // The figure: from the json_script element named by data-figure, or (in htmx fragments, whose <script> elements
    // htmx drops) from the data-figure-json attribute.
    const source = el.dataset.figure ? document.getElementById(el.dataset.figure) : null;
    const text = source ? source.textContent : el.dataset.figureJson;
    if (!text) return;
    let fig;
    try {
      fig = JSON.parse(text);
    } catch (e) {
      return;
    }
    el.dataset.drawn = "1";
    const layout = Object.assign({}, fig.layout || {}, { autosize: true });
    window.Plotly.newPlot(el, fig.data || [], layout, CONFIG).then(() => {
      if (el.dataset.click === "customdata") {
        el.on("plotly_click", (event) => {
          const point = event && event.points && event.points[0];
          const url = point && pointUrl(point);
          if (url) window.location.assign(url);
        });
        el.classList.add("pmo-chart-clickable");
      }
      el.setAttribute("data-ready", "1");
    });
  }

  function drawAll(root) {
    const charts = (root || document).querySelectorAll(
      ".pmo-chart[data-figure]:not([data-drawn]), .pmo-chart[data-figure-json]:not([data-drawn])",
    );
    if (charts.length) withPlotly(() => charts.forEach(draw));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => drawAll(document));
  } else {
    drawAll(document);
  }
  document.addEventListener("htmx:afterSettle", (event) => drawAll(event.target));
  window.pmoCharts = { drawAll: drawAll };
})();
