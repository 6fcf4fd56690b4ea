/* Shared pieces of the live-session pages: the socket with reconnect and polling fallback,
   throttled announcements for screen readers, countdown timers, fragment refresh.
   No inline script anywhere (CSP): pages pass data in data-* attributes and a JSON block. */
(function () {
  "use strict";

  function strings() {
    const node = document.getElementById("live-strings");
    try {
      return node ? JSON.parse(node.textContent) : {};
    } catch (e) {
      return {};
    }
  }

  /* Say something politely in the region with id `id` (default "live-announce"): a message
     waits until the previous one has been up `gap` ms, and a pending message is never replaced
     by one of lower rank (rank 0 unless given). The same words twice are still read twice. */
  function announcer(gap, id) {
    const region = document.getElementById(id || "live-announce");
    let last = 0;
    let pending = null;
    let timer = null;
    function flush() {
      timer = null;
      if (!region || pending === null) return;
      const text = pending.text;
      region.textContent = region.textContent === text ? text + "\u00a0" : text;
      pending = null;
      last = Date.now();
    }
    return function (text, rank) {
      if (!text) return;
      rank = rank || 0;
      if (pending && pending.rank > rank) return;
      pending = { text: text, rank: rank };
      const wait = Math.max(0, last + gap - Date.now());
      if (!timer) timer = setTimeout(flush, wait);
    };
  }

  /* Replace `before` with `after` (or run `swap`), keeping keyboard focus on the same control
     or its nearest equivalent (see ConvenerFocus in convener.js); `fallback` gets focus when
     the control is gone and nothing like it is left. Return whether focus was inside. */
  function replaceKeepingFocus(region, swap, fallback) {
    const Focus = window.ConvenerFocus;
    const memo = Focus ? Focus.remember(region) : null;
    const fresh = swap() || region;
    if (memo && Focus) Focus.restore(fresh, memo, fallback ? fallback(fresh) : null);
    return Boolean(memo);
  }

  /* Open a WebSocket, say hello, reconnect with backoff; after 3 failed connects (or with no
     WebSocket support at all) call onFallback() once so the page can poll instead. */
  function connect(options) {
    const state = { socket: null, failures: 0, backoff: 1000, stopped: false, fellBack: false };
    function fallBack() {
      if (state.fellBack) return;
      state.fellBack = true;
      state.stopped = true;
      if (options.onFallback) options.onFallback();
    }
    function open() {
      if (state.stopped) return;
      if (!("WebSocket" in window)) {
        fallBack();
        return;
      }
      const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
      let opened = false;
      let socket;
      try {
        socket = new WebSocket(scheme + window.location.host + options.path);
      } catch (e) {
        state.failures += 1;
        if (state.failures >= 3) fallBack();
        else setTimeout(open, state.backoff);
        return;
      }
      state.socket = socket;
      socket.addEventListener("open", function () {
        opened = true;
        state.failures = 0;
        state.backoff = 1000;
        socket.send(JSON.stringify({ type: "hello", version: options.version() }));
        if (options.onOpen) options.onOpen(socket);
      });
      socket.addEventListener("message", function (event) {
        let message;
        try {
          message = JSON.parse(event.data);
        } catch (e) {
          return;
        }
        options.onMessage(message);
      });
      socket.addEventListener("close", function (event) {
        state.socket = null;
        if (event.code === 4403) {
          if (options.onForbidden) options.onForbidden();
          return;
        }
        if (!opened) state.failures += 1;
        if (state.failures >= 3) {
          fallBack();
          return;
        }
        if (options.onDown) options.onDown();
        const wait = state.backoff + Math.random() * 500;
        state.backoff = Math.min(state.backoff * 2, 15000);
        setTimeout(open, wait);
      });
    }
    open();
    // Keep the connection warm through proxies that drop idle sockets.
    setInterval(function () {
      if (state.socket && state.socket.readyState === 1) {
        state.socket.send(JSON.stringify({ type: "ping" }));
      }
    }, 25000);
    return {
      send: function (message) {
        if (state.socket && state.socket.readyState === 1) {
          state.socket.send(JSON.stringify(message));
          return true;
        }
        return false;
      },
      isOpen: function () {
        return Boolean(state.socket && state.socket.readyState === 1);
      },
      fellBack: function () {
        return state.fellBack;
      },
    };
  }

  /* Call fn at most once per `gap` ms (trailing call guaranteed). */
  function throttle(fn, gap) {
    let last = 0;
    let timer = null;
    return function () {
      const wait = Math.max(0, last + gap - Date.now());
      if (timer) return;
      timer = setTimeout(function () {
        timer = null;
        last = Date.now();
        fn();
      }, wait);
    };
  }

  function fetchHtml(url) {
    return fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } }).then(
      function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      },
    );
  }

  function fragment(html) {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  /* Countdown for every [data-ends] timer inside root. */
  let timerLoop = null;
  function startTimers(texts) {
    if (timerLoop) clearInterval(timerLoop);
    function tick() {
      const timers = document.querySelectorAll(".live-timer[data-ends]");
      timers.forEach(function (node) {
        const left = Math.round((Date.parse(node.dataset.ends) - Date.now()) / 1000);
        if (left <= 0) {
          node.textContent = texts.times_up || "Time is up";
          node.classList.add("is-done");
          return;
        }
        const minutes = Math.floor(left / 60);
        const seconds = String(left % 60).padStart(2, "0");
        node.textContent = (texts.time_left || "{time}").replace("{time}", minutes + ":" + seconds);
      });
    }
    tick();
    timerLoop = setInterval(tick, 1000);
  }

  window.ConvenerLive = {
    strings: strings,
    announcer: announcer,
    replaceKeepingFocus: replaceKeepingFocus,
    connect: connect,
    throttle: throttle,
    fetchHtml: fetchHtml,
    fragment: fragment,
    startTimers: startTimers,
  };
})();
