// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // ---- Read-aloud: one player per page, so starting a clip stops the one before. ----------
  function bar() { return document.querySelector("[data-read-aloud]"); }
  function player() { var b = bar(); return b ? b.querySelector("audio") : null; }

  // `which` is the bar a clip belongs to: a clip from a page already swapped away (its
  // player is paused when removed) must not hide the Stopp button of the page now shown.
  function showPlaying(playing, which) {
    var b = bar();
    if (!b || (which && which !== b)) return;
    var stopButton = b.querySelector(".stop-audio");
    var listen = b.querySelector(".listen-page");
    var focused = document.activeElement;
    stopButton.hidden = !playing;
    b.classList.toggle("playing", playing);
    // The two share one place: the keyboard's focus goes with the one that is shown.
    if (playing && focused === listen) stopButton.focus();
    if (!playing && focused === stopButton) listen.focus();
  }

  // Clips still to play after this one (a pause page reads its code a character at a time).
  var queue = [];

  function play(src, then) {
    var b = bar();
    var audio = player();
    queue = then || [];
    if (!audio) return;
    audio.pause();
    if (audio.getAttribute("src") !== src) audio.setAttribute("src", src);
    audio.currentTime = 0;
    showPlaying(true, b);
    var started = audio.play();
    if (started && started.catch) {
      started.catch(function () { if (audio.paused) showPlaying(false, b); });
    }
  }

  function stop() {
    queue = [];
    var audio = player();
    if (audio) audio.pause();
    showPlaying(false);
  }

  function enhance() {
    var b = bar();
    if (!b) return;
    var audio = b.querySelector("audio");
    audio.removeAttribute("controls");
    audio.hidden = true;
    b.classList.add("enhanced");
    audio.addEventListener("ended", function () {
      if (queue.length && b === bar()) play(queue[0], queue.slice(1));
      else showPlaying(false, b);
    });
    b.querySelector(".listen-page").hidden = false;
    document.querySelectorAll("#main .listen").forEach(function (button) { button.hidden = false; });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    if (button.classList.contains("listen-page") || button.classList.contains("listen")) {
      play(button.dataset.src, button.dataset.then ? button.dataset.then.split(" ") : []);
    } else if (button.classList.contains("stop-audio")) {
      stop();
    } else if (button.dataset.hearFirst && !button.classList.contains("heard")) {
      // First tap reads the answer aloud; the second tap chooses it.
      event.preventDefault();
      document.querySelectorAll("#main .heard").forEach(function (other) {
        other.classList.remove("heard");
      });
      button.classList.add("heard");
      play(button.dataset.hearFirst);
    }
  });

  // ---- Taps that were not meant ---------------------------------------------------------
  // The next page arrives in a few milliseconds, with an answer in the same place as the one
  // just tapped: the second tap of a double tap (or a tremor) would answer it unseen. So taps
  // on a survey page are ignored until it has settled (data-settle-ms, from the server's settings),
  // and while an answer is on its way. Read-aloud buttons always work.
  var settleMs = Number(document.body.dataset.settleMs || 0);
  var shownAt = 0;
  var sending = false;

  function main() { return document.getElementById("main"); }

  function settle() {
    shownAt = performance.now();
    var shown = main();
    if (!shown) return;
    shown.removeAttribute("data-settled");
    window.setTimeout(function () { shown.setAttribute("data-settled", ""); }, settleMs);
  }

  function unmeant(event) {
    var target = event.target.closest("button, a, input, label, select, textarea");
    if (!target || !target.closest("#main .survey")) return;
    if (target.closest(".read-aloud") || target.classList.contains("listen")) return;
    if (sending || performance.now() - shownAt < settleMs) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }
  document.addEventListener("click", unmeant, true);

  // ---- An answer that takes long, or cannot be sent ------------------------------------
  // After 300 ms a calm line says the answer is on its way. When the network is gone the
  // answer stays here and is sent again (when the browser is back online, and every few
  // seconds) until it arrives: the server stores the same answer sent twice only once.
  var SLOW = "Sender svaret …";
  var NOT_SENT = "Svaret er ikke sendt ennå – vi prøver igjen";
  var slowTimer = 0;
  var retryTimer = 0;
  var unsent = null;

  function say(text) {
    var line = document.getElementById("sending");
    if (line) line.textContent = text;
  }

  function resend() {
    window.clearTimeout(retryTimer);
    if (!unsent) return;
    var again = unsent;
    unsent = null;
    htmx.ajax("POST", again.path, {
      source: again.source, values: again.values, target: "#main", swap: "outerHTML",
      select: "#main",
    });
  }
  window.addEventListener("online", resend);

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (!event.detail.elt.closest || !event.detail.elt.closest("#main")) return;
    if (event.detail.requestConfig && event.detail.requestConfig.verb === "get") return;
    sending = true;
    var shown = main();
    if (shown) shown.setAttribute("aria-busy", "true");
    window.clearTimeout(slowTimer);
    slowTimer = window.setTimeout(function () { if (sending && !unsent) say(SLOW); }, 300);
  });
  document.addEventListener("htmx:afterRequest", function () {
    sending = false;
    window.clearTimeout(slowTimer);
    var shown = main();
    if (shown) shown.removeAttribute("aria-busy");
    if (!unsent) say("");
  });
  document.addEventListener("htmx:sendError", function (event) {
    var config = event.detail.requestConfig;
    if (!config || config.verb === "get") return;
    var values = {};
    if (config.formData) config.formData.forEach(function (value, name) { values[name] = value; });
    unsent = { path: config.path, values: values, source: event.detail.elt };
    say(NOT_SENT);
    retryTimer = window.setTimeout(resend, 3000);
  });

  // ---- The database did not answer: try again by itself ----------------------------------
  // The page says the answer is not stored yet; its "Prøv igjen" carries the same answer.
  function retryLater() {
    var again = document.querySelector("#main [data-retry]");
    if (!again) return;
    window.setTimeout(function () {
      if (!document.body.contains(again)) return;  // the person went on by themselves
      if (again.tagName === "FORM") again.requestSubmit(); else again.click();
    }, Number(again.dataset.retry) * 1000);
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") stop();
  });

  // ---- After htmx swaps in the next page -------------------------------------------------
  // Move focus to the heading so a screen reader announces the new question, show the page
  // from the top, and (if the questionnaire asks for it) read it aloud: the tap that led
  // here lets the browser play sound.
  // The read-aloud buttons go in as the page is put in, before the browser shows it: added
  // after settling, they would push the question down once it is on screen.
  document.addEventListener("htmx:afterSwap", function () { enhance(); settle(); retryLater(); });

  document.addEventListener("htmx:afterSettle", function () {
    var heading = document.querySelector("#main h1");
    window.scrollTo(0, 0);
    if (heading) heading.focus({ preventScroll: true });
    var b = bar();
    if (b && b.hasAttribute("data-autoplay")) play(b.querySelector(".listen-page").dataset.src);
  });

  enhance();
  settle();
  retryLater();
})();
