"""Backfill from web archives: the CDX index of the legacy portal and its raw captures (pure)."""
