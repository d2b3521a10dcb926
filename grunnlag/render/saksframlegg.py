"""What the saksframlegg says: one municipality's draft case document, as plain blocks.

The blocks (headings, paragraphs, numbered points, tables) are filled from the same figure
dict as the JSON and formatted as the report formats them; docx_out.py lays them out in Word.
Nothing is computed here beyond adding up the yearly figures of the financial-plan years.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup

from grunnlag.inputs.organ import Organ, organ_for
from grunnlag.inputs.samisk import sami_language
from grunnlag.inputs.schema import Kommune
from grunnlag.inputs.texts import Catalog
from grunnlag.model.contract import Avtalealternativ, Kommunetall, TornadoRad
from grunnlag.render import fmt
from grunnlag.render.typografi import whole_numbers
from grunnlag.render.vedlegg import VEDLEGG

RISKS_SHOWN = 3
# The register's risks that decide whether the agreement is worth signing for every
# municipality (SSD A.C1 and the project office's L5); the third is the most serious of the rest.
DECISIVE_RISKS = ("for_faa_avtaler", "fordelingsnokkel")
KEY_VALUE = (4.5, 11.5)  # cm: label and value
SAKSGANG = (8.0, 4.0, 4.0)  # cm: body, meeting date, case number
SAMI_TAGS = {"nordsamisk": "se-NO", "lulesamisk": "smj-NO", "sørsamisk": "sma-NO"}
# The step a frame is rounded up to (fmt.opp_steg), in words: its text key
STEP_TEXTS = {1e8: "sf_steg_100_mill", 1e5: "sf_steg_100_tusen", 1e3: "sf_steg_1000",
              1.0: "sf_steg_1"}


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
    #                 table), "tall" (a table of figures: every value right-aligned), "hode"
    #                 (the document's own head), "" (as it is)
    lang: str = ""  # BCP 47 tag of text in another language than the document's (Sami)


@dataclass(frozen=True)
class Saksframlegg:
    """The whole document: its title (also the DOCX's own title), language form and blocks."""

    title: str
    lang: str
    blocks: list[Block]


def top_risks(f: Kommunetall, n: int = RISKS_SHOWN) -> list[TornadoRad]:
    """The assumptions that move the municipality's net present value most, largest first;
    two that give the same figures (the same scenario reached two ways) are shown once."""
    spread = lambda r: abs(r.netto_naverdi_hoy - r.netto_naverdi_lav)  # noqa: E731
    out: list[TornadoRad] = []
    seen: set[tuple[int, int]] = set()
    for r in sorted(f.tornado, key=spread, reverse=True):
        pair = (r.netto_naverdi_lav, r.netto_naverdi_hoy)
        if pair in seen or (pair[::-1]) in seen:
            continue
        seen.add(pair)
        out.append(r)
    return out[:n]


def register_risks(risks: list[dict], n: int = RISKS_SHOWN) -> list[dict]:
    """The risks from the register that matter most for the decision: the decisive ones, then
    the most serious of the others for this municipality (risks come most serious first)."""
    first = [r for r in risks if r["id"] in DECISIVE_RISKS]
    rest = [r for r in risks if r["id"] not in DECISIVE_RISKS]
    return (first + rest)[:n]


def _plain(text: object) -> str:
    """Rendered inline text as plain text (the DOCX has no HTML)."""
    plain = str(Markup(str(text)).striptags()) if isinstance(text, Markup) else str(text)
    return whole_numbers(plain)


def _systems(k: Kommune, cat: Catalog) -> str:
    if not k.journalsystemer:
        return str(cat.t("sf_systemer_ukjent"))
    lines = []
    for s in k.journalsystemer:
        line = f"{cat.t('omrade_' + s.tjenesteomrade)}: {s.system}"
        lines.append(f"{line} ({s.leverandor})" if s.leverandor else line)
    return "\n".join(lines)


def sf_values(f: Kommunetall, cat: Catalog) -> dict[str, str]:
    """The saksframlegg's own figures, rounded for pages 1–3: the commitment's effect on the
    budget, the freed time, the cost frame rounded up, and how the option differs."""
    lang = cat.lang
    bel = lambda x: fmt.belop(x, lang)  # noqa: E731
    fa, oa = f.avtaler.forpliktelsesavtale, f.avtaler.opsjonsavtale
    ia = f.avtaler.ingen_avtale
    more = _by_how_much(beyond_today(fa, ia), cat)
    plan_more = _by_how_much(fa.kostnad_2021_2024 - ia.kostnad_2021_2024, cat)
    option_more = _by_how_much(oa.kostnad_2021_2040 - fa.kostnad_2021_2040, cat)
    return {
        "forpl_diff": more[0],
        "forpl_retning": more[1],
        "forpl_plan_diff": plan_more[0],
        "forpl_plan_retning": plan_more[1],
        "forpl_arsverk": fmt.tall(fa.frigjort_arsverk, lang, 1),
        "kostnad_ingen": bel(ia.kostnad_2021_2040),
        "ramme": fmt.belop_opp(fa.kommunal_kostnad_p85, lang),
        "opsjon_ramme": fmt.belop_opp(oa.kommunal_kostnad_p85, lang),
        "steg": rounding_step(fa.kommunal_kostnad_p85, oa.kommunal_kostnad_p85, cat),
        "opsjon_diff": option_more[0],
        "retning": option_more[1],
        "innforingsar_forpl": fmt.aar(fa.innforingsar),
    }


def _by_how_much(difference: int, cat: Catalog) -> tuple[str, str]:
    """A difference as the saksframlegg says it: the amount, and «mer» or «mindre»."""
    return (fmt.belop(abs(difference), cat.lang),
            str(cat.t("sf_mer" if difference > 0 else "sf_mindre")))


def beyond_today(x: Avtalealternativ, today: Avtalealternativ) -> int:
    """What an alternative costs the budget in 2021–2040 beyond keeping today's systems (the
    table's row «Forskjell fra Ikke nå», and the summary's «… mer enn …»)."""
    return x.kostnad_2021_2040 - today.kostnad_2021_2040


def rounding_step(forpliktelse: float, opsjon: float, cat: Catalog) -> str:
    """The step the two frames are rounded up to, in words («100 000 kroner»); each its own
    when their sizes differ (a frame from 1 mrd. kr is rounded to 100 million kroner)."""
    steps = [str(cat.t(STEP_TEXTS[fmt.opp_steg(x)])) for x in (forpliktelse, opsjon)]
    if steps[0] == steps[1]:
        return steps[0]
    return str(cat.t("sf_steg_hver", forpliktelse=steps[0], opsjon=steps[1]).unescape())


def build(k: Kommune, f: Kommunetall, cat: Catalog, v: dict[str, str], rapportdato: str,
          folketall_dato: str, risks: list[dict] | None = None) -> Saksframlegg:
    """The saksframlegg of one municipality in its language form.

    `v` holds the formatted values the report's texts use (report.prose_values).
    """
    v = {**v, **sf_values(f, cat)}
    t = lambda key, **kw: whole_numbers(str(cat.t(key, **{**v, **kw}).unescape()))  # noqa: E731
    bel = lambda x: whole_numbers(fmt.belop(x, cat.lang))  # noqa: E731
    fte = lambda x: fmt.tall(x, cat.lang, 1)  # noqa: E731
    # Running text and the resolution name the municipality as it names itself («Våler»,
    # «Porsanger»); the official name, parallel names and all, is in the facts table once.
    v = {**v, "navn": short_name(k)}
    organ = organ_for(k)
    fa, oa = f.avtaler.forpliktelsesavtale, f.avtaler.opsjonsavtale
    ia = f.avtaler.ingen_avtale
    b: list[Block] = [
        Block("note", t("sf_dokumenttype"), role="hode"),
        *_head(t, organ),
        Block("title", t("sf_tittel")),
        Block("note", t("sf_undertittel")),
        Block("heading", t("sf_h_vedtak")),
        Block("para", t("sf_innstilling_innledning")),
        Block("para", t("sf_rammer_forklaring")),
    ]
    for alt, n in (("forpliktelse", 4), ("opsjon", 4), ("ikke_na", 2)):
        b.append(Block("heading", t(f"sf_alt_{alt}"), level=2))
        b.extend(Block("point", t(f"sf_{alt}_{i}"), level=i) for i in range(1, n + 1))
    b += [Block("heading", t("sf_h_sammendrag")), Block("para", t("sf_sammendrag"))]

    facts = [
        [t("sf_kommune"), t("sf_kommune_verdi", navn=official_name(k))],
        [t("sf_innbyggere"), t("sf_innbyggere_verdi", dato=folketall_dato)],
        [t("sf_systemer"), _systems(k, cat)],
    ]
    language = sami_language(k.kommunenummer)
    b += _sami_summary(k, t, language)
    if language:
        facts.append([t("sf_samisk"), t("sf_samisk_verdi", samisk_sprak=language)])
    facts += [
        [t("sf_frist"), t("sf_frist_verdi")],
        [t("sf_utkast_fra"), t("utgiver")],  # the source of the draft, not its sender
    ]
    b += [Block("heading", t("sf_h_fakta")),
          Block("table", rows=facts, widths=KEY_VALUE, role="par")]

    alternatives = (fa, oa, ia)
    b += [
        Block("heading", t("sf_h_alternativer")),
        Block("para", t("sf_alternativer_innledning")),
        Block("table", rows=[
            [t("tab_post"), t("tab_forpliktelse"), t("tab_opsjon"), t("tab_ikke_na")],
            [t("av_innforingsar"), fmt.aar(fa.innforingsar), fmt.aar(oa.innforingsar),
             t("av_ikke_planlagt")],
            [t("sf_kostnad_kasse"), *(bel(x.kostnad_2021_2040) for x in alternatives)],
            [t("sf_kostnad_kasse_plan"), *(bel(x.kostnad_2021_2024) for x in alternatives)],
            [t("sf_forskjell_kasse"),
             *(bel(beyond_today(x, ia)) for x in alternatives)],
            [t("sf_kostnad_akson_p50"), *(bel(x.kommunal_kostnad_p50) for x in alternatives)],
            [t("sf_kostnad_akson_p85"), *(bel(x.kommunal_kostnad_p85) for x in alternatives)],
            [t("sf_frigjort_tid"), *(fte(x.frigjort_arsverk) for x in alternatives)],
            [t("sf_netto_nv_deler"), *(bel(x.netto_naverdi) for x in alternatives)],
            [t("av_teller"), t("ja"), t("nei"), t("nei")],
        ], widths=(4.6, 3.8, 3.8, 3.8), role="tall"),
        Block("note", t("sf_alternativer_tekst")),
        Block("para", t("sf_opsjon_forklaring")),
    ]

    risk_rows = [[t("sf_tab_risiko_register"), t("sf_tab_sannsynlighet"),
                  t("sf_tab_konsekvens"), t("sf_tab_tiltak")]]
    for r in register_risks(risks or []):
        risk_rows.append([_plain(r["risiko"]), _plain(r["s_label"]), _plain(r["k_label"]),
                          _plain(r["tiltak"])])
    rows = [[t("sf_tab_risiko"), t("tab_nnv_lav"), t("tab_nnv_hoy"), t("sf_tab_tiltak")]]
    for tr in top_risks(f):
        label = t("sf_risiko_spenn", forutsetning=t("tornado_" + tr.forutsetning),
                  lav=tr.lav, hoy=tr.hoy)
        rows.append([label, bel(tr.netto_naverdi_lav), bel(tr.netto_naverdi_hoy),
                     t("sf_tiltak_" + tr.forutsetning)])
    b += [
        Block("heading", t("sf_h_risiko")),
        Block("para", t("sf_risiko_register_tekst")),
        Block("table", rows=risk_rows, widths=(6.0, 2.4, 2.4, 5.2)),
        Block("heading", t("sf_h_folsomhet"), level=2),
        # the sensitivities are the municipality's own case: the option, where it chose it
        Block("para", t("sf_risiko_tekst_opsjon" if f.avtale == "opsjonsavtale"
                        else "sf_risiko_tekst", basis=bel(f.netto_naverdi))),
        Block("table", rows=rows, widths=(4.4, 3.4, 3.4, 4.8)),
        Block("heading", t("sf_h_vurdering"), role="kommunen"),
        Block("empty", role="kommunen"),
    ]
    b += _vedlegg(t, rapportdato)
    if language:
        point = t("sf_samisk_punkt", samisk_sprak=language)
        b = _with_point(b, (t("sf_alt_forpliktelse"), t("sf_alt_opsjon")), point)
    return Saksframlegg(t("sf_tittel"), cat.lang, b)


def short_name(k: Kommune) -> str:
    """The name the municipality uses of itself: «Porsanger», «Våler» (the file's navn_kort)."""
    return k.navn_kort or k.navn


def official_name(k: Kommune) -> str:
    """The official name with its parallel names («Porsanger - Porsáŋgu - Porsanki»), but
    without the county SSB adds to tell equal names apart («Våler (Innlandet)»)."""
    short = short_name(k)
    return short if re.fullmatch(re.escape(short) + r" \([^()]+\)", k.navn) else k.navn


def _head(t: Callable[..., str], organ: Organ) -> list[Block]:
    """The head fields and the saksgang the municipality fills in: empty, labelled cells."""
    first = organ.values()["administrasjon_stor"] if organ.byrad else t("sf_formannskapet")
    return [
        Block("table", rows=[
            [t("sf_arkivsak"), ""], [t("sf_arkivkode"), ""], [t("sf_avsender"), ""],
            [t("sf_saksbehandler"), ""], [t("sf_dato"), ""],
        ], widths=KEY_VALUE, role="kommunen"),
        Block("table", rows=[
            [t("sf_saksgang"), t("sf_moetedato"), t("sf_saksnummer")],
            [first, "", ""],
            [organ.values()["vedtaksorgan_stor"], "", ""],
        ], widths=SAKSGANG, role="kommunen"),
    ]


def _sami_summary(k: Kommune, t: Callable[..., str], language: str | None) -> list[Block]:
    """The municipality's own summary in Sami, when its file has one; never made here."""
    text = (k.sammendrag_samisk or "").strip()
    if not text:
        return []
    tag = SAMI_TAGS.get(language or "", "smi")  # outside the area: a Sami language
    heading = t("sf_h_samisk_sammendrag", samisk_sprak=language or t("sf_samisk_sprak_ukjent"))
    paras = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return [Block("heading", heading, level=2),
            *(Block("para", p, lang=tag) for p in paras),
            Block("note", t("sf_samisk_sammendrag_kilde"))]


def _vedlegg(t: Callable[..., str], rapportdato: str) -> list[Block]:
    """The attachments: the analysis chapters of the PDF, by their own numbers, and the letter.
    The PDF's own saksframlegg is not one of them: this document replaces it."""
    titles = [t(key) for _, key in VEDLEGG]
    return [
        Block("heading", t("sf_h_vedlegg"), role="vedlegg"),
        Block("para", t("sf_vedlegg_analyse", rapportdato=rapportdato,
                        antall_vedlegg=str(len(titles))), role="vedlegg"),
        *(Block("point", title, level=i, role="vedlegg") for i, title in enumerate(titles, 1)),
        Block("point", t("sf_vedlegg_brev"), level=len(titles) + 1, role="vedlegg"),
    ]


def _with_point(blocks: list[Block], headings: tuple[str, ...], text: str) -> list[Block]:
    """`blocks` with one more numbered point after the points under each of `headings`."""
    out: list[Block] = []
    last: int | None = None  # under a chosen heading: the number of its last point so far
    for blk in blocks:
        if last is not None and blk.kind != "point":
            out.append(Block("point", text, level=last + 1))
            last = None
        out.append(blk)
        if blk.kind == "heading" and blk.text in headings:
            last = 0
        elif last is not None:
            last = blk.level
    return out

