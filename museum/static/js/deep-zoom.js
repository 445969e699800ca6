// Deep zoom on object pages: OpenSeadragon over the IIIF Image API info.json of each image.
// Without JavaScript the still image, the srcset thumbnails and links to the full images remain.
// The page's own buttons (labelled in the page language, reachable by keyboard) drive the viewer, so
// OpenSeadragon's image buttons (English tooltips, mouse only) are not used; its canvas keeps the keys
// (arrows move, + and - zoom, 0 shows the whole image). The canvas drawer is used: it starts in a few
// milliseconds, where a WebGL context costs hundreds on machines without a GPU.
(function () {
  "use strict";
  function start(element) {
    var frame = element.closest(".deep-zoom-frame") || element.parentNode;
    var controls = frame.querySelector("[data-deep-zoom-controls]");
    var still = element.querySelector(".deep-zoom-still");
    var sources = JSON.parse(element.getAttribute("data-tile-sources"));
    var viewer = OpenSeadragon({
      element: element,
      prefixUrl: element.getAttribute("data-prefix-url"),
      tileSources: sources,
      sequenceMode: sources.length > 1,
      drawer: "canvas",
      showNavigationControl: false,
      showSequenceControl: false,
      showNavigator: true,
      navigatorPosition: "BOTTOM_RIGHT",
      crossOriginPolicy: "Anonymous",
      maxZoomPixelRatio: 2,
      visibilityRatio: 0.8
    });
    // The focusable canvas is the widget: it takes the arrow keys, so it is an application with a name
    // and the key help as its description.
    viewer.canvas.setAttribute("role", "application");
    viewer.canvas.setAttribute("aria-label", element.getAttribute("data-label"));
    if (element.getAttribute("data-keys")) {
      viewer.canvas.setAttribute("aria-describedby", element.getAttribute("data-keys"));
    }
    element.classList.add("is-live");
    viewer.addHandler("open", function () { element.setAttribute("data-opened", String(viewer.currentPage())); });
    viewer.addHandler("tile-loaded", function () {
      element.setAttribute("data-tiles-loaded", String(Number(element.getAttribute("data-tiles-loaded") || 0) + 1));
    });
    function hideStill() {
      if (still) { still.hidden = true; still = null; }
    }
    viewer.addHandler("fully-loaded-change", function (event) { if (event.fullyLoaded) hideStill(); });
    viewer.addHandler("zoom", hideStill);
    viewer.addHandler("page", hideStill);

    if (controls) {
      var actions = {
        "in": function () { viewer.viewport.zoomBy(1.5); viewer.viewport.applyConstraints(); },
        "out": function () { viewer.viewport.zoomBy(1 / 1.5); viewer.viewport.applyConstraints(); },
        "home": function () { viewer.viewport.goHome(); },
        "previous": function () { if (viewer.currentPage() > 0) viewer.goToPage(viewer.currentPage() - 1); },
        "next": function () {
          if (viewer.currentPage() < sources.length - 1) viewer.goToPage(viewer.currentPage() + 1);
        },
        "fullscreen": function () {
          if (document.fullscreenElement) document.exitFullscreen();
          else if (frame.requestFullscreen) frame.requestFullscreen();
        }
      };
      controls.querySelectorAll("[data-zoom-action]").forEach(function (button) {
        button.addEventListener("click", function () { actions[button.getAttribute("data-zoom-action")](); });
      });
      var fullscreen = controls.querySelector("[data-zoom-action='fullscreen']");
      if (fullscreen && !frame.requestFullscreen) fullscreen.hidden = true;
      document.addEventListener("fullscreenchange", function () {
        if (fullscreen) fullscreen.setAttribute("aria-pressed", String(document.fullscreenElement === frame));
      });
      var status = controls.querySelector("[data-zoom-page]");
      function pageChanged() {
        var page = viewer.currentPage();
        controls.querySelectorAll("[data-zoom-action='previous']").forEach(function (b) { b.disabled = page === 0; });
        controls.querySelectorAll("[data-zoom-action='next']").forEach(function (b) {
          b.disabled = page === sources.length - 1;
        });
        if (status) {
          status.textContent = status.getAttribute("data-template")
            .replace("{page}", String(page + 1)).replace("{pages}", String(sources.length));
        }
      }
      viewer.addHandler("page", pageChanged);
      pageChanged();
      controls.hidden = false;
    }
    document.querySelectorAll("[data-deep-zoom-page]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        viewer.goToPage(Number(link.getAttribute("data-deep-zoom-page")));
        element.scrollIntoView({block: "nearest"});
      });
    });
    window.museumDeepZoom = viewer;
  }
  // OpenSeadragon (80 KB compressed) is fetched after the still image has arrived, so that on a slow
  // connection the image the visitor sees first does not share the bandwidth with the viewer's code.
  var elements = document.querySelectorAll("[data-deep-zoom]");
  if (!elements.length) return;
  function startAll() { elements.forEach(start); }
  function loadViewer() {
    if (window.OpenSeadragon) { startAll(); return; }
    var script = document.createElement("script");
    script.src = elements[0].getAttribute("data-viewer-script");
    script.onload = startAll;
    document.head.appendChild(script);
  }
  var still = elements[0].querySelector(".deep-zoom-still");
  if (!still || still.complete) {
    loadViewer();
  } else {
    still.addEventListener("load", loadViewer, {once: true});
    still.addEventListener("error", loadViewer, {once: true});
  }
})();
