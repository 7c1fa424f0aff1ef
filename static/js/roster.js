// Roster grid (progressive enhancement: the form works without this file).
// - Posts only the cells that differ from what is saved: the service treats the
//   cells as a patch, and a grid of 1,000 staff has ~5,000 selects, more than
//   Django accepts in one request by default.
// - After htmx swaps in fresh feedback, marks the cells the violations name.
// - A cell proposed by "Isi otomatis" loses its mark once the head changes it.
(function () {
  "use strict";

  function savedValue(select) {
    if (select.dataset.stored) return select.dataset.stored;
    var chosen = select.querySelector("option[selected]");
    return chosen ? chosen.value : select.options[0].value;
  }

  function unchangedSelects(form) {
    return Array.prototype.filter.call(form.querySelectorAll("select[data-cell]"), function (s) {
      return s.value === savedValue(s);
    });
  }

  // The form itself (validate on change) or a button in it ("Isi otomatis").
  function rosterForm(elt) {
    if (!elt) return null;
    var form = elt.id === "roster-form" ? elt : elt.form;
    return form && form.id === "roster-form" ? form : null;
  }

  document.addEventListener("htmx:configRequest", function (evt) {
    var form = rosterForm(evt.detail.elt);
    if (!form) return;
    unchangedSelects(form).forEach(function (s) {
      delete evt.detail.parameters[s.name];
    });
  });

  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    if (form.id !== "roster-form") return;
    unchangedSelects(form).forEach(function (s) {
      s.disabled = true;
    });
  });

  // Coming back to the page from the history cache must not keep cells disabled.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("#roster-form select[disabled]").forEach(function (s) {
      s.disabled = false;
    });
  });

  function markCells() {
    var data = document.getElementById("cell-flags");
    if (!data) return;
    var flagged = new Set(JSON.parse(data.textContent));
    document.querySelectorAll("#roster-form [data-cell]").forEach(function (el) {
      var on = flagged.has(el.dataset.cell);
      el.classList.toggle(el.tagName === "SELECT" ? "is-invalid" : "table-danger", on);
    });
  }
  document.addEventListener("htmx:afterSettle", markCells);

  document.addEventListener("change", function (evt) {
    var cell = evt.target.closest && evt.target.closest("td.cell-proposed");
    if (!cell) return;
    cell.classList.remove("cell-proposed");
    var badge = cell.querySelector(".cell-proposed-badge");
    if (badge) badge.remove();
  });
})();
