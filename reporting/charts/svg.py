"""The same plotly figures as vector SVG for the PDFs: plotly's export through kaleido and the system chromium.

Kaleido drives one headless chromium (``/usr/bin/chromium``, or ``PMO_CHROMIUM``), started on first use in each
process and kept warm (about 1.8 s to start). The Celery worker warms it when a worker process starts
(``reporting.tasks``), so no report pays the start-up. plotly.js comes from the portal's own
``static/vendor/plotly`` (never a CDN) and MathJax is off: renders work offline.

Why not ``kaleido.calc_fig_sync``: after every figure kaleido reloads its tab (plotly.js parsed again, ~0.13 s) and
waits for that reload before answering, so a chart cost ~0.2 s of which ~0.02 s was the render (measured on the
2-core build machine). Here one server thread owns a ``kaleido.Kaleido`` with one tab; a report's figures go over in
one call (``figures_svg``) and are rendered one after another on the loaded page by kaleido's own JavaScript
(``kaleido_scopes.plotly``, the exact export ``calc_fig`` uses: same figure in, same SVG out), and the tab is
reloaded only every ``RELOAD_EVERY`` figures, in the background after the answer, to keep the page's memory flat.

The server is per process: a forked child must not reuse its parent's (the thread does not survive a fork), so the
owning pid is remembered and a child starts its own.
"""

from __future__ import annotations

import asyncio
import logging
import os
import queue
import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)

_KALEIDO_TIMEOUT = 60
#: Reload kaleido's page after this many figures (memory hygiene; a reload costs ~0.13 s, done off the answer path).
RELOAD_EVERY = 50

_lock = threading.Lock()
_server: _Server | None = None


def _chromium_path() -> str:
    return os.environ.get("PMO_CHROMIUM", "/usr/bin/chromium")


def _plotlyjs_path() -> str:
    vendored = Path(settings.BASE_DIR) / "static" / "vendor" / "plotly" / "plotly.min.js"
    if vendored.exists():
        return str(vendored)
    import plotly

    return str(Path(plotly.__file__).parent / "package_data" / "plotly.min.js")


class _Server:
    """One asyncio loop in a daemon thread holding a kaleido browser with one tab."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.tasks: asyncio.Queue | None = None
        self.ready = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=asyncio.run, args=(self._main(),), daemon=True, name="pmo-kaleido")
        self.thread.start()
        if not self.ready.wait(_KALEIDO_TIMEOUT):
            raise TimeoutError("kaleido did not start")
        if self.error is not None:
            raise self.error

    def alive(self) -> bool:
        return self.pid == os.getpid() and self.thread.is_alive() and self.error is None

    async def _main(self) -> None:
        from kaleido import Kaleido

        try:
            async with Kaleido(
                n=1,
                timeout=_KALEIDO_TIMEOUT,
                mathjax=False,
                plotlyjs=_plotlyjs_path(),
                path=_chromium_path(),
            ) as k:
                tab = await k._get_kaleido_tab()  # noqa: SLF001 - we keep the one tab for ourselves
                # Fed with call_soon_threadsafe: no thread ever blocks on it, so the process exits freely.
                self.loop, self.tasks = asyncio.get_running_loop(), asyncio.Queue()
                self.ready.set()
                await self._serve(tab)
        except BaseException as exc:  # noqa: BLE001 - reported to the caller waiting on ready / the answer
            self.error = exc
            self.ready.set()

    async def _serve(self, tab) -> None:
        from kaleido import _profiler
        from kaleido._utils import fig_tools

        rendered = 0
        reloading: asyncio.Task | None = None
        while True:
            task = await self.tasks.get()
            if task is None:
                if reloading is not None:
                    await reloading
                return
            items, answer = task
            try:
                if reloading is not None:
                    await reloading
                    reloading = None
                out = []
                for fig, opts in items:
                    spec = fig_tools.coerce_for_js(fig, None, opts)
                    prof = _profiler.RenderTaskProfile(spec, None, tab.tab.target_id)
                    out.append(
                        await asyncio.wait_for(
                            tab._calc_fig(spec, topojson=None, render_prof=prof, stepper=False),  # noqa: SLF001
                            _KALEIDO_TIMEOUT,
                        )
                    )
                    rendered += 1
                answer.put(out)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller; the page is reloaded to be safe
                answer.put(exc)
                rendered = RELOAD_EVERY
            if rendered >= RELOAD_EVERY:
                rendered = 0
                reloading = asyncio.create_task(tab.reload())

    def render(self, items: list[tuple[dict, dict]]) -> list[bytes]:
        answer: queue.Queue = queue.Queue()
        self.loop.call_soon_threadsafe(self.tasks.put_nowait, (items, answer))
        result = answer.get(timeout=_KALEIDO_TIMEOUT * max(1, len(items)) + 5)
        if isinstance(result, BaseException):
            raise result
        return result

    def stop(self) -> None:
        if self.loop is not None and self.thread.is_alive():
            self.loop.call_soon_threadsafe(self.tasks.put_nowait, None)
        self.thread.join(timeout=10)


def _get_server() -> _Server:
    global _server
    if _server is None or not _server.alive():
        # A child of a fork (or a crashed loop) starts its own; the parent's thread does not exist here.
        _server = _Server()
    return _server


def warm() -> float:
    """Start this process's chromium for kaleido (idempotent); returns the seconds it took."""
    started = time.perf_counter()
    with _lock:
        if _server is not None and _server.alive():
            return 0.0
        _get_server()
    return time.perf_counter() - started


def stop() -> None:
    global _server
    with _lock:
        if _server is not None and _server.pid == os.getpid():
            _server.stop()
        _server = None


def _as_text(data: bytes | str) -> str:
    text = data.decode("utf-8") if isinstance(data, bytes) else str(data)
    # The PDF embeds the SVG inline: drop the XML prolog if any.
    if text.startswith("<?xml"):
        text = text.split("?>", 1)[1]
    return text


def figures_svg(figs: list[dict[str, Any]], *, width: int = 720) -> list[str]:
    """Several figures as SVG documents in one round trip to the warm browser (in order)."""
    if not figs:
        return []
    items = [
        (fig, {"format": "svg", "width": width, "height": int(fig.get("layout", {}).get("height") or 320)})
        for fig in figs
    ]
    with _lock:
        data = _get_server().render(items)
    return [_as_text(d) for d in data]


def figure_svg(fig: dict[str, Any], *, width: int = 720, height: int | None = None) -> str:
    """The figure as an SVG document (text: vector shapes and real text, so PDFs keep it searchable)."""
    if height is not None:
        fig = {**fig, "layout": {**fig.get("layout", {}), "height": height}}
    return figures_svg([fig], width=width)[0]
