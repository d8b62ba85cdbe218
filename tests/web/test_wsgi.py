"""The WSGI entry point: it serves the app, and leaves what it loaded out of the garbage
collector's full collections (see config/wsgi.py)."""

from __future__ import annotations

import os
import subprocess
import sys

CHECK = ("import gc; from everychild.config.wsgi import application; "
         "print(callable(application), gc.get_freeze_count() > 10000)")


def test_the_app_loads_and_its_objects_are_frozen():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "everychild.config.settings.test"}
    done = subprocess.run([sys.executable, "-c", CHECK], env=env, capture_output=True,
                          text=True, check=True)
    assert done.stdout.split() == ["True", "True"]
