"""The reports' shared part as finished PDF pages, kept in memory and on disk.

The appendix of national assumptions is word for word the same in every report of a language
form. Written to PDF once for each place it can take (first page, total pages), it is kept in
the worker's memory and in `output/.cache/felles/`, so later reports, and later builds, only join
it to their own pages. A file's name carries a fingerprint of all that shapes the pages (the
assets hash: code, templates, texts, fonts, data, library versions) and of the part's HTML; a
build removes the files of other fingerprints, and a file that does not read as the PDF its
name promises is dropped and made again. Only PDF bytes are read back; nothing is executed.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from grunnlag.files import write_bytes

FOLDER = ".cache/felles"
KEEP_IN_MEMORY = 6  # two language forms × a few positions


@dataclass(frozen=True)
class SharedPart:
    data: bytes
    pages: int


def _prefix(assets: str) -> str:
    return assets[:16]


class SharedStore:
    """Shared parts by (content digest, first page, total pages)."""

    def __init__(self, directory: Path, assets: str) -> None:
        self.directory = directory
        self.prefix = _prefix(assets)
        self._memory: OrderedDict[tuple[str, int, int], SharedPart] = OrderedDict()

    def _path(self, digest: str, first: int | str, total: int | str,
              pages: int | str) -> Path:
        """Where a part is stored; "*" in a field makes the name a glob pattern."""
        return self.directory / f"{self.prefix}-{digest[:24]}-{first}-{total}-{pages}.pdf"

    def _copies(self, digest: str, first: int | str = "*", total: int | str = "*") -> list[Path]:
        return sorted(self.directory.glob(self._path(digest, first, total, "*").name))

    def pages_of(self, digest: str) -> int | None:
        """How long the part is, as any position of it already made says (only a hint)."""
        for (known, _, _), part in self._memory.items():
            if known == digest:
                return part.pages
        for path in self._copies(digest):
            if (pages := _claimed_pages(path)) is not None:
                return pages
        return None

    def correct_length(self, digest: str, pages: int) -> None:
        """Drop the stored copies of this part that claim another length (they misled)."""
        for path in self._copies(digest):
            if _claimed_pages(path) != pages:
                path.unlink(missing_ok=True)

    def get(self, digest: str, first: int, total: int) -> SharedPart | None:
        key = (digest, first, total)
        if key in self._memory:
            self._memory.move_to_end(key)
            return self._memory[key]
        part = self._from_disk(digest, first, total)
        if part is not None:
            self._remember(key, part)
        return part

    def put(self, digest: str, first: int, total: int, data: bytes, pages: int) -> SharedPart:
        part = SharedPart(data, pages)
        self._remember((digest, first, total), part)
        write_bytes(self._path(digest, first, total, pages), data)
        return part

    def _remember(self, key: tuple[str, int, int], part: SharedPart) -> None:
        self._memory[key] = part
        if len(self._memory) > KEEP_IN_MEMORY:
            self._memory.popitem(last=False)

    def _from_disk(self, digest: str, first: int, total: int) -> SharedPart | None:
        for path in self._copies(digest, first, total):
            pages = _claimed_pages(path)
            try:
                data = path.read_bytes()
                if pages is not None and _page_count(data) == pages:
                    return SharedPart(data, pages)
            except Exception:  # unreadable or not a PDF: drop it, it will be made again
                pass
            path.unlink(missing_ok=True)
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
