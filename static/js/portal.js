// Behaviour every page shares, kept out of the markup: the Content-Security-Policy
// allows no inline script and no on*= handler attributes.
(function () {
  "use strict";
  // A <select data-autosubmit> submits its form when changed (the language choice);
  // without JavaScript its form keeps a plain submit button.
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("select[data-autosubmit]") && target.form) {
      target.form.submit();
    }
  });
})();

// A checkbox with data-check-all="<form id>" ticks or clears every id checkbox of that
// form on the page (a queue's "select all on this page"); htmx swaps keep working.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!target || !target.matches || !target.matches("input[data-check-all]")) {
      return;
    }
    var form = target.getAttribute("data-check-all");
    var boxes = document.querySelectorAll('input[type="checkbox"][form="' + form + '"]');
    for (var i = 0; i < boxes.length; i += 1) {
      boxes[i].checked = target.checked;
    }
  });
})();
