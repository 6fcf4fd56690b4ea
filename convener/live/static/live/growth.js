// "Copy link" on My growth. The link is plain text on the page, so without this script (or
// where the browser cannot copy) it can still be read and selected; the button shows only here.
(function () {
  "use strict";
  function announce(status, text) {
    status.textContent = "";
    // A fresh text node, a moment later, so a second copy is announced again.
    window.setTimeout(function () {
      status.textContent = text;
    }, 50);
  }
  function select(target) {
    var range = document.createRange();
    range.selectNodeContents(target);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  document.querySelectorAll("[data-copy-link]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy-link"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!target || !status) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = target.textContent.trim();
      var copied = navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.reject();
      copied.then(
        function () {
          announce(status, button.getAttribute("data-copied-text"));
        },
        function () {
          select(target);
          announce(status, button.getAttribute("data-selected-text"));
        }
      );
    });
  });
})();
