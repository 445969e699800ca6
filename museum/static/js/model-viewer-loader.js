// Loads @google/model-viewer only when a 3D model comes onto the screen: its module (three.js inside,
// about 1 MB, 260 KB compressed) would otherwise be fetched, parsed and run before the page is usable,
// even by visitors who never scroll to the model. Until it is defined, <model-viewer> is an empty box
// of its final size (so nothing moves), and its hotspot buttons are hidden (css: :not(:defined)).
(function () {
  "use strict";
  var figures = document.querySelectorAll("[data-model-viewer][data-module]");
  if (!figures.length) return;
  var requested = false;

  // Inside the viewer's shadow root: the live region for its spoken camera positions is named in English,
  // so it gets the page's name for it (the position texts come from its a11y attribute); the focusable
  // canvas and its poster button have a thin or no focus ring, so they get the site's 3 px one (keyboard
  // focus only).
  var ring = new CSSStyleSheet();
  ring.replaceSync(".userInput:focus-visible, #default-poster:focus-visible " +
    "{ outline: 3px solid #c25b00; outline-offset: -3px; }");
  function labelInternals() {
    figures.forEach(function (figure) {
      var viewer = figure.querySelector("model-viewer");
      var root = viewer && viewer.shadowRoot;
      if (!root) return;
      var region = root.querySelector("[role='region']");
      if (region && figure.getAttribute("data-announcements")) {
        region.setAttribute("aria-label", figure.getAttribute("data-announcements"));
      }
      // a constructed style sheet, not a <style> element: the Content-Security-Policy allows no inline style
      if (root.adoptedStyleSheets.indexOf(ring) === -1) {
        root.adoptedStyleSheets = root.adoptedStyleSheets.concat([ring]);
      }
    });
  }

  function load() {
    if (requested) return;
    requested = true;
    // the web and kiosk GLBs are meshopt-compressed (EXT_meshopt_compression): model-viewer decodes them
    // only once it is given a decoder script's URL, read from this global before its module runs (our own
    // copy of npm meshoptimizer, never a CDN)
    var decoder = figures[0].getAttribute("data-meshopt-decoder");
    if (decoder) {
      self.ModelViewerElement = self.ModelViewerElement || {};
      self.ModelViewerElement.meshoptDecoderLocation = decoder;
    }
    var script = document.createElement("script");
    script.type = "module";
    script.src = figures[0].getAttribute("data-module");
    document.head.appendChild(script);
    customElements.whenDefined("model-viewer").then(function () {
      figures.forEach(function (figure) {
        var viewer = figure.querySelector("model-viewer");
        if (viewer && viewer.updateComplete) viewer.updateComplete.then(labelInternals);
      });
      labelInternals();
    });
  }

  if (!("IntersectionObserver" in window)) { load(); return; }
  var observer = new IntersectionObserver(function (entries) {
    if (entries.some(function (entry) { return entry.isIntersecting; })) {
      observer.disconnect();
      load();
    }
  }, {rootMargin: "0px"});
  figures.forEach(function (figure) { observer.observe(figure); });
})();
