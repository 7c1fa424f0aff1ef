"""Draw each version of a letter once: PDFs stored under MEDIA_ROOT, named by content.

Laying out a circular's PDF costs about 1.5 s of CPU; the letter's HTML costs a
few queries. So the HTML is the version: its SHA-256 names the stored PDF, and any
change the letter shows (the circular, its status, the agency, an OPD's headcount
in the lampiran, the template) makes a new file, while an unchanged letter is read
back from disk. The file lives under MEDIA_ROOT, which every web process shares,
and survives a Redis outage. A lock file per letter makes concurrent first
requests draw it once; older versions are removed when a new one is written.
If the folder cannot be written the PDF is still served, just not kept.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

FOLDER = "cache/pdf"


def drawn_once(name: str, html: str, draw: Callable[[str], bytes]) -> bytes:
    """``draw(html)``, or the bytes a previous call stored for the same ``name`` and HTML."""
    folder = Path(settings.MEDIA_ROOT) / FOLDER
    path = folder / f"{name}-{hashlib.sha256(html.encode()).hexdigest()[:32]}.pdf"
    stored = _read(path)
    if stored is not None:
        return stored
    with _exclusive(folder, f"{name}.lock"):
        stored = _read(path)  # another process may have drawn it while we waited
        if stored is not None:
            return stored
        data = draw(html)
        try:
            _write_atomically(path, data)
            _remove_other_versions(folder, name, keep=path)
        except OSError:
            logger.warning("PDF %s not kept: %s not writable", name, folder, exc_info=True)
        return data


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError:  # an unreadable folder: draw instead
        logger.warning("PDF cache %s unreadable", path, exc_info=True)
        return None


@contextmanager
def _exclusive(folder: Path, lock_name: str) -> Iterator[None]:
    """Hold the letter's lock file; without a writable folder, go on unlocked."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = (folder / lock_name).open("a")
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes
        yield


def _write_atomically(path: Path, data: bytes) -> None:
    """Readers see the whole file or none: write beside it, then rename over."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _remove_other_versions(folder: Path, name: str, *, keep: Path) -> None:
    for old in folder.glob(f"{name}-*.pdf"):
        if old != keep:
            old.unlink(missing_ok=True)
