// The item editor: show only the chosen source of a sorting quiz's statements.
// Without this script every source stays visible and the radio buttons decide on saving.
(function () {
  "use strict";

  function update(form) {
    const chosen = form.querySelector("[data-sources] input[type=radio]:checked");
    const source = chosen ? chosen.value : "typed";
    form.querySelectorAll(".live-editor-source").forEach(function (section) {
      section.hidden = section.getAttribute("data-source") !== source;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const form = document.querySelector("form.live-item-form");
    if (!form || !form.querySelector("[data-sources]")) {
      return;
    }
    form.querySelectorAll("[data-sources] input[type=radio]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        update(form);
      });
    });
    update(form);
  });
})();
