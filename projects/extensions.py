"""Where the apps above ``projects`` plug into it, without ``projects`` importing them.

The dependency rule (see pyproject's import contract) lets standards, knowledge and reporting import ``projects``,
never the other way. When one of them must show something on a project page, or must be asked before a project
changes, it registers here from its ``AppConfig.ready()``:

- ``register_tab``: an extra tab on the project page (a URL name taking ``code``);
- ``register_panel``: a fragment loaded into the project's status page (a URL name taking ``code``); the fragment
  view checks permissions itself and answers an empty body when it has nothing to show;
- ``register_home_panel``: a fragment on the home pages (the PM/PMO work page, the executive dashboard), a URL
  name without arguments; same contract as project panels;
- ``register_change_guard``: a function asked by ``services.projects.update_project`` on the locked row before any
  write. It receives ``actor``, ``project`` (the locked current row) and ``changes`` (the fields being changed and
  their new values) and adds refusals to ``rules`` (a ``core.exceptions.Rules``); it must not write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Tab:
    key: str
    label: Any  # a lazy translation
    url_name: str
    order: int


@dataclass(frozen=True)
class Panel:
    key: str
    url_name: str
    order: int


ChangeGuard = Callable[..., None]

_tabs: dict[str, Tab] = {}
_panels: dict[str, Panel] = {}
_home_panels: dict[str, Panel] = {}
_guards: dict[str, ChangeGuard] = {}


def register_tab(*, key: str, label, url_name: str, order: int = 100) -> None:
    _tabs[key] = Tab(key, label, url_name, order)


def register_panel(*, key: str, url_name: str, order: int = 100) -> None:
    _panels[key] = Panel(key, url_name, order)


def register_home_panel(*, key: str, url_name: str, order: int = 100) -> None:
    _home_panels[key] = Panel(key, url_name, order)


def register_change_guard(*, key: str, guard: ChangeGuard) -> None:
    """``key`` makes registration idempotent (``ready()`` may run more than once in tests)."""
    _guards[key] = guard


def tabs() -> list[Tab]:
    return sorted(_tabs.values(), key=lambda t: (t.order, t.key))


def panels() -> list[Panel]:
    return sorted(_panels.values(), key=lambda p: (p.order, p.key))


def home_panels() -> list[Panel]:
    return sorted(_home_panels.values(), key=lambda p: (p.order, p.key))


def run_change_guards(*, actor, project, changes: dict[str, Any], rules) -> None:
    for key in sorted(_guards):
        _guards[key](actor=actor, project=project, changes=changes, rules=rules)


@dataclass(frozen=True)
class DemoPart:
    """Another app's share of ``seed_demo``. ``build(today=, seed=)`` runs after the projects demo, in the same
    transaction, through that app's services, and returns counts to print ({label: n}). ``reset()`` deletes that app's
    demo rows before the projects demo is reset (``--reset``)."""

    key: str
    build: Callable[..., dict[str, int]]
    reset: Callable[[], None]
    order: int


_demo_parts: dict[str, DemoPart] = {}


def register_demo(*, key: str, build: Callable[..., dict[str, int]], reset: Callable[[], None], order: int = 100):
    _demo_parts[key] = DemoPart(key, build, reset, order)


def demo_parts() -> list[DemoPart]:
    return sorted(_demo_parts.values(), key=lambda p: (p.order, p.key))
