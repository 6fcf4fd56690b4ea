/* The projector: follows the staff socket and refetches the current item and its results,
   at most once a second, unless paused. Updates are announced politely, at most every 5 s. */
(function () {
  "use strict";
  const Live = window.ConvenerLive;
  const root = document.getElementById("presenter");
  if (!root || !Live) return;
  const texts = Live.strings();
  const say = Live.announcer(5000);
  const sayQuestion = Live.announcer(300, "live-question-announce");
  const sayResults = Live.announcer(3000, "live-results-announce");
  const pause = root.querySelector("[data-pause]");
  const connection = document.getElementById("presenter-connection");
  const target = document.getElementById("presenter-item");
  let paused = false;
  let missed = false;
  // The item whose figures were last read out (already on screen when the page loaded).
  let revealedFor = target.querySelector("[data-announce]") && currentNode() ? currentNode().dataset.item : null;

  function currentNode() {
    return document.getElementById("presenter-current");
  }

  function load() {
    if (paused) {
      missed = true;
      return;
    }
    const before = currentNode();
    Live.fetchHtml(root.dataset.liveUrl)
      .then(function (html) {
        if (paused) {
          missed = true;
          return;
        }
        // Keep keyboard focus across the rebuild.
        Live.replaceKeepingFocus(target, function () {
          target.innerHTML = html;
          return target;
        });
        const after = currentNode();
        if (after) root.classList.toggle("has-item", Boolean(after.dataset.item));
        Live.startTimers(texts);
        if (!before || !after) return;
        const results = after.querySelector("[data-announce]");
        if (before.dataset.item !== after.dataset.item) {
          const heading = after.querySelector("h2");
          if (heading && after.dataset.item) {
            sayQuestion((texts.new_question || "{prompt}").replace("{prompt}", heading.textContent.trim()));
          } else if (heading) sayQuestion(heading.textContent.trim());
          revealedFor = null;
        } else if (before.dataset.answers !== after.dataset.answers) {
          say((texts.answers_now || "{n}").replace("{n}", after.dataset.answers));
        }
        // The figures once per reveal, in their own region.
        if (!results) revealedFor = null;
        else if (revealedFor !== after.dataset.item) {
          revealedFor = after.dataset.item;
          sayResults(results.dataset.announce);
        }
      })
      .catch(function () {});
  }

  const refresh = Live.throttle(load, 1000);

  if (pause) {
    pause.addEventListener("click", function () {
      paused = !paused;
      pause.setAttribute("aria-pressed", paused ? "true" : "false");
      pause.textContent = paused ? texts.resume : texts.pause;
      if (!paused && missed) {
        missed = false;
        load();
      }
    });
  }

  function poll() {
    refresh();
    setTimeout(poll, 3000);
  }

  /* The keyboard remote, for the trainer at the projector's keyboard (like slide software):
     → / space / PageDown move on and open answering, ← / PageUp go back, R reveals. */
  const controlUrl = root.dataset.controlUrl;
  const csrf = root.querySelector("input[name=csrfmiddlewaretoken]");
  const QUIZZES = ["true_false", "quiz", "classify"];

  function post(action) {
    const body = new URLSearchParams({ action: action });
    if (csrf) body.set("csrfmiddlewaretoken", csrf.value);
    return fetch(controlUrl, { method: "POST", body: body, credentials: "same-origin", redirect: "manual" });
  }

  if (controlUrl) {
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const inField = event.target.closest && event.target.closest("input, textarea, select, button, a");
      if (inField) return;
      const key = event.key;
      let step = null;
      if (key === "ArrowRight" || key === " " || key === "PageDown") {
        step = post("advance");
      } else if (key === "ArrowLeft" || key === "PageUp") {
        step = post("previous");
      } else if (key === "r" || key === "R") {
        const node = currentNode();
        const kind = node ? node.dataset.kind : "";
        step = post("reveal").then(function () {
          if (QUIZZES.includes(kind)) return post("reveal_key");
          return null;
        });
      }
      if (step) {
        event.preventDefault();
        step.then(load).catch(function () {});
      }
    });
  }

  Live.startTimers(texts);
  // Sign-ins do not move the state: refresh now and then so the count of people stays true.
  setInterval(refresh, 8000);
  Live.connect({
    path: root.dataset.socket,
    version: function () {
      return 0;
    },
    onOpen: function () {
      if (connection) connection.textContent = "";
    },
    onMessage: function (message) {
      if (["state", "staff_state", "results", "room"].includes(message.type)) refresh();
    },
    onDown: function () {
      if (connection) connection.textContent = texts.reconnecting;
    },
    onForbidden: poll,
    onFallback: function () {
      if (connection) connection.textContent = texts.polling;
      poll();
    },
  });
})();
