"""Zip bombs: a package refused from its directory, before any of it is inflated.

Word templates and Excel workbooks are zip packages; a small file can claim
parts that unpack to gigabytes. :func:`refusal` reads only the sizes the zip
directory declares (and zipfile's CRC check stops a part that inflates past
its declared size), so a bomb is refused in milliseconds.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence

MAX_MEMBERS = 1_000
"""The most parts a package may have; a Word document or workbook holds a few dozen."""
MAX_MEMBER_BYTES = 50_000_000
"""The most one part may unpack to."""
MAX_UNPACKED_BYTES = 100_000_000
"""The most all parts together may unpack to."""
MAX_RATIO = 100
"""How many times a part of more than a megabyte may inflate; XML and pictures inflate 3 to 20 times."""


def refusal(members: Sequence[zipfile.ZipInfo], what: str) -> str | None:
    """Why a package with ``members`` is refused unread, or None; ``what`` names it (``a workbook``)."""
    if len(members) > MAX_MEMBERS:
        return f"holds {len(members)} parts; {what} holds a few dozen at most"
    total = 0
    for member in members:
        total += member.file_size
        if member.flag_bits & 0x1:
            return "is encrypted; save it again without a password"
        if member.file_size > MAX_MEMBER_BYTES:
            return f"has a part ({member.filename}) that unpacks to {member.file_size:,} bytes"
        if member.file_size > 1_000_000 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            ratio = member.file_size // max(member.compress_size, 1)
            return f"has a part ({member.filename}) that inflates {ratio:,} times"
        if total > MAX_UNPACKED_BYTES:
            return f"unpacks to more than {MAX_UNPACKED_BYTES:,} bytes"
    return None
