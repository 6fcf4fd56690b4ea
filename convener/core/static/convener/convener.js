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
  /* Focus that survives a region being replaced (htmx swaps, live pushes, job status polls).
     remember(region) describes the focused control if it is inside region; restore(region,
     memo, fallback) focuses the same control in the new region, else its nearest equivalent
     (same name and value, same text, or the control at the same place), else fallback, else
     the region itself. */
  var FOCUSABLE =
    'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), ' +
    'select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

  function focusables(region) {
    return Array.prototype.filter.call(region.querySelectorAll(FOCUSABLE), function (node) {
      // :disabled also covers controls inside a disabled fieldset (a closed question).
      return !node.hidden && !node.matches(":disabled") && node.getClientRects().length > 0;
    });
  }

  function remember(region) {
    var active = document.activeElement;
    if (!region || !active || active === document.body || !region.contains(active)) return null;
    var keyed = active.closest("[data-key]");
    return {
      id: active.id,
      name: active.getAttribute("name"),
      value: active.value,
      tag: active.tagName,
      text: (active.textContent || "").trim(),
      key: keyed && region.contains(keyed) ? keyed.getAttribute("data-key") : null,
      marks: ["data-up", "data-down"].filter(function (mark) {
        return active.hasAttribute(mark);
      }),
      index: focusables(region).indexOf(active),
    };
  }

  function find(region, memo) {
    var byId = memo.id ? document.getElementById(memo.id) : null;
    if (byId && region.contains(byId)) return byId;
    var candidates = focusables(region);
    var match = candidates.filter(function (node) {
      if (memo.name) return node.getAttribute("name") === memo.name && node.value === memo.value;
      if (memo.key !== null) {
        var keyed = node.closest("[data-key]");
        if (!keyed || keyed.getAttribute("data-key") !== memo.key) return false;
        return memo.marks.every(function (mark) {
          return node.hasAttribute(mark);
        });
      }
      return node.tagName === memo.tag && (node.textContent || "").trim() === memo.text;
    })[0];
    if (match) return match;
    if (memo.index >= 0 && candidates.length) return candidates[Math.min(memo.index, candidates.length - 1)];
    return null;
  }

  function restore(region, memo, fallback) {
    if (!region || !memo) return null;
    var tries = [find(region, memo), fallback, region];
    for (var i = 0; i < tries.length; i += 1) {
      var target = tries[i];
      if (!target) continue;
      if (!target.matches(FOCUSABLE) && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: false });
      if (document.activeElement === target) return target;
    }
    return null;
  }

  window.ConvenerFocus = { remember: remember, restore: restore };

  // htmx: keep focus on the same control when the region holding it is swapped.
  var pending = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    pending = target ? { id: target.id, memo: remember(target) } : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!pending || !pending.memo) return;
    var region = pending.id ? document.getElementById(pending.id) : null;
    var memo = pending.memo;
    pending = null;
    if (region && (document.activeElement === document.body || !document.activeElement)) {
      restore(region, memo, null);
    }
  });
  // After a failed submit, start at the error summary; its links move focus to their field.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary && (!document.activeElement || document.activeElement === document.body)) summary.focus();
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    // A group drawn by its own template may use other ids: then its first control by name.
    var field =
      document.getElementById(link.getAttribute("href").slice(1)) ||
      document.querySelector('[name="' + link.getAttribute("data-field") + '"]');
    if (!field) return;
    event.preventDefault();
    field.focus();
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
