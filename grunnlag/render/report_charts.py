"""The charts of one report, drawn from its figures, with titles and descriptions that state the
key numbers (the alt text of PDF/UA and WCAG)."""

from __future__ import annotations

from markupsafe import Markup

from grunnlag.inputs.texts import Catalog
from grunnlag.model.contract import Kommunetall
from grunnlag.render import charts, fmt
from grunnlag.render.scenario_charts import scenario_charts


def _matrix(chart_id: str, rows: list[dict], cat: Catalog, who: str) -> Markup:
    high = sum(1 for r in rows if r["s"] * r["k"] >= 10)
    return Markup(charts.risk_matrix(
        chart_id,
        str(cat.t("chart_matrise_tittel", hvem=who)),
        str(cat.t("chart_matrise_desc", antall=len(rows), hoye=high)),
        [charts.RiskPoint(r["ref"], r["s"], r["k"]) for r in rows],
        [str(cat.t(f"s{i}")) for i in range(1, 6)],
        [str(cat.t(f"k{i}")) for i in range(1, 6)],
        str(cat.t("ax_sannsynlighet")),
        str(cat.t("ax_konsekvens")),
    ))


def report_charts(f: Kommunetall, cat: Catalog, navn: str, risk_kommune: list[dict],
                  risk_staten: list[dict]) -> dict[str, Markup]:
    """All charts for one report, as inline SVG markup."""
    lang = cat.lang
    axis = lambda x: fmt.belop_kort(x, lang)  # noqa: E731
    bel = lambda x: fmt.belop(x, lang)  # noqa: E731
    years = [y.ar for y in f.ar]
    x_years: list[float] = list(years)  # the same years on the line chart's numeric axis
    costs: list[float] = [-y.samfunn.kostnader for y in f.ar]
    gains: list[float] = [y.samfunn.gevinster for y in f.ar]
    cum: list[float] = [y.samfunn.kumulativ_naverdi for y in f.ar]
    top = max(range(len(years)), key=lambda i: -costs[i])
    low = min(range(len(years)), key=lambda i: cum[i])
    be = f.break_even_ar
    be_text = (cat.t("chart_break_even_ja", ar=fmt.aar(be)) if be
               else cat.t("chart_break_even_nei"))
    state = [y_state for y_state in _state_by_year(f)]
    muni: list[float] = [y.budsjett.kostnad_p50 for y in f.ar]
    return {
        "kontantstrom": Markup(charts.cashflow_chart(
            "kontantstrom",
            cat.t("chart_kontantstrom_tittel", navn=navn).unescape(),
            str(cat.t("chart_kontantstrom_desc", topp_kostnad_ar=fmt.aar(years[top]),
                      topp_kostnad=bel(-costs[top]), gevinst_2040=bel(gains[-1]))),
            years,
            [charts.Series(str(cat.t("ax_kostnader")), costs),
             charts.Series(str(cat.t("ax_gevinster")), gains)],
            None,
            axis,
        )),
        "kumulativ": Markup(charts.line_chart(
            "kumulativ",
            cat.t("chart_kumulativ_tittel", navn=navn).unescape(),
            str(cat.t("chart_kumulativ_desc", bunn_ar=fmt.aar(years[low]), bunn=bel(cum[low]),
                      slutt=bel(cum[-1]), break_even=be_text)),
            x_years,
            [charts.Series(str(cat.t("ax_kumulativ")), cum)],
            axis,
            fmt.aar,
            marker_x=be,
            marker_label=str(cat.t("ax_break_even")) if be else None,
        )),
        "fordeling": Markup(charts.cashflow_chart(
            "fordeling",
            str(cat.t("chart_fordeling_tittel")),
            str(cat.t("chart_fordeling_desc", staten=bel(f.statlig_kostnad),
                      kommunen=bel(f.kommunal_kostnad_p50))),
            years,
            [charts.Series(str(cat.t("ax_staten")), state),
             charts.Series(str(cat.t("ax_kommunen")), muni)],
            None,
            axis,
        )),
        "matrise_kommunen": _matrix("matrise-kommunen", risk_kommune, cat,
                                    str(cat.t("tab_kommunen"))),
        "matrise_staten": _matrix("matrise-staten", risk_staten, cat, str(cat.t("tab_staten"))),
        **scenario_charts(f, cat, navn),
    }


def _state_by_year(f: Kommunetall) -> list[float]:
    """The state's contribution per year, following the programme phasing of the JSON."""
    return [y.statlig for y in f.ar]
