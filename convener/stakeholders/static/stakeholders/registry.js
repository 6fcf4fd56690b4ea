// The registry list: a "tick every row on this page" box. The list works without it.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var all = document.getElementById("registry-select-all");
    if (!all) return;
    var boxes = document.querySelectorAll(".registry-select");
    all.hidden = false;
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
    });
  });
})();
