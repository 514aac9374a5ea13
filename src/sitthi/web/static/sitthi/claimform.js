// The claim form: add line rows, and look an item or ICD-10 code up by name (a datalist
// filled from the JSON look-up). Bound here, not inline (CSP script-src 'self').
(function () {
  var script = document.currentScript;
  var url = script && script.getAttribute("data-lookup-url");
  var body = document.querySelector("[data-lines]");
  var add = document.querySelector("[data-add-line]");
  var timers = new WeakMap();

  function bind(input) {
    var kind = input.getAttribute("data-lookup");
    if (!kind || !url || input.getAttribute("data-bound")) { return; }
    input.setAttribute("data-bound", "1");
    var list = document.getElementById(input.getAttribute("list"));
    input.addEventListener("input", function () {
      clearTimeout(timers.get(input));
      var q = input.value.trim();
      if (q.length < 2) { return; }
      timers.set(input, setTimeout(function () {
        fetch(url + "?kind=" + encodeURIComponent(kind) + "&q=" + encodeURIComponent(q), {credentials: "same-origin"})
          .then(function (r) { return r.ok ? r.json() : {results: []}; })
          .then(function (data) {
            if (!list) { return; }
            list.textContent = "";
            data.results.forEach(function (hit) {
              var option = document.createElement("option");
              option.value = hit.code;
              option.label = hit.code + " · " + hit.name + (hit.unit_price ? " (" + hit.unit_price + ")" : "");
              option.textContent = option.label;
              list.appendChild(option);
            });
          });
      }, 200));
    });
    var target = input.getAttribute("data-append-to");
    if (target) {
      input.addEventListener("change", function () {
        var field = input.form && input.form.elements[target];
        var code = input.value.trim();
        if (!field || !/^[A-Z][0-9]{2}/i.test(code)) { return; }
        var now = field.value.trim().replace(/;$/, "");
        field.value = now ? now + "; " + code : code;
        input.value = "";
      });
    }
  }

  if (add && body) {
    add.addEventListener("click", function () {
      var rows = body.querySelectorAll("tr[data-line]");
      var last = rows[rows.length - 1];
      var n = rows.length + 1;
      var row = last.cloneNode(true);
      row.setAttribute("data-line", String(n));
      row.cells[0].textContent = String(n);
      row.querySelectorAll("input").forEach(function (input) {
        input.name = input.name.replace(/_\d+$/, "_" + n);
        var label = input.getAttribute("aria-label");
        if (label) { input.setAttribute("aria-label", label.replace(/\d+$/, String(n))); }
        input.value = "";
        input.removeAttribute("data-bound");
        bind(input);
      });
      row.querySelectorAll(".date-hint").forEach(function (hint) {
        hint.textContent = hint.getAttribute("data-help");
        var id = hint.getAttribute("data-testid");
        if (id) { hint.setAttribute("data-testid", id.replace(/_\d+$/, "_" + n)); }
      });
      body.appendChild(row);
      row.querySelector("input").focus();
    });
  }
  document.querySelectorAll("[data-lookup]").forEach(bind);
})();
