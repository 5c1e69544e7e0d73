"""Ingest → normalise → segment → run → store: reading reports and keeping what was read."""
