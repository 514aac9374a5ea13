// Plotly charts without inline script (Content-Security-Policy: script-src 'self'): an element
// data-chart="<id of a json_script block>" is drawn from that block's figure, or from its part
// data-chart-part="<key>" when the block holds several figures.
(function () {
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var source = document.getElementById(el.getAttribute("data-chart"));
    if (!source || typeof Plotly === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    var part = el.getAttribute("data-chart-part");
    if (part) { spec = spec[part]; }
    if (!spec) { return; }
    Plotly.newPlot(el, spec.data, spec.layout, {displayModeBar: false, responsive: true});
  });
})();
