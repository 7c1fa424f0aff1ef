// The error summary of a long form (#error-summary): on load, bring the first field in
// error into view and focus it; each link of the summary focuses its field. Without
// JavaScript the links still jump to the fields (plain anchors).
(function () {
  "use strict";

  function target(link) {
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    return document.getElementById(id);
  }

  function bring(element) {
    if (!element) return;
    element.scrollIntoView({ block: "center" });
    element.focus({ preventScroll: true });
  }

  function start() {
    var summary = document.getElementById("error-summary");
    if (!summary) return;
    var links = summary.querySelectorAll("a[data-error-link]");
    links.forEach(function (link) {
      link.addEventListener("click", function (event) {
        var element = target(link);
        if (!element) return;
        event.preventDefault();
        bring(element);
      });
    });
    if (links.length) {
      bring(target(links[0]));
    } else {
      bring(summary);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
