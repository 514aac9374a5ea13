// Beside every date field, the date as read, in the Buddhist Era (พ.ศ.), as Thai readers read it.
// Typed date fields (data-date-field) follow the server's rule (thaitime.read_date): dd/mm/yyyy
// or yyyy-mm-dd; a year of 2400 or more is พ.ศ. (minus 543), 1900–2200 is ค.ศ.
(function () {
  var TH = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."];
  var EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var en = (document.documentElement.lang || "th").indexOf("en") === 0;
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
    // as the server: no later than 20 years from today (thaitime.YEARS_AHEAD)
    var now = new Date(), latest = Date.UTC(now.getFullYear() + 20, now.getMonth(), Math.min(now.getDate(), 28));
    if (when.getTime() > latest) { return null; }
    return { y: y, mo: mo - 1, d: d };
  }
  function hint(input, out) {
    var r = read(input.value.trim());
    if (!r) { out.textContent = out.getAttribute("data-help"); return; }
    out.textContent = en
      ? "read as " + r.d + " " + EN[r.mo] + " " + r.y + " CE (" + (r.y + 543) + " BE)"
      : "อ่านเป็น " + r.d + " " + TH[r.mo] + " " + (r.y + 543) + " (ค.ศ. " + r.y + ")";
  }
  // Date-and-time fields (data-datetime-field) follow thaitime.read_datetime: the date as above,
  // then a space (or T) and HH:MM; the ISO text a machine sends (2024-03-01T10:30) alike.
  function readMoment(text) {
    var m = /^(.+?)[T ](\d{1,2}):(\d{2})(?::\d{2})?$/.exec(text);
    if (!m) { return null; }
    var r = read(m[1].trim()), h = +m[2], mi = +m[3];
    if (!r || h > 23 || mi > 59) { return null; }
    r.t = (h < 10 ? "0" : "") + h + ":" + m[3];
    return r;
  }
  function momentHint(input, out) {
    var r = readMoment(input.value.trim());
    if (!r) { out.textContent = out.getAttribute("data-help"); return; }
    out.textContent = en
      ? "read as " + r.d + " " + EN[r.mo] + " " + r.y + " " + r.t + " CE (" + (r.y + 543) + " BE)"
      : "อ่านเป็น " + r.d + " " + TH[r.mo] + " " + (r.y + 543) + " " + r.t + " น. (ค.ศ. " + r.y + ")";
  }
  // One listener for the page, so rows a script adds later (the claim form's lines) read too.
  document.addEventListener("input", function (event) {
    var input = event.target, out = input && input.nextElementSibling;
    if (!out || !out.classList || !out.classList.contains("date-hint")) { return; }
    if (input.hasAttribute("data-date-field")) { hint(input, out); }
    else if (input.hasAttribute("data-datetime-field")) { momentHint(input, out); }
  });
})();
