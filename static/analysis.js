// Min stemme teller, the analysts' pages: every chart can be taken into a report or a slide,
// as SVG (as drawn, with the fonts and patterns it needs) or as PNG (twice its size, on white).
// Without JavaScript the charts are there as they are, with their numbers in the tables.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var STYLE =
    'text{font-family:system-ui,"Noto Sans",Arial,sans-serif;font-size:15px;fill:#111111}' +
    ".group{font-weight:700}.marker-text{font-weight:700;font-size:13px}" +
    ".hidden-figure{font-style:italic;fill:#3d3d3d}";
  var lastUrl = null;

  function standalone(chart) {
    var copy = chart.cloneNode(true);
    var box = chart.viewBox.baseVal;
    copy.setAttribute("xmlns", NS);
    copy.setAttribute("width", String(box.width));
    copy.setAttribute("height", String(box.height));
    copy.removeAttribute("class");
    var background = document.createElementNS(NS, "rect");
    background.setAttribute("width", "100%");
    background.setAttribute("height", "100%");
    background.setAttribute("fill", "#ffffff");
    copy.insertBefore(background, copy.firstChild);
    var shared = document.querySelector(".chart-defs defs");
    if (shared) copy.insertBefore(shared.cloneNode(true), copy.firstChild);
    var style = document.createElementNS(NS, "style");
    style.textContent = STYLE;
    copy.insertBefore(style, copy.firstChild);
    return new XMLSerializer().serializeToString(copy);
  }

  function fileName(chart) {
    var title = chart.querySelector("title");
    var name = (title ? title.textContent : "figur").toLowerCase();
    return name.replace(/[^a-z0-9æøå]+/g, "-").replace(/^-|-$/g, "") || "figur";
  }

  function save(blob, name) {
    if (lastUrl) URL.revokeObjectURL(lastUrl);
    lastUrl = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = lastUrl;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function asPng(chart, name) {
    var box = chart.viewBox.baseVal;
    var picture = new Image();
    picture.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = box.width * 2;
      canvas.height = box.height * 2;
      var drawing = canvas.getContext("2d");
      drawing.scale(2, 2);
      drawing.drawImage(picture, 0, 0, box.width, box.height);
      canvas.toBlob(function (blob) {
        if (blob) save(blob, name + ".png");
      }, "image/png");
    };
    picture.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(standalone(chart));
  }

  function button(text, hidden, act) {
    var made = document.createElement("button");
    made.type = "button";
    made.className = "chart-download";
    made.appendChild(document.createTextNode(text));
    // Its name says which chart; it begins with what the button shows (label in name).
    made.setAttribute("aria-label", text + hidden);
    made.addEventListener("click", act);
    return made;
  }

  // Each chart is drawn wide and narrow; the wide one is the one taken away.
  document.querySelectorAll("svg.chart-wide").forEach(function (chart) {
    var title = chart.querySelector("title");
    var about = title ? ": " + title.textContent : "";
    var name = fileName(chart);
    var row = document.createElement("p");
    row.className = "chart-downloads no-print";
    row.appendChild(
      button("Last ned figuren (SVG)", about, function () {
        save(new Blob([standalone(chart)], { type: "image/svg+xml" }), name + ".svg");
      })
    );
    row.appendChild(
      button("Last ned figuren (PNG)", about, function () {
        asPng(chart, name);
      })
    );
    (chart.closest(".chart-pair") || chart).insertAdjacentElement("afterend", row);
  });
})();

// The studio: the plain-language advice beside a text as it is typed (without JavaScript it
// comes with the check after «Lagre»).
(function () {
  "use strict";
  var waiting = new WeakMap();
  function advise(box) {
    var body = new FormData();
    body.append("tekst", box.value);
    body.append("sprak", box.lang || "nb");
    body.append("felt", box.getAttribute("data-field") || "text");
    fetch(box.getAttribute("data-advice"), { method: "POST", body: body, credentials: "same-origin" })
      .then(function (answer) { return answer.ok ? answer.text() : ""; })
      .then(function (html) {
        var shown = document.getElementById(box.getAttribute("aria-describedby"));
        if (shown) shown.innerHTML = html;
      })
      .catch(function () { /* offline: the check after «Lagre» says it */ });
  }
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("textarea[data-advice]")) return;
    clearTimeout(waiting.get(box));
    waiting.set(box, setTimeout(function () { advise(box); }, 400));
  });
  document.querySelectorAll("textarea[data-advice]").forEach(function (box) {
    if (box.value.trim()) advise(box);
  });
})();

// Recording the voice: plain sound from the microphone (the Web Audio API, the same in
// Chromium and Safari), sent as a WAV file; the server keeps it as MP3. Without JavaScript,
// or without a microphone, a WAV file is sent with the form.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-record]");
  if (!forms.length) return;
  var Context = window.AudioContext || window.webkitAudioContext;
  if (!Context || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    var note = document.querySelector(".recorder-missing");
    if (note) note.hidden = false;
    return;
  }

  function wav(chunks, rate) {
    var length = chunks.reduce(function (sum, c) { return sum + c.length; }, 0);
    var view = new DataView(new ArrayBuffer(44 + length * 2));
    function text(at, s) { for (var i = 0; i < s.length; i++) view.setUint8(at + i, s.charCodeAt(i)); }
    text(0, "RIFF"); view.setUint32(4, 36 + length * 2, true); text(8, "WAVE");
    text(12, "fmt "); view.setUint32(16, 16, true); view.setUint16(20, 1, true);
    view.setUint16(22, 1, true); view.setUint32(24, rate, true); view.setUint32(28, rate * 2, true);
    view.setUint16(32, 2, true); view.setUint16(34, 16, true);
    text(36, "data"); view.setUint32(40, length * 2, true);
    var at = 44;
    chunks.forEach(function (chunk) {
      for (var i = 0; i < chunk.length; i++, at += 2) {
        var s = Math.max(-1, Math.min(1, chunk[i]));
        view.setInt16(at, s < 0 ? s * 0x8000 : s * 0x7fff, true);
      }
    });
    return new Blob([view], { type: "audio/wav" });
  }

  forms.forEach(function (form) {
    var controls = form.querySelector(".recorder");
    var start = form.querySelector("[data-start]"), stop = form.querySelector("[data-stop]");
    var listen = form.querySelector("[data-listen]"), save = form.querySelector("[data-save]");
    var again = form.querySelector("[data-again]"), said = form.querySelector(".said");
    var elapsed = form.querySelector("[data-elapsed]");
    var recording = null, made = null;
    controls.hidden = false;

    function show(recordingNow, haveOne) {
      start.hidden = recordingNow || haveOne;
      stop.hidden = elapsed.hidden = !recordingNow;
      if (recordingNow) elapsed.textContent = "0 s";
      listen.hidden = save.hidden = again.hidden = !haveOne;
    }

    start.addEventListener("click", function () {
      said.textContent = "";
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        var context = new Context();
        var source = context.createMediaStreamSource(stream);
        var taker = context.createScriptProcessor(4096, 1, 1);
        var chunks = [], samples = 0;
        taker.onaudioprocess = function (event) {
          var chunk = new Float32Array(event.inputBuffer.getChannelData(0));
          chunks.push(chunk);
          samples += chunk.length;
          var seconds = Math.floor(samples / context.sampleRate) + " s";
          if (elapsed.textContent !== seconds) elapsed.textContent = seconds;
        };
        source.connect(taker);
        taker.connect(context.destination);
        recording = { stream: stream, context: context, taker: taker, chunks: chunks };
        show(true, false);
        stop.focus();
      }).catch(function () {
        said.textContent = "Fikk ikke bruke mikrofonen. Tillat den i nettleseren, eller send en WAV-fil.";
      });
    });

    stop.addEventListener("click", function () {
      if (!recording) return;
      recording.taker.disconnect();
      recording.stream.getTracks().forEach(function (track) { track.stop(); });
      made = wav(recording.chunks, recording.context.sampleRate);
      recording.context.close();
      recording = null;
      listen.src = URL.createObjectURL(made);
      show(false, true);
      said.textContent = "Lytt til opptaket, og lagre det eller prøv igjen.";
      save.focus();
    });

    again.addEventListener("click", function () {
      made = null;
      show(false, false);
      said.textContent = "";
      start.focus();
    });

    save.addEventListener("click", function () {
      if (!made) return;
      var body = new FormData();
      body.append("csrf", form.querySelector("[name=csrf]").value);
      body.append("opptak", made, "opptak.wav");
      said.textContent = "Lagrer …";
      fetch(form.action, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (answer) {
          if (!answer.ok) throw new Error(String(answer.status));
          said.textContent = "Opptaket er lagret og brukes nå.";
          var state = form.parentNode.querySelector(".state");
          if (state) state.textContent = "Innspilt";
          show(false, false);
          made = null;
        })
        .catch(function () { said.textContent = "Opptaket ble ikke lagret. Prøv igjen."; });
    });
  });
})();
