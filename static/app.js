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
    b.querySelector(".stop-audio").hidden = !playing;
    b.classList.toggle("playing", playing);
  }

  function play(src) {
    var b = bar();
    var audio = player();
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
    audio.addEventListener("ended", function () { showPlaying(false, b); });
    b.querySelector(".listen-page").hidden = false;
    document.querySelectorAll("#main .listen").forEach(function (button) { button.hidden = false; });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    if (button.classList.contains("listen-page") || button.classList.contains("listen")) {
      play(button.dataset.src);
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

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") stop();
  });

  // ---- After htmx swaps in the next page -------------------------------------------------
  // Move focus to the heading so a screen reader announces the new question, show the page
  // from the top, and (if the questionnaire asks for it) read it aloud: the tap that led
  // here lets the browser play sound.
  // The read-aloud buttons go in as the page is put in, before the browser shows it: added
  // after settling, they would push the question down once it is on screen.
  document.addEventListener("htmx:afterSwap", enhance);

  document.addEventListener("htmx:afterSettle", function () {
    var heading = document.querySelector("#main h1");
    window.scrollTo(0, 0);
    if (heading) heading.focus({ preventScroll: true });
    var b = bar();
    if (b && b.hasAttribute("data-autoplay")) play(b.querySelector(".listen-page").dataset.src);
  });

  enhance();
})();
