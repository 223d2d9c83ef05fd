"""The API's JSON renderer (a module of its own: DRF imports renderers while it loads its views)."""

from __future__ import annotations

from decimal import Decimal

from rest_framework.renderers import JSONRenderer
from rest_framework.utils import encoders


class PortalJSONEncoder(encoders.JSONEncoder):
    """Decimals as JSON numbers that read back as they were written: a whole amount (yen, the decimal_places=0
    fields) as an integer (``0``, not ``0.0``, which a whole-number field would refuse on a PUT), others as floats."""

    def default(self, obj):
        if isinstance(obj, Decimal):
            if obj == obj.to_integral_value():
                return int(obj)
            return float(obj)
        return super().default(obj)


class PortalJSONRenderer(JSONRenderer):
    encoder_class = PortalJSONEncoder
