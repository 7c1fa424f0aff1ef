// Roster grid (progressive enhancement: the form works without this file).
// - Each editable cell holds a <select> of the modes its day allows the employee
//   (rendered by the server from the policy engine). Here the select is hidden and
//   the cell itself becomes the control: a click, Space or Enter cycles through
//   data-modes; the toolbar and the letters O/A/H/C/D set a mode, leave and
//   travel (data-extra) included, on every selected cell that allows it.
// - Arrows, Home/End (Ctrl: the whole grid) move; Shift extends a block; a click
//   on a name selects the row, on a day the column.
// - Posts only the cells that differ from what is saved: the service treats the
//   cells as a patch, and a grid of 1,000 staff has ~5,000 selects, more than
//   Django accepts in one request by default.
// - After htmx swaps in fresh feedback, marks the cells the violations name, with
//   their messages on hover (title) and focus (the status line).
// - On a phone, one day at a time: the day switcher picks the column.
(function () {
  "use strict";

  var LETTERS = { o: "WFO", a: "WFA", h: "WFH", c: "CUTI", d: "DL" };

  function savedValue(select) {
    if (select.dataset.stored) return select.dataset.stored;
    var chosen = select.querySelector("option[selected]");
    return chosen ? chosen.value : select.options[0].value;
  }

  function unchangedSelects(form) {
    return Array.prototype.filter.call(form.querySelectorAll("td.cell > select"), function (s) {
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

  // --- the grid as one control ------------------------------------------------

  var anchor = null; // the cell a block selection starts from

  function gridTable() {
    return document.querySelector("#roster-form .roster-grid");
  }

  function matrix() {
    var table = gridTable();
    if (!table) return [];
    return Array.prototype.map.call(table.querySelectorAll("tbody tr[id^='row-']"), function (tr) {
      return Array.prototype.slice.call(tr.querySelectorAll("td.cell"));
    });
  }

  function position(cells, cell) {
    for (var r = 0; r < cells.length; r++) {
      var c = cells[r].indexOf(cell);
      if (c >= 0) return [r, c];
    }
    return null;
  }

  function visible(cell) {
    return cell && cell.offsetWidth > 0;
  }

  function editable(cell) {
    return cell && cell.dataset.modes !== undefined;
  }

  function selected() {
    return Array.prototype.slice.call(document.querySelectorAll("#roster-form td.cell.selected"));
  }

  function select(cells) {
    selected().forEach(function (c) {
      c.classList.remove("selected");
      c.removeAttribute("aria-selected");
    });
    cells.forEach(function (c) {
      c.classList.add("selected");
      c.setAttribute("aria-selected", "true");
    });
    updateTools();
  }

  function focusCell(cell) {
    if (!cell) return;
    var table = gridTable();
    table.querySelectorAll("td.cell[tabindex='0']").forEach(function (c) {
      c.tabIndex = -1;
    });
    cell.tabIndex = 0;
    cell.focus({ preventScroll: true });
    cell.scrollIntoView({ block: "nearest", inline: "nearest" });
    describe(cell);
  }

  function label(cell) {
    var s = cell.querySelector("select");
    if (s) return s.options[s.selectedIndex].text;
    return cell.textContent.trim();
  }

  // The status line: who, which day, what, and what is wrong (for focus and screen readers).
  function describe(cell) {
    var status = document.getElementById("cell-status");
    if (!status) return;
    var tr = cell.closest("tr");
    var name = tr.querySelector("th .name-text");
    var col = position(matrix(), cell);
    var head = col && gridTable().querySelectorAll("thead th.day")[col[1]];
    var text = (name ? name.textContent : "") + " · " + (head ? head.dataset.label : "");
    text += ": " + label(cell);
    if (cell.title) text += " — " + cell.title;
    status.textContent = text;
    status.classList.toggle("text-danger-emphasis", cell.classList.contains("flagged"));
  }

  function allowed(cell) {
    if (!editable(cell)) return [];
    var extra = cell.dataset.extra ? cell.dataset.extra.split(" ") : [];
    return cell.dataset.modes.split(" ").concat(extra);
  }

  function setMode(cell, mode) {
    if (allowed(cell).indexOf(mode) < 0) return false;
    var s = cell.querySelector("select");
    if (!s || s.value === mode) return false;
    s.value = mode;
    cell.className = cell.className.replace(/\bm-\S+/, "m-" + mode);
    cell.querySelector(".cell-label").textContent = s.options[s.selectedIndex].text;
    // A cell proposed by "Isi otomatis" loses its mark once the head changes it.
    if (cell.classList.contains("cell-proposed")) {
      cell.classList.remove("cell-proposed");
      var badge = cell.querySelector(".cell-proposed-badge");
      if (badge) badge.remove();
    }
    return true;
  }

  function nextMode(cell) {
    var modes = cell.dataset.modes.split(" ");
    var now = cell.querySelector("select").value;
    return modes[(modes.indexOf(now) + 1) % modes.length];
  }

  // Set ``mode`` on the cells that allow it, then validate once (htmx listens for "change").
  function apply(cells, mode) {
    var changed = cells.filter(function (c) {
      return setMode(c, mode);
    });
    if (changed.length) {
      var form = document.getElementById("roster-form");
      changed[changed.length - 1]
        .querySelector("select")
        .dispatchEvent(new Event("change", { bubbles: true }));
      if (!form) return;
    }
    var focused = document.activeElement;
    if (focused && focused.matches && focused.matches("td.cell")) describe(focused);
  }

  function targets(cell) {
    var chosen = selected();
    return chosen.length > 1 && chosen.indexOf(cell) >= 0 ? chosen : [cell];
  }

  function cycle(cell) {
    if (!editable(cell)) return;
    apply(targets(cell), nextMode(cell));
  }

  function block(cells, from, to) {
    var r0 = Math.min(from[0], to[0]);
    var r1 = Math.max(from[0], to[0]);
    var c0 = Math.min(from[1], to[1]);
    var c1 = Math.max(from[1], to[1]);
    var found = [];
    for (var r = r0; r <= r1; r++) {
      for (var c = c0; c <= c1; c++) {
        if (cells[r][c] && visible(cells[r][c])) found.push(cells[r][c]);
      }
    }
    return found;
  }

  function move(cell, dr, dc, extend) {
    var cells = matrix();
    var at = position(cells, cell);
    if (!at) return;
    var r = at[0];
    var c = at[1];
    do {
      r += dr;
      c += dc;
    } while (cells[r] && cells[r][c] && !visible(cells[r][c]));
    if (!cells[r] || !cells[r][c]) return;
    go(cells, cells[r][c], extend);
  }

  function go(cells, cell, extend) {
    if (extend) {
      if (!anchor || !anchor.isConnected || !position(cells, anchor)) anchor = document.activeElement;
      if (!position(cells, anchor)) anchor = cell;
      select(block(cells, position(cells, anchor), position(cells, cell)));
    } else {
      anchor = cell;
      select([cell]);
    }
    focusCell(cell);
  }

  function edge(cell, toEnd, wholeGrid) {
    var cells = matrix();
    var at = position(cells, cell);
    if (!at) return;
    var row = cells[wholeGrid ? (toEnd ? cells.length - 1 : 0) : at[0]];
    var line = row.filter(visible);
    var target = toEnd ? line[line.length - 1] : line[0];
    if (target) go(cells, target, false);
  }

  function selectRow(cell) {
    var row = Array.prototype.slice.call(cell.closest("tr").querySelectorAll("td.cell"));
    select(row.filter(visible));
    anchor = row[0];
  }

  function selectColumn(index) {
    var cells = matrix();
    var column = cells
      .map(function (row) {
        return row[index];
      })
      .filter(visible);
    select(column);
    anchor = column[0] || null;
    if (column[0]) focusCell(column[0]);
  }

  document.addEventListener("click", function (evt) {
    if (!evt.target.closest) return;
    var form = evt.target.closest("#roster-form.grid-js");
    if (form) {
      var cell = evt.target.closest("td.cell");
      if (cell) {
        if (evt.shiftKey && anchor && anchor.isConnected) {
          go(matrix(), cell, true);
        } else {
          go(matrix(), cell, false);
          cycle(cell);
        }
        return;
      }
      var name = evt.target.closest("th.name");
      if (name && name.closest("tbody")) {
        var first = name.closest("tr").querySelector("td.cell");
        if (first) {
          focusCell(first);
          selectRow(first);
        }
        return;
      }
      var day = evt.target.closest("thead th.day .day-name");
      if (day) {
        var heads = Array.prototype.slice.call(form.querySelectorAll("thead th.day"));
        selectColumn(heads.indexOf(day.closest("th")));
      }
      return;
    }
    var button = evt.target.closest("[data-set-mode]");
    if (button) {
      var chosen = selected();
      apply(chosen, button.dataset.setMode);
      if (chosen[0]) focusCell(document.querySelector("#roster-form td.cell[tabindex='0']") || chosen[0]);
      return;
    }
    var switcher = evt.target.closest("[data-show-day]");
    if (switcher) {
      showDay(parseInt(switcher.dataset.showDay, 10));
      return;
    }
    var link = evt.target.closest("a.issue-link");
    if (link) jumpTo(link, evt);
  });

  document.addEventListener("keydown", function (evt) {
    var cell = evt.target.closest && evt.target.closest("#roster-form.grid-js td.cell");
    if (!cell) {
      if (evt.key === "Escape" && evt.target.closest && evt.target.closest(".grid-tools")) {
        focusCell(document.querySelector("#roster-form td.cell[tabindex='0']"));
      }
      return;
    }
    var shift = evt.shiftKey;
    var ctrl = evt.ctrlKey || evt.metaKey;
    var handled = true;
    switch (evt.key) {
      case "ArrowUp":
        move(cell, -1, 0, shift);
        break;
      case "ArrowDown":
        move(cell, 1, 0, shift);
        break;
      case "ArrowLeft":
        move(cell, 0, -1, shift);
        break;
      case "ArrowRight":
        move(cell, 0, 1, shift);
        break;
      case "Home":
        edge(cell, false, ctrl);
        break;
      case "End":
        edge(cell, true, ctrl);
        break;
      case " ":
      case "Enter":
        if (shift && evt.key === " ") selectRow(cell);
        else if (ctrl && evt.key === " ") selectColumn(position(matrix(), cell)[1]);
        else cycle(cell);
        break;
      case "Escape":
        anchor = cell;
        select([cell]);
        break;
      case "ContextMenu":
        openMenu();
        break;
      case "F10":
        if (shift) openMenu();
        else handled = false;
        break;
      default:
        var mode = !ctrl && !evt.altKey && LETTERS[evt.key.toLowerCase()];
        if (mode) apply(targets(cell), mode);
        else handled = false;
    }
    if (handled) evt.preventDefault();
  });

  document.addEventListener("contextmenu", function (evt) {
    var cell = evt.target.closest && evt.target.closest("#roster-form.grid-js td.cell");
    if (!cell || !editable(cell)) return;
    evt.preventDefault();
    if (selected().indexOf(cell) < 0) go(matrix(), cell, false);
    openMenu();
  });

  // The toolbar is the menu: every mode, enabled where a selected cell allows it.
  function openMenu() {
    var first = document.querySelector(".grid-tools [data-set-mode]:not([disabled])");
    if (first) first.focus();
  }

  function updateTools() {
    var chosen = selected();
    document.querySelectorAll(".grid-tools [data-set-mode]").forEach(function (button) {
      var mode = button.dataset.setMode;
      button.disabled = !chosen.some(function (c) {
        return allowed(c).indexOf(mode) >= 0;
      });
    });
  }

  function jumpTo(link, evt) {
    var href = link.getAttribute("href");
    var hash = href.indexOf("#") >= 0 ? href.slice(href.indexOf("#") + 1) : "";
    if (href.charAt(0) !== "#" || !hash) return; // another page of staff: follow the link
    var target = document.getElementById(hash);
    if (!target) return;
    evt.preventDefault();
    if (target.matches("td.cell")) {
      var cells = matrix();
      var at = position(cells, target);
      if (at && !visible(target)) showDay(at[1]);
      go(cells, target, false);
      target.scrollIntoView({ block: "center", inline: "center" });
    } else {
      target.scrollIntoView({ block: "nearest", inline: "center" });
      if (target.matches("th.day")) {
        var heads = Array.prototype.slice.call(gridTable().querySelectorAll("thead th.day"));
        showDay(heads.indexOf(target));
      }
    }
  }

  // --- phone: one day at a time ---------------------------------------------------

  function showDay(index) {
    var table = gridTable();
    if (!table || index < 0) return;
    table.className = table.className.replace(/\bshow-d\d\b/, "show-d" + index);
    document.querySelectorAll("[data-show-day]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(parseInt(b.dataset.showDay, 10) === index));
    });
  }

  // --- marking violations after a validation ----------------------------------------

  function markCells() {
    var data = document.getElementById("cell-flags");
    if (!data) return;
    var flags = JSON.parse(data.textContent);
    var messages = flags.cells || {};
    document.querySelectorAll("#roster-form td.cell[data-cell]").forEach(function (td) {
      var said = messages[td.dataset.cell];
      var on = !!said;
      td.classList.toggle("flagged", on);
      var select = td.querySelector("select");
      if (select) select.classList.toggle("is-invalid", on);
      var note = td.querySelector(".cell-msg");
      if (on) {
        var text = said.join(" ");
        if (!td.classList.contains("locked")) td.title = text;
        if (!note) {
          note = document.createElement("span");
          note.className = "visually-hidden cell-msg";
          td.appendChild(note);
        }
        note.textContent = text;
      } else {
        if (!td.classList.contains("locked")) td.removeAttribute("title");
        if (note) note.remove();
      }
    });
    var focused = document.activeElement;
    if (focused && focused.matches && focused.matches("#roster-form td.cell")) describe(focused);
  }

  // --- enhancing a freshly rendered grid ------------------------------------------

  function enhance() {
    var form = document.getElementById("roster-form");
    var table = gridTable();
    if (!form || !table || table.classList.contains("one-day")) return;
    document.querySelectorAll("#roster [data-js-only]").forEach(function (el) {
      el.hidden = false;
    });
    if (form.hasAttribute("hx-post")) {
      var first = null;
      table.querySelectorAll("td.cell").forEach(function (td) {
        td.tabIndex = -1;
        if (!first && editable(td)) first = td;
      });
      (first || table.querySelector("td.cell") || {}).tabIndex = 0;
      form.classList.add("grid-js");
      table.setAttribute("role", "grid");
    }
    table.classList.add("one-day");
    var shown = /\bshow-d(\d)\b/.exec(table.className);
    showDay(shown ? parseInt(shown[1], 10) : 0);
    updateTools();
  }

  document.addEventListener("DOMContentLoaded", enhance);
  if (document.readyState !== "loading") enhance();
  document.addEventListener("htmx:afterSettle", function () {
    enhance();
    markCells();
  });
})();
