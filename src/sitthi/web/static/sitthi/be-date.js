// Beside every date field, the date as read, in the Buddhist Era (พ.ศ.), as Thai readers read it.
// Typed date fields (data-date-field) follow the server's rule (thaitime.read_date): dd/mm/yyyy
// or yyyy-mm-dd; a year of 2400 or more is พ.ศ. (minus 543), 1900–2200 is ค.ศ.
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
  function read(text) {
    var y, mo, d, m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
    if (m) { y = +m[1]; mo = +m[2]; d = +m[3]; } else {
      m = /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})$/.exec(text);
      if (!m) { return null; }
      d = +m[1]; mo = +m[2]; y = +m[3];
    }
    if (y >= 2400) { y -= 543; } else if (y < 1900 || y > 2200) { return null; }
    var when = new Date(Date.UTC(y, mo - 1, d));
    if (when.getUTCMonth() !== mo - 1 || when.getUTCDate() !== d) { return null; }
    return { y: y, mo: mo - 1, d: d };
  }
  function hint(input, out) {
    var r = read(input.value.trim());
    if (!r) { out.textContent = out.getAttribute("data-help"); return; }
    out.textContent = en
      ? "read as " + r.d + " " + EN[r.mo] + " " + r.y + " CE (" + (r.y + 543) + " BE)"
      : "อ่านเป็น " + r.d + " " + TH[r.mo] + " " + (r.y + 543) + " (ค.ศ. " + r.y + ")";
  }
  document.querySelectorAll("input[data-date-field]").forEach(function (input) {
    var out = input.nextElementSibling;
    if (!out || !out.classList.contains("date-hint")) { return; }
    input.addEventListener("input", function () { hint(input, out); });
  });
  document.querySelectorAll('input[type="date"], input[type="datetime-local"]').forEach(function (input) {
    var out = document.createElement("span");
    out.className = "be-hint";
    out.setAttribute("data-testid", "be-hint");
    input.insertAdjacentElement("afterend", out);
    input.addEventListener("input", function () { show(input, out); });
    show(input, out);
  });
})();
