"""kldocs writes the paperwork of Danish municipal partnerships.

From one programme folder — ``program.yaml``, the registrations exported
from Excel and optional ``results.yaml`` — it writes invitations to the 98
municipalities, a political partnership agreement per registered
municipality, the network line-up and the dissemination material, in Danish
and ready to send.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kldocs")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"
