// Progressive enhancement of the search boxes: htmx fills the suggestions, this only
// makes them usable with the keyboard and closes them. Searching works without it.
(() => {
  const boxOf = (element) => element.closest && element.closest("[data-search-box]");
  const listOf = (box) => box.querySelector(".search-suggestions");
  const linksOf = (box) => Array.from(listOf(box).querySelectorAll("a"));

  function close(box) {
    listOf(box).replaceChildren();
  }

  document.addEventListener("keydown", (event) => {
    const box = boxOf(event.target);
    if (!box) return;
    const input = box.querySelector("input[type=search]");
    const links = linksOf(box);
    if (event.key === "Escape" && links.length) {
      event.preventDefault();
      close(box);
      input.focus();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    if (!links.length) return;
    const at = links.indexOf(event.target);
    event.preventDefault();
    if (event.key === "ArrowDown") {
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (at <= 0) {
      input.focus();
    } else {
      links[at - 1].focus();
    }
  });

  // Leaving the box by keyboard or clicking elsewhere closes its suggestions.
  document.addEventListener("focusout", (event) => {
    const box = boxOf(event.target);
    if (box && event.relatedTarget && !box.contains(event.relatedTarget)) close(box);
  });
  document.addEventListener("click", (event) => {
    for (const box of document.querySelectorAll("[data-search-box]")) {
      if (!box.contains(event.target)) close(box);
    }
  });
})();
