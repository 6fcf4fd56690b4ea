/* A participant's phone: answers go over the WebSocket through an outbox kept in
   localStorage until the server acknowledges them (a dropped connection loses no vote);
   when the socket cannot be held, the page polls and posts instead. Without JavaScript the
   plain forms still work. */
(function () {
  "use strict";
  const Live = window.ConvenerLive;
  const root = document.getElementById("live");
  if (!root || !Live) return;

  const texts = Live.strings();
  const code = root.dataset.code;
  const csrf = root.dataset.csrf;
  const outboxKey = "convener-live-outbox-" + code;
  const say = Live.announcer(4000);
  const sayQuestion = Live.announcer(300, "live-question-announce");
  const sayResults = Live.announcer(3000, "live-results-announce");
  const connection = document.getElementById("live-connection");
  // The answer controls (answer-controls.js) send through this page's outbox.
  const controls = Live.answerControls({ texts: texts, say: say, send: send });
  let link = null;
  let polling = false;
  let version = Number((current() || {}).dataset ? current().dataset.version : 0) || 0;
  let counter = 0;
  // The item whose figures were last read out: once per reveal, not on every vote after it.
  let revealedFor = current() && current().dataset.revealed === "1" ? current().dataset.item : null;

  function current() {
    return document.getElementById("live-item");
  }

  function setConnection(text) {
    if (connection) connection.textContent = text || "";
  }

  function messageId() {
    counter += 1;
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 8) + "-" + counter;
  }

  /* --- Outbox --- */

  function loadOutbox() {
    try {
      return JSON.parse(window.localStorage.getItem(outboxKey) || "[]");
    } catch (e) {
      return [];
    }
  }

  function saveOutbox(list) {
    try {
      window.localStorage.setItem(outboxKey, JSON.stringify(list));
    } catch (e) {
      /* private mode: the outbox lives only in memory for this page */
    }
  }

  function enqueue(message) {
    // Only the latest answer to an item matters.
    const list = loadOutbox().filter(function (m) {
      return !(m.type === message.type && m.item === message.item);
    });
    list.push(message);
    saveOutbox(list);
    flush();
  }

  function flush() {
    const list = loadOutbox();
    list.forEach(function (message) {
      if (polling) postVote(message);
      else if (link) link.send(message);
    });
  }

  function acknowledged(message) {
    const list = loadOutbox();
    const sent = list.find(function (m) {
      return m.id === message.id;
    });
    saveOutbox(
      list.filter(function (m) {
        return m.id !== message.id;
      }),
    );
    const form = document.querySelector('.live-answer[data-item="' + (sent ? sent.item : message.item) + '"]');
    const status = form ? form.querySelector(".live-saved") : null;
    if (message.ok) {
      if (status) status.textContent = texts.saved;
    } else {
      const error = message.error || {};
      if (status) status.textContent = error.message || texts.not_saved;
      if (form) form.classList.add("has-error");
    }
  }

  function postVote(message) {
    fetch(root.dataset.voteUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(message),
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (answer) {
        acknowledged(Object.assign({ id: message.id }, answer));
      })
      .catch(function () {
        /* stays in the outbox; the next poll resends it */
      });
  }

  /* --- Reading an answer from the form --- */

  /* The server decides which answer form an item shows (data-form) and how it behaves
     (data-instant: sent on every change; data-reason: a reason in words goes with it). */
  function valueOf(form) {
    const shape = form.dataset.form;
    const data = new FormData(form);
    const text = (data.get("text") || "").toString();
    if (shape === "choice") {
      const choice = data.get("choice");
      return choice ? { value: choice, text: "reason" in form.dataset ? text : "" } : null;
    }
    if (shape === "true_false") {
      const choice = data.get("choice");
      return choice ? { value: choice === "true", text: "" } : null;
    }
    if (shape === "choices") {
      const chosen = data.getAll("choice");
      return chosen.length ? { value: chosen, text: "" } : null;
    }
    if (shape === "rating" || shape === "classify") {
      const prefix = shape === "rating" ? "r:" : "c:";
      const value = {};
      data.forEach(function (raw, name) {
        if (name.startsWith(prefix) && raw !== "") {
          value[name.slice(2)] = shape === "rating" ? Number(raw) : raw;
        }
      });
      return Object.keys(value).length ? { value: value, text: "" } : null;
    }
    if (shape === "quadrant") {
      const value = {};
      form.querySelectorAll(".quad-grid").forEach(function (grid) {
        const key = grid.dataset.key;
        const x = data.get("qx:" + key);
        const y = data.get("qy:" + key);
        if (x !== null && x !== "" && y !== null && y !== "") {
          value[key] = { x: Number(x), y: Number(y) };
        }
      });
      return Object.keys(value).length ? { value: value, text: "" } : null;
    }
    if (shape === "open_text") {
      return text.trim() ? { value: text.trim(), text: text.trim() } : null;
    }
    if (shape === "ranking") {
      const order = Array.from(form.querySelectorAll(".live-rank")).map(function (li) {
        return li.dataset.key;
      });
      return { value: order, text: "" };
    }
    return null;
  }

  function send(form) {
    const answer = valueOf(form);
    const status = form.querySelector(".live-saved");
    form.classList.remove("has-error");
    if (!answer) {
      if (status) status.textContent = texts.choose_first;
      return;
    }
    if (status) status.textContent = texts.sending;
    enqueue({
      type: "vote",
      id: messageId(),
      item: Number(form.dataset.item),
      value: answer.value,
      text: answer.text,
    });
  }

  function bindNotes() {
    const form = document.querySelector(".live-notes");
    if (!form || polling) return;
    const area = form.querySelector("textarea");
    const base = form.querySelector("[name=base_version]");
    const status = form.querySelector(".live-notes-status");
    form.dataset.dirty = "";
    const save = Live.throttle(function () {
      if (!link || !link.isOpen()) return;
      status.textContent = texts.saving;
      link.send({
        type: "notes",
        id: "notes-" + messageId(),
        group: Number(form.dataset.group),
        notes: area.value,
        base_version: Number(base.value),
      });
    }, 1500);
    area.addEventListener("input", function () {
      form.dataset.dirty = "1";
      save();
    });
    form.addEventListener("submit", function (event) {
      if (link && link.isOpen()) {
        event.preventDefault();
        save();
      }
    });
  }

  function notesAck(message) {
    const form = document.querySelector(".live-notes");
    if (!form) return;
    const area = form.querySelector("textarea");
    const base = form.querySelector("[name=base_version]");
    const status = form.querySelector(".live-notes-status");
    if (message.ok) {
      base.value = message.version;
      form.dataset.dirty = "";
      status.textContent = texts.notes_saved;
    } else if (message.error && message.error.code === "conflict") {
      const mine = area.value;
      area.value = message.notes || "";
      base.value = message.version;
      status.textContent = texts.notes_conflict;
      // Keep what this person wrote, below the group's newer notes, to merge by hand.
      if (mine.trim() && mine !== area.value) area.value = area.value + "\n\n" + mine;
    } else {
      status.textContent = (message.error && message.error.message) || texts.not_saved;
    }
  }

  function keepNotesStatus(before, after) {
    // "Notes saved" (or a conflict warning) outlives a refresh of the same group's area.
    const old = before.querySelector(".live-notes");
    const fresh = after.querySelector(".live-notes");
    if (!old || !fresh || old.dataset.group !== fresh.dataset.group) return;
    const said = old.querySelector(".live-notes-status");
    const slot = fresh.querySelector(".live-notes-status");
    if (said && slot) slot.textContent = said.textContent;
  }

  function notesPushed(message) {
    const form = document.querySelector('.live-notes[data-group="' + message.group + '"]');
    if (!form) return;
    const base = form.querySelector("[name=base_version]");
    if (Number(base.value) >= Number(message.version)) return;
    if (form.dataset.dirty) {
      form.querySelector(".live-notes-status").textContent = texts.notes_newer;
      return;
    }
    form.querySelector("textarea").value = message.notes;
    base.value = message.version;
  }

  function bind() {
    const form = document.querySelector(".live-answer");
    if (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        send(form);
      });
      const shape = form.dataset.form;
      if ("instant" in form.dataset) {
        form.addEventListener("change", function () {
          send(form);
        });
      }
      if (shape === "choices") controls.multi(form);
      if (shape === "open_text" || "reason" in form.dataset) controls.counter(form);
      if (shape === "quadrant") controls.quadrant(form);
      if (shape === "ranking") controls.ranking(form);
      form.dataset.dirty = "";
      form.addEventListener("input", function () {
        form.dataset.dirty = "1";
      });
    }
    bindNotes();
    Live.startTimers(texts);
  }

  /* --- Following the session --- */

  function heading(node) {
    return node.querySelector("h1");
  }

  /* Focus has nowhere to stay when it was on the page itself or inside the replaced item. */
  function focusFreeIn(node) {
    const active = document.activeElement;
    return !active || active === document.body || active.id === "main" || node.contains(active);
  }

  function retitle(node) {
    if (node.dataset.title) document.title = node.dataset.title.trim();
  }

  /* Read the figures once per reveal (not on every vote after it), in their own region. */
  function announceResults(node) {
    if (node.dataset.revealed !== "1") {
      revealedFor = null;
      return;
    }
    const results = node.querySelector(".live-results");
    if (!results || revealedFor === node.dataset.item) return;
    revealedFor = node.dataset.item;
    sayResults(results.dataset.announce);
  }

  function updateInPlace(now, next) {
    // Same question in the same state: keep the answer being given (and its focus);
    // bring in only what moved around it: status and timer, results, breakout group.
    const notes = now.querySelector(".live-notes");
    const notesBusy = Boolean(notes && notes.dataset.dirty);
    [".live-status", ".live-results", ".live-breakout-area"].forEach(function (selector) {
      if (selector === ".live-breakout-area" && notesBusy) return;
      const before = now.querySelector(selector);
      const after = next.querySelector(selector);
      if (selector === ".live-breakout-area" && before && after) keepNotesStatus(before, after);
      if (before && after) {
        Live.replaceKeepingFocus(before, function () {
          before.replaceWith(after);
          return after;
        });
      } else if (before) before.remove();
      else if (after) now.querySelector(".live-item").appendChild(after);
    });
    now.dataset.version = next.dataset.version;
    now.dataset.revealed = next.dataset.revealed;
    version = Number(next.dataset.version) || version;
    if (!notesBusy) bindNotes();
    Live.startTimers(texts);
    retitle(next);
    if (next.querySelector(".live-breakout-area")) say(texts.updated);
    announceResults(now);
  }

  function replaceItem(now, next) {
    const itemChanged = next.dataset.item !== now.dataset.item;
    const keyShown = next.dataset.key === "1" && now.dataset.key !== "1";
    const free = focusFreeIn(now);
    const Focus = window.ConvenerFocus;
    // The same question in a new state (opened, closed, answer shown): the same control keeps
    // focus. A new question: its heading takes focus, unless focus was elsewhere on the page.
    const memo = !itemChanged && Focus ? Focus.remember(now) : null;
    now.replaceWith(next);
    version = Number(next.dataset.version) || version;
    bind();
    retitle(next);
    const title = heading(next);
    if (memo) Focus.restore(next, memo, title);
    else if (free && title) title.focus();
    if (itemChanged) {
      // The last question's figures are not this one's.
      const figures = document.getElementById("live-results-announce");
      if (figures) figures.textContent = "";
      const prompt = title ? title.textContent.trim() : "";
      sayQuestion(next.dataset.item ? (texts.new_question || "{prompt}").replace("{prompt}", prompt) : prompt);
    } else {
      const badge = next.querySelector(".live-status .badge");
      if (badge) say(badge.textContent.trim());
    }
    if (keyShown) {
      const feedback = next.querySelector(".live-feedback");
      if (feedback) say(feedback.textContent.replace(/\s+/g, " ").trim(), 1);
    }
    announceResults(next);
  }

  function refresh() {
    Live.fetchHtml(root.dataset.currentUrl)
      .then(function (html) {
        const next = Live.fragment(html);
        const now = current();
        if (!next || !now) return;
        const same =
          next.dataset.item === now.dataset.item &&
          next.dataset.status === now.dataset.status &&
          next.dataset.key === now.dataset.key;
        if (same) updateInPlace(now, next);
        else replaceItem(now, next);
      })
      .catch(function () {
        /* the next message or poll tries again */
      });
  }

  const refreshResults = Live.throttle(refresh, 4000);

  function handle(message) {
    if (message.type === "state") {
      if (Number(message.version) !== version) {
        version = Number(message.version);
        refresh();
      }
    } else if (message.type === "results") {
      const now = current();
      if (now && String(message.item) === now.dataset.item) refreshResults();
    } else if (message.type === "ack") {
      if (String(message.id || "").startsWith("notes-")) notesAck(message);
      else acknowledged(message);
    } else if (message.type === "notes") {
      notesPushed(message);
    }
  }

  function poll() {
    fetch(root.dataset.pollUrl + "?v=" + version, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (answer) {
        if (!answer) return;
        const state = answer.state || {};
        if (state.version !== undefined && Number(state.version) !== version) {
          version = Number(state.version);
          refresh();
        } else if (answer.results && current() && current().dataset.revealed === "1") {
          refreshResults();
        }
        flush();
      })
      .catch(function () {
        setConnection(texts.offline);
      })
      .finally(function () {
        setTimeout(poll, 3000 + Math.random() * 1500);
      });
  }

  function startPolling() {
    polling = true;
    link = null;
    setConnection(texts.polling);
    flush();
    poll();
  }

  bind();
  link = Live.connect({
    path: root.dataset.socket,
    version: function () {
      return version;
    },
    onOpen: function () {
      setConnection("");
      flush();
    },
    onMessage: handle,
    onDown: function () {
      setConnection(texts.reconnecting);
    },
    onForbidden: startPolling,
    onFallback: startPolling,
  });
})();
