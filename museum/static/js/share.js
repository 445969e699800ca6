// The object page's share block: the browser's own share sheet (Web Share API) where there is one, and
// "Copy link" (Clipboard API; else the address is selected for the visitor to copy). Page data comes from
// data- attributes (no inline script: the Content-Security-Policy forbids it).
(function () {
  for (const block of document.querySelectorAll("[data-share]")) {
    const url = block.dataset.url;
    const status = block.querySelector("[data-share-status]");
    const field = block.querySelector("[data-share-url]");
    const say = function (text) { status.textContent = text; };

    const native = block.querySelector("[data-share-native]");
    if (native && typeof navigator.share === "function") {
      native.hidden = false;
      native.addEventListener("click", async function () {
        try {
          await navigator.share({ title: block.dataset.title, url: url });
        } catch (error) { /* closed by the visitor, or refused: the other ways stay on the page */ }
      });
    }

    const copy = block.querySelector("[data-share-copy]");
    if (!copy) continue;
    copy.hidden = false;
    copy.addEventListener("click", async function () {
      try {
        await navigator.clipboard.writeText(url);
        say(block.dataset.copied);
      } catch (error) {
        field.focus();
        field.select();
        say(block.dataset.selected);
      }
    });
    field.addEventListener("focus", function () { field.select(); });
  }
})();
