"""Locales, translation catalogs and locale-aware formatting, shared by every stage."""
