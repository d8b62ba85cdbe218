"""Chronology test fixtures: attachments stored in a temporary folder, and the police
working with the world's child (so a police entry can be restricted)."""

from __future__ import annotations

import pytest

# The real server and Chromium, for test_browser (fixtures, so imported by name).
from ..browser.conftest import _server_env, browser, page, server  # noqa: F401
from ..factories import InvolvementFactory


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def police_involved(world):
    InvolvementFactory(person=world.child, agency=world.police)
    return world.users["police_investigator"]
