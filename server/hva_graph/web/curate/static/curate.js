// The review page: a selection of the source text as code-point offsets for the passage forms,
// focus on the card a change came back to, and word when the full check of this version is done.
"use strict";

(function () {
  const text = document.getElementById("source-text");
  const said = document.getElementById("selection");

  // Offsets count code points from the start of the text element, as the data does (Python's
  // str indices): the text of a range from there, spread into code points. Nothing but the
  // source's own text is inside the element, so the count is exact.
  function offset(node, at) {
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(node, at);
    return [...range.toString()].length;
  }

  function selected() {
    const selection = document.getSelection();
    if (!text || !selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return null;
    return { start: offset(range.startContainer, range.startOffset), end: offset(range.endContainer, range.endOffset),
             text: range.toString() };
  }

  document.addEventListener("selectionchange", function () {
    const found = selected();
    if (!found) return;
    document.querySelectorAll("input[data-selection=start]").forEach(function (input) { input.value = found.start; });
    document.querySelectorAll("input[data-selection=end]").forEach(function (input) { input.value = found.end; });
    const shown = found.text.length > 60 ? found.text.slice(0, 57) + "…" : found.text;
    if (said) said.textContent = "Selected " + found.start + "–" + found.end + ": “" + shown + "”";
  });

  // Back from a change: the card it concerns takes the focus, so the keyboard goes on from there.
  window.addEventListener("load", function () {
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.classList.contains("card")) target.focus({ preventScroll: false });
  });

  // The full check (pyshacl) of this version runs after the page was answered: say when it is done.
  const status = document.getElementById("check-status");
  if (status && document.body.dataset.complete === "no") {
    const version = Number(status.dataset.version);
    const poll = function () {
      fetch("status", { headers: { Accept: "application/json" } }).then(function (answer) { return answer.json(); })
        .then(function (state) {
          if (state.version !== version) return;
          if (state.failed) { status.textContent = "The shapes could not be checked: " + state.failed; return; }
          if (!state.complete) { setTimeout(poll, 700); return; }
          status.textContent = "The shapes are checked. ";
          const show = document.createElement("a");
          show.href = location.pathname + location.search + location.hash;
          show.textContent = "Show their findings";
          show.id = "show-findings";
          show.addEventListener("click", function (event) { event.preventDefault(); location.reload(); });
          status.appendChild(show);
          document.body.dataset.complete = "shown";
        })
        .catch(function () { setTimeout(poll, 2000); });
    };
    setTimeout(poll, 500);
  }
})();
