/* The controls of a phone's answer form that need more than plain HTML: a counter of choices
   left, a counter of characters left, a dot placed on a grid, a reorderable list. The page
   (participant.js) passes what they need: its texts, its announcer and how to send. */
(function () {
  "use strict";
  const Live = window.ConvenerLive;
  if (!Live) return;

  Live.answerControls = function (page) {
    const texts = page.texts;
    const say = page.say;
    const send = page.send;

    function bindMulti(form) {
      const max = Number(form.dataset.max || 0);
      const output = form.querySelector("[data-counter]");
      function update(event) {
        const boxes = form.querySelectorAll('input[name="choice"]');
        let chosen = Array.from(boxes).filter(function (b) {
          return b.checked;
        }).length;
        if (max && chosen > max && event && event.target) {
          event.target.checked = false;
          chosen -= 1;
          say((texts.max_reached || "").replace("{max}", max));
        }
        if (output) output.textContent = (texts.chosen || "{n} of {max} chosen").replace("{n}", chosen).replace("{max}", max);
      }
      form.addEventListener("change", update);
      update(null);
    }

    function bindCounter(form) {
      const area = form.querySelector("textarea[name=text]");
      const output = form.querySelector("[data-counter]");
      if (!area || !output) return;
      const max = Number(area.getAttribute("maxlength") || 0);
      const update = Live.throttle(function () {
        output.textContent = (texts.characters_left || "{n} characters left").replace("{n}", max - area.value.length);
      }, 300);
      area.addEventListener("input", update);
      update();
    }

    function bindQuadrant(form) {
      form.querySelectorAll(".quad-grid").forEach(function (grid) {
        const key = grid.dataset.key;
        const dot = grid.querySelector(".quad-dot");
        const svg = grid.querySelector("svg");
        const xInput = form.querySelector('[name="qx:' + key + '"]');
        const yInput = form.querySelector('[name="qy:' + key + '"]');
        function place(x, y, announce) {
          x = Math.max(0, Math.min(100, Math.round(x)));
          y = Math.max(0, Math.min(100, Math.round(y)));
          dot.setAttribute("cx", x);
          dot.setAttribute("cy", 100 - y);
          dot.classList.remove("is-unplaced");
          xInput.value = x;
          yInput.value = y;
          if (announce) say((texts.dot_at || "{x}, {y}").replace("{x}", x).replace("{y}", y));
        }
        function fromPointer(event) {
          const box = svg.getBoundingClientRect();
          place(
            ((event.clientX - box.left) / box.width) * 100,
            100 - ((event.clientY - box.top) / box.height) * 100,
            false,
          );
        }
        let dragging = false;
        svg.addEventListener("pointerdown", function (event) {
          if (form.querySelector("fieldset[disabled]")) return;
          dragging = true;
          svg.setPointerCapture(event.pointerId);
          fromPointer(event);
          event.preventDefault();
        });
        svg.addEventListener("pointermove", function (event) {
          if (dragging) fromPointer(event);
        });
        svg.addEventListener("pointerup", function () {
          if (!dragging) return;
          dragging = false;
          say((texts.dot_at || "{x}, {y}").replace("{x}", xInput.value).replace("{y}", yInput.value));
          send(form);
        });
        grid.addEventListener("keydown", function (event) {
          if (form.querySelector("fieldset[disabled]")) return;
          const step = event.shiftKey ? 1 : 5;
          let x = xInput.value === "" ? 50 : Number(xInput.value);
          let y = yInput.value === "" ? 50 : Number(yInput.value);
          if (event.key === "ArrowLeft") x -= step;
          else if (event.key === "ArrowRight") x += step;
          else if (event.key === "ArrowUp") y += step;
          else if (event.key === "ArrowDown") y -= step;
          else if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            if (xInput.value === "") place(x, y, true);
            send(form);
            return;
          } else return;
          event.preventDefault();
          place(x, y, true);
        });
        [xInput, yInput].forEach(function (input) {
          input.addEventListener("change", function () {
            if (xInput.value !== "" && yInput.value !== "") place(Number(xInput.value), Number(yInput.value), false);
          });
        });
      });
    }

    /* A reorderable list: each option has "move up" and "move down" buttons described by its
       place ("place 2 of 4"); a move is announced, and focus stays on the pressed button even
       at the ends (aria-disabled, not disabled, so it keeps focus). The typed places are for
       pages without JavaScript, so they are hidden here: no invisible focus stops. */
    function bindRanking(form) {
      const list = form.querySelector(".live-ranking");
      if (!list) return;
      const total = list.querySelectorAll(".live-rank").length;
      function placeText(n) {
        return (texts.place_of || "{n}/{total}").replace("{n}", n).replace("{total}", total);
      }
      function renumber() {
        list.querySelectorAll(".live-rank").forEach(function (li, index) {
          const input = li.querySelector("input[type=number]");
          if (input) input.value = index + 1;
          const where = li.querySelector(".live-rank-position");
          if (where) where.textContent = placeText(index + 1);
          const up = li.querySelector("[data-up]");
          const down = li.querySelector("[data-down]");
          if (up) up.setAttribute("aria-disabled", index === 0 ? "true" : "false");
          if (down) down.setAttribute("aria-disabled", index === total - 1 ? "true" : "false");
        });
      }
      function move(li, step) {
        const sibling = step < 0 ? li.previousElementSibling : li.nextElementSibling;
        if (!sibling) return;
        if (step < 0) list.insertBefore(li, sibling);
        else list.insertBefore(sibling, li);
        renumber();
        const position = Array.prototype.indexOf.call(list.children, li) + 1;
        const label = li.querySelector(".live-rank-label").textContent.trim();
        say((texts.moved_to || "{label}: {n}").replace("{label}", label).replace("{n}", placeText(position)), 1);
      }
      const disabled = Boolean(form.querySelector("fieldset[disabled]"));
      list.querySelectorAll(".live-rank").forEach(function (li) {
        const label = li.querySelector(".live-rank-label").textContent.trim();
        const controls = li.querySelector(".live-rank-controls");
        const place = controls.querySelector(".live-rank-place");
        if (place) place.hidden = true;
        const where = document.createElement("span");
        where.className = "live-rank-position visually-hidden";
        where.id = "rank-place-" + li.dataset.key;
        controls.appendChild(where);
        [
          ["data-up", "↑", texts.move_up],
          ["data-down", "↓", texts.move_down],
        ].forEach(function (spec) {
          const button = document.createElement("button");
          button.type = "button";
          button.className = "secondary live-rank-button";
          button.setAttribute(spec[0], "");
          button.textContent = spec[1];
          button.setAttribute("aria-label", (spec[2] || "{label}").replace("{label}", label));
          button.setAttribute("aria-describedby", where.id);
          button.disabled = disabled;
          button.addEventListener("click", function () {
            if (button.getAttribute("aria-disabled") === "true") {
              say((texts.moved_to || "{label}: {n}").replace("{label}", label).replace("{n}", where.textContent), 1);
              return;
            }
            move(li, spec[0] === "data-up" ? -1 : 1);
            button.focus();
          });
          controls.appendChild(button);
        });
        if (!disabled) {
          li.draggable = true;
          li.addEventListener("dragstart", function (event) {
            li.classList.add("is-dragging");
            event.dataTransfer.setData("text/plain", li.dataset.key);
          });
          li.addEventListener("dragend", function () {
            li.classList.remove("is-dragging");
            renumber();
          });
          li.addEventListener("dragover", function (event) {
            event.preventDefault();
            const dragged = list.querySelector(".is-dragging");
            if (!dragged || dragged === li) return;
            const box = li.getBoundingClientRect();
            const after = event.clientY > box.top + box.height / 2;
            list.insertBefore(dragged, after ? li.nextSibling : li);
          });
        }
      });
      renumber();
    }

    return { multi: bindMulti, counter: bindCounter, quadrant: bindQuadrant, ranking: bindRanking };
  };
})();
