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
