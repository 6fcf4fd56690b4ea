// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // Ask before destructive actions marked with data-confirm (no inline handlers: CSP forbids them).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
  // Copy buttons: <button data-copy-target="id"> copies the text of the element with that id.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy-target]");
    if (!button) return;
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (!target || !navigator.clipboard) return;
    navigator.clipboard.writeText(target.value || target.textContent).then(function () {
      var status = document.getElementById(button.getAttribute("data-copy-status"));
      if (status) status.textContent = button.getAttribute("data-copied-text") || "Copied";
    });
  });
})();
