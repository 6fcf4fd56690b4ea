// Worksheet autosave, rows, registry-link search and the 2×2 grid.
// Without this script the page still works: every Save button posts the whole form.
(function () {
  "use strict";

  const form = document.getElementById("ws-form");
  if (!form) return;
  const saveUrl = form.dataset.autosaveUrl;
  const searchUrl = form.dataset.searchUrl;
  const draftPrefix = form.dataset.draftKey + ":";
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  // Words come from Django's JavaScript catalogue (the page loads it first); English if absent.
  const t = window.gettext || ((text) => text);
  const words = {
    saving: t("Saving…"),
    saved: t("Saved."),
    failed: t("Could not save; your text is kept in this browser and will be tried again."),
    restored: t("Unsaved text from an earlier visit was restored."),
    conflict: t(
      "Someone else saved this answer while you were typing. Your version is still in the form."
    ),
    theirs: t("Their version:"),
    empty: t("(empty)"),
    keepMine: t("Keep mine"),
    useTheirs: t("Use theirs"),
    keepBoth: t("Keep both texts"),
    placed: t("Dot at"),
  };

  const fields = new Map();
  document.querySelectorAll("[data-field]").forEach((box) => fields.set(box.dataset.field, box));
  const note = document.querySelector("[data-autosave-note]");
  if (note) note.hidden = false;

  // -- reading a field's inputs ---------------------------------------------------------
  function inputsOf(box) {
    return Array.from(box.querySelectorAll("input[name], textarea[name], select[name]")).filter(
      (el) => !el.closest("template") && !el.name.startsWith("_v.")
    );
  }

  function entriesOf(box) {
    const entries = [];
    inputsOf(box).forEach((el) => {
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) return;
      entries.push([el.name, el.value]);
    });
    return entries;
  }

  function versionInput(box) {
    return box.querySelector("input[data-version]");
  }

  function status(box, text, isError) {
    const out = box.querySelector("[data-status]");
    if (!out) return;
    out.textContent = text;
    out.classList.toggle("ws-error", Boolean(isError));
  }

  // -- drafts kept in this browser until the server has them ----------------------------
  function saveDraft(box) {
    try {
      localStorage.setItem(draftPrefix + box.dataset.field, JSON.stringify(entriesOf(box)));
    } catch (error) {
      /* storage full or disabled: autosave still runs */
    }
  }

  function dropDraft(box) {
    try {
      localStorage.removeItem(draftPrefix + box.dataset.field);
    } catch (error) {
      /* nothing to drop */
    }
  }

  function restoreDraft(box) {
    let entries;
    try {
      entries = JSON.parse(localStorage.getItem(draftPrefix + box.dataset.field) || "null");
    } catch (error) {
      entries = null;
    }
    if (!Array.isArray(entries)) return false;
    const current = JSON.stringify(entriesOf(box));
    if (current === JSON.stringify(entries)) {
      dropDraft(box);
      return false;
    }
    const rows = box.querySelector("[data-rows]");
    if (rows) {
      const wanted = new Set();
      entries.forEach(([name]) => {
        const match = name.slice(box.dataset.field.length + 1).match(/^(\d+)\./);
        if (match) wanted.add(match[1]);
      });
      wanted.forEach((index) => {
        if (!box.querySelector(`[name^="${box.dataset.field}.${index}."]`)) addRow(rows, index);
      });
    }
    const values = new Map();
    entries.forEach(([name, value]) => {
      if (!values.has(name)) values.set(name, []);
      values.get(name).push(value);
    });
    inputsOf(box).forEach((el) => {
      const given = values.get(el.name) || [];
      if (el.type === "checkbox" || el.type === "radio") el.checked = given.includes(el.value);
      else el.value = given.length ? given[0] : "";
    });
    box.querySelectorAll("[data-quadrant]").forEach(drawDot);
    return true;
  }

  // -- saving one field -----------------------------------------------------------------
  const timers = new Map();
  const busy = new Map();

  function schedule(box, delay) {
    saveDraft(box);
    status(box, "");
    clearTimeout(timers.get(box));
    timers.set(
      box,
      setTimeout(() => {
        timers.delete(box);
        save(box);
      }, delay)
    );
  }

  async function save(box) {
    if (busy.get(box)) {
      busy.set(box, "again");
      return;
    }
    busy.set(box, true);
    status(box, words.saving);
    const body = new FormData();
    body.append("csrfmiddlewaretoken", csrf);
    body.append("_field", box.dataset.field);
    body.append("_v." + box.dataset.field, versionInput(box).value);
    entriesOf(box).forEach(([name, value]) => body.append(name, value));
    try {
      const response = await fetch(saveUrl, {
        method: "POST",
        body,
        headers: { "X-CSRFToken": csrf, Accept: "application/json" },
        credentials: "same-origin",
      });
      const answer = await response.json();
      if (answer.status === "saved") {
        versionInput(box).value = answer.version;
        dropDraft(box);
        clearConflict(box);
        if (!timers.has(box) && busy.get(box) !== "again") status(box, words.saved);
        progress(answer.completion);
      } else if (answer.status === "conflict") {
        showConflict(box, answer);
      } else {
        status(box, answer.error || words.failed, true);
      }
    } catch (error) {
      status(box, words.failed, true);
      setTimeout(() => schedule(box, 0), 15000);
    } finally {
      const again = busy.get(box) === "again";
      busy.delete(box);
      if (again) save(box);
    }
  }

  function progress(completion) {
    const bar = document.querySelector("[data-progress]");
    const text = document.querySelector("[data-progress-text]");
    if (!bar || typeof completion !== "number") return;
    const total = Number(bar.max);
    const done = Math.round((completion * total) / 100);
    bar.value = done;
    if (text) text.textContent = text.textContent.replace(/^\d+/, String(done));
  }

  // -- conflicts: show both versions, let the person choose -------------------------------
  function clearConflict(box) {
    box.querySelectorAll(".ws-conflict").forEach((el) => el.remove());
    box.classList.remove("ws-has-conflict");
  }

  function showConflict(box, answer) {
    clearConflict(box);
    box.classList.add("ws-has-conflict");
    status(box, words.conflict, true);
    const panel = document.createElement("div");
    panel.className = "ws-conflict";
    panel.setAttribute("role", "alert");
    const intro = document.createElement("p");
    intro.textContent = words.conflict;
    const label = document.createElement("p");
    label.textContent = words.theirs;
    const theirs = document.createElement("pre");
    theirs.className = "ws-theirs";
    theirs.textContent = answer.theirs_text || words.empty;
    const actions = document.createElement("div");
    actions.className = "actions";
    const button = (text, handler) => {
      const el = document.createElement("button");
      el.type = "button";
      el.className = "secondary";
      el.textContent = text;
      el.addEventListener("click", handler);
      actions.appendChild(el);
    };
    button(words.keepMine, () => {
      versionInput(box).value = answer.theirs_version;
      clearConflict(box);
      save(box);
    });
    const text = box.querySelector("textarea[name], input[type=text][name]");
    const single = inputsOf(box).length === 1 && text && typeof answer.theirs_value === "string";
    if (single) {
      button(words.keepBoth, () => {
        text.value = answer.theirs_value + "\n\n" + text.value;
        versionInput(box).value = answer.theirs_version;
        clearConflict(box);
        save(box);
      });
    }
    button(words.useTheirs, () => {
      dropDraft(box);
      window.location.reload();
    });
    panel.append(intro, label, theirs, actions);
    versionInput(box).after(panel);
  }

  // -- rows -----------------------------------------------------------------------------
  function nextIndex(rows) {
    let highest = -1;
    const prefix = rows.dataset.rowsName + ".";
    rows.querySelectorAll("[name]").forEach((el) => {
      if (el.closest("template") || !el.name.startsWith(prefix)) return;
      const match = el.name.slice(prefix.length).match(/^(\d+)\./);
      if (match) highest = Math.max(highest, Number(match[1]));
    });
    return highest + 1;
  }

  function addRow(rows, index) {
    const template = rows.querySelector("template[data-row-template]");
    const list = rows.querySelector("[data-rows-list]");
    const at = index === undefined ? nextIndex(rows) : Number(index);
    const number = list.querySelectorAll("[data-row]").length + 1;
    const html = template.innerHTML.replaceAll("__i__", String(at)).replaceAll("__n__", String(number));
    const holder = document.createElement("div");
    holder.innerHTML = html;
    const row = holder.firstElementChild;
    list.appendChild(row);
    row.querySelectorAll("[data-quadrant]").forEach(setUpQuadrant);
    return row;
  }

  document.addEventListener("click", (event) => {
    const add = event.target.closest("[data-add-row]");
    if (add) {
      event.preventDefault();
      const row = addRow(add.closest("[data-rows]"));
      const first = row.querySelector("input, textarea, select");
      if (first) first.focus();
      return;
    }
    const remove = event.target.closest("[data-remove-row]");
    if (remove) {
      event.preventDefault();
      const box = remove.closest("[data-field]");
      const rows = remove.closest("[data-rows]");
      remove.closest("[data-row]").remove();
      const focus = rows.querySelector("[data-add-row]");
      if (focus) focus.focus();
      schedule(box, 0);
    }
  });

  // -- typing and choosing --------------------------------------------------------------
  document.addEventListener("input", (event) => {
    const box = event.target.closest && event.target.closest("[data-field]");
    if (!box || event.target.name === undefined) return;
    if (event.target.matches("[data-registry-link]")) linkTyped(event.target);
    schedule(box, 900);
  });
  document.addEventListener("change", (event) => {
    const box = event.target.closest && event.target.closest("[data-field]");
    if (!box) return;
    if (event.target.matches("[data-quadrant-x], [data-quadrant-y]")) {
      drawDot(event.target.closest("[data-quadrant]"));
    }
    schedule(box, 150);
  });

  // -- registry links ---------------------------------------------------------------------
  let searchTimer = null;
  function linkTyped(input) {
    const hidden = input.parentElement.querySelector("[data-registry-id]");
    if (hidden) hidden.value = "";
    if (!searchUrl) return;
    clearTimeout(searchTimer);
    searchTimer = setTimeout(async () => {
      const query = input.value.trim();
      if (query.length < 2) return;
      try {
        const response = await fetch(searchUrl + "?q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
        const answer = await response.json();
        const list = document.getElementById("ws-stakeholders");
        list.replaceChildren(
          ...answer.results.map((found) => {
            const option = document.createElement("option");
            option.value = found.name;
            return option;
          })
        );
      } catch (error) {
        /* typing a new name still works */
      }
    }, 250);
  }

  // -- the 2×2 grid -----------------------------------------------------------------------
  function point(box) {
    const x = box.querySelector("[data-quadrant-x]");
    const y = box.querySelector("[data-quadrant-y]");
    return { x, y, vx: x.value === "" ? null : Number(x.value), vy: y.value === "" ? null : Number(y.value) };
  }

  function drawDot(box) {
    const dot = box.querySelector("[data-quadrant-dot]");
    if (!dot) return;
    const { vx, vy } = point(box);
    dot.hidden = vx === null || vy === null;
    if (!dot.hidden) {
      dot.style.left = vx + "%";
      dot.style.top = 100 - vy + "%";
    }
  }

  function place(box, x, y) {
    const p = point(box);
    p.x.value = String(Math.max(0, Math.min(100, Math.round(x))));
    p.y.value = String(Math.max(0, Math.min(100, Math.round(y))));
    drawDot(box);
    const field = box.closest("[data-field]");
    schedule(field, 400);
    status(field, `${words.placed} x ${p.x.value}, y ${p.y.value}`);
  }

  function setUpQuadrant(box) {
    const area = box.querySelector("[data-quadrant-area]");
    const grid = box.querySelector("[data-quadrant-grid]");
    if (!area || !grid || grid.dataset.ready) return;
    grid.dataset.ready = "1";
    area.hidden = false;
    drawDot(box);
    const fromPointer = (event) => {
      const rect = grid.getBoundingClientRect();
      place(box, ((event.clientX - rect.left) / rect.width) * 100, (1 - (event.clientY - rect.top) / rect.height) * 100);
    };
    grid.addEventListener("pointerdown", (event) => {
      grid.setPointerCapture(event.pointerId);
      grid.focus();
      fromPointer(event);
    });
    grid.addEventListener("pointermove", (event) => {
      if (grid.hasPointerCapture(event.pointerId)) fromPointer(event);
    });
    grid.addEventListener("keydown", (event) => {
      const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
      const move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      const step = event.shiftKey ? 1 : 5;
      const { vx, vy } = point(box);
      place(box, (vx === null ? 50 : vx) + move[0] * step, (vy === null ? 50 : vy) + move[1] * step);
    });
  }

  document.querySelectorAll("[data-quadrant]").forEach((box) => {
    if (!box.closest("template")) setUpQuadrant(box);
  });

  // -- unsaved text from an earlier visit -------------------------------------------------
  fields.forEach((box) => {
    if (box.classList.contains("ws-has-conflict")) return;
    if (restoreDraft(box)) {
      schedule(box, 500);
      status(box, words.restored);
    }
  });
})();
