// A live character counter for the textareas marked data-character-count: the visible
// count follows each key; screen readers hear it once the person pauses typing.
const format = new Intl.NumberFormat("fr-FR");

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
      `${format.format(length)} caractères sur ${format.format(max)}` +
      (left >= 0 ? ` — il en reste ${format.format(left)}` : ` — ${format.format(-left)} de trop`);
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
