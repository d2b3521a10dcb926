"""The context of one report: formatted values for the prose, tailored items, risks and charts."""

from __future__ import annotations

from typing import Any

from grunnlag.inputs.assumptions import Forutsetninger
from grunnlag.inputs.content import Item, select
from grunnlag.inputs.mdsafe import render as render_md
from grunnlag.inputs.mdsafe import render_note
from grunnlag.inputs.organ import organ_for
from grunnlag.inputs.samisk import sami_language
from grunnlag.inputs.schema import Kommune
from grunnlag.inputs.texts import Catalog, item_text, render_item
from grunnlag.model import whatif
from grunnlag.model.contract import KasseAr, Kommunetall
from grunnlag.model.figures import facts
from grunnlag.model.national_facts import size_class
from grunnlag.render import fmt
from grunnlag.render.saksframlegg import Saksframlegg
from grunnlag.render.saksframlegg import build as build_saksframlegg
from grunnlag.render.typografi import whole_numbers
from grunnlag.render.vedlegg import attachments
from grunnlag.render.version_view import version_context, version_date


def prose_values(k: Kommune, f: Kommunetall, a: Forutsetninger, cat: Catalog,
                 national: dict) -> dict[str, str]:
    """Every {placeholder} a prose text may use, already formatted for the language."""
    lang = cat.lang
    bel = lambda x: fmt.belop(x, lang)  # noqa: E731
    forpl = f.avtaler.forpliktelsesavtale  # the commitment's own figures, whatever was chosen
    golive_note = {
        "kommunens_fil": "innforing_fra_fil",
        "antakelse": "innforing_antatt",
        "antakelse_opsjon": "innforing_antatt_opsjon",
    }[f.innforingsar_kilde]
    return {
        **organ_for(k).values(),
        "kort": k.navn_kort or k.navn,
        "navn": k.navn,
        "kommunenummer": k.kommunenummer,
        "fylke": k.fylke,
        "folketall": fmt.tall(k.folketall, lang),
        "andel": fmt.population_share(f.befolkningsandel, lang),
        "andel_poeng": fmt.prosentpoeng(f.befolkningsandel, lang),
        "storrelse": str(cat.t("storrelse_" + size_class(k.folketall))),
        "kostnad_p50": bel(f.kommunal_kostnad_p50),
        "kostnad_p85": bel(f.kommunal_kostnad_p85),
        "per_innbygger": fmt.kroner(f.kostnad_per_innbygger_per_ar, lang),
        "statlig": bel(f.statlig_kostnad),
        "unngatt": bel(f.budsjett_unngatte_kostnader),
        "budsjett_netto": bel(f.budsjett_netto_p50),
        "gevinster_nv": bel(f.gevinster_naverdi),
        "kostnader_nv": bel(f.kostnader_naverdi),
        "netto_nv": bel(f.netto_naverdi),
        "kasse_netto": bel(f.kommunekassen.netto_2021_2040),
        "kasse_plan": bel(f.kommunekassen.netto_2021_2024),
        "kostnad_dagens": bel(f.avtaler.ingen_avtale.kostnad_2021_2040),
        "arsverk": fmt.tall(f.frigjort_tid.arsverk, lang, 1),
        "nv_kontant": bel(f.netto_naverdi_deler.kontant),
        "nv_tid": bel(f.netto_naverdi_deler.tid),
        "nv_hendelser": bel(f.netto_naverdi_deler.hendelser),
        "staten_nv": bel(f.staten_naverdi),
        "lanerente": fmt.prosent(a.v("lanerente"), lang, 1),
        "lan_lopetid": fmt.tall(a.v("lan_lopetid"), lang),
        "prisvekst": fmt.prosent(a.v("prisvekst"), lang, 1),
        "lan_andel": fmt.prosent(a.v("lan_andel"), lang, 0),
        "lokal_egne": fmt.prosent(a.v("lokal_egne_ansatte_andel"), lang, 0),
        "break_even": _break_even(f.break_even_ar, cat),
        "innforingsar": fmt.aar(f.innforingsar),
        "innforingsar_merknad": str(cat.t(golive_note, ar=fmt.aar(f.innforingsar))),
        "innforingsar_opsjon": fmt.aar(a.v("innforingsar_opsjon")),
        "fast_andel": fmt.prosent(a.v("fordeling_fast_andel"), lang, 0),
        "statens_andel": fmt.prosent(a.v("statens_andel_program"), lang, 0),
        "program_p50": fmt.belop(a.v("program_p50") * 1e6, lang),
        "program_p85": fmt.belop(a.v("program_p85") * 1e6, lang),
        "lokal_p50": fmt.belop(a.v("lokal_p50") * 1e6, lang),
        "lokal_p85": fmt.belop(a.v("lokal_p85") * 1e6, lang),
        "krav": fmt.prosent(a.v("deltakelseskrav"), lang, 0),
        "signert": fmt.tall(a.v("intensjon_signert_antall"), lang),
        "budsjett_journal": fmt.belop(a.v("statsbudsjett_2021_journal") * 1e6, lang),
        "budsjett_samhandling": fmt.belop(a.v("statsbudsjett_2021_samhandling") * 1e6, lang),
        "antall": fmt.tall(national["antall_kommuner"], lang),
        "befolkning": fmt.tall(national["folketall_total"], lang),
        "rapportdato": fmt.dato(version_date(f, a.rapportdato), lang),
        "rente": fmt.prosent(a.v("kalkulasjonsrente"), lang, 0),
        "steg1_p50": fmt.belop(a.v("steg1_p50") * 1e6, lang),
        "anskaffelse_kostnad": fmt.belop(a.v("anskaffelse_kostnad") * 1e6, lang),
        "forventet_deltakelse": fmt.prosent(a.v("forventet_deltakelse"), lang, 0),
        "deltakelse": fmt.prosent(f.deltakelse, lang, 0),
        "andre_nv": bel(f.andre_naverdi),
        "nokkel_fortegn": key_sign_sentence(k, f, cat),
        "forpliktelse_p50": bel(forpl.kommunal_kostnad_p50),
        "forpliktelse_p85": bel(forpl.kommunal_kostnad_p85),
        "forpliktelse_nv": bel(forpl.netto_naverdi),
        "forpliktelse_break_even": _break_even(forpl.break_even_ar, cat),
        "forpliktelse_ar": fmt.aar(forpl.innforingsar),
        "opsjon_p50": bel(f.avtaler.opsjonsavtale.kommunal_kostnad_p50),
        "opsjon_nv": bel(f.avtaler.opsjonsavtale.netto_naverdi),
        "drift_fast_andel": fmt.prosent(a.v("drift_fast_andel"), lang, 0),
        "trekk": fmt.tall(a.v("usikkerhet_trekk"), lang),
        "innforingsar_standard": fmt.aar(a.v("innforingsar_standard")),
        "netto_nasjonalt": bel(national["netto_naverdi_ved_deltakelse"]["1.0"]),
        "netto_nasjonalt_85": bel(national["netto_naverdi_ved_deltakelse"]["0.85"]),
    }


def _break_even(year: int | None, cat: Catalog) -> str:
    """The year the net present value turns positive, as a sentence, or that it does not."""
    return str(cat.t("be_ja", ar=fmt.aar(year))) if year is not None else str(cat.t("be_nei"))


def key_sign_sentence(k: Kommune, f: Kommunetall, cat: Catalog) -> str:
    """One sentence where the distribution key decides the sign of the municipality's result
    (its own key against a pure population key); empty where it does not."""
    pop = next((n for n in f.fordelingsnokler if n.fast_andel == 0), None)
    if pop is None or (pop.netto_naverdi < 0) == (f.netto_naverdi < 0):
        return ""
    return cat.t("nokkel_fortegn", navn=k.navn_kort or k.navn,
                 netto=fmt.belop(f.netto_naverdi, cat.lang),
                 netto_innbygger=fmt.belop(pop.netto_naverdi, cat.lang)).unescape()


def tailored(items: list[Item], fcts: dict, cat: Catalog, values: dict) -> list[dict]:
    """Selected benefits or drawbacks, rendered in the report's language form."""
    return [
        {"id": it.id,
         "tittel": render_item(it.data, "tittel", cat.lang, values, it.where),
         "tekst": render_item(it.data, "tekst", cat.lang, values, it.where)}
        for it in select(items, fcts)
    ]


def risks(items: list[Item], fcts: dict, cat: Catalog, values: dict, side: str) -> list[dict]:
    """Risks borne by one side ('kommunen' or 'staten'), most severe first."""
    chosen = [it for it in select(items, fcts) if it.data["baerer"] in (side, "begge")]
    chosen.sort(key=lambda it: (-it.data["sannsynlighet"] * it.data["konsekvens"],
                                str(it.data.get("ref", it.id))))
    return [
        {"id": it.id,
         "ref": str(it.data.get("ref", it.id)),
         "kilde": (item_text(it.data, "kilde", cat.lang, it.where)
                   if isinstance(it.data.get("kilde"), dict) else it.data.get("kilde", "")),
         "s": it.data["sannsynlighet"],
         "k": it.data["konsekvens"],
         "s_label": cat.t(f"s{it.data['sannsynlighet']}"),
         "k_label": cat.t(f"k{it.data['konsekvens']}"),
         "risiko": render_item(it.data, "risiko", cat.lang, values, it.where),
         "tiltak": render_item(it.data, "tiltak", cat.lang, values, it.where)}
        for it in chosen
    ]


def assumption_rows(a: Forutsetninger, cat: Catalog) -> list[dict]:
    """The appendix table: each national figure with its value, kind and source.

    What a figure is comes from content/forutsetninger.yaml in the report's form, never from the
    bokmål editor's note in data/forutsetninger.yaml.
    """
    lang = cat.lang
    rows = []
    for key, t in a.tall.items():
        v = t.verdi
        if isinstance(v, dict):
            shown = "; ".join(f"{str(y).replace('-', fmt.MINUS)}: {fmt.prosent(s, lang, 0)}"
                              for y, s in v.items())
        elif isinstance(v, list):
            whole = all(float(x).is_integer() for x in v)
            shown = "; ".join(fmt.tall(x, lang, 0 if whole else 2) for x in v)
        elif t.enhet == "andel":
            shown = fmt.prosent(v, lang, 2 if round(v * 100) != v * 100 else 0)
        elif t.enhet == "år":
            shown = fmt.aar(v)
        else:
            shown = f"{fmt.tall(v, lang, 0 if float(v).is_integer() else 2)} {cat.unit(t.enhet)}"
        rows.append({
            "key": key,
            "beskrivelse": render_md(cat.figure(key)),
            "verdi": whole_numbers(shown),  # «2 580 MNOK» never breaks inside the number
            "type": t.type,
            "kilde": f"{t.kilde}{', ' + t.ref if t.ref else ''}" if t.kilde != "PROSJEKT"
            else cat.source(t.kilde)["tittel"],
        })
    return rows


def sami_values(k: Kommune, cat: Catalog, values: dict) -> dict[str, str] | None:
    """The placeholders of the Sami-area section, or None outside the area."""
    language = sami_language(k.kommunenummer)
    if language is None:
        return None
    return {**values, "samisk_sprak": language,
            "bokstaver": str(cat.t("samisk_bokstaver_" + language))}


def saksframlegg_items(doc: Saksframlegg) -> list[dict[str, Any]]:
    """The saksframlegg's blocks for the report's own edition; consecutive points are one
    numbered list."""
    items: list[dict[str, Any]] = []
    for b in doc.blocks:
        if b.kind == "title" or b.role == "hode":
            continue  # the report's own head shows the document type and title
        if b.kind == "point":
            if items and items[-1]["kind"] == "list" and items[-1]["role"] == b.role:
                items[-1]["punkter"].append(b.text)
            else:
                items.append({"kind": "list", "role": b.role, "punkter": [b.text]})
            continue
        items.append({"kind": b.kind, "role": b.role, "text": b.text, "level": b.level,
                      "rows": b.rows, "merge": b.merge, "lang": b.lang})
    return items


def report_context(k: Kommune, f: Kommunetall, a: Forutsetninger, cat: Catalog, content: dict,
                   national: dict, charts: dict) -> dict[str, Any]:
    """Everything report.html.j2 needs, for one municipality in one language form."""
    v = prose_values(k, f, a, cat, national)
    fcts = facts(k, f, a)
    made = version_date(f, a.rapportdato)  # the date of this version of the report
    rapportdato = fmt.dato(made, cat.lang)
    folketall_dato = (fmt.dato(k.folketall_dato, cat.lang) if k.folketall_dato
                      else str(cat.t("ukjent")))
    risiko_kommunen = risks(content["risiko"], fcts, cat, v, "kommunen")
    sf = build_saksframlegg(k, f, cat, v, rapportdato, folketall_dato, risiko_kommunen)
    systems = [
        {"omrade": cat.t("omrade_" + s.tjenesteomrade), "system": s.system,
         "leverandor": s.leverandor, "kontrakt_utloper": s.kontrakt_utloper,
         "arlig_kostnad": s.arlig_kostnad}
        for s in k.journalsystemer or []
    ]
    return {
        "k": k,
        "f": f,
        "v": v,
        "stem": None,
        # plain text (unescaped once): the template escapes it, and a name stays a name
        "title": cat.t("tittel_mal", navn=k.navn).unescape(),
        "description": cat.t("beskrivelse_mal", navn=k.navn).unescape(),
        "created": made.isoformat(),
        "rapportdato": rapportdato,
        "folketall_dato": folketall_dato,
        "sf_doc": sf,  # the same saksframlegg is written as the DOCX
        "sf_tittel": sf.title,
        "saksframlegg": saksframlegg_items(sf),
        "vedlegg": attachments(cat),
        "versjon": a.versjon,
        "storrelse": size_class(k.folketall),
        "organ": organ_for(k),
        "samisk": sami_values(k, cat, v),
        "systemer": systems,
        "merknad": render_note(k.merknad) if k.merknad else None,
        "fordeler": tailored(content["fordeler"], fcts, cat, v),
        "ulemper": tailored(content["ulemper"], fcts, cat, v),
        "risiko_kommunen": risiko_kommunen,
        "risiko_staten": risks(content["risiko"], fcts, cat, v, "staten"),
        "forutsetninger": assumption_rows(a, cat),
        "kilder": [{"id": key, **cat.source(key)} for key in a.kilder],
        "charts": charts,
        "regn_selv_felter": whatif.fields(whatif.Choices(**dict(f.regn_selv.start))),
        # the page's script fills in {netto}, {arsverk} and {naverdi} itself
        "regn_selv_tekst": {"sammendrag": cat.strings["rs_sammendrag"],
                            "figur": str(cat.t("rs_figur"))},
        "kasse_sum": {key: sum(getattr(y, key) for y in f.kommunekassen.ar)
                      for key in KasseAr.model_fields if key not in ("ar", "prisindeks")},
        "fordeling_nasjonal": national["netto_naverdi_fordeling_referanse"],
        # the report's own version and what changed (versions.py), not the assumptions' version
        **version_context(f, cat),
    }
