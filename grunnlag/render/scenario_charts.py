"""Charts of the uncertainty, participation, sensitivity and distribution-key figures of one
report; titles and descriptions state the key numbers (they are the alt text)."""

from __future__ import annotations

from markupsafe import Markup

from grunnlag.inputs.texts import Catalog
from grunnlag.model.contract import Kommunetall
from grunnlag.render import charts, fmt


def key_label(fixed: float, cat: Catalog) -> str:
    """'20/80' style name of a distribution key, marking the file's default."""
    pct = round(fixed * 100)
    return str(cat.t("nokkel_navn", fast=pct, per=100 - pct))


def default_key(f: Kommunetall) -> float:
    """The fixed share of the key the report's main figures use."""
    return next(k.fast_andel for k in f.fordelingsnokler
                if abs(k.fordelingsnokkel_andel - f.fordelingsnokkel_andel) < 1e-12)


def scenario_charts(f: Kommunetall, cat: Catalog, navn: str) -> dict[str, Markup]:
    """Interval, participation, tornado and key-alternative charts for one municipality."""
    krav = f.deltakelseskrav
    lang = cat.lang
    bel = lambda x: fmt.belop(x, lang)  # noqa: E731
    axis = lambda x: fmt.belop_kort(x, lang)  # noqa: E731
    pct0 = lambda x: fmt.prosent(x, lang, 0)  # noqa: E731
    u = f.usikkerhet
    uk, un = u.kommunal_kostnad, u.netto_naverdi
    p_labels = ("P10", "P50", "P85", "P90")
    interval = charts.interval_chart(
        "usikkerhet",
        cat.t("chart_usikkerhet_tittel", navn=navn).unescape(),
        str(cat.t("chart_usikkerhet_desc", k10=bel(uk.p10), k50=bel(uk.p50),
                  k90=bel(uk.p90), n10=bel(un.p10), n50=bel(un.p50),
                  n90=bel(un.p90))),
        [charts.IntervalRow(str(cat.t("us_kostnad")), uk.p10, uk.p50, uk.p85, uk.p90,
                            *p_labels),
         charts.IntervalRow(str(cat.t("us_netto")), un.p10, un.p50, un.p85, un.p90,
                            *p_labels)],
        axis,
    )
    sc = f.deltakelse_scenarier
    at = {round(s.andel, 2): s for s in sc}
    lo, hi = at[round(krav, 2)], sc[-1]
    scen = charts.line_chart(
        "deltakelse",
        cat.t("chart_deltakelse_tittel", navn=navn).unescape(),
        str(cat.t("chart_deltakelse_desc", krav=pct0(krav),
                  kost_krav=bel(lo.kommunal_kostnad_p50),
                  netto_krav=bel(lo.netto_naverdi), lav=pct0(sc[0].andel),
                  kost_lav=bel(sc[0].kommunal_kostnad_p50),
                  kost_full=bel(hi.kommunal_kostnad_p50), netto_full=bel(hi.netto_naverdi))),
        [s.andel * 100 for s in sc],
        [charts.Series(str(cat.t("us_kostnad")), [s.kommunal_kostnad_p50 for s in sc]),
         charts.Series(str(cat.t("us_netto")), [s.netto_naverdi for s in sc])],
        axis,
        lambda x: f"{fmt.tall(x, lang)}{fmt.NBSP}%",
        marker_x=krav * 100,
        marker_label=str(cat.t("ax_krav", krav=pct0(krav))),
    )
    rows = f.tornado
    top = rows[0]
    torn = charts.tornado_chart(
        "tornado",
        cat.t("chart_tornado_tittel", navn=navn).unescape(),
        str(cat.t("chart_tornado_desc", basis=bel(top.basis),
                  storst=cat.t("tornado_" + top.forutsetning),
                  lav=bel(top.netto_naverdi_lav), hoy=bel(top.netto_naverdi_hoy))),
        top.basis,
        [charts.TornadoRow(str(cat.t("tornado_" + r.forutsetning)), r.netto_naverdi_lav,
                           r.netto_naverdi_hoy, r.lav, r.hoy) for r in rows],
        axis,
        legend=(str(cat.t("tornado_lav")), str(cat.t("tornado_hoy"))),
        base_label=str(cat.t("tornado_basis", verdi=bel(top.basis))),
    )
    keys = f.fordelingsnokler
    names = [key_label(k.fast_andel, cat) for k in keys]
    bars = charts.bar_chart(
        "nokler",
        cat.t("chart_nokler_tittel", navn=navn).unescape(),
        str(cat.t("chart_nokler_desc", **{
            "alternativer": "; ".join(f"{n}: {bel(k.kommunal_kostnad_p50)}"
                                      for n, k in zip(names, keys, strict=True)),
            "standard": key_label(default_key(f), cat)})),
        names,
        [charts.Series(str(cat.t("us_kostnad")), [k.kommunal_kostnad_p50 for k in keys]),
         charts.Series(str(cat.t("us_netto")), [k.netto_naverdi for k in keys])],
        axis,
    )
    return {"usikkerhet": Markup(interval), "deltakelse": Markup(scen),
            "tornado": Markup(torn), "nokler": Markup(bars)}
