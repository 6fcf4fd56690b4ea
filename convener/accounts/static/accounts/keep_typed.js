// Keep what a person typed in marked fields ([data-keep-typed]) when they switch the page's
// language: the switch reloads the page, which would empty the form. The text waits in this
// tab's sessionStorage only until the page comes back; it never goes to the server, and a
// password field is never kept.
(function () {
  "use strict";
  var KEY = "convener.keep-typed:" + window.location.pathname;
  function fields() {
    return Array.prototype.filter.call(
      document.querySelectorAll("input[data-keep-typed]"),
      function (field) {
        return field.type !== "password" && field.name;
      }
    );
  }
  var saved = null;
  try {
    saved = JSON.parse(window.sessionStorage.getItem(KEY) || "null");
    window.sessionStorage.removeItem(KEY);
  } catch (error) {
    saved = null; // storage blocked: nothing to restore
  }
  if (saved) {
    fields().forEach(function (field) {
      if (!field.value && typeof saved[field.name] === "string") field.value = saved[field.name];
    });
  }
  document.querySelectorAll("form.language-switch").forEach(function (form) {
    form.addEventListener("submit", function () {
      var typed = {};
      fields().forEach(function (field) {
        if (field.value) typed[field.name] = field.value;
      });
      try {
        if (Object.keys(typed).length) window.sessionStorage.setItem(KEY, JSON.stringify(typed));
      } catch (error) {
        // storage blocked: the switch still works, the field starts empty
      }
    });
  });
})();
