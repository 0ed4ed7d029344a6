"""The document kinds: one module per kind, each registered here in one line.

:mod:`kldocs.documents.kinds` holds the shape every kind has (:class:`~kldocs.documents.kinds.Kind`)
and the registry that ``kldocs check``, ``kldocs build`` and the command
line loop over, in the order a partnership needs the documents.
"""

from kldocs.documents.agreements import Agreements
from kldocs.documents.invitations import Invitations
from kldocs.documents.kinds import KINDS, register
from kldocs.documents.networks import Networks
from kldocs.documents.reminders import Reminders
from kldocs.documents.summary import SummaryKind

register(Invitations())
register(Networks())
register(Agreements())
register(SummaryKind())
register(Reminders())

__all__ = ["KINDS"]
