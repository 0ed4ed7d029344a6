"""The bundled Word templates, shipped as package data (see pyproject.toml)."""
