"""The document kinds: one module per kind, each registered here in one line.

:mod:`kldocs.documents.kinds` holds the shape every kind has (:class:`~kldocs.documents.kinds.Kind`)
and the registry that ``kldocs check``, ``kldocs build`` and the command
line loop over, in the order a partnership needs the documents. A kind's
module is imported when the kind is first used.
"""

from kldocs.documents.kinds import KINDS

KINDS.add("invitations", "kldocs.documents.invitations:Invitations")
KINDS.add("description", "kldocs.documents.descriptions:Descriptions")
KINDS.add("networks", "kldocs.documents.networks:Networks")
KINDS.add("agreements", "kldocs.documents.agreements:Agreements")
KINDS.add("meetings", "kldocs.documents.meetings:Meetings")
KINDS.add("summary", "kldocs.documents.summary:SummaryKind")
KINDS.add("reminders", "kldocs.documents.reminders:Reminders")

__all__ = ["KINDS"]
