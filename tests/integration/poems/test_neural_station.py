"""The station with POEMS_LANGUAGE_MODEL=neural: the API and the CLI write the same poem with the neural
model; a missing neural model is a clear 503 naming its folder."""

from __future__ import annotations

import pytest

from museum import create_app, poem_station
from museum.catalogue.schema import create_schema
from museum.extensions import db
from tests.poems_slice import neural_training_available, slice_model_dir, slice_neural_dir
from tests.settings import TEST_SETTINGS

BODY = {"poet": "杜甫", "form": "七言绝句", "theme": "山水", "season": "秋", "seed": 21}


def make_app(tmp_path, neural_dir: str):
    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "test",
                      "POEMS_MODEL_DIR": str(slice_model_dir()), "POEMS_PER_KIOSK_PER_MINUTE": 5,
                      "POEMS_LANGUAGE_MODEL": "neural", "POEMS_NEURAL_DIR": neural_dir})
    with app.app_context():
        create_schema(db)
    return app


def test_api_and_cli_write_the_same_neural_poem(tmp_path):
    if not neural_training_available():
        pytest.skip("the [train] extra (JAX, optax, onnx) is not installed")
    from museum.cli.poems import poem_group

    app = make_app(tmp_path, str(slice_neural_dir()))
    poem_station.forget_models()
    with app.app_context():  # the CLI first: it stores nothing, so the API writes its poem anew
        assert poem_station.generator().kind == "neural"
        written = app.test_cli_runner().invoke(poem_group, ["write", "--poet", "杜甫", "--form", "七言绝句",
                                                            "--theme", "山水", "--season", "秋",
                                                            "--seed", "21"])
    assert written.exit_code == 0, written.output
    response = app.test_client().post("/api/v1/poems", json=BODY)
    assert response.status_code == 201, response.get_json()
    assert [line.split()[0] for line in written.output.splitlines()[:4]] == response.get_json()["lines"]
    poem_station.forget_models()


def test_a_missing_neural_model_is_named(tmp_path):
    app = make_app(tmp_path, str(tmp_path / "nowhere"))
    poem_station.forget_models()
    response = app.test_client().post("/api/v1/poems", json=BODY)
    assert response.status_code == 503
    assert "nowhere: no neural poem model" in response.get_data(as_text=True)
