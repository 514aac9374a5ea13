// Jobs pages: each element marked data-job="<API address>" that is still queued or running
// asks the API for its job every two seconds and updates its <progress>, status and message
// (no inline script: the Content-Security-Policy forbids it). On a job's own page
// (data-job-reload) the page reloads once the job has finished, to show its outcome.
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-job]"));
  function finished(status) { return status === "done" || status === "failed"; }
  function text(el, sel, value) {
    var t = el.querySelector(sel);
    if (t && value !== undefined && value !== null) { t.textContent = value; }
  }
  function poll(el) {
    if (finished(el.getAttribute("data-status"))) { return; }
    fetch(el.getAttribute("data-job"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (job) {
        if (!job) { return; }
        var bar = el.querySelector("progress");
        if (bar) {
          if (job.total > 0) { bar.max = job.total; bar.value = job.done; }
          else if (job.status === "done") { bar.max = 1; bar.value = 1; }
          else { bar.removeAttribute("value"); }
        }
        text(el, "[data-field=done]", job.total > 0 ? job.done.toLocaleString() + " / " + job.total.toLocaleString() : "");
        text(el, "[data-field=message_th]", job.message_th);
        text(el, "[data-field=message_en]", job.message_en);
        var badge = el.querySelector("[data-field=status]");
        if (badge && badge.getAttribute("data-status-" + job.status)) {
          badge.textContent = badge.getAttribute("data-status-" + job.status);
        }
        el.setAttribute("data-status", job.status);
        if (finished(job.status) && el.hasAttribute("data-job-reload")) { window.location.reload(); }
      })
      .catch(function () {});
  }
  if (!rows.length) { return; }
  setInterval(function () { rows.forEach(poll); }, 2000);
})();
