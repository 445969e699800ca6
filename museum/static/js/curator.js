// Curator workspace: the copy button of a command shown on a page (the whole command, as shown). Page data
// comes from data- attributes (no inline script: the Content-Security-Policy forbids it).
(function () {
  for (const block of document.querySelectorAll("[data-command]")) {
    const text = block.querySelector("[data-command-text]");
    const button = block.querySelector("[data-command-copy]");
    const status = block.querySelector("[data-command-status]");
    button.hidden = false;
    button.addEventListener("click", async function () {
      const command = text.textContent.trim();
      try {
        await navigator.clipboard.writeText(command);
        status.textContent = block.dataset.copied;
      } catch (error) {
        const range = document.createRange();
        range.selectNodeContents(text);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        status.textContent = block.dataset.selected;
      }
    });
  }
})();
