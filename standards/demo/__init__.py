"""The standards share of ``seed_demo`` (registered in ``StandardsConfig.ready``)."""

from standards.demo.build import build_demo, reset_demo

__all__ = ["build_demo", "reset_demo"]
