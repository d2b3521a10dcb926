"""The reports' shared part as finished PDF pages, kept in memory and on disk.

The appendix of national assumptions is word for word the same in every report of a language
form, and where a report puts it changes only its page numbers, which are stamped on when it is
joined. Written to PDF once, it is kept in the worker's memory and in `output/.cache/felles/`,
so later reports, and later builds, only join it to their own pages. A file's name carries a
fingerprint of all that shapes the pages (the assets hash: code, templates, texts, fonts, data,
library versions), of the part's HTML, and of its own bytes and page count; a build removes the
files of other fingerprints, and a file whose bytes are not what its name says (damaged,
truncated, renamed) is dropped and made again. Only PDF bytes are read back; nothing is
executed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
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

    def _path(self, digest: str, pages: int | str = "*", check: str = "*") -> Path:
        """Where a part is stored; "*" in a field makes the name a glob pattern."""
        return self.directory / f"{self.prefix}-{digest[:24]}-{pages}-{check}.pdf"

    def get(self, digest: str) -> SharedPart | None:
        if digest not in self._memory:
            part = self._from_disk(digest)
            if part is None:
                return None
            self._memory[digest] = part
        return self._memory[digest]

    def put(self, digest: str, data: bytes, pages: int) -> SharedPart:
        part = self._memory[digest] = SharedPart(data, pages)
        write_bytes(self._path(digest, pages, _check(pages, data)), data)
        return part

    def _from_disk(self, digest: str) -> SharedPart | None:
        """A stored copy whose bytes and page count are what its name says, byte for byte (a
        damaged or renamed copy is removed, and the part is made again)."""
        for path in sorted(self.directory.glob(self._path(digest).name)):
            pages, check = _claimed(path)
            if pages is not None and path.name == self._path(digest, pages, check).name:
                try:
                    data = path.read_bytes()
                    if _check(pages, data) == check:
                        return SharedPart(data, pages)
                except OSError:  # unreadable: made again
                    pass
            path.unlink(missing_ok=True)
        return None


def _check(pages: int, data: bytes) -> str:
    """What a stored copy's name says of its bytes and its page count."""
    return hashlib.sha256(f"{pages}:".encode() + data).hexdigest()[:16]


def _claimed(path: Path) -> tuple[int | None, str]:
    """The page count and check a stored copy's name claims (its last two fields)."""
    fields = path.stem.split("-")
    pages = fields[-2] if len(fields) >= 2 else ""
    return (int(pages) if pages.isdigit() else None), fields[-1]


def prune(output: Path, assets: str) -> None:
    """Remove shared parts made with other code, templates, fonts, data or libraries."""
    keep = _prefix(assets) + "-"
    for path in (output / FOLDER).glob("*.pdf"):
        if not path.name.startswith(keep):
            path.unlink(missing_ok=True)
