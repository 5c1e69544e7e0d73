// reportx review page: keyboard actions, the selected fact's highlight, adding a fact from a text selection.
// Plain JS over htmx; the server renders everything, this file only wires keys and selections to its URLs.
(function () {
  "use strict";
  const $ = (selector, root) => (root || document).querySelector(selector);
  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));

  document.addEventListener("htmx:configRequest", (event) => {
    event.detail.headers["X-CSRF-Token"] = $('meta[name="csrf-token"]').content;
  });
  // Conflicts (409) and invalid input (422) come back as a panel that must be shown, not dropped.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const status = event.detail.xhr.status;
    if (status === 409 || status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  function panel() { return $("#panel"); }
  function reportId() { const r = $(".report"); return r && r.dataset.report; }
  function selectedId() { const p = panel(); return p && p.dataset.fact; }

  function showSelected() {
    const id = selectedId();
    $$("mark.selected, #facts tr.selected").forEach((el) => el.classList.remove("selected"));
    if (!id) return;
    const marks = $$("mark").filter((m) => m.dataset.facts.split(" ").includes(id));
    marks.forEach((m) => m.classList.add("selected"));
    const row = $("#row-" + id);
    if (row) row.classList.add("selected");
    if (marks.length) marks[0].scrollIntoView({ block: "nearest" });
  }

  // A changed row carries the fact's kind and status: recolour the marks it tops.
  function syncMarks(row) {
    $$('mark[data-top="' + row.dataset.fact + '"]').forEach((m) => {
      m.className = m.className.replace(/\bk-\S+/, "k-" + row.dataset.kind).replace(/\bs-\S+/, "s-" + row.dataset.status);
    });
  }

  function openFact(id) {
    if (!id) return;
    htmx.ajax("GET", "/reports/" + reportId() + "/facts/" + id, { target: "#panel", swap: "outerHTML" });
    history.replaceState(null, "", "/reports/" + reportId() + "?fact=" + id);
  }

  function step(delta) {
    const rows = $$("#facts tr[data-fact]");
    if (!rows.length) return;
    const index = rows.findIndex((r) => r.dataset.fact === selectedId());
    const next = rows[(index + delta + rows.length) % rows.length];
    openFact(next.dataset.fact);
  }

  // Keys post the action's form through htmx directly, so a key pressed while a new panel settles still works.
  function click(id) {
    const button = $("#" + id);
    if (!button) return;
    const form = button.closest("form");
    htmx.ajax("POST", form.getAttribute("hx-post"), { source: form, target: "#panel", swap: "outerHTML" });
  }

  function moveSpan(field, delta) {
    const input = $("#f-" + field);
    if (!input) return;
    input.value = Math.max(0, parseInt(input.value, 10) + delta);
    click(panel().dataset.mode === "add" ? "do-add" : "do-save");
  }

  // Offsets of the current selection in the source text (the text block holds exactly the report's characters).
  function selectionSpan() {
    const text = $("#text"), selection = window.getSelection();
    if (!text || !selection.rangeCount || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return null;
    const before = document.createRange();
    before.setStart(text, 0);
    before.setEnd(range.startContainer, range.startOffset);
    const start = parseInt(text.dataset.start, 10) + before.toString().length;
    const end = start + range.toString().length;
    return end > start ? { start, end } : null;
  }

  function addFromSelection() {
    const span = selectionSpan();
    if (!span) return false;
    $("#add-selection").hidden = true;
    htmx.ajax("GET", "/reports/" + reportId() + "/selection?start=" + span.start + "&end=" + span.end,
      { target: "#panel", swap: "outerHTML" }).then(() => { const kind = $("#f-kind"); if (kind) kind.focus(); });
    return true;
  }

  document.addEventListener("mouseup", (event) => {
    const button = $("#add-selection");
    if (!button || event.target === button) return;
    const span = selectionSpan();
    button.hidden = !span;
    if (span) { button.style.left = event.clientX + 8 + "px"; button.style.top = event.clientY + 12 + "px"; }
  });

  document.addEventListener("click", (event) => {
    if (event.target.id === "add-selection") { addFromSelection(); return; }
    const link = event.target.closest("#facts a");
    if (link) { event.preventDefault(); openFact(link.closest("tr").dataset.fact); return; }
    const mark = event.target.closest("mark[data-facts]");
    if (!mark || !window.getSelection().isCollapsed) return;
    // Overlapping facts: each click on the same mark steps to the next one under it.
    const ids = mark.dataset.facts.split(" ");
    const current = ids.indexOf(selectedId());
    openFact(ids[(current + 1) % ids.length]);
  });

  const KEYS = {
    j: () => step(1), ArrowDown: () => step(1), k: () => step(-1), ArrowUp: () => step(-1),
    a: () => click("do-accept"), u: () => click("do-undo"),
    e: () => { const v = $("#f-value") || $("#f-date_start"); if (v) { v.focus(); v.select(); } },
    r: () => { const r = $("#reject-reason"); if (r) r.focus(); },
    f: () => { const r = $("#flag-reason"); if (r) r.focus(); },
    n: () => addFromSelection(),
    "<": () => moveSpan("start", -1), ">": () => moveSpan("start", 1),
    ",": () => moveSpan("end", -1), ".": () => moveSpan("end", 1),
  };

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || !$(".report")) return;
    const field = event.target.closest("input, select, textarea");
    if (field) {
      if (event.key === "Escape") field.blur();
      return;  // typing in a field; Enter submits its form natively
    }
    const action = KEYS[event.key];
    if (action) { event.preventDefault(); action(); }
  });

  htmx.onLoad((element) => {
    if (element.matches && element.matches("tr[data-fact]")) syncMarks(element);
    if (element.id === "facts") $$("tr[data-fact]", element).forEach(syncMarks);
    if (element.id === "panel" || element.id === "text" || element.id === "facts") showSelected();
    if (element.id === "panel") {
      const message = $("#message", element) || $(".message", element);
      if (message) message.scrollIntoView({ block: "nearest" });
    }
  });
  // After a saved change the keys act on the page again; after a refusal the cursor stays in the field to fix.
  document.addEventListener("htmx:afterSwap", (event) => {
    const active = document.activeElement;
    if (event.detail.xhr && event.detail.xhr.status === 200 && active && active.closest("#panel") && active.matches("input, select")) active.blur();
  });
  document.addEventListener("DOMContentLoaded", showSelected);
})();
