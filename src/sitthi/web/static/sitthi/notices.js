// The fund's notices: the sum of the ticked notices, beside the transfer's amount (the
// server checks the amount; this only shows what it must be). No inline script (CSP).
(function () {
  var out = document.querySelector("[data-ticked-sum]");
  if (!out) { return; }
  var boxes = document.querySelectorAll("input[type=checkbox][data-amount]");
  function satang(text) {
    var parts = String(text).split(".");
    var frac = ((parts[1] || "") + "00").slice(0, 2);
    return parseInt(parts[0], 10) * 100 + (parts[0].charAt(0) === "-" ? -1 : 1) * parseInt(frac, 10);
  }
  function update() {
    var total = 0;
    boxes.forEach(function (box) { if (box.checked) { total += satang(box.getAttribute("data-amount")); } });
    var baht = Math.floor(total / 100);
    var rest = String(total % 100).padStart(2, "0");
    out.textContent = baht.toLocaleString("en-US") + "." + rest;
  }
  boxes.forEach(function (box) { box.addEventListener("change", update); });
  update();
})();
