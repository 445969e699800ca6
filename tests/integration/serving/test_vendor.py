"""Only the front-end packages' distribution files are served (issue 13, item 8)."""

import pytest


@pytest.mark.parametrize("path", [
    "openseadragon/build/openseadragon/../../package.json",
    "openseadragon/build/../package.json",
    "openseadragon/package.json",
    "konva/package.json",
    "konva/../openseadragon/package.json",
    "three/src/Three.js",
    "@google/model-viewer/package.json",
    "left-pad/index.js",
])
def test_files_outside_distribution_folders_are_404(client, path):
    assert client.get("/static/vendor/" + path).status_code == 404


@pytest.mark.parametrize("path", [
    "openseadragon/build/openseadragon/openseadragon.min.js",
    "konva/konva.min.js",
    "@google/model-viewer/dist/model-viewer.min.js",
])
def test_distribution_files_are_served(client, path):
    assert client.get("/static/vendor/" + path).status_code == 200


def test_three_and_its_add_ons_are_served_for_the_twin(client):
    assert client.get("/static/vendor/three/build/three.module.js").status_code == 200
    assert client.get("/static/vendor/three/examples/jsm/loaders/GLTFLoader.js").status_code == 200
    assert client.get("/static/vendor/three/examples/jsm/../../package.json").status_code == 404
