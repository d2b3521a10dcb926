"""What the model reads each national figure as: the kind of quantity and the shape of value.

The unit a figure's `enhet` names is part of its meaning: `kalkulasjonsrente` is read as a share
(0.04 is 4 %), so a file that says `enhet: MNOK` for it is refused rather than read as a share
anyway. A year written as `år` may be a calendar year or a number of years; which one is
declared here, by figure. One table, keyed by the figure's name, so a figure is declared where
the model's reading of it is looked up. A figure not in the table (one added later) is checked
only by what its own unit says (assumption_checks), never refused for being new.
"""

from __future__ import annotations

from dataclasses import dataclass

# The kinds of quantity (assumption_checks.KINDS holds their ranges).
AMOUNT = "amount"
NET_VALUE = "net present value"
SHARE = "share"
PROBABILITY = "probability"
MULTIPLE = "multiple"
FACTOR = "factor"
CALENDAR_YEAR = "calendar year"
NUMBER_OF_YEARS = "number of years"
MUNICIPALITIES = "number of municipalities"
INHABITANTS = "number of inhabitants"
DRAWS = "number of draws"
STAFF = "number of årsverk"
MINUTES = "minutes per day"
HOURS = "hours in a year"
DAYS = "days in a year"

# The shapes of a value.
ONE = "one number"
LIST = "a list of numbers"
TABLE = "a table of numbers"


@dataclass(frozen=True)
class Expected:
    """How the model reads one figure: its kind, shape and (for a list) its length; with
    `above_zero`, every number must be above 0 (the model divides by it); with `adds_up`, the
    numbers (shares of one whole spread over years) must add up to 1."""

    kind: str
    shape: str = ONE
    length: int | None = None
    above_zero: bool = False
    adds_up: bool = False


_PAIR = Expected(SHARE, LIST, 2)  # low and high
_SPREAD = Expected(SHARE, LIST, 2, adds_up=True)  # one whole over two years

EXPECTED: dict[str, Expected] = {
    "kalkulasjonsrente": Expected(SHARE),
    "deltakelseskrav": Expected(SHARE),
    "intensjon_signert_antall": Expected(MUNICIPALITIES),
    "statsbudsjett_2021_journal": Expected(AMOUNT),
    "statsbudsjett_2021_samhandling": Expected(AMOUNT),
    "program_p50": Expected(AMOUNT, above_zero=True),
    "program_p85": Expected(AMOUNT, above_zero=True),
    "program_standardavvik": Expected(SHARE),
    "program_p50_ved_85": Expected(AMOUNT),
    "lokal_p50": Expected(AMOUNT, above_zero=True),
    "lokal_p85": Expected(AMOUNT, above_zero=True),
    "steg1_p50": Expected(AMOUNT),
    **{f"soa_{name}": Expected(NET_VALUE) for name in (
        "investering_program investering_mottak investering_steg1 drift_program drift_mottak "
        "endring_omstilling omstilling_fastlege skattefinansiering tidsgevinst "
        "tidsgevinst_fastlege verdiskaping gamle_it_kommunale "
        "gamle_it_kommunale_drift gamle_it_fastleger gamle_it_nasjonale nnv nnv_ved_25 "
        "nnv_ved_40 nnv_ved_100").split()},
    "soa_uonskede_hendelser": Expected(NET_VALUE, above_zero=True),  # the municipal part is
    "soa_hendelser_kommunale_tjenester": Expected(NET_VALUE),  # a share of it
    "forventet_deltakelse": Expected(SHARE, above_zero=True),
    "anskaffelse_kostnad": Expected(AMOUNT),
    "anskaffelse_intervall": Expected(NUMBER_OF_YEARS),
    "sma_kommuner_grense": Expected(INHABITANTS),
    "sma_kommuner_gruppe": Expected(MUNICIPALITIES, above_zero=True),
    "statens_andel_program": Expected(SHARE),
    "fordeling_fast_andel": Expected(SHARE),
    "program_fast_andel": Expected(SHARE),
    "drift_fast_andel": Expected(SHARE),
    "drift_start": Expected(CALENDAR_YEAR),
    "lokal_fast_andel": Expected(SHARE),
    "mva_faktor": Expected(FACTOR),
    "innforingsar_standard": Expected(CALENDAR_YEAR),
    "innforingsar_opsjon": Expected(CALENDAR_YEAR),
    "staten_alene_til": Expected(CALENDAR_YEAR),
    "program_innfasing": Expected(SHARE, LIST),  # length and sum: check_relations
    "lokal_innfasing": _SPREAD,
    "innforingskurve": Expected(SHARE, TABLE),
    "realiseringstakt": Expected(SHARE, LIST, above_zero=True),
    "fastlege_oppslutning": Expected(SHARE, LIST, above_zero=True),
    "produktivitetsfall": _SPREAD,
    "folsomhet_statens_andel": _PAIR,
    "folsomhet_kalkulasjonsrente": _PAIR,
    "alternative_fordelingsnokler": _PAIR,
    "usikkerhet_gevinst": Expected(MULTIPLE, LIST, 2),
    "usikkerhet_forsinkelse": Expected(PROBABILITY, TABLE),
    "usikkerhet_trekk": Expected(DRAWS),
    "lan_andel": Expected(SHARE),
    "lanerente": Expected(SHARE),
    "lan_lopetid": Expected(NUMBER_OF_YEARS, above_zero=True),
    "prisvekst": Expected(SHARE),
    "lokal_egne_ansatte_andel": Expected(SHARE),
    "drift_p85_faktor": Expected(FACTOR),
    "folsomhet_hendelser_kommunal": _PAIR,
    "tjenester_arsverk": Expected(STAFF, LIST, 7),  # one per service, views.SERVICES
    "tjenester_minutter": Expected(MINUTES, LIST, 7),
    "tjenester_uavhengig_av_fastlege": Expected(SHARE, LIST, 7),
    "timer_per_arsverk": Expected(HOURS, above_zero=True),
    "arbeidsdager": Expected(DAYS, above_zero=True),
}

# The calendar-year figures: each must lie inside the analysis period (assumption_checks).
CALENDAR_YEARS = tuple(k for k, e in EXPECTED.items() if e.kind == CALENDAR_YEAR)
# Pairs of figures where the first may not exceed the second (a P50 above its P85).
# Figures with a lowest value the model can work with: (lowest, why, as the message says it)
AT_LEAST = {"drift_p85_faktor": (1, "1 (a P85 is not below its P50)"),
            "forventet_deltakelse": (0.05, "0.05 (5 %): the fixed costs are shared among those "
                                           "who take part")}
NOT_ABOVE = (("program_p50", "program_p85"), ("lokal_p50", "lokal_p85"),
             ("soa_hendelser_kommunale_tjenester", "soa_uonskede_hendelser"))
