"""The build's date, from one place: the date a new report version, a new version of the
national overview and a row of the change log get.

It is today's date, or, when the environment sets SOURCE_DATE_EPOCH (the reproducible-builds
convention: seconds since 1970, read as UTC), that day, so a test or a rebuild of an old
history can fix it without faking the clock (faketime fakes `today` as well).
"""

from __future__ import annotations

import datetime as dt
import os


def build_date() -> dt.date:
    """The date of this build (SOURCE_DATE_EPOCH when set, else today); ValueError for a
    SOURCE_DATE_EPOCH that is no number of seconds (build.py refuses it as an invocation
    error)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise ValueError(f"SOURCE_DATE_EPOCH: must be whole seconds since 1970, got "
                             f"{epoch!r}") from None
    return dt.date.today()
