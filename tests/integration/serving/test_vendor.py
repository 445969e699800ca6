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


def test_the_meshopt_decoder_is_served_as_a_script_and_nothing_else_of_its_package(client):
    """model-viewer loads it by URL to decode the compressed web GLBs; nosniff needs a script media type."""
    response = client.get("/static/vendor/meshoptimizer/meshopt_decoder.cjs")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert b"MeshoptDecoder" in response.data
    assert client.get("/static/vendor/meshoptimizer/meshopt_encoder.js").status_code == 404
