/* An object of a gallery station: the switch between its pictures and its 3D model (both stay loaded). */
(() => {
  const buttons = document.querySelectorAll(".media-switch button[data-show]");
  buttons.forEach((button) => button.addEventListener("click", () => {
    buttons.forEach((b) => b.setAttribute("aria-pressed", String(b === button)));
    document.querySelectorAll(".media-panel").forEach((panel) => {
      panel.hidden = panel.dataset.panel !== button.dataset.show;
    });
    window.dispatchEvent(new Event("resize"));  // the deep-zoom viewer measures its box again
  }));
})();
