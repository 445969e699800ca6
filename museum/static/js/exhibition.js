// Exhibition pages: deep zoom that opens at the block's chosen IIIF region (OpenSeadragon, fetched on
// the first click), the image comparison slider, and the audio track's current caption shown under it.
// Without JavaScript the region images, both compared images and the audio player remain.
(function () {
  "use strict";
  var viewerScript = null;
  function loadViewer(src) {
    if (!viewerScript) {
      viewerScript = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return viewerScript;
  }

  document.querySelectorAll("[data-story-zoom]").forEach(function (box) {
    var button = box.closest("figure").querySelector("[data-story-zoom-open]");
    if (!button) return;
    button.addEventListener("click", function () {
      if (box.classList.contains("is-live")) return;
      button.disabled = true;
      loadViewer(box.getAttribute("data-viewer-script")).then(function () {
        var region = box.getAttribute("data-region").split(",").map(Number);
        var still = box.querySelector("img");
        var stage = document.createElement("div");
        stage.className = "story-zoom-stage";
        box.appendChild(stage);
        var viewer = OpenSeadragon({
          element: stage, prefixUrl: box.getAttribute("data-prefix-url"),
          tileSources: [box.getAttribute("data-info")], drawer: "canvas", showNavigationControl: false,
          crossOriginPolicy: "Anonymous", maxZoomPixelRatio: 2, visibilityRatio: 0.8
        });
        viewer.canvas.setAttribute("role", "application");
        viewer.canvas.setAttribute("aria-label", box.getAttribute("data-label"));
        viewer.addHandler("open", function () {
          var rect = viewer.viewport.imageToViewportRectangle(region[0], region[1], region[2], region[3]);
          viewer.viewport.fitBounds(rect, true);
          box.setAttribute("data-opened", region.join(","));
          if (still) still.hidden = true;
          box.classList.add("is-live");
          viewer.canvas.focus();
        });
      }).catch(function () { button.disabled = false; });
    });
  });

  document.querySelectorAll("[data-story-compare]").forEach(function (figure) {
    var before = figure.querySelector("[data-compare-before]");
    var range = figure.querySelector("[data-compare-range]");
    function update() { before.style.clipPath = "inset(0 " + (100 - Number(range.value)) + "% 0 0)"; }
    range.addEventListener("input", update);
    figure.classList.add("is-live");
    update();
  });

  document.querySelectorAll("[data-story-audio]").forEach(function (audio) {
    var line = audio.parentNode.querySelector("[data-story-captions]");
    var track = audio.textTracks && audio.textTracks[0];
    if (!line || !track) return;
    track.mode = "hidden";  // the page shows the cue itself, under the player, in the page's type
    track.addEventListener("cuechange", function () {
      var cue = track.activeCues && track.activeCues[0];
      line.textContent = cue ? cue.text : "";
    });
  });
})();
