"""``UNSET``: "this keyword argument was not given, leave the field as it is" (``None`` is a value: "empty").

Update services take each changeable field as a keyword defaulting to ``UNSET`` and change only those given.
"""

from __future__ import annotations

from typing import Any, Final


class Unset:
    """The type of ``UNSET`` (a singleton, falsy)."""

    _instance: Unset | None = None

    def __new__(cls) -> Unset:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Final[Any] = Unset()


def given(**values: Any) -> dict[str, Any]:
    """The keyword arguments that were passed (not ``UNSET``)."""
    return {name: value for name, value in values.items() if value is not UNSET}
