"""Where the package's bundled ``templates/`` and ``locales/`` are.

A module of its own, importing nothing of the package: the locale table's default (the bundled
``locales/locales.yml``) is read by ``generator.i18n.locales``, which ``generator.layout``
depends on, so it cannot ask ``layout``.
"""

from __future__ import annotations

from pathlib import Path


def package_root() -> Path:
    """Where the bundled ``templates/`` and ``locales/`` live.

    In a source checkout (and an editable install) that is the repository; a wheel carries
    them in ``generator/bundled/`` (see pyproject.toml).
    """
    source = Path(__file__).resolve().parent.parent
    if (source / "templates" / "pages").is_dir():
        return source
    return Path(__file__).resolve().parent / "bundled"
