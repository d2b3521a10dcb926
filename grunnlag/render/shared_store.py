"""The reports' shared part as finished PDF pages, kept in memory and on disk.

The appendix of national assumptions is word for word the same in every report of a language
form, and where a report puts it changes only its page numbers, which are stamped on when it is
joined. Written to PDF once, it is kept in the worker's memory and in `output/.cache/felles/`,
so later reports, and later builds, only join it to their own pages. A file's name carries a
fingerprint of all that shapes the pages (the assets hash: code, templates, texts, fonts, data,
library versions) and of the part's HTML; a build removes the files of other fingerprints, and a
file that does not read as the PDF its name promises is dropped and made again. Only PDF bytes
are read back; nothing is executed.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from grunnlag.files import write_bytes

FOLDER = ".cache/felles"


@dataclass(frozen=True)
class SharedPart:
    data: bytes
    pages: int


def _prefix(assets: str) -> str:
    return assets[:16]


class SharedStore:
    """Shared parts by content digest."""

    def __init__(self, directory: Path, assets: str) -> None:
        self.directory = directory
        self.prefix = _prefix(assets)
        self._memory: dict[str, SharedPart] = {}  # a language form's part or two per build

    def _path(self, digest: str, pages: int | str) -> Path:
        """Where a part is stored; "*" for `pages` makes the name a glob pattern."""
        return self.directory / f"{self.prefix}-{digest[:24]}-{pages}.pdf"

    def get(self, digest: str) -> SharedPart | None:
        if digest not in self._memory:
            part = self._from_disk(digest)
            if part is None:
                return None
            self._memory[digest] = part
        return self._memory[digest]

    def put(self, digest: str, data: bytes, pages: int) -> SharedPart:
        part = self._memory[digest] = SharedPart(data, pages)
        write_bytes(self._path(digest, pages), data)
        return part

    def _from_disk(self, digest: str) -> SharedPart | None:
        for path in sorted(self.directory.glob(self._path(digest, "*").name)):
            pages = _claimed_pages(path)
            if pages is not None and path.name == self._path(digest, pages).name:
                try:
                    data = path.read_bytes()
                    if _page_count(data) == pages:
                        return SharedPart(data, pages)
                except Exception:  # unreadable or not a PDF: drop it, it will be made again
                    pass
            path.unlink(missing_ok=True)  # not what its name promises, or not a name we give
        return None


def _claimed_pages(path: Path) -> int | None:
    """The page count a stored part's name claims (the last field), if it is a number."""
    pages = path.stem.rsplit("-", 1)[1]
    return int(pages) if pages.isdigit() else None


def _page_count(data: bytes) -> int:
    import pikepdf  # in workers only: the parent merely prunes file names

    with pikepdf.open(BytesIO(data)) as pdf:
        return len(pdf.pages)


def prune(output: Path, assets: str) -> None:
    """Remove shared parts made with other code, templates, fonts, data or libraries."""
    keep = _prefix(assets) + "-"
    for path in (output / FOLDER).glob("*.pdf"):
        if not path.name.startswith(keep):
            path.unlink(missing_ok=True)
