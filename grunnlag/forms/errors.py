"""The one exception of the collection form's import."""

from __future__ import annotations


class FormError(Exception):
    """The workbook cannot be read as the form at all (exit status 2, one line)."""
