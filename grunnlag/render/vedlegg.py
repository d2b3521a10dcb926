"""The analysis after the saksframlegg, as numbered vedlegg: (section id, title text key).

The PDF and the web page number their chapters so; the saksframlegg lists them by the same
numbers. The last three are the same in every report of a language form and are laid out once
(shared_store.py).
"""

from __future__ import annotations

from grunnlag.inputs.texts import Catalog

VEDLEGG = (
    ("okonomi", "h_okonomi"), ("fordeling", "h_fordeling"),
    ("risiko-kommunen", "h_risiko_kommunen"), ("avtaler", "h_avtaler"),
    ("dagens-situasjon", "h_dagens"), ("fordeler-ulemper", "h_fordeler_ulemper"),
    ("bakgrunn", "h_bakgrunn"), ("risiko-staten", "h_risiko_staten"),
    ("forutsetninger", "h_forutsetninger"),
)


def attachments(cat: Catalog) -> dict[str, str]:
    """Section id -> «Vedlegg n: title», in the report's order."""
    return {sid: cat.t("vedlegg_tittel", nr=i, tittel=cat.t(key)).unescape()
            for i, (sid, key) in enumerate(VEDLEGG, 1)}
