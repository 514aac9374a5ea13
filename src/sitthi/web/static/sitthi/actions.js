// Small page actions, bound here rather than in on...= attributes (Content-Security-Policy:
// script-src 'self', no inline script).
(function () {
  // <button data-print>: print the page (or save it as PDF).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  // <select data-split-into="fy q">: a value "2567/2" fills the form's fields fy and q.
  document.querySelectorAll("select[data-split-into]").forEach(function (select) {
    var names = select.getAttribute("data-split-into").split(" ");
    select.addEventListener("change", function () {
      var parts = select.value.split("/");
      names.forEach(function (name, i) {
        if (select.form && select.form.elements[name]) { select.form.elements[name].value = parts[i]; }
      });
    });
  });
})();
