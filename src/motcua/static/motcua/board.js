/* The display board: polls its JSON endpoint, redraws the calls and the waiting counts, and announces a
   new or repeated call (screen readers through aria-live, speakers through speech synthesis when the
   TV browser has it). Without this script the page reloads itself (meta refresh in <noscript>). */
(function () {
  "use strict";
  var root = document.getElementById("board");
  if (!root || !window.fetch) { return; }
  var url = root.getAttribute("data-url");
  var poll = parseInt(root.getAttribute("data-poll"), 10) || 3000;
  var say = root.getAttribute("data-say");
  var emptyText = root.getAttribute("data-empty");
  var waitingText = root.getAttribute("data-waiting");
  var lastKey = null;

  function cell(row, text) {
    var td = document.createElement("td");
    td.textContent = text === null || text === undefined ? "" : String(text);
    row.appendChild(td);
  }

  function sentence(call) {
    return say.replace("%(ticket)s", call.ticket).replace("%(counter)s", call.counter);
  }

  function speak(text) {
    if (!("speechSynthesis" in window)) { return; }
    try {
      var utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = document.documentElement.lang || "vi";
      window.speechSynthesis.speak(utterance);
    } catch (e) { /* no speakers: the screen still shows it */ }
  }

  function draw(data) {
    var body = document.getElementById("calls");
    body.textContent = "";
    if (!data.calls.length) {
      var empty = document.createElement("tr");
      var td = document.createElement("td");
      td.colSpan = 2;
      td.textContent = emptyText;
      empty.appendChild(td);
      body.appendChild(empty);
    }
    data.calls.forEach(function (call, i) {
      var row = document.createElement("tr");
      if (i === 0) { row.className = "latest"; }
      cell(row, call.ticket);
      cell(row, call.counter);
      body.appendChild(row);
    });
    var list = document.getElementById("waiting");
    list.textContent = "";
    data.waiting.forEach(function (area) {
      var li = document.createElement("li");
      li.textContent = area.area + " " + area.name + ": " + area.count + " " + waitingText;
      list.appendChild(li);
    });
    var latest = data.calls[0];
    var key = latest ? latest.ticket + "|" + latest.announced : "";
    if (latest && lastKey !== null && key !== lastKey) {
      var text = sentence(latest);
      document.getElementById("announce").textContent = text;
      speak(text);
    }
    lastKey = key;
  }

  function tick() {
    fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { draw(data); } })
      .catch(function () { /* network hiccup: try again on the next tick */ })
      .then(function () { window.setTimeout(tick, poll); });
  }
  tick();
})();
