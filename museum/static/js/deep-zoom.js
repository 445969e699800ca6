// Deep zoom on object pages: OpenSeadragon over the IIIF Image API info.json of each image.
// Without JavaScript the srcset thumbnails and links to the full images remain.
(function () {
  "use strict";
  function start(element) {
    var sources = JSON.parse(element.getAttribute("data-tile-sources"));
    var viewer = OpenSeadragon({
      element: element,
      prefixUrl: element.getAttribute("data-prefix-url"),
      tileSources: sources,
      sequenceMode: sources.length > 1,
      showNavigator: true,
      navigatorPosition: "BOTTOM_RIGHT",
      crossOriginPolicy: "Anonymous",
      maxZoomPixelRatio: 2,
      visibilityRatio: 0.8
    });
    element.classList.add("is-live");
    viewer.addHandler("open", function () { element.setAttribute("data-opened", String(viewer.currentPage())); });
    viewer.addHandler("tile-loaded", function () {
      element.setAttribute("data-tiles-loaded", String(Number(element.getAttribute("data-tiles-loaded") || 0) + 1));
    });
    document.querySelectorAll("[data-deep-zoom-page]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        viewer.goToPage(Number(link.getAttribute("data-deep-zoom-page")));
        element.scrollIntoView({block: "nearest"});
      });
    });
    window.museumDeepZoom = viewer;
  }
  document.querySelectorAll("[data-deep-zoom]").forEach(start);
})();
