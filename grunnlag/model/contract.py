"""The contract between the model and the reports: every figure of one municipality's report
(output/data/<nr>-<slug>.json) and of nasjonal.json, as typed models with named fields.

The model builds these objects; the JSON files are written from them (`as_json`), the report's
Python code reads their attributes (so mypy checks every name) and the templates read them as
Jinja reads anything. The JSON Schemas in docs/skjema/ are generated from them
(scripts/write_schemas.py), and every built file is checked against those.

Field names are the JSON keys (Norwegian), each with a description and its unit. Validation is
strict: a whole number stays a whole number and a list a list, so the JSON is exactly what the
model computed, and a wrong type or a key the contract lacks stops the build.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

# A number that keeps the type the model gave it (1 stays 1, 0.85 stays 0.85): the national
# assumptions may give a share or a rate as a whole number, and the JSON keeps it as written.
Tal = Annotated[int | float, WithJsonSchema({"type": "number"})]
Avtale = Literal["forpliktelsesavtale", "opsjonsavtale"]
Kilde = Literal["kommunens_fil", "estimat"]
GoliveSource = Literal["kommunens_fil", "antakelse", "antakelse_opsjon"]


def _f(description: str, **kw: Any) -> Any:
    """A field with its description (Norwegian, with its unit)."""
    return Field(description=description, **kw)


class Kontrakt(BaseModel):
    """Strict, closed and frozen: what the model computed is what the JSON says."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    def as_json(self) -> dict[str, Any]:
        """The JSON document (plain dicts and lists), as the files hold it."""
        return self.model_dump(mode="json")

    def items(self) -> list[tuple[str, Any]]:
        """The fields and their values in order, as a dict's items (for tables that list
        every line of a group, in Python and in the templates)."""
        return list(dict(self).items())


class Persentiler(Kontrakt):
    """Persentiler av en fordeling fra Monte Carlo-analysen."""

    p10: int = _f("10-persentilen, kroner")
    p50: int = _f("Medianen (50-persentilen), kroner")
    p85: int = _f("85-persentilen, kroner")
    p90: int = _f("90-persentilen, kroner")


class Usikkerhet(Kontrakt):
    """Monte Carlo-analysen av kommunens kostnad og netto nåverdi."""

    kommunal_kostnad: Persentiler = _f("Kommunens kostnad 2021–2040, 2019-kroner")
    netto_naverdi: Persentiler = _f("Kommunens netto nåverdi, kroner (nåverdi)")


class DeltakelseScenario(Kontrakt):
    """Kommunens tall om en gitt andel av befolkningen blir med."""

    andel: Tal = _f("Deltakelse, andel av befolkningen 0–1")
    kommunal_kostnad_p50: int = _f("Kommunens kostnad (P50) ved denne deltakelsen, 2019-kroner")
    netto_naverdi: int = _f("Kommunens netto nåverdi ved denne deltakelsen, kroner")


class TornadoRad(Kontrakt):
    """Én forutsetning satt lavt og høyt, og hva det gjør med kommunens netto nåverdi."""

    forutsetning: str = _f("Forutsetningens navn (nøkkel i tekstene: tornado_<navn>)")
    lav: str = _f("Den lave verdien, som tekst (f.eks. «75 %»)")
    hoy: str = _f("Den høye verdien, som tekst")
    netto_naverdi_lav: int = _f("Netto nåverdi med lav verdi, kroner")
    netto_naverdi_hoy: int = _f("Netto nåverdi med høy verdi, kroner")
    basis: int = _f("Netto nåverdi i hovedberegningen, kroner")


class Fordelingsnokkel(Kontrakt):
    """Kommunens tall med en annen fordelingsnøkkel."""

    fast_andel: Tal = _f("Andelen som fordeles likt på kommunene, 0–1")
    fordelingsnokkel_andel: Tal = _f("Kommunens andel av kostnaden, 0–1")
    kommunal_kostnad_p50: int = _f("Kommunens kostnad (P50), 2019-kroner")
    kommunal_kostnad_p85: int = _f("Kommunens kostnad (P85), 2019-kroner")
    netto_naverdi: int = _f("Kommunens netto nåverdi, kroner")


class NaverdiDeler(Kontrakt):
    """Kommunens netto nåverdi delt etter slag; delene summerer til netto nåverdi."""

    kontant: int = _f("Kontantdelen (kostnader og sparte utgifter), kroner (nåverdi)")
    tid: int = _f("Tidsdelen (frigjort tid verdsatt som i Vedlegg J), kroner (nåverdi)")
    hendelser: int = _f("Unngåtte uønskede hendelser, kroner (nåverdi)")


class Avtalealternativ(Kontrakt):
    """Ett av de tre alternativene (forpliktelse, opsjon, ingen avtale), side om side."""

    innforingsar: int | None = _f("Innføringsår; null for «ingen avtale»")
    kommunal_kostnad_p50: int = _f("Kommunens kostnad (P50), 2019-kroner")
    kommunal_kostnad_p85: int = _f("Kommunens kostnad (P85), 2019-kroner")
    kostnad_2021_2040: int = _f(
        "Hva alternativet koster kommunekassen 2021–2040, dagens systemer medregnet, "
        "2019-kroner")
    kostnad_2021_2024: int = _f(
        "Det samme i økonomiplanperioden 2021–2024, 2019-kroner")
    budsjett_netto_2021_2040: int = _f("Kommunekassens netto 2021–2040 (P50), 2019-kroner")
    budsjett_netto_2021_2024: int = _f("Kommunekassens netto 2021–2024 (P50), 2019-kroner")
    budsjett_netto_per_ar_senere: int = _f(
        "Kommunekassens netto per år 2025–2040, gjennomsnitt, 2019-kroner")
    budsjett_unngatte_kostnader: int = _f("Unngåtte kostnader for dagens systemer, 2019-kroner")
    frigjort_arsverk: float = _f("Frigjort tid ved full realisering, årsverk")
    frigjort_arsverk_2040: float = _f("Frigjort tid i 2040, årsverk")
    gevinster_naverdi: int = _f("Kommunens gevinster, kroner (nåverdi)")
    netto_naverdi: int = _f("Kommunens netto nåverdi, kroner")
    netto_naverdi_deler: NaverdiDeler = _f("Netto nåverdi delt etter slag, kroner")
    break_even_ar: int | None = _f("Året netto nåverdi blir positiv; null om aldri før 2040")
    teller_mot_krav: bool = _f("Om alternativet teller mot kravet om 55 % deltakelse")


class Avtaler(Kontrakt):
    """Forpliktelsesavtale, opsjonsavtale og ingen avtale side om side."""

    forpliktelsesavtale: Avtalealternativ = _f("Kommunen forplikter seg (sin planlagte bølge)")
    ingen_avtale: Avtalealternativ = _f("Dagens systemer fortsetter; ingenting av Akson")
    opsjonsavtale: Avtalealternativ = _f("Kommunen betaler fra opsjonsåret og går live da")


class Budsjettlinjer(Kontrakt):
    """Kommunens budsjettkostnader etter linje."""

    program: int = _f("Kommunens andel av programmet, 2019-kroner")
    lokal: int = _f("Lokal innføring, 2019-kroner")
    drift: int = _f("Driftsprisen for tjenesten, 2019-kroner")


class BudsjettAr(Budsjettlinjer):
    """Ett år i kommunekassen (P50 fordelt på år), 2019-kroner."""

    kostnad_p50: int = _f("Årets kostnad (P50), 2019-kroner")
    kostnad_p85: int = _f("Årets kostnad (P85), 2019-kroner")
    unngatte_kostnader: int = _f("Årets unngåtte kostnader for dagens systemer, 2019-kroner")
    netto: int = _f("Unngåtte kostnader minus kostnad (P50), 2019-kroner")
    kumulativ_netto: int = _f("Netto summert fra 2021 til og med året, 2019-kroner")


class SamfunnAr(Kontrakt):
    """Ett år i den samfunnsøkonomiske analysen for kommunen."""

    kostnader: int = _f("Årets kostnader, kroner (faste priser)")
    gevinster: int = _f("Årets gevinster, kroner (faste priser)")
    netto: int = _f("Gevinster minus kostnader, kroner")
    kumulativ_naverdi: int = _f("Netto nåverdi summert til og med året, kroner")


class Ar(Kontrakt):
    """Ett år 2021–2040: statens kostnad, kommunens budsjett og samfunnets regnskap."""

    ar: int = _f("Året")
    statlig: int = _f("Statens kostnad dette året, 2019-kroner")
    budsjett: BudsjettAr = _f("Kommunens budsjett dette året, 2019-kroner")
    samfunn: SamfunnAr = _f("Den samfunnsøkonomiske analysen dette året, kroner")


class KasseAr(Kontrakt):
    """Ett år i kommunekassen (P50), delt i driftsdel og investeringsdel. Positivt er penger
    inn eller spart, negativt penger ut."""

    ar: int = _f("Året")
    driftsdel: int = _f("Driftsdelen av budsjettet, 2019-kroner")
    investeringsdel: int = _f("Investeringsdelen av budsjettet, 2019-kroner")
    netto: int = _f("Driftsdel pluss investeringsdel, 2019-kroner")
    netto_lopende: int = _f("Netto i løpende kroner (årets priser), kroner")
    prisindeks: Tal = _f("Løpende kroner per 2019-krone dette året")
    dagens_systemer: int = _f("Hva dagens systemer ville kostet uten Akson (negativt), "
                              "2019-kroner")
    program: int = _f("Programandelen, investeringsdel (med mva), 2019-kroner")
    unngatte_anskaffelser: int = _f("Nye journalsystemer som ikke kjøpes, investeringsdel, "
                                    "2019-kroner")
    mva_kompensasjon_investering: int = _f("Momskompensasjon i investeringsdelen, 2019-kroner")
    lan: int = _f("Lån som finansierer programandelen, 2019-kroner")
    lokal: int = _f("Lokal innføring, driftsdel, 2019-kroner")
    drift: int = _f("Driftsprisen for tjenesten, driftsdel, 2019-kroner")
    unngatt_drift: int = _f("Drift av dagens systemer som faller bort, 2019-kroner")
    mva_kompensasjon_drift: int = _f("Momskompensasjon i driftsdelen, 2019-kroner")
    renter: int = _f("Renter på lånet, driftsdel, 2019-kroner")
    avdrag: int = _f("Avdrag på lånet, driftsdel, 2019-kroner")


class DagensSystemerPerAr(Kontrakt):
    """Dagens journalsystemers årlige kostnad."""

    unngatt_drift: int = _f("Drift av dagens systemer per år, 2019-kroner")
    unngatte_anskaffelser: int = _f("Nye systemer (hvert tiende år) per år, 2019-kroner")


class Prisindeks(Kontrakt):
    """Hvordan 2019-kroner regnes om til løpende kroner."""

    prisvekst: Tal = _f("Årlig prisvekst, andel 0–1")
    basisar: int = _f("Basisåret for faste kroner")
    kilde: str = _f("Hvor prisveksten kommer fra")


class Lan(Kontrakt):
    """Lånet som finansierer kommunens programandel."""

    andel: Tal = _f("Andelen av programandelen som lånefinansieres, 0–1")
    rente: Tal = _f("Lånerente per år, andel 0–1")
    lopetid: int = _f("Løpetid, år")


class Kommunekassen(Kontrakt):
    """Kommunekassen: budsjettet per år (P50) og hva alternativet koster i alt."""

    ar: list[KasseAr] = _f("Budsjettet per år 2021–2040")
    dagens_systemer_per_ar: DagensSystemerPerAr = _f("Dagens systemers årlige kostnad, "
                                                     "2019-kroner")
    netto_2021_2040: int = _f("Kommunekassens netto 2021–2040, 2019-kroner")
    netto_2021_2024: int = _f("Kommunekassens netto i økonomiplanperioden 2021–2024, "
                              "2019-kroner")
    netto_per_ar_2025_2040: int = _f("Netto per år 2025–2040, gjennomsnitt, 2019-kroner")
    kostnad_2021_2040: int = _f("Hva Akson koster kommunekassen 2021–2040, dagens systemer "
                                "medregnet, 2019-kroner")
    kostnad_2021_2024: int = _f("Det samme 2021–2024, 2019-kroner")
    dagens_systemer_2021_2040: int = _f("Hva dagens systemer koster 2021–2040, 2019-kroner")
    restgjeld_2040: int = _f("Restgjeld på lånet ved utgangen av 2040, 2019-kroner")


class KommunekassenRapport(Kommunekassen):
    """Kommunekassen slik rapporten viser den, med prisindeks, lån og momskompensasjon."""

    prisindeks: Prisindeks = _f("Prisindeksen for løpende kroner")
    lan: Lan = _f("Lånet som finansierer programandelen")
    mva_andel_kompensert: Tal = _f("Andelen av et beløp med mva som er mva og kompenseres, "
                                   "0–1")


class FrigjortAr(Kontrakt):
    """Frigjort tid ett år."""

    ar: int = _f("Året")
    arsverk: float = _f("Frigjort tid, årsverk")
    timer: int = _f("Frigjort tid, timer")


class FrigjortTid(Kontrakt):
    """Frigjort tid i kommunens egne tjenester. Ikke penger: kommunen velger hva tiden brukes
    til."""

    arsverk: float = _f("Frigjort tid ved full realisering, årsverk")
    timer: int = _f("Frigjort tid ved full realisering, timer per år")
    tjenester: dict[str, float] = _f("Frigjort tid per tjeneste ved full realisering, årsverk")
    ar: list[FrigjortAr] = _f("Frigjort tid per år 2021–2040")


class RegnSelvStart(Kontrakt):
    """Rapportens egne verdier, som «Regn selv» starter fra."""

    deltakelse: Tal = _f("Deltakelse, andel 0–1")
    innforingsar: int = _f("Innføringsår")
    fast_andel: Tal = _f("Andelen av fordelingsnøkkelen som er lik for alle, 0–1")
    statens_andel: Tal = _f("Statens andel av programmet, 0–1")
    dagens_drift: int = _f("Dagens systemers drift per år, kroner med mva")
    prisvekst: Tal = _f("Årlig prisvekst, andel 0–1")
    lanerente: Tal = _f("Lånerente, andel 0–1")


class RegnSelvLinje(Kontrakt):
    """Én av kommunens egne linjer i den samfunnsøkonomiske analysen, som nettsiden regner."""

    niva: Tal = _f("Linjens nivå per år, kroner")
    profil: Literal["once", "from", "ramp"] = _f("Profilen over år")
    forste: int = _f("Første år, relativt til innføringsåret")
    andeler: list[Tal] = _f("Andelene per år for en engangsprofil, 0–1")


class RegnSelv(Kontrakt):
    """Konstantene nettsidens «Regn selv» regner fra (samme modell, forventningsverdier)."""

    start: RegnSelvStart = _f("Rapportens egne verdier")
    ar: list[int] = _f("Første og siste år")
    rente: Tal = _f("Kalkulasjonsrente, andel 0–1")
    fase: dict[str, Tal] = _f("Programkostnadens andel per år (år som tekst), 0–1")
    program_p50: Tal = _f("Programmets kostnad (P50), 2019-kroner")
    program_fast: Tal = _f("Andelen av programmet med fast fordeling, 0–1")
    forventet: Tal = _f("Forventet deltakelse, andel 0–1")
    soa_program: Tal = _f("Programinvesteringen i Vedlegg J, kroner")
    kommuner: int = _f("Antall kommuner som deltar ved full deltakelse")
    folketall_alle: Tal = _f("Folketall i alle kommunene")
    folketall: int = _f("Kommunens folketall")
    mva: Tal = _f("Faktor for merverdiavgift (1,25 ved 25 %)")
    drift_fast_per_ar: Tal = _f("Fast driftspris per år for alle kommunene, kroner")
    drift_start: int = _f("Første driftsår")
    drift_variabel: Tal = _f("Kommunens variable drift per år, kroner")
    anskaffelser_per_ar: Tal = _f("Unngåtte anskaffelser per år, kroner")
    lokal: Tal = _f("Lokal innføring, kroner")
    lokal_fase: list[Tal] = _f("Lokal innføring fordelt på år, andeler 0–1")
    opsjon: bool = _f("Om kommunen har opsjonsavtale")
    linjer: dict[str, RegnSelvLinje] = _f("Kommunens egne linjer, etter nøkkel")
    realisering: list[Tal] = _f("Gevinstrealisering per år etter innføring, andel 0–1")
    fastleger: list[Tal] = _f("Fastlegenes opptak per år, andel 0–1")
    lan_andel: Tal = _f("Lånefinansiert andel, 0–1")
    lan_lopetid: int = _f("Lånets løpetid, år")
    egne_ansatte: Tal = _f("Andelen lokal innføring gjort av egne ansatte, 0–1")
    tjenester: list[list[Tal]] = _f("Tjenestene: [brukere, minutter spart, andel]")
    timer: Tal = _f("Timer per årsverk")
    dager: Tal = _f("Arbeidsdager per år")


class SosokLinjer(Kontrakt):
    """Kommunens egne linjer i den samfunnsøkonomiske analysen; kostnader negative."""

    program: int = _f("Programandel, kroner (nåverdi)")
    drift_fast: int = _f("Fast drift, kroner (nåverdi)")
    lokal_innforing: int = _f("Lokal innføring, kroner (nåverdi)")
    drift_variabel: int = _f("Variabel drift, kroner (nåverdi)")
    omstilling: int = _f("Omstilling (opplæring og tid), kroner (nåverdi)")
    tidsgevinst: int = _f("Tidsgevinst, kroner (nåverdi)")
    gamle_it_anskaffelser: int = _f("Unngåtte anskaffelser av nye systemer, kroner (nåverdi)")
    gamle_it_drift: int = _f("Unngått drift av dagens systemer, kroner (nåverdi)")
    hendelser_kommunal: int = _f("Unngåtte uønskede hendelser, kroner (nåverdi)")


class AndreLinjer(Kontrakt):
    """Andres linjer (fastleger, næringsliv, skattefinansiering) knyttet til kommunen."""

    omstilling_fastlege: int = _f("Fastlegenes omstilling, kroner (nåverdi)")
    tidsgevinst_fastlege: int = _f("Fastlegenes tidsgevinst, kroner (nåverdi)")
    verdiskaping: int = _f("Verdiskaping, kroner (nåverdi)")
    gamle_it_fastleger: int = _f("Fastlegenes unngåtte IT-kostnader, kroner (nåverdi)")
    skattefinansiering: int = _f("Skattefinansieringskostnad, kroner (nåverdi)")


class Endring(Kontrakt):
    """Ett felt som endret seg siden forrige versjon av rapporten."""

    felt: str = _f("Feltet som endret seg")
    fra: Any = _f("Verdien før")
    til: Any = _f("Verdien nå")


class Kommunetall(Kontrakt):
    """Alle tallene i én kommunes rapport, slik modellen regner dem (uten versjon)."""

    kommunenummer: str = _f("Kommunenummer (fire sifre)")
    navn: str = _f("Kommunens navn")
    fylke: str = _f("Fylke")
    folketall: int = _f("Folketall, innbyggere")
    malform: Literal["bokmål", "nynorsk", "nøytral"] = _f("Kommunens målform")
    sprak: Literal["nb", "nn"] = _f("Rapportens språk")
    befolkningsandel: float = _f("Kommunens andel av befolkningen i de 291, 0–1")
    forutsetninger_versjon: str = _f("Versjonen av de nasjonale forutsetningene")
    deltakelse: Tal = _f("Deltakelsen beregningen forutsetter, andel av befolkningen 0–1")
    avtale: Avtale = _f("Avtalen tallene gjelder")
    innforingsar: int = _f("Innføringsåret")
    innforingsar_kilde: GoliveSource = _f(
        "Hvor innføringsåret kommer fra")
    fordelingsnokkel_andel: Tal = _f("Kommunens andel av kostnaden etter fordelingsnøkkelen, "
                                     "0–1")
    lokal_kostnad_kilde: Kilde = _f("Hvor kostnaden for lokal innføring kommer fra")
    dagens_drift_kilde: Kilde = _f("Hvor driftskostnaden for dagens systemer kommer fra")
    kommunal_kostnad_p50: int = _f("Kommunens kostnad 2021–2040, P50 i usikkerhetsanalysen, "
                                   "2019-kroner")
    kommunal_kostnad_p85: int = _f("Kommunens kostnad 2021–2040, P85, 2019-kroner")
    kommunal_kostnad_basis: int = _f("Kommunens kostnad i basisberegningen, 2019-kroner")
    statlig_kostnad: int = _f("Statens kostnad for kommunens del, 2019-kroner")
    budsjett_unngatte_kostnader: int = _f("Unngåtte kostnader for dagens systemer 2021–2040, "
                                          "2019-kroner")
    budsjett_netto_p50: int = _f("Unngåtte kostnader minus kostnad (P50), 2019-kroner")
    budsjett_netto_p85: int = _f("Unngåtte kostnader minus kostnad (P85), 2019-kroner")
    kostnad_per_innbygger_per_ar: int | None = _f(
        "Kostnad (P50) per innbygger per år, kroner; null ved folketall 0")
    budsjett_linjer_p50: Budsjettlinjer = _f("Kostnaden (P50) etter linje, 2019-kroner")
    budsjett_linjer_p85: Budsjettlinjer = _f("Kostnaden (P85) etter linje, 2019-kroner")
    gevinster_naverdi: int = _f("Kommunens gevinster, kroner (nåverdi)")
    kostnader_naverdi: int = _f("Kommunens kostnader, kroner (nåverdi)")
    netto_naverdi: int = _f("Kommunens netto nåverdi, kroner")
    netto_naverdi_deler: NaverdiDeler = _f("Netto nåverdi delt etter slag, kroner")
    netto_naverdi_hoye_kostnader: int = _f("Netto nåverdi med kostnader på P85, kroner")
    staten_naverdi: int = _f("Statens netto nåverdi for kommunens del, kroner")
    kommunekassen: KommunekassenRapport = _f("Kommunekassen: budsjettet per år, 2019-kroner")
    frigjort_tid: FrigjortTid = _f("Frigjort tid, årsverk og timer")
    regn_selv: RegnSelv = _f("Konstantene for «Regn selv» på nettsiden")
    naverdi_linjer: SosokLinjer = _f("Kommunens egne linjer, kroner (nåverdi)")
    andre_naverdi: int = _f("Andres netto nåverdi knyttet til kommunen, kroner")
    naverdi_linjer_andre: AndreLinjer = _f("Andres linjer, kroner (nåverdi)")
    break_even_ar: int | None = _f("Året netto nåverdi blir positiv; null om aldri før 2040")
    ar: list[Ar] = _f("Tallene per år 2021–2040")
    usikkerhet: Usikkerhet = _f("Monte Carlo-analysen")
    deltakelse_scenarier: list[DeltakelseScenario] = _f("Tallene ved ulik deltakelse")
    tornado: list[TornadoRad] = _f("Følsomhet: netto nåverdi med hver forutsetning lav og høy, "
                                   "størst utslag først")
    fordelingsnokler: list[Fordelingsnokkel] = _f("Tallene med andre fordelingsnøkler")
    avtaler: Avtaler = _f("Forpliktelse, opsjon og ingen avtale side om side")
    deltakelseskrav: Tal = _f("Kravet til deltakelse, andel av befolkningen 0–1")
    forventet_deltakelse: Tal = _f("Forventet deltakelse, andel av befolkningen 0–1")
    usikkerhet_trekk: int = _f("Antall trekk i Monte Carlo-analysen")


class Rapporttall(Kommunetall):
    """Én kommunes JSON-fil (output/data/<nr>-<slug>.json): tallene og rapportens versjon."""

    versjon: int = _f("Rapportens versjon; går opp når et hovedtall eller kommunens egne "
                      "tekster endres", ge=1)
    versjonsdato: str = _f("Datoen denne versjonen ble laget (ÅÅÅÅ-MM-DD); versjon 1 har "
                           "rapportdatoen i de nasjonale forutsetningene")
    endringar: list[Endring] = _f("Det som endret seg siden forrige versjon")


# ------------------------------------------------------------------------------ nasjonal.json
class KritiskMasse(Kontrakt):
    """De færreste kommunene, størst først, som sammen når deltakelseskravet."""

    antall: int = _f("Antall kommuner")
    kommunenummer: list[str] = _f("Kommunene, størst først")
    andel: Tal = _f("Andelen av befolkningen de har, 0–1")
    krav: Tal = _f("Kravet, andel 0–1")
    forpliktet_antall: int = _f("Hvor mange av dem som har forpliktet seg")


class Storrelser(Kontrakt):
    """Antall kommuner per størrelsesklasse."""

    storby: int = _f("Minst 200 000 innbyggere, antall kommuner")
    stor: int = _f("50 000–199 999 innbyggere, antall kommuner")
    mellomstor: int = _f("10 000–49 999 innbyggere, antall kommuner")
    liten: int = _f("Under 10 000 innbyggere, antall kommuner")


class NegativtResultat(Kontrakt):
    """Kommunene med negativ netto nåverdi, og hvorfor."""

    antall_kommuner: int = _f("Antall kommuner i alt")
    antall: int = _f("Antall kommuner med negativ netto nåverdi")
    folketall: int = _f("Innbyggere i dem")
    storrelse: Storrelser = _f("De negative etter størrelse")
    storrelse_alle: Storrelser = _f("Alle kommunene etter størrelse")
    uten_break_even: int = _f("Antall kommuner uten break-even før 2040")
    fordeling_fast_andel: Tal = _f("Fast andel i fordelingsnøkkelen, 0–1")
    positive_med_folketallsnokkel: int = _f(
        "Antall negative som blir positive med ren folketallsnøkkel")
    median_per_innbygger: int | None = _f("Median netto nåverdi per innbygger blant de "
                                          "negative, kroner; null om ingen")


class Sporing55(Kontrakt):
    """Hvor nær landet er kravet om 55 % deltakelse, etter kommunenes vedtak."""

    forpliktet_andel: Tal = _f("Forpliktet, andel av befolkningen 0–1")
    opsjon_andel: Tal = _f("Opsjonsavtale, andel av befolkningen 0–1")
    avslatt_andel: Tal = _f("Avslått, andel av befolkningen 0–1")
    intensjon_signert_andel: Tal = _f("Intensjonserklæring signert, andel av befolkningen 0–1")
    uavklart_andel: Tal = _f("Uavklart, andel av befolkningen 0–1")
    intensjon_signert_antall_nasjonalt: Tal = _f(
        "Antall kommuner som har signert intensjonserklæring (nasjonal kilde)")
    forpliktet_antall: int = _f("Antall kommuner som har forpliktet seg")
    krav_oppfylt: bool = _f("Om de forpliktede når kravet")


class NasjonalFordeling(Kontrakt):
    """Hvem som får landets netto nåverdi ved en gitt deltakelse."""

    deltakelse: Tal = _f("Deltakelse, andel av befolkningen 0–1")
    kommunane: int = _f("Kommunenes netto nåverdi, kroner")
    staten: int = _f("Statens netto nåverdi, kroner")
    andre: int = _f("Andres netto nåverdi, kroner")


class Spredning(Kontrakt):
    """Histogram over netto nåverdi per innbygger (2.–98. persentil; verdier utenfor telles i
    første eller siste stolpe)."""

    kanter: list[int] = _f("Stolpenes kanter, kroner per innbygger")
    antall: list[int] = _f("Antall kommuner per stolpe")
    median: int | None = _f("Median, kroner per innbygger")
    min: int | None = _f("Laveste, kroner per innbygger")
    max: int | None = _f("Høyeste, kroner per innbygger")
    negative: int = _f("Antall kommuner under null")
    antall_kommuner: int = _f("Antall kommuner med folketall over null")
    under: int = _f("Antall under aksens nedre grense (telt i første stolpe)")
    over: int = _f("Antall over aksens øvre grense (telt i siste stolpe)")
    persentiler: list[int] = _f("Persentilene aksen dekker")


class RegnSelvNasjonalStart(Kontrakt):
    """Verdiene «Regn selv for landet» starter fra."""

    deltakelse: Tal = _f("Deltakelse, andel 0–1")
    fast_andel: Tal = _f("Fast andel i fordelingsnøkkelen, 0–1")


class RegnSelvNasjonal(Kontrakt):
    """Det indekssidens «Regn selv for landet» regner fra."""

    kommuner: list[list[str | Tal]] = _f(
        "Per kommune: [kommunenummer, folketall, gevinster (nåverdi), kostnader utenom nøkkelen "
        "(nåverdi), programmet per nøkkelenhet (nåverdi), fast drift per nøkkelenhet (nåverdi), "
        "andres netto nåverdi, statens netto nåverdi], kroner")
    program_fast: Tal = _f("Andelen av programmet med fast fordeling, 0–1")
    forventet: Tal = _f("Forventet deltakelse, andel 0–1")
    soa_program: Tal = _f("Programinvesteringen i Vedlegg J, kroner")
    statens_andel: Tal = _f("Statens andel, 0–1")
    nasjonale_losninger: Tal = _f("Gamle nasjonale løsninger, kroner")
    steg1: Tal = _f("Investering steg 1, kroner")
    start: RegnSelvNasjonalStart = _f("Startverdiene")


class NaverdiDelerTotal(Kontrakt):
    """Kommunenes netto nåverdi i alt, delt etter slag, ved forventet deltakelse."""

    kontant: int = _f("Kontantdelen, kroner (nåverdi)")
    tid: int = _f("Tidsdelen, kroner (nåverdi)")
    hendelser: int = _f("Unngåtte uønskede hendelser, kroner (nåverdi)")


class Nasjonaltall(Kontrakt):
    """nasjonal.json: landets tall, sporingen mot 55 % og kalibreringen etter deltakelse.
    Totalene gjelder forventet deltakelse (`totaler_deltakelse`)."""

    antall_kommuner: int = _f("Antall kommuner i omfanget")
    antall_bygget: int = _f("Antall kommuner med tall i denne byggingen")
    folketall_total: int = _f("Folketall i alle kommunene")
    forutsetninger_versjon: str = _f("Versjonen av de nasjonale forutsetningene")
    kommunal_kostnad_p50_total: int = _f("Kommunenes kostnad (P50) i alt, 2019-kroner")
    kommunal_kostnad_p85_total: int = _f("Kommunenes kostnad (P85) i alt, 2019-kroner")
    statlig_kostnad_total: int = _f("Statens kostnad i alt, 2019-kroner")
    statlig_steg1_p50: int = _f("Statens kostnad for steg 1 (P50), kroner")
    gevinster_naverdi_total: int = _f("Kommunenes gevinster i alt, kroner (nåverdi)")
    netto_naverdi_total: int = _f("Kommunenes netto nåverdi i alt, kroner")
    totaler_deltakelse: Tal = _f("Deltakelsen totalene gjelder, andel 0–1")
    kommunekassen_netto_total: int = _f("Kommunekassenes netto 2021–2040 i alt, 2019-kroner")
    kommunekassen_netto_2021_2024_total: int = _f("Kommunekassenes netto 2021–2024 i alt, "
                                                  "2019-kroner")
    frigjort_arsverk_total: Tal = _f("Frigjort tid i alt, årsverk")
    netto_naverdi_deler_total: NaverdiDelerTotal = _f("Netto nåverdi i alt etter slag, kroner")
    andre_naverdi_total: int = _f("Andres netto nåverdi i alt, kroner")
    staten_naverdi_total: int = _f("Statens netto nåverdi i alt, kroner")
    deltakelseskrav: Tal = _f("Kravet til deltakelse, andel av befolkningen 0–1")
    sporing_55: Sporing55 = _f("Sporingen mot kravet om 55 % deltakelse")
    netto_naverdi_ved_deltakelse: dict[str, int] = _f(
        "Landets netto nåverdi etter deltakelse (andel som tekst), kroner, med de nasjonale "
        "forutsetningene for alle kommunene (modellens kontroll mot Vedlegg J)")
    netto_naverdi_fordeling: list[NasjonalFordeling] = _f(
        "Hvem som får landets netto nåverdi, etter deltakelse, med kommunenes svar")
    netto_naverdi_fordeling_referanse: list[NasjonalFordeling] = _f(
        "Hvem som får landets netto nåverdi, etter deltakelse, med de nasjonale "
        "forutsetningene for alle kommunene og uten kommunenes svar: tabellen hver rapport "
        "viser, så ett svar ikke endrer andre kommuners rapporter")
    netto_naverdi_ved_deltakelse_vedlegg_j: dict[str, int] = _f(
        "Vedlegg J Figur 24: landets netto nåverdi etter deltakelse, kroner")
    netto_naverdi_ved_deltakelse_metode: str = _f("Hvordan landets netto nåverdi er regnet")
    netto_naverdi_per_innbygger_fordeling: Spredning = _f(
        "Spredningen i netto nåverdi per innbygger")
    kritisk_masse_55: KritiskMasse = _f("De færreste kommunene som når kravet")
    negativt_resultat: NegativtResultat = _f("Kommunene med negativt resultat")
    regn_selv: RegnSelvNasjonal = _f("Det «Regn selv for landet» regner fra")


# The JSON Schemas committed in docs/skjema/ (scripts/write_schemas.py writes them): by name,
# the model and the files it describes.
SCHEMAS: dict[str, tuple[type[Kontrakt], str]] = {
    "kommune": (Rapporttall, "output/data/<kommunenummer>-<navn>.json"),
    "nasjonal": (Nasjonaltall, "output/data/nasjonal.json"),
}
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one kind of file, generated from its model."""
    model, files = SCHEMAS[name]
    schema = model.model_json_schema(mode="serialization")
    for part in [schema, *schema.get("$defs", {}).values()]:
        for field in part.get("properties", {}).values():
            field.pop("title", None)  # «Kommunal Kostnad P50»: the name again, in English case
    return {"$schema": SCHEMA_DIALECT, "$comment": (
        f"Skjemaet for {files}, laget fra grunnlag/model/contract.py av "
        "scripts/write_schemas.py. Ikke rediger for hånd."), **schema}


def schema_text(name: str) -> str:
    """The schema as the committed file holds it: UTF-8, two-space indents, fields in the
    contract's order, a newline at the end."""
    return json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n"
