// The behaviour every form page shares, loaded by base.html (a file, as the CSP wants).
//
// 1. After a refused submission, focus moves to the error summary (DSFR's pattern), so
//    that a screen reader reads what to correct and its links lead to each field. Any
//    element marked data-focus-on-load gets the focus in the same way (the first one),
//    or the element whose id the attribute names.
// 2. A live character counter under the textareas marked data-character-count: the
//    visible count follows each key; screen readers hear it once the person pauses.
// 3. Suggestions for the filters too large for a menu (eig.core.filter_menus): as the
//    person types in an input marked data-suggestions, its <datalist> is filled from that
//    JSON address. Without the script the field still filters by the name typed.
const marked = document.querySelector("[data-focus-on-load]");
const focusTarget = marked?.dataset.focusOnLoad
  ? document.getElementById(marked.dataset.focusOnLoad)
  : marked;
if (focusTarget) {
  focusTarget.focus();
  focusTarget.scrollIntoView({ block: "start" });
}

const format = new Intl.NumberFormat("fr-FR");
const characters = (count) => `${format.format(count)} ${Math.abs(count) < 2 ? "caractère" : "caractères"}`;

for (const field of document.querySelectorAll("textarea[data-character-count]")) {
  const counter = document.getElementById(`${field.id}_count`);
  const status = document.getElementById(`${field.id}_count_status`);
  if (!counter) continue;
  const max = Number(counter.dataset.max || field.getAttribute("maxlength"));
  let pause;
  const render = () => {
    const length = field.value.length;
    const left = max - length;
    counter.textContent =
      `${characters(length)} sur ${format.format(max)}` +
      (left >= 0 ? ` — il en reste ${format.format(left)}` : ` — ${characters(-left)} de trop`);
  };
  field.addEventListener("input", () => {
    render();
    clearTimeout(pause);
    pause = setTimeout(() => {
      if (status) status.textContent = counter.textContent;
    }, 1000);
  });
  render();
}

for (const field of document.querySelectorAll("input[data-suggestions]")) {
  const list = field.list;
  if (!list) continue;
  let pause;
  let asked = "";
  field.addEventListener("input", () => {
    clearTimeout(pause);
    pause = setTimeout(async () => {
      const text = field.value.trim();
      if (text.length < 2 || text === asked) return;
      asked = text;
      const address = new URL(field.dataset.suggestions, window.location.href);
      address.searchParams.set("q", text);
      const response = await fetch(address, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const { suggestions } = await response.json();
      list.replaceChildren(
        ...suggestions.map((name) => Object.assign(document.createElement("option"), { value: name })),
      );
    }, 250);
  });
}
