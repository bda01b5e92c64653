"""The kiosk's core: content model, loading, validation and session rules.

Nothing in this package imports Qt (an import-linter contract in pyproject.toml
enforces it), so all of it is tested without a window.
"""
