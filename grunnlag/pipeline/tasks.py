"""What travels between the scheduler and a worker: one report to build, and what happened.

Kept apart from worker.py so the scheduler can plan a build without importing WeasyPrint.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grunnlag.inputs.schema import Kommune
from grunnlag.model.contract import Rapporttall


@dataclass(frozen=True)
class Task:
    """One report to build."""

    stem: str
    kommune: Kommune
    figures: Rapporttall
    national: dict  # only what a report may quote (stages.report_quotes)
    output: Path
    key: str
    assets: str  # fingerprint of code, templates, fonts, data, libraries: names shared pages


@dataclass(frozen=True)
class NationalTask:
    """One national overview PDF: its HTML is made by the parent, the PDF by a worker."""

    stem: str  # nasjonal-nb, nasjonal-nn: also the PDF's identity
    path: Path
    html: str


@dataclass(frozen=True)
class Outcome:
    """What happened to one report."""

    stem: str
    ok: bool
    message: str = ""
    pages: int = 0
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    reused_pages: int = 0  # appendix pages made for an earlier report or build, not laid out
    kept_old: bool = False  # failed while writing: the previous build's outputs are untouched
    stamp: str = ""  # the report's files as this write made them (files.stamp)
