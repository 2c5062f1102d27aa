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

// Live updates: the bell's count and new replies on the open topic, over server-sent
// events from the events process. Pages for members name it in a meta tag.
document.addEventListener("DOMContentLoaded", () => {
  const meta = document.querySelector('meta[name="mundwerk-events"]');
  if (!meta || !meta.content || !window.EventSource) return;
  const notice = document.querySelector(".live-replies[data-live-topic]");
  const url = new URL(meta.content, document.baseURI);
  if (notice) {
    url.searchParams.set("topic", notice.dataset.liveTopic);
    url.searchParams.set("after", notice.dataset.liveAfter);
  }
  const newPosts = [];

  function showUnread(count, label) {
    const bell = document.querySelector(".notification-bell");
    if (!bell) return;
    let mark = bell.querySelector(".notification-count");
    if (count > 0) {
      if (!mark) {
        mark = document.createElement("mark");
        mark.className = "notification-count";
        bell.append(" ", mark);
      }
      mark.textContent = String(count);
      bell.setAttribute("aria-label", label);
    } else {
      if (mark) mark.remove();
      bell.removeAttribute("aria-label");
    }
  }

  function showNewPosts() {
    const count = newPosts.length;
    const text = count === 1 ? notice.dataset.one : notice.dataset.many.replace("{n}", String(count));
    let link = notice.querySelector("a");
    if (!link) {
      link = document.createElement("a");
      notice.append(link);
    }
    link.href = newPosts[0].url;
    link.textContent = text;
  }

  let retries = 0;
  function connect() {
    const source = new EventSource(url, { withCredentials: true });
    source.addEventListener("open", () => { retries = 0; });
    source.addEventListener("unread", (event) => {
      const data = JSON.parse(event.data);
      showUnread(data.count, data.label);
    });
    source.addEventListener("post", (event) => {
      const data = JSON.parse(event.data);
      if (!notice || newPosts.some((post) => post.number === data.number)) return;
      newPosts.push(data);
      showNewPosts();
    });
    // EventSource reconnects by itself after a dropped stream, but gives up for good on
    // an error status (a full server answers 503): then try again later, slower each time.
    source.addEventListener("error", () => {
      if (source.readyState !== EventSource.CLOSED) return;
      retries += 1;
      const delay = Math.min(300, 15 * 2 ** Math.min(retries, 5)) * (0.5 + Math.random());
      setTimeout(connect, delay * 1000);
    });
  }
  connect();
});
