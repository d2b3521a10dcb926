"""What the saksframlegg says: one municipality's draft case document, as plain blocks.

The blocks (headings, paragraphs, numbered points, tables) are filled from the same figure
dict as the JSON and formatted as the report formats them; docx_out.py lays them out in Word.
Nothing is computed here beyond adding up the yearly figures of the financial-plan years.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from grunnlag.inputs.organ import organ_for
from grunnlag.inputs.samisk import sami_language
from grunnlag.inputs.schema import Kommune
from grunnlag.inputs.texts import Catalog
from grunnlag.render import fmt
from grunnlag.render.typografi import whole_numbers

RISKS_SHOWN = 3
KEY_VALUE = (4.5, 11.5)  # cm: label and value


@dataclass(frozen=True)
class Block:
    """One part of the document: kind is title, heading, para, point, note, table or empty."""

    kind: str
    text: str = ""
    level: int = 1
    rows: list[list[str]] = field(default_factory=list)  # tables: the first row is the header
    merge: tuple[int, int, int] | None = None  # tables: (column, first row, last row) as one
    widths: tuple[float, ...] = ()  # tables: column widths in cm (the text is 16 cm wide)
    role: str = ""  # what the report's own edition does with it: "kommunen" (left to the
    #                 municipality), "vedlegg" (the list of attachments), "par" (label/value
    #                 table), "" (as it is)


@dataclass(frozen=True)
class Saksframlegg:
    """The whole document: its title (also the DOCX's own title), language form and blocks."""

    title: str
    lang: str
    blocks: list[Block]


def top_risks(f: dict, n: int = RISKS_SHOWN) -> list[dict]:
    """The assumptions that move the municipality's net present value most, largest first."""
    spread = lambda r: abs(r["netto_naverdi_hoy"] - r["netto_naverdi_lav"])  # noqa: E731
    return sorted(f["tornado"], key=spread, reverse=True)[:n]


def _systems(k: Kommune, cat: Catalog) -> str:
    if not k.journalsystemer:
        return str(cat.t("sf_systemer_ukjent"))
    lines = []
    for s in k.journalsystemer:
        line = f"{cat.t('omrade_' + s.tjenesteomrade)}: {s.system}"
        lines.append(f"{line} ({s.leverandor})" if s.leverandor else line)
    return "\n".join(lines)


def build(k: Kommune, f: dict, cat: Catalog, v: dict[str, str], rapportdato: str,
          folketall_dato: str) -> Saksframlegg:
    """The saksframlegg of one municipality in its language form.

    `v` holds the formatted values the report's texts use (report.prose_values).
    """
    t = lambda key, **kw: whole_numbers(str(cat.t(key, **{**v, **kw}).unescape()))  # noqa: E731
    kr = lambda x: whole_numbers(fmt.kroner(x, cat.lang))  # noqa: E731
    organ = organ_for(k)
    fa, oa = f["avtaler"]["forpliktelsesavtale"], f["avtaler"]["opsjonsavtale"]
    b: list[Block] = [
        Block("note", t("sf_dokumenttype")),
        Block("title", t("sf_tittel")),
        Block("table", rows=[
            [t("sf_utvalg"), organ.values()["vedtaksorgan_stor"]],
            [t("sf_moetedato"), ""],
            [t("sf_saksbehandler"), ""],
        ], widths=KEY_VALUE, role="kommunen"),
        Block("note", t("sf_undertittel")),
        Block("heading", t("sf_h_vedtak")),
        Block("para", t("sf_vedtak_innledning")),
    ]
    for alt, n in (("forpliktelse", 4), ("opsjon", 4), ("ikke_na", 2)):
        b.append(Block("heading", t(f"sf_alt_{alt}"), level=2))
        b.extend(Block("point", t(f"sf_{alt}_{i}"), level=i) for i in range(1, n + 1))
    b += [Block("heading", t("sf_h_sammendrag")), Block("para", t("sf_sammendrag"))]

    facts = [
        [t("sf_kommune"), t("sf_kommune_verdi")],
        [t("sf_innbyggere"), t("sf_innbyggere_verdi", dato=folketall_dato)],
        [t("sf_systemer"), _systems(k, cat)],
    ]
    language = sami_language(k.kommunenummer)
    if language:
        facts.append([t("sf_samisk"), t("sf_samisk_verdi", samisk_sprak=language)])
    facts += [
        [t("sf_frist"), t("sf_frist_verdi")],
        [t("sf_kontakt"), t("sf_kontakt_verdi")],
        [t("sf_avsender"), t("utgiver")],
    ]
    b += [Block("heading", t("sf_h_fakta")),
          Block("table", rows=facts, widths=KEY_VALUE, role="par")]

    b += [
        Block("heading", t("sf_h_alternativer")),
        Block("table", rows=[
            [t("tab_post"), t("tab_forpliktelse"), t("tab_opsjon"), t("tab_ikke_na")],
            [t("av_innforingsar"), fmt.aar(fa["innforingsar"]), fmt.aar(oa["innforingsar"]),
             t("av_ikke_planlagt")],
            [t("av_kostnad_p50"), kr(fa["kommunal_kostnad_p50"]),
             kr(oa["kommunal_kostnad_p50"]), t("av_ikke_akson")],
            [t("av_kostnad_p85"), kr(fa["kommunal_kostnad_p85"]),
             kr(oa["kommunal_kostnad_p85"]), ""],
            [t("sf_kostnad_uten_mva"), kr(fa["kommunal_kostnad_p50_uten_mva"]),
             kr(oa["kommunal_kostnad_p50_uten_mva"]), ""],
            [t("sf_budsjett_2021_2024"), kr(fa["budsjett_netto_2021_2024"]),
             kr(oa["budsjett_netto_2021_2024"]), kr(0)],
            [t("sf_budsjett_2021_2024_uten_mva"), kr(fa["budsjett_netto_2021_2024_uten_mva"]),
             kr(oa["budsjett_netto_2021_2024_uten_mva"]), kr(0)],
            [t("sf_budsjett_per_ar"), kr(fa["budsjett_netto_per_ar_senere"]),
             kr(oa["budsjett_netto_per_ar_senere"]), kr(0)],
            [t("av_netto"), kr(fa["netto_naverdi"]), kr(oa["netto_naverdi"]), kr(0)],
            [t("av_teller"), t("ja"), t("nei"), t("nei")],
        ], merge=(3, 2, 4), widths=(4.0, 4.0, 4.0, 4.0)),
        Block("note", t("sf_alternativer_tekst")),
    ]

    rows = [[t("sf_tab_risiko"), t("tab_nnv_lav"), t("tab_nnv_hoy"), t("sf_tab_tiltak")]]
    for r in top_risks(f):
        label = t("sf_risiko_spenn", forutsetning=t("tornado_" + r["forutsetning"]),
                  lav=r["lav"], hoy=r["hoy"])
        rows.append([label, kr(r["netto_naverdi_lav"]), kr(r["netto_naverdi_hoy"]),
                     t("sf_tiltak_" + r["forutsetning"])])
    b += [
        Block("heading", t("sf_h_risiko")),
        Block("para", t("sf_risiko_tekst", basis=kr(f["netto_naverdi"]))),
        Block("table", rows=rows, widths=(4.4, 3.4, 3.4, 4.8)),
        Block("heading", t("sf_h_vurdering"), role="kommunen"),
        Block("empty", role="kommunen"),
        Block("heading", t("sf_h_innstilling"), role="kommunen"),
        Block("empty", role="kommunen"),
        Block("heading", t("sf_h_vedlegg"), role="vedlegg"),
        Block("point", t("sf_vedlegg_1", rapportdato=rapportdato), level=1, role="vedlegg"),
        Block("point", t("sf_vedlegg_2"), level=2, role="vedlegg"),
    ]
    return Saksframlegg(t("sf_tittel"), cat.lang, b)

