"""The document kinds: one module (or package) per kind, each registered in :mod:`kldocs.documents.kinds`."""
