"""The document engine: Word templates prepared once and rendered many times, written all or nothing.

It knows Word packages, Jinja, LibreOffice and the file system, and nothing
of partnerships: the sandbox, inline markup, package and zip writing, the
commit of a batch with its manifest, PDF, combined documents, e-mail drafts
and charts.
"""
