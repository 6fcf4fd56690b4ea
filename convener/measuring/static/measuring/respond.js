// Respondent pages. Every page works without this file; it only refines autosave feedback.
(function () {
  "use strict";
  // htmx leaves 4xx answers unswapped; show the friendly "please wait" note for 429 instead.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr && event.detail.xhr.status === 429) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
