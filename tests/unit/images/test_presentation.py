from __future__ import annotations

from iiif_prezi3 import Collection, Manifest

from assets.images.iiif_request import MaxSize
from assets.images.info import image_information
from assets.images.presentation import collection, language_map, manifest

BASE = "https://museum.example/iiif"


def _record():
    return {
        "id": f"{BASE}/manifests/2002.0031.json",
        "label": {"zh-Hans": "鸟形铜尊", "en": "Bird-shaped bronze zun", "fr": ""},
        "summary": {"en": "Excavated 2002 at Xiaotianxi, Fuling."},
        "metadata": [({"zh-Hans": "总登记号", "en": "Accession number"}, "2002.0031"),
                     ({"en": "Dimensions"}, {"en": "28 × 16.8 × 29 cm"}), ({"en": "Empty"}, {})],
        "required_statement": ({"en": "Attribution"}, {"en": "Chongqing China Three Gorges Museum"}),
        "rights": "http://creativecommons.org/licenses/by/4.0/",
        "homepage": {"id": "https://museum.example/en/objects/2002.0031", "label": {"en": "Object page"}},
        "provider": {"id": "https://museum.example/", "label": {"en": "Three Gorges Museum"}},
        "part_of": [f"{BASE}/collections/three-gorges.json"],
    }


IMAGES = [{"service_id": f"{BASE}/3/2002.0031-1", "width": 4000, "height": 3000, "label": {"en": "front"}},
          {"service_id": f"{BASE}/3/2002.0031-2", "width": 1200, "height": 2400}]


def test_language_maps():
    assert language_map({"en": "a", "fr": "", "zh-Hans": ["b", ""]}) == {"en": ["a"], "zh-Hans": ["b"]}
    assert language_map("2002.0031") == {"none": ["2002.0031"]}
    assert language_map(None) == {}


def test_manifest_validates_against_presentation_3_models():
    doc = manifest(_record(), IMAGES)
    Manifest(**doc)  # raises on any invalid structure
    assert doc["label"] == {"zh-Hans": ["鸟形铜尊"], "en": ["Bird-shaped bronze zun"]}
    assert len(doc["metadata"]) == 2 and doc["requiredStatement"]["value"]["en"]
    assert [c["width"] for c in doc["items"]] == [4000, 1200]
    body = doc["items"][1]["items"][0]["items"][0]["body"]
    assert body["service"][0]["id"] == f"{BASE}/3/2002.0031-2" and body["type"] == "Image"
    assert doc["items"][0]["thumbnail"][0]["width"] == 400
    assert doc["items"][1]["label"] == {"none": ["2"]}


def test_manifest_without_images_still_validates():
    doc = manifest({"id": f"{BASE}/manifests/x.json", "label": {"en": "x"}}, [])
    Manifest(**doc)
    assert doc["items"] == []


def test_collection_validates():
    doc = collection(f"{BASE}/collections/porcelain.json", {"zh-Hans": "历代瓷器", "en": "Porcelain"},
                     [{"id": f"{BASE}/manifests/a.json", "label": {"en": "A"}},
                      {"id": f"{BASE}/manifests/b.json", "label": None}])
    Collection(**doc)
    assert [item["type"] for item in doc["items"]] == ["Manifest", "Manifest"]


def test_info_json_lists_levels_tiles_and_limits():
    info = image_information(f"{BASE}/3/x", 20000, 15000, [(20000, 15000), (10000, 7500), (5000, 3750)],
                             MaxSize(max_area=100_000_000),
                             rights="http://creativecommons.org/licenses/by/4.0/")
    assert info["type"] == "ImageService3" and info["profile"] == "level2"
    assert info["tiles"][0]["scaleFactors"] == [1, 2, 4]
    assert info["sizes"] == [{"width": 5000, "height": 3750}, {"width": 10000, "height": 7500}]
    assert info["maxArea"] == 100_000_000 and "webp" in info["extraFormats"]
