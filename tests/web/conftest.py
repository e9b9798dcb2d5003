"""The web app under test: one app per test module, with the suite's model and pipeline."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from analyzer.web.app import TOKEN_HEADER, create_app

#: The uploads of one test module may total more than a real page's: a small limit here
#: keeps the too-large test fast.
TEST_LIMIT = 2**20


class Client(TestClient):
    """A TestClient that speaks to the app as its own page does: with the run's token."""

    token: str

    def upload(self, name: str, data: bytes, *, token: str | None = None):
        headers = {TOKEN_HEADER: self.token if token is None else token}
        return self.post("/upload", params={"name": name}, content=data, headers=headers)

    def change(self, path: str, body: dict):
        return self.post(path, json=body, headers={TOKEN_HEADER: self.token})


@pytest.fixture(scope="module")
def client(model, nlp) -> Iterator[Client]:
    app = create_app(lambda: (model, nlp), max_bytes=TEST_LIMIT)
    with Client(app, base_url="http://127.0.0.1:8765") as test_client:
        test_client.token = re.search(r'data-token="([^"]+)"', test_client.get("/").text)[1]
        yield test_client
