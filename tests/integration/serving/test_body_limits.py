"""Request bodies are limited per route before they are read (issue 13, item 3)."""

from __future__ import annotations

import io
import json
import socket

import pytest

from tests.servers import museum_serve

BIG = 150 * 1024 * 1024


class Untouchable(io.RawIOBase):
    """A request body that fails the test if anyone reads it."""

    read_from = False

    def readable(self):
        return True

    def readinto(self, buffer):
        Untouchable.read_from = True
        raise AssertionError("the body was read")


@pytest.mark.parametrize(("path", "content_type"), [
    ("/api/v1/poems", "application/json"),
    ("/oai", "application/x-www-form-urlencoded"),
    ("/kiosk/heartbeat", "application/json"),
    ("/curator/login", "application/x-www-form-urlencoded"),
    ("/curator/records/1989.0107/media/images", "multipart/form-data; boundary=x"),  # uploads need a sign-in
])
def test_big_bodies_to_anonymous_routes_are_refused_unread(client, path, content_type):
    Untouchable.read_from = False
    answer = client.post(path, content_type=content_type,
                         environ_overrides={"wsgi.input": Untouchable(), "CONTENT_LENGTH": str(BIG)})
    assert answer.status_code == 413
    assert not Untouchable.read_from
    message = answer.get_json()["error"]["message"] if answer.is_json else answer.get_data(as_text=True)
    assert "157,286,400" in message and "1,048,576" in message


def test_the_limit_is_in_the_readers_language(client):
    answer = client.post("/api/v1/poems", headers={"Accept-Language": "zh-CN"},
                         environ_overrides={"wsgi.input": Untouchable(), "CONTENT_LENGTH": str(BIG)})
    assert answer.status_code == 413
    assert "字节" in answer.get_json()["error"]["message"]


def test_small_bodies_still_work(client):
    answer = client.post("/oai", data={"verb": "Identify"})
    assert answer.status_code == 200 and b"<Identify>" in answer.data


def test_the_server_answers_before_the_body_arrives(instance):
    """Over the real server: headers announce 150 MB, the 413 comes back with almost nothing sent."""
    with museum_serve(instance) as (base, _):
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
            connection.sendall(f"POST /api/v1/poems HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                               f"Content-Length: {BIG}\r\n\r\n{{".encode())
            head = connection.recv(65536).decode("latin-1")
        assert head.startswith("HTTP/1.1 413"), head[:200]
        body = head.split("\r\n\r\n", 1)[1]
        if body and body.lstrip()[0] == "{":
            assert json.loads(body[body.index("{"):body.rindex("}") + 1])["error"]["code"]
