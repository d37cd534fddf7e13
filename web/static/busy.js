// A form or link marked data-busy says, while the server works, that it does: aria-busy on the
// form and "Beregner …" in its polite live region. The form is sent as without this script; a
// second press while it is busy is ignored.
(function () {
  "use strict";
  function busy(owner, status) {
    owner.setAttribute("aria-busy", "true");
    if (status) { status.textContent = status.getAttribute("data-busy-text"); }
  }
  function idle() {
    document.querySelectorAll("[aria-busy=true]").forEach(function (e) { e.removeAttribute("aria-busy"); });
    document.querySelectorAll(".busy-status").forEach(function (e) { e.textContent = ""; });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-busy")) { return; }
    if (form.getAttribute("aria-busy") === "true") { event.preventDefault(); return; }
    busy(form, form.querySelector(".busy-status"));
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-busy]") : null;
    if (!link) { return; }
    var item = link.parentNode;
    busy(item, item.querySelector(".busy-status"));
    // a download leaves the page as it is: the workbook is made within this time or shown when ready
    window.setTimeout(idle, 15000);
  });
  window.addEventListener("pageshow", idle);
}());
