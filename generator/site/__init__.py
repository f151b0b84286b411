"""Stages 5 and 6, build and publish: MkDocs projects per locale, post-build checks, atomic swap."""
