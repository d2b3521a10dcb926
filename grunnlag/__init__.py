"""Beslutningsgrunnlag for felles kommunal journalløsning (Akson): model, content and rendering."""

__version__ = "1.0.0"
