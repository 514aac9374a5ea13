// A page marked data-refresh="<seconds>" reloads itself on that period, unless the reader is
// typing in one of its forms (then it waits for the next period).
(function () {
  var el = document.querySelector("[data-refresh]");
  if (!el) { return; }
  var seconds = parseInt(el.getAttribute("data-refresh"), 10);
  if (!(seconds > 0)) { return; }
  var dirty = false;
  document.addEventListener("input", function () { dirty = true; });
  setInterval(function () {
    var a = document.activeElement;
    var typing = a && (a.tagName === "INPUT" || a.tagName === "TEXTAREA" || a.tagName === "SELECT");
    if (!dirty && !typing) { window.location.reload(); }
  }, seconds * 1000);
})();
