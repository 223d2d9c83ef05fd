"""Profile pages in-process with pyinstrument (``python benchmarks/profile_pages.py user path [path…]``), with the
production settings ``benchmarks/run.py`` passes in the environment; prints one text profile per path."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmo_portal.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from pyinstrument import Profiler

    username, paths = sys.argv[1], sys.argv[2:]
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
    for path in paths:
        for _ in range(3):
            client.get(path)  # warm-up
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(10):
            response = client.get(path)
        profiler.stop()
        assert response.status_code == 200, (path, response.status_code)
        print(f"=== {path} (10 requests)")
        print(profiler.output_text(unicode=True, color=False, show_all=False, time="percent_of_total"))


if __name__ == "__main__":
    main()
