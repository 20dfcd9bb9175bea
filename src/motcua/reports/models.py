"""The reporting templates an administrator can change (the national monthly report's layout)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportTemplate(models.Model):
    """A report's layout: a header (form number, title, issuing body) and rows, one per line of ``layout``:
    ``number | label | expression``. The expression is empty (a heading), a figure key of the statistics
    report (``dossiers.received``) or of the quality index (``quality.score``, ``quality.online.score``,
    ``quality.progress.on_time.value``), or keys joined by ``+`` and ``-``. Filled by templates.py."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    form_number = models.CharField(_("form number"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=255)
    issuing_body = models.CharField(
        _("issuing body"), max_length=255, blank=True, help_text=_("Empty: the people's committee of the province.")
    )
    layout = models.TextField(_("layout"), help_text=_("One row per line: number | label | expression."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"

    def clean(self) -> None:
        from motcua.reports.templates import layout_errors

        errors = layout_errors(self.layout)
        if errors:
            raise ValidationError({"layout": errors})
