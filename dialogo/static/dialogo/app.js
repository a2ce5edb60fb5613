// Diálogo's own behaviour, kept in a file: the Content-Security-Policy forbids inline
// scripts and event handlers. Texts shown come from the page (data-* attributes), so they
// are translated with the rest of the template.

// A form with data-confirm asks before it is sent ("Delete the rule …?").
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// Folded filters open by themselves on a wide screen; on a phone the list comes first.
function openWideFolds() {
  if (window.matchMedia("(min-width: 60rem)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach((d) => { d.open = true; });
  }
}

// --- The composer: length counted as the network counts it, and saved replies ----------------
function replyLength(textarea) {
  const text = textarea.value;
  if (textarea.dataset.count === "graphemes" && "Segmenter" in Intl) {
    return [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)].length;
  }
  return [...text].length; // code points, as X and Mastodon count
}

function updateCounter(textarea) {
  const counter = document.getElementById("reply-counter");
  const limit = Number(textarea.dataset.limit || 0);
  if (!counter || !limit) return true;
  const used = replyLength(textarea);
  const over = used - limit;
  counter.textContent = over > 0
    ? counter.dataset.over.replace("%(over)s", over).replace("%(limit)s", limit)
    : counter.dataset.used.replace("%(used)s", used).replace("%(limit)s", limit);
  counter.classList.toggle("over", over > 0);
  return over <= 0;
}

function insertAtCursor(textarea, text) {
  const start = textarea.selectionStart ?? textarea.value.length;
  const end = textarea.selectionEnd ?? start;
  textarea.value = textarea.value.slice(0, start) + text + textarea.value.slice(end);
  textarea.selectionStart = textarea.selectionEnd = start + text.length;
  textarea.dispatchEvent(new Event("input", { bubbles: true }));
  textarea.focus();
}

document.addEventListener("input", (event) => {
  if (event.target instanceof HTMLTextAreaElement && event.target.dataset.limit) updateCounter(event.target);
});

document.addEventListener("change", (event) => {
  const select = event.target;
  if (!(select instanceof HTMLSelectElement) || !select.dataset.insertInto) return;
  const option = select.selectedOptions[0];
  const textarea = document.getElementById(select.dataset.insertInto);
  if (option && option.dataset.text && textarea) insertAtCursor(textarea, option.dataset.text);
  select.value = "";
});

// A reply over the network's limit is not sent: the counter says by how much.
document.addEventListener("submit", (event) => {
  const textarea = event.target.querySelector && event.target.querySelector("textarea[data-limit]");
  if (textarea && !updateCounter(textarea)) {
    event.preventDefault();
    document.getElementById("reply-counter").focus();
  }
});

// --- Keyboard shortcuts (listed in the dialog opened with "?") -------------------------------
function typing(target) {
  return target instanceof HTMLElement &&
    (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

function press(key) {
  const element = document.querySelector(`[data-key="${key}"]`);
  if (!element) return false;
  if (element instanceof HTMLButtonElement && element.form) element.form.requestSubmit(element);
  else element.click();
  return true;
}

function moveInList(step) {
  const links = [...document.querySelectorAll("#rows td.subject a")];
  if (!links.length) return false;
  const at = links.indexOf(document.activeElement);
  const next = links[Math.min(Math.max(at + step, 0), links.length - 1)];
  next.focus();
  next.closest("tr").scrollIntoView({ block: "nearest" });
  return true;
}

function focusById(id) {
  const element = document.getElementById(id);
  if (!element) return false;
  element.focus();
  return true;
}

const SHORTCUTS = {
  "?": () => { const d = document.getElementById("shortcuts"); if (d) d.showModal(); return !!d; },
  j: () => press("j") || moveInList(1),
  k: () => press("k") || moveInList(-1),
  r: () => focusById("id_text"),
  s: () => focusById("saved-reply"),
  "/": () => focusById("f-q"),
  a: () => press("a"),
  c: () => press("c"),
  x: () => press("x"),
};

document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target instanceof HTMLTextAreaElement) {
    const form = event.target.form;
    if (form) { event.preventDefault(); form.requestSubmit(); }
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
  const action = SHORTCUTS[event.key];
  if (action && action()) event.preventDefault();
});

document.addEventListener("click", (event) => {
  const opener = event.target.closest && event.target.closest("[data-shortcuts]");
  if (opener) document.getElementById("shortcuts")?.showModal();
  const closer = event.target.closest && event.target.closest("[data-close-dialog]");
  if (closer) closer.closest("dialog").close();
});

document.addEventListener("DOMContentLoaded", () => {
  openWideFolds();
  document.querySelectorAll("textarea[data-limit]").forEach(updateCounter);
});
