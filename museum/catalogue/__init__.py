"""Catalogue records and their storage (SQLAlchemy 2), shared by the web shell and the CLI."""
