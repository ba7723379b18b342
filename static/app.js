// Progressive enhancement only: every page works without this file.
// After htmx swaps in a new page, move focus to its heading so a screen reader
// announces the new question, and show the page from the top.
document.addEventListener("htmx:afterSettle", function () {
  var heading = document.querySelector("#main h1");
  window.scrollTo(0, 0);
  if (heading) heading.focus({ preventScroll: true });
});
