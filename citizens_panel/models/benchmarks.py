from django.db import models
from django.utils.translation import gettext_lazy as _


class PopulationBenchmark(models.Model):
    """One Census count: people in an area with one category of one characteristic.

    Shares are computed by dividing by the sum of the categories of the same
    characteristic in the same area, never by the ``total`` row: each ONS table
    carries its own small noise, so their totals differ by a few people.
    """

    area_code = models.CharField(_("ONS area code"), max_length=9, db_index=True)
    area_name = models.CharField(_("area name"), max_length=120)
    characteristic = models.CharField(_("characteristic"), max_length=40)
    category = models.CharField(_("category"), max_length=60)
    count = models.PositiveIntegerField(_("count"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["area_name", "characteristic", "pk"]
        verbose_name = _("population benchmark")
        verbose_name_plural = _("population benchmarks")
        constraints = [
            models.UniqueConstraint(
                fields=["area_code", "characteristic", "category"],
                name="unique_benchmark_cell",
            )
        ]

    def __str__(self):
        return f"{self.area_name} {self.characteristic}={self.category}: {self.count}"
