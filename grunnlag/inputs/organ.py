"""Who decides and who proposes: the council and the administration a report addresses.

Oslo and Bergen are governed by parliamentary rule: bystyret decides on byrådet's proposal.
Everywhere else kommunestyret decides on the proposal of the kommunedirektør (the Local
Government Act 2018). A municipality's file may name its council and its administration;
nothing else is guessed (../shared/domain/samisk-forvaltningsomrade.md, «Council names»).
The definite forms are the same in bokmål and nynorsk; only the possessive differs, and that
is written in content/tekster.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass

from grunnlag.inputs.schema import Kommune

PARLIAMENTARY = frozenset({"0301", "4601"})  # Oslo, Bergen (bystyre and byråd in 2020)


@dataclass(frozen=True)
class Organ:
    """The council that decides and the body that proposes, in the definite form."""

    vedtaksorgan: str  # "kommunestyret" / "bystyret"
    administrasjon: str  # "kommunedirektøren" / "rådmannen" / "byrådet"

    @property
    def byrad(self) -> bool:
        """True where a city government (byråd), not an administration, proposes."""
        return self.administrasjon == "byrådet"

    def values(self) -> dict[str, str]:
        """The placeholders texts may use: {vedtaksorgan}, {vedtaksorgan_stor}, ..."""
        return {
            "vedtaksorgan": self.vedtaksorgan,
            "vedtaksorgan_stor": _upper_first(self.vedtaksorgan),
            "administrasjon": self.administrasjon,
            "administrasjon_stor": _upper_first(self.administrasjon),
            # bokmål genitive ("kommunedirektørens"); nynorsk writes "kommunedirektøren si"
            "administrasjon_gen": self.administrasjon + "s",
            "administrasjon_gen_stor": _upper_first(self.administrasjon + "s"),
        }


def _upper_first(s: str) -> str:
    return s[:1].upper() + s[1:]


def organ_for(k: Kommune) -> Organ:
    """The file's own names first; else bystyret/byrådet in Oslo and Bergen, else the default."""
    city = k.kommunenummer in PARLIAMENTARY
    council = k.kommunestyre_navn or ("bystyret" if city else "kommunestyret")
    admin = k.administrasjon_navn or ("byrådet" if city else "kommunedirektøren")
    return Organ(council, admin)
