from django.db import models
from django.utils.translation import gettext_lazy as _


class PortfolioVersion(models.Model):
    """One row: a counter bumped after every committed change that can alter the executive dashboard's figures.

    ``reporting.selectors.cache`` keys the cached counts, roll-ups and chart figures by it (shared by every web
    process through the database, so a change made in one process invalidates the others' caches). ``epoch`` is
    drawn when the row is created, so a rebuilt database never meets cache entries of an earlier one.
    """

    epoch = models.CharField(_("epoch"), max_length=32)
    counter = models.BigIntegerField(_("counter"), default=0)

    class Meta:
        verbose_name = _("portfolio version")
        verbose_name_plural = _("portfolio versions")

    def __str__(self) -> str:
        return f"{self.epoch}:{self.counter}"
