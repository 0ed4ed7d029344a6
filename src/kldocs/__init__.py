"""kldocs writes the paperwork of Danish municipal partnerships.

From one programme folder — ``program.yaml``, the registrations exported
from Excel and optional ``results.yaml`` — it writes invitations to the 98
municipalities, a political partnership agreement per registered
municipality, the network line-up and the dissemination material, in Danish
and ready to send.
"""

__version__ = "0.1.0"
"""kldocs' version; pyproject.toml reads it here (looking it up in the installed metadata costs a run 25 ms)."""
