// Beside every date field, the chosen date in the Buddhist Era (พ.ศ.), as Thai readers read it.
(function () {
  var TH = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."];
  var EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var en = (document.documentElement.lang || "th").indexOf("en") === 0;
  function show(input, out) {
    var m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2}))?/.exec(input.value);
    if (!m) { out.textContent = ""; return; }
    var d = parseInt(m[3], 10), mo = parseInt(m[2], 10) - 1, y = parseInt(m[1], 10) + 543;
    var text = en ? d + " " + EN[mo] + " " + y + " BE" : d + " " + TH[mo] + " " + y;
    if (m[4]) { text += " " + m[4] + (en ? "" : " น."); }
    out.textContent = text;
  }
  document.querySelectorAll('input[type="date"], input[type="datetime-local"]').forEach(function (input) {
    var out = document.createElement("span");
    out.className = "be-hint";
    out.setAttribute("data-testid", "be-hint");
    input.insertAdjacentElement("afterend", out);
    input.addEventListener("input", function () { show(input, out); });
    show(input, out);
  });
})();
