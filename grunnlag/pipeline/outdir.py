"""The output folder: checked before anything is written, and locked while a build writes.

A folder that is a file, cannot be written, or lies inside the project's own sources (where
`data/` would overwrite the project's data) is refused in one line; a second build into a
folder that a build is writing stops at once instead of mixing its records with the first's.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from pathlib import Path
from typing import IO

from grunnlag.paths import ROOT

LOCK = ".bygg.lock"
SOURCES = ("grunnlag", "templates", "content", "data", "fonts", "municipalities", "tests",
           "scripts", ".git", ".venv")


class OutputError(Exception):
    """The output folder cannot be used; the message is one line for the user."""


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check(output: Path) -> Path:
    """The output folder, resolved, or OutputError saying in one line why it cannot be used."""
    shown = str(output)
    try:
        resolved = output.resolve()
    except (OSError, RuntimeError) as e:  # a symlink loop
        raise OutputError(f"--output {shown}: cannot be used ({e})") from None
    root = ROOT.resolve()
    if _inside(root, resolved):
        raise OutputError(f"--output {shown}: is the project folder itself or contains it; "
                          "choose a folder of its own, e.g. output/")
    for name in SOURCES:
        if _inside(resolved, root / name):
            raise OutputError(f"--output {shown}: lies inside the project's own {name}/; "
                              "choose a folder of its own, e.g. output/")
    if resolved.exists() and not resolved.is_dir():
        raise OutputError(f"--output {shown}: is a file, not a folder")
    for sub in WRITTEN_FOLDERS:
        _check_folder(shown, resolved, sub, root)
    return resolved


# Every folder below the output folder that the build writes into (outputs.OWN_FOLDERS and
# the shared pages' store); a file itself is replaced by a rename, which replaces a link to it
# rather than writing through it.
WRITTEN_FOLDERS = ("pdf", "html", "data", "docx", "xlsx", "js", "logs", ".cache", ".cache/felles")


def _check_folder(shown: str, output: Path, sub: str, root: Path) -> None:
    """Refuse, in one line, a folder below the output that is a file or that leads (by a
    link) outside the output folder or into the project's own sources."""
    path = output / sub
    if not path.exists() and not path.is_symlink():
        return
    where = f"--output {shown}: {sub}/"
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a dangling link or a loop
        raise OutputError(f"{where} is a link that leads nowhere; remove it") from None
    if not target.is_dir():
        raise OutputError(f"{where} is a file, not a folder; remove it")
    if not _inside(target, output):
        inside = next((name for name in SOURCES if _inside(target, root / name)), None)
        what = (f"into the project's own {inside}/" if inside
                else f"outside the output folder, to {target}")
        raise OutputError(f"{where} leads {what}; the build writes only inside its output "
                          "folder: remove the link")


def lock(output: Path) -> IO[str]:
    """Create the folder if needed and lock it for this build (released when the process ends;
    keep the returned handle open until then).

    Raises OutputError when the folder cannot be written or another build holds the lock.
    """
    shown = str(output)
    try:
        output.mkdir(parents=True, exist_ok=True)
        if (output / LOCK).is_symlink():  # writing the process id would write through it
            raise OutputError(f"--output {shown}: {LOCK} is a link; remove it")
        fd = os.open(output / LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o666)
        handle = os.fdopen(fd, "r+", encoding="utf-8")  # held until the process ends
    except OSError as e:
        raise OutputError(f"--output {shown}: cannot write there ({_why(e)})") from None
    try:
        # A POSIX record lock: held by this process only (forked workers do not inherit it)
        # and released by the system when the process ends, however it ends.
        fcntl.lockf(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as e:
        handle.seek(0)
        holder = handle.read().strip()
        handle.close()
        if e.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            who = f" (process {holder})" if holder.isdigit() else ""
            raise OutputError(f"--output {shown}: another build is writing to this folder{who}; "
                              "wait for it to finish, or use another --output") from None
        raise OutputError(f"--output {shown}: cannot be locked ({_why(e)})") from None
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        probe = output / f".{LOCK}.{os.getpid()}.grunnlag.tmp"
        probe.write_bytes(b"")  # the folder may be read-only even though the lock file exists
        probe.unlink()
    except OSError as e:
        with contextlib.suppress(OSError):
            handle.close()
        raise OutputError(f"--output {shown}: cannot write there ({_why(e)})") from None
    return handle


def _why(e: OSError) -> str:
    return e.strerror or type(e).__name__
