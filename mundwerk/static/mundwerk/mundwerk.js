// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Forms with one select submit on change; their button is only for readers without JavaScript.
  for (const form of document.querySelectorAll("form.language-switcher, form[data-autosubmit]")) {
    const select = form.querySelector("select");
    const button = form.querySelector("[data-autosubmit-hide]");
    if (!select || !button) continue;
    button.hidden = true;
    select.addEventListener("change", () => form.requestSubmit());
  }
  // Copy-link buttons: shown only where the clipboard can be written.
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const field = document.querySelector(button.dataset.copy);
    if (!field || !navigator.clipboard) continue;
    button.hidden = false;
    const label = button.textContent;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(field.value);
      button.textContent = button.dataset.copied || label;
      setTimeout(() => { button.textContent = label; }, 2000);
    });
  }
});
