"""The finance officer's workbook: output/xlsx/<nr>-<slug>.xlsx.

The three views of one municipality with the assumptions as cells and the derived figures as
live formulas: VAT compensation, the loan's interest and instalments, driftsdel,
investeringsdel, the net, current kroner, and the freed time. Change a cell on the sheet
«Forutsetninger» and what depends on it is recomputed. The yearly budget lines (the report's
P50 by year) and the socio-economic parts are the model's figures, entered as values.

Each formula is the spreadsheet form of one function in grunnlag/model/views.py, rounded to
whole kroner the way the report rounds, so the workbook's totals equal the report's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from grunnlag.inputs.assumptions import Forutsetninger
from grunnlag.inputs.texts import Catalog
from grunnlag.model.contract import Kommunetall
from grunnlag.model.views import SERVICES
from grunnlag.render import xlsx

FIRST, LAST = 2021, 2040
TOP = 3  # the first year's row on «Kommunekassen» (row 2 is the header)
ASSUMPTIONS = "Forutsetninger"
# The assumption cells: (text key, figure in data/forutsetninger.yaml or a model figure)
CELLS = ("mva_faktor", "lan_andel", "lanerente", "lan_lopetid", "prisvekst",
         "lokal_egne_ansatte_andel", "timer_per_arsverk", "arbeidsdager")
# Kommunekassen's columns: key, and a formula for the derived ones ({r} the row, {a} the
# assumption sheet's cell of a figure). Inputs have None.
COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("ar", None),
    ("program", None),
    ("lokal", None),
    ("drift", None),
    ("unngatte_anskaffelser", None),
    ("unngatt_drift", None),
    ("mva_kompensasjon_investering", "=ROUND((1-1/{mva_faktor})*(B{r}-E{r}),0)"),
    ("lan", "=ROUND({lan_andel}*B{r}/{mva_faktor},0)"),
    ("investeringsdel", "=-B{r}+E{r}+G{r}+H{r}"),
    ("mva_kompensasjon_drift",
     "=ROUND((1-1/{mva_faktor})*(C{r}*(1-{lokal_egne_ansatte_andel})+D{r}-F{r}),0)"),
    ("renter", "=-ROUND(SUMPRODUCT(($A${top}:$A${bottom}<A{r})*($A${top}:$A${bottom}"
               "+{lan_lopetid}>=A{r})*(1-(1-1/{mva_faktor}))*{lan_andel}*$B${top}:$B${bottom}"
               "*$O${top}:$O${bottom}*(1-(A{r}-$A${top}:$A${bottom}-1)/{lan_lopetid}))"
               "*{lanerente}/O{r},0)"),
    ("avdrag", "=-ROUND(SUMPRODUCT(($A${top}:$A${bottom}<A{r})*($A${top}:$A${bottom}"
               "+{lan_lopetid}>=A{r})*(1-(1-1/{mva_faktor}))*{lan_andel}*$B${top}:$B${bottom}"
               "*$O${top}:$O${bottom})/{lan_lopetid}/O{r},0)"),
    ("driftsdel", "=-C{r}-D{r}+F{r}+J{r}+K{r}+L{r}"),
    ("netto", "=I{r}+M{r}"),
    ("prisindeks", "=(1+{prisvekst})^(A{r}-2019)"),
    ("netto_lopende", "=ROUND(N{r}*O{r},0)"),
    ("dagens_systemer", "=-ROUND(({dagens_anskaffelser}+{dagens_drift})/{mva_faktor},0)"),
)
SUMMED = {"program", "lokal", "drift", "unngatte_anskaffelser", "unngatt_drift",
          "mva_kompensasjon_investering", "lan", "investeringsdel", "mva_kompensasjon_drift",
          "renter", "avdrag", "driftsdel", "netto", "netto_lopende", "dagens_systemer"}


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


def _assumption_sheet(wb: Any, a: Forutsetninger, cat: Catalog, f: Kommunetall
                      ) -> dict[str, str]:
    """The assumption cells, each with its text and source; returns their references."""
    ws = wb.create_sheet(ASSUMPTIONS)
    xlsx.put(ws, 1, 1, str(cat.t("fw_forutsetninger_tittel")))
    refs = {}
    row = 3
    for key in CELLS:
        t = a.tall[key]
        xlsx.put(ws, row, 1, cat.figure(key))
        xlsx.put(ws, row, 2, t.verdi)
        xlsx.put(ws, row, 3, f"{t.kilde}{', ' + t.ref if t.ref else ''}")
        xlsx.put(ws, row, 4, str(cat.t("type_" + t.type)))
        refs[key] = f"{ASSUMPTIONS}!$B${row}"
        row += 1
    levels = f.kommunekassen.dagens_systemer_per_ar
    for key, value in (("dagens_anskaffelser", levels.unngatte_anskaffelser),
                       ("dagens_drift", levels.unngatt_drift)):
        xlsx.put(ws, row, 1, str(cat.t("fw_" + key)))
        xlsx.put(ws, row, 2, value, xlsx.KRONER)
        xlsx.put(ws, row, 3, str(cat.t("fw_fra_modellen")))
        refs[key] = f"{ASSUMPTIONS}!$B${row}"
        row += 1
    for col, width in zip("ABCD", (70, 16, 28, 16), strict=True):
        ws.column_dimensions[col].width = width
    return refs


def _cash_sheet(wb: Any, f: Kommunetall, cat: Catalog, refs: dict[str, str]) -> None:
    """Kommunekassen per year: the P50 lines as values, everything derived as formulas."""
    ws = wb.create_sheet(str(cat.t("h_kommunekassen")), 0)
    xlsx.put(ws, 1, 1, str(cat.t("fw_kasse_tittel", navn=f.navn)))
    lines = {row.ar: row.budsjett for row in f.ar}
    kasse = {row.ar: row for row in f.kommunekassen.ar}
    bottom = TOP + LAST - FIRST
    for i, (key, _) in enumerate(COLUMNS, start=1):
        xlsx.put(ws, 2, i, str(cat.t("fw_k_" + key)))
        ws.column_dimensions[_letter(i)].width = 16
    for y in range(FIRST, LAST + 1):
        r = TOP + y - FIRST
        inputs = {"ar": y, "program": lines[y].program, "lokal": lines[y].lokal,
                  "drift": lines[y].drift,
                  "unngatte_anskaffelser": kasse[y].unngatte_anskaffelser,
                  "unngatt_drift": kasse[y].unngatt_drift}
        for i, (key, formula) in enumerate(COLUMNS, start=1):
            if formula is None:
                xlsx.put(ws, r, i, inputs[key], xlsx.AR if key == "ar" else xlsx.KRONER)
            else:
                cell = ws.cell(row=r, column=i)
                cell.value = formula.format(r=r, top=TOP, bottom=bottom, **refs)
                cell.number_format = "0.0000" if key == "prisindeks" else xlsx.KRONER
    total = bottom + 1
    xlsx.put(ws, total, 1, str(cat.t("tab_sum_2021_2040")))
    for i, (key, _) in enumerate(COLUMNS, start=1):
        if key in SUMMED:
            col = _letter(i)
            cell = ws.cell(row=total, column=i)
            cell.value = f"=SUM({col}{TOP}:{col}{bottom})"
            cell.number_format = xlsx.KRONER
    note = total + 2
    xlsx.put(ws, note, 1, str(cat.t("fw_kasse_merknad")))
    ws.freeze_panes = f"B{TOP}"


def _time_sheet(wb: Any, f: Kommunetall, a: Forutsetninger, cat: Catalog,
                refs: dict[str, str], population: int) -> None:
    """Frigjort tid per service at full realisation, as formulas of Vedlegg J's figures."""
    ws = wb.create_sheet(str(cat.t("h_frigjort_tid")))
    xlsx.put(ws, 1, 1, str(cat.t("tid_tittel")))
    heads = ("tab_tjenesteomrade", "fw_t_arsverk_291", "fw_t_minutter", "fw_t_uavhengig",
             "fw_t_andel", "fw_t_fastlege", "tab_arsverk")
    for i, key in enumerate(heads, start=1):
        xlsx.put(ws, 2, i, str(cat.t(key)))
        ws.column_dimensions[_letter(i)].width = 18 if i > 1 else 40
    share = f.folketall / population
    gp = a.v("fastlege_oppslutning")[-1]
    rows = zip(SERVICES, a.v("tjenester_arsverk"), a.v("tjenester_minutter"),
               a.v("tjenester_uavhengig_av_fastlege"), strict=True)
    for r, (name, fte, minutes, independent) in enumerate(rows, start=3):
        xlsx.put(ws, r, 1, str(cat.t("tjeneste_" + name)))
        xlsx.put(ws, r, 2, fte)
        xlsx.put(ws, r, 3, minutes)
        xlsx.put(ws, r, 4, independent)
        xlsx.put(ws, r, 5, share)
        xlsx.put(ws, r, 6, gp)
        ws.cell(row=r, column=7).value = (
            f"=B{r}*C{r}/({refs['timer_per_arsverk']}*60/{refs['arbeidsdager']})*E{r}"
            f"*(D{r}+(1-D{r})*F{r})")
        ws.cell(row=r, column=7).number_format = "0.00"
    last = 2 + len(SERVICES)
    xlsx.put(ws, last + 1, 1, str(cat.t("tab_sum")))
    ws.cell(row=last + 1, column=7).value = f"=SUM(G3:G{last})"
    ws.cell(row=last + 1, column=7).number_format = "0.00"
    xlsx.put(ws, last + 2, 1, str(cat.t("fw_t_timer")))
    ws.cell(row=last + 2, column=7).value = f"=ROUND(G{last + 1}*{refs['timer_per_arsverk']},0)"
    xlsx.put(ws, last + 4, 1, str(cat.t("fw_tid_merknad")))


def _society_sheet(wb: Any, f: Kommunetall, cat: Catalog) -> None:
    """Samfunnet: the own net present value as cash, time and adverse events (the model's
    present values), their sum, and what others and the state gain."""
    ws = wb.create_sheet(str(cat.t("fw_samfunnet")))
    xlsx.put(ws, 1, 1, str(cat.t("deler_tittel")))
    parts = list(f.netto_naverdi_deler.items())
    for r, (key, value) in enumerate(parts, start=2):
        xlsx.put(ws, r, 1, str(cat.t("del_" + key)))
        xlsx.put(ws, r, 2, value, xlsx.KRONER)
    total = 2 + len(parts)
    xlsx.put(ws, total, 1, str(cat.t("nt_netto_nv")))
    ws.cell(row=total, column=2).value = f"=SUM(B2:B{total - 1})"
    ws.cell(row=total, column=2).number_format = xlsx.KRONER
    xlsx.put(ws, total + 1, 1, str(cat.t("nt_andre_nv")))
    xlsx.put(ws, total + 1, 2, f.andre_naverdi, xlsx.KRONER)
    xlsx.put(ws, total + 2, 1, str(cat.t("nt_staten_nv")))
    xlsx.put(ws, total + 2, 2, f.staten_naverdi, xlsx.KRONER)
    xlsx.put(ws, total + 4, 1, str(cat.t("fw_samfunn_merknad")))
    ws.column_dimensions["A"].width = 70
    ws.column_dimensions["B"].width = 18


def workbook_bytes(f: Kommunetall, a: Forutsetninger, cat: Catalog, population: int,
                   stamp: dt.date) -> bytes:
    """The workbook of one municipality, the same bytes for the same figures."""
    wb = xlsx.new_workbook()
    refs = _assumption_sheet(wb, a, cat, f)
    _cash_sheet(wb, f, cat, refs)
    _time_sheet(wb, f, a, cat, refs, population)
    _society_sheet(wb, f, cat)
    return xlsx.to_bytes(wb, stamp)
