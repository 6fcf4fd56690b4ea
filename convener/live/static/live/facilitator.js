/* Facilitator controls: the live panel (answers, moderation, groups' notes, participants)
   follows the staff socket. It is not swapped while a control inside it has focus, so that
   a button never moves under the keyboard or the finger. */
(function () {
  "use strict";
  const Live = window.ConvenerLive;
  const root = document.getElementById("facilitate-live");
  if (!root || !Live) return;
  const texts = Live.strings();
  const say = Live.announcer(5000);
  let waiting = false;

  function busy() {
    const active = document.activeElement;
    return Boolean(active && active !== document.body && root.contains(active) && active.tagName !== "DETAILS");
  }

  function load() {
    if (busy()) {
      waiting = true;
      return;
    }
    const open = Array.from(root.querySelectorAll("details[open]")).map(function (d, i) {
      return i;
    });
    Live.fetchHtml(root.dataset.liveUrl)
      .then(function (html) {
        if (busy()) {
          waiting = true;
          return;
        }
        root.innerHTML = html;
        const details = root.querySelectorAll("details");
        open.forEach(function (i) {
          if (details[i]) details[i].open = true;
        });
        say(texts.updated);
      })
      .catch(function () {});
  }

  const refresh = Live.throttle(load, 2000);
  root.addEventListener("focusout", function () {
    if (waiting) {
      waiting = false;
      setTimeout(refresh, 200);
    }
  });

  function poll() {
    refresh();
    setTimeout(poll, 4000);
  }

  Live.startTimers(texts);
  setInterval(refresh, 10000); // sign-ins do not move the state
  Live.connect({
    path: root.dataset.socket,
    version: function () {
      return 0;
    },
    onMessage: function (message) {
      if (["state", "staff_state", "results", "room", "notes"].includes(message.type)) refresh();
    },
    onForbidden: poll,
    onFallback: poll,
  });
})();
