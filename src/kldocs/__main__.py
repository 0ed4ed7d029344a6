"""``python -m kldocs`` runs the command line."""

from kldocs.cli import run

run()
