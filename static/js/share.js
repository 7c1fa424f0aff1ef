// "Bagikan ke WhatsApp": the copy button copies the roster text. The button is hidden
// until this script runs, so without JavaScript nobody sees a button that does nothing
// (the text can still be selected and copied by hand).
(function () {
  "use strict";

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      if (ok) {
        resolve();
      } else {
        reject(new Error("copy refused"));
      }
    });
  }

  function start() {
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy-target"));
      var status = document.querySelector("[data-copy-status]");
      if (!source) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        copy(source.value).then(
          function () {
            if (status) status.textContent = button.getAttribute("data-copied-label");
          },
          function () {
            source.focus();
            source.select();
          }
        );
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
