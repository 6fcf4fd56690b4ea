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
  // The initiative menu: always open on wide screens (CSS hides its "Menu" button there); one
  // group drop-down open at a time, closed by Escape or a click elsewhere.
  var wide = window.matchMedia("(min-width: 48rem)");
  function syncMenu() {
    document.querySelectorAll("[data-nav-menu]").forEach(function (menu) {
      menu.open = wide.matches;
    });
  }
  function closeGroups(except) {
    document.querySelectorAll("[data-nav-group][open]").forEach(function (group) {
      if (group !== except && wide.matches) group.open = false;
    });
  }
  document.addEventListener("toggle", function (event) {
    if (event.target.matches && event.target.matches("[data-nav-group]") && event.target.open) {
      closeGroups(event.target);
    }
  }, true);
  document.addEventListener("click", function (event) {
    if (!event.target.closest || !event.target.closest("[data-nav-group]")) closeGroups(null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = event.target.closest && event.target.closest("[data-nav-group][open]");
    if (open && wide.matches) {
      open.open = false;
      open.querySelector("summary").focus();
    }
  });
  // Tables: label each cell with its column heading so that CSS can stack rows on phones; a
  // table region that still scrolls sideways becomes reachable by keyboard (WCAG 2.1.1).
  function prepareTables() {
    document.querySelectorAll(".table-scroll").forEach(function (region) {
      var table = region.querySelector("table");
      if (!table) return;
      var heads = table.querySelectorAll("thead tr:last-child th");
      var simple = table.querySelectorAll("thead tr").length === 1 && heads.length > 1;
      if (simple && !table.classList.contains("stack") && !table.hasAttribute("data-no-stack")) {
        table.querySelectorAll("tbody tr").forEach(function (row) {
          Array.prototype.forEach.call(row.children, function (cell, i) {
            var label = heads[i] && heads[i].textContent.trim();
            if (label && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", label);
          });
        });
        table.classList.add("stack");
      }
      if (region.scrollWidth > region.clientWidth + 1 && !region.hasAttribute("tabindex")) {
        region.setAttribute("tabindex", "0");
        region.setAttribute("role", "region");
        var caption = table.querySelector("caption");
        var heading = region.closest("section") && region.closest("section").querySelector("h2, h3");
        var name = (caption || heading || {}).textContent || "";
        if (name.trim()) region.setAttribute("aria-label", name.trim());
      }
    });
  }
  function ready() {
    syncMenu();
    prepareTables();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
  if (wide.addEventListener) wide.addEventListener("change", syncMenu);
  window.addEventListener("resize", prepareTables);
  document.addEventListener("htmx:afterSettle", prepareTables);
})();
