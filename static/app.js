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

  // ---- An answer chosen first, then «Gå til neste» ---------------------------------------
  // A tap chooses (the radio button under it) and the page saves it in the background; the
  // page then says it showed that answer (vist-<question>), so «Gå til neste» and the next
  // choice go on from it: an answer given in another window since is still caught.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("answer-input")) return;
    if (input.dataset.hear && !scanMs) play(input.dataset.hear);
  });

  // (A choice kept on the tablet, sent when the page was opened again, is shown chosen; a
  // choice made since is left as it is.)
  function saved(values) {
    Object.keys(values).forEach(function (name) {
      if (name.indexOf("svar-") !== 0 || typeof values[name] !== "string") return;
      var shown = document.querySelector(
        '#main input[type=hidden][name="vist-' + name.slice(5) + '"]');
      if (!shown) return;
      shown.value = values[name];
      var answers = '#main input.answer-input[name="' + name + '"]';
      var radio = document.querySelector(answers + '[value="' + values[name] + '"]');
      if (radio && !document.querySelector(answers + ":checked")) radio.checked = true;
    });
  }

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
    window.setTimeout(function () {
      shown.setAttribute("data-settled", "");
      scanMs = scanPace();
      document.body.classList.toggle("scanning", scanMs > 0);
      if (scanMs && shown === main()) questionThenScanning();
    }, settleMs);
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
  // answer is kept on the tablet (in the browser's storage, so closing the page or the browser
  // does not lose it) and sent again when the network is back, and every few seconds until
  // then, in the order given. Each request carries the whole page (a question, or a relative's
  // whole form), so only the last one of each page is kept. An answer given while older ones
  // wait goes after them. Once the server has answered, it is removed from the tablet: the
  // server stores the same answer sent twice only once.
  var SLOW = "Sender svaret …";
  // In the page's language (the page says it; bokmål before any page has).
  function notSent() {
    var main = document.getElementById("main");
    return (main && main.dataset.notSent) || "Svaret er ikke sendt ennå – vi prøver igjen";
  }
  var KEPT = "minstemme-unsent";
  var slowTimer = 0;
  var retryTimer = 0;
  var unsent = kept();
  var resending = null;  // the kept answer on its way now

  function kept() {
    try { return JSON.parse(window.localStorage.getItem(KEPT) || "[]"); } catch (e) { return []; }
  }

  function keep() {
    try {
      if (unsent.length) window.localStorage.setItem(KEPT, JSON.stringify(unsent));
      else window.localStorage.removeItem(KEPT);
    } catch (e) { /* storage refused (private mode): the answer is still kept in this page */ }
  }

  function say(text) {
    var line = document.getElementById("sending");
    if (line) line.textContent = text;
  }

  function unsentFrom(detail) {
    var config = detail.requestConfig;
    var values = {};
    if (config.formData) config.formData.forEach(function (value, name) {
      // Ticked boxes of one question share a name: all of them are kept (htmx sends a list).
      values[name] = name in values ? [].concat(values[name], value) : value;
    });
    var swap = detail.elt.closest("[hx-swap]");
    return { path: config.path, values: values, quiet: !!swap && swap.getAttribute("hx-swap") === "none" };
  }

  function add(answer) {
    for (var i = 0; i < unsent.length; i++) {
      if (unsent[i].path === answer.path) { unsent[i] = answer; keep(); return; }
    }
    unsent.push(answer);
    keep();
  }

  function resend() {
    window.clearTimeout(retryTimer);
    if (resending || !unsent.length) return;
    resending = unsent[0];
    var where = resending.quiet
      ? { swap: "none" }
      : { target: "#main", swap: "outerHTML", select: "#main" };
    where.source = main();
    where.values = resending.values;
    htmx.ajax("POST", resending.path, where);
  }
  window.addEventListener("online", resend);

  function posting(detail) {
    var config = detail.requestConfig;
    return detail.elt.closest && detail.elt.closest("#main") && config && config.verb !== "get";
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (!posting(event.detail)) return;
    if (unsent.length && !resending) {  // older answers wait: this one goes after them
      event.preventDefault();
      add(unsentFrom(event.detail));
      resend();
      return;
    }
    // A save in the background (a relative's form, as a box is left) moves no page on: a tap
    // on «Neste» meanwhile is meant, and sends the whole page itself.
    if (!unsentFrom(event.detail).quiet) { sending = true; leaving = main(); }
    var shown = main();
    if (shown) shown.setAttribute("aria-busy", "true");
    window.clearTimeout(slowTimer);
    slowTimer = window.setTimeout(function () { if (sending && !unsent.length) say(SLOW); }, 300);
  });
  // A choice saved in the background that comes back after «Gå til neste» was sent (which
  // carries the choice itself) has nothing left to show: the page it was made on is going.
  var leaving = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var from = event.detail.requestConfig && event.detail.requestConfig.elt;
    var swap = from && from.closest && from.closest("[hx-swap]");
    if (!swap || swap.getAttribute("hx-swap") !== "none") return;  // (this one's own swap)
    if (leaving === main() || !document.body.contains(from)) event.detail.shouldSwap = false;
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    if (!event.detail.requestConfig || !unsentFrom(event.detail).quiet) sending = false;
    window.clearTimeout(slowTimer);
    var shown = main();
    if (shown) shown.removeAttribute("aria-busy");
    var detail = event.detail;
    var status = detail.xhr ? detail.xhr.status : 0;
    var config = detail.requestConfig;
    // (A page swapped in by this request has removed the element that sent it: htmx then
    // tells its parent, so the kept answer is known by its address.)
    var answer = resending && config && config.verb !== "get" && config.path === resending.path
      ? resending : null;
    if (status >= 200 && status < 300 && (answer ? answer.quiet : unsentFrom(detail).quiet)) {
      saved(answer ? answer.values : unsentFrom(detail).values);
    }
    if (status && (answer || posting(detail))) {
      resending = answer ? null : resending;
      if (status >= 500 && (answer ? answer.quiet : unsentFrom(detail).quiet)) {
        // A form saved in the background that the database did not take: keep it, try again.
        // (A page answered this way shows why, and sends the answer again by itself.)
        if (!answer) add(unsentFrom(detail));
        say(notSent());
        retryTimer = window.setTimeout(resend, 3000);
        return;
      }
      if (answer) {
        unsent = unsent.filter(function (other) { return other !== answer; });
        keep();
        resend();
      }
    }
    if (!unsent.length) say("");
  });
  document.addEventListener("htmx:sendError", function (event) {
    if (!posting(event.detail)) return;
    leaving = null;
    if (resending) resending = null;
    else add(unsentFrom(event.detail));
    say(notSent());
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

  // ---- Switch access: the page's choices highlighted in turn, one switch chooses ---------
  // Staff turn it on when starting the tablet (a cookie holds the pace). A page's question is
  // heard first; then "Les opp", the answers, "Neste" and "Tilbake" are highlighted one after
  // another, each read aloud; the next comes once the pace has passed and the clip has ended.
  // Space or Enter (what a switch
  // interface sends) chooses the highlighted one, through the same guard as a tap: nothing is
  // highlighted, so nothing can be chosen, until a new page has settled.
  // (Read again on each page: the start page swaps in the survey without a new document.)
  var scanMs = 0;
  function scanPace() {
    var set = document.cookie.match(/(?:^|;\s*)minstemme_skanning=(\d+)/);
    return set ? Number(set[1]) : 0;
  }
  var scanVoice = null;
  var scanTimer = 0;
  var scanned = null;  // the highlighted element
  var scanWait = null;  // what the highlight waits for before going on
  var scanLeaving = false;  // the chosen one sent a request (the page is going)

  function scanTargets() {
    var shown = main();
    if (!shown || !shown.querySelector(".survey")) return [];
    var found = [];
    var listen = shown.querySelector(".read-aloud.enhanced .listen-page");
    if (listen && !listen.hidden) found.push(listen);  // first: the question once more
    found = found.concat(Array.prototype.slice.call(
      shown.querySelectorAll(".survey-page button.answer, .survey-page label.answer")));
    [
      shown.querySelector(".survey-nav button[name=next]"),
      shown.querySelector(".survey-nav .consent-no"),  // «Nei, ikke nå», after the yes
      shown.querySelector(".survey-nav .back"),
    ].forEach(function (button) { if (button && !button.hidden) found.push(button); });
    return found;
  }

  function sayOf(target) {
    if (target.dataset.say) return target.dataset.say;
    var row = target.closest(".answer-row");
    var listen = row && row.querySelector(".listen");
    return listen ? listen.dataset.src : "";
  }

  function stopScanning() {
    window.clearTimeout(scanTimer);
    if (scanVoice) scanVoice.pause();
    if (scanned) scanned.classList.remove("scan-current");
    scanned = null;
    scanWait = null;
  }

  function scanTo(target) {
    stopScanning();
    var wait = scanWait = { paced: false, heard: false };
    scanned = target;
    target.classList.add("scan-current");
    target.scrollIntoView({ block: "nearest" });
    scanTimer = window.setTimeout(function () { wait.paced = true; scanOn(wait); }, scanMs);
    var clip = sayOf(target);
    function heard() { wait.heard = true; scanOn(wait); }
    if (!clip) { heard(); return; }
    if (!scanVoice) scanVoice = new Audio();
    scanVoice.onended = heard;
    scanVoice.onerror = heard;
    scanVoice.src = clip;
    var started = scanVoice.play();
    // Not allowed to play before the first press on this page: go on without the voice.
    if (started && started.catch) started.catch(function () { if (scanWait === wait) heard(); });
  }

  function scanOn(wait) {
    if (wait !== scanWait || !wait.paced || !wait.heard) return;
    var audio = player();
    if (audio && !audio.paused) {  // the page is being read aloud: go on once it is done
      scanTimer = window.setTimeout(function () { scanOn(wait); }, 250);
      return;
    }
    var targets = scanTargets();
    if (!targets.length) { stopScanning(); return; }
    scanTo(targets[(targets.indexOf(scanned) + 1) % targets.length]);
  }

  function startScanning() {
    stopScanning();
    var targets = scanMs ? scanTargets() : [];
    if (targets.length) scanTo(targets[0]);
  }

  // A page opens: its question is heard first (alone; each answer is heard as it lights up),
  // then the scanning starts, with «Les opp» first. A page without a question starts at once.
  function questionThenScanning() {
    stopScanning();
    var listen = scanMs && main() && main().querySelector(".read-aloud .listen-page");
    var question = listen && listen.dataset.question;
    if (!question) { startScanning(); return; }
    var opened = main();
    if (!scanVoice) scanVoice = new Audio();
    function then() { if (opened === main()) startScanning(); }
    scanVoice.onended = then;
    scanVoice.onerror = then;
    scanVoice.src = question;
    var started = scanVoice.play();
    // Not allowed to play before the first press on this tablet: scan without it.
    if (started && started.catch) started.catch(then);
  }

  function afterReading() {  // "Les opp" chosen: scanning starts again when the page is read
    var audio = player();
    if (audio && !audio.paused) scanTimer = window.setTimeout(afterReading, 250);
    else startScanning();
  }

  document.addEventListener("keydown", function (event) {
    if (!scanned || event.repeat || (event.key !== " " && event.key !== "Enter")) return;
    // (Typing goes to a text box; an answer chosen by the switch may have the focus.)
    var typing = "input:not(.answer-input), textarea, select, summary";
    if (event.target.closest && event.target.closest(typing)) return;
    event.preventDefault();
    var chosen = scanned;
    stopScanning();
    if (chosen.dataset.hearFirst) chosen.classList.add("heard");  // it was just read aloud
    scanLeaving = false;
    chosen.click();
    var onward = main() && main().querySelector(".survey-nav button[name=next]");
    if (chosen.classList.contains("listen-page")) afterReading();
    else if (scanLeaving || !document.body.contains(chosen)) return;  // the page is going
    else if (chosen.tagName === "LABEL" && chosen.querySelector("input:checked") && onward) {
      chosenThenOnward(chosen, onward);
    } else scanTo(chosen);  // the guard let nothing through: go on from here
  });

  // An answer chosen (the page stays): it stays lit for one pace, so a second press (a
  // tremor) only chooses it again, then «Gå til neste» lights up, to go on or scan on.
  function chosenThenOnward(chosen, onward) {
    stopScanning();
    var wait = scanWait = { paced: false, heard: true };
    scanned = chosen;
    chosen.classList.add("scan-current");
    scanTimer = window.setTimeout(function () {
      if (scanWait === wait && document.body.contains(onward)) scanTo(onward);
    }, scanMs);
  }
  // A request for another page (or an answer) stops the scanning; the next page starts it
  // again once settled. An answer that could not be sent leaves this page to scan again. A
  // choice saved in the background leaves the page where it is.
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.requestConfig && unsentFrom(event.detail).quiet) return;
    scanLeaving = true;
    if (scanMs) stopScanning();
  });
  document.addEventListener("htmx:sendError", function () { if (scanMs) startScanning(); });

  // ---- After htmx swaps in the next page -------------------------------------------------
  // Move focus to the heading so a screen reader announces the new question, show the page
  // from the top, and (if the questionnaire asks for it) read it aloud: the tap that led
  // here lets the browser play sound.
  // The read-aloud buttons go in as the page is put in, before the browser shows it: added
  // after settling, they would push the question down once it is on screen.
  // A page in another language says so on <main>: the document takes it too.
  // Only a new page counts: a choice saved in the background (no swap) changes nothing here,
  // nor may it hold off the next tap as the double-tap guard does for a new page.
  var swappedIn = main();
  var settledIn = main();
  function pageIn() {
    var main = document.getElementById("main");
    if (main === swappedIn) return;
    swappedIn = main;
    if (main && main.lang) document.documentElement.lang = main.lang;
    enhance(); settle(); retryLater();
  }
  document.addEventListener("htmx:afterSwap", pageIn);

  function pageSettled() {
    if (main() === settledIn) return;
    settledIn = main();
    var heading = document.querySelector("#main h1");
    window.scrollTo(0, 0);
    if (heading) heading.focus({ preventScroll: true });
    var b = bar();
    if (b && b.hasAttribute("data-autoplay")) play(b.querySelector(".listen-page").dataset.src);
  }
  document.addEventListener("htmx:afterSettle", pageSettled);

  // ---- «Gå til neste» without waiting for the network ----------------------------------
  // A saved choice comes back with the page it leads to (the server worked it out from the
  // answers as they now stand). «Gå til neste», tapped while that choice is still the one
  // chosen and nothing is on its way, shows that page at once: the server has already stored
  // the answer, so nothing is left to send. Otherwise (a newer choice still being saved, an
  // answer kept offline, the end of the survey) «Gå til neste» sends the page as usual and
  // the server's answer is shown.
  var ready = null;
  document.addEventListener("htmx:afterRequest", function (event) {
    var detail = event.detail;
    var from = detail.requestConfig && detail.requestConfig.elt;
    if (!from || !from.classList || !from.classList.contains("answers")) return;
    var url = detail.xhr && detail.xhr.getResponseHeader("X-Ready-Page");
    var values = unsentFrom(detail).values;
    var chosen = from.querySelector("input.answer-input:checked");
    ready = url && detail.xhr.status === 200 && chosen && values[chosen.name] === chosen.value
      ? { page: main(), name: chosen.name, value: chosen.value, url: url,
          html: detail.xhr.responseText }
      : null;
  });

  function readyNow() {
    var shown = main();
    if (!ready || ready.page !== shown || unsent.length || resending) return null;
    if (shown.querySelector(".answers.htmx-request")) return null;  // a newer choice on its way
    var chosen = shown.querySelector("input.answer-input:checked");
    return chosen && chosen.name === ready.name && chosen.value === ready.value ? ready : null;
  }

  document.addEventListener("click", function (event) {
    var onward = "#main .survey-nav button[name=next]";
    var button = event.target.closest && event.target.closest(onward);
    var next = button && readyNow();
    if (!next) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    ready = null;
    var fetched = new DOMParser().parseFromString(next.html, "text/html");
    var page = fetched.getElementById("main");
    if (!page) return;
    main().replaceWith(document.adoptNode(page));
    if (fetched.title) document.title = fetched.title;
    history.pushState({ htmx: true }, "", next.url);
    htmx.process(page);
    pageIn();
    pageSettled();
  });

  enhance();
  settle();
  retryLater();
  if (unsent.length) { say(notSent()); resend(); }  // kept from before the page was closed
})();
