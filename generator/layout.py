"""Where a project's files and the package's bundled files live.

Kept free of heavy imports: ``policysite build`` reads it before it knows whether there is
anything to do.
"""

from __future__ import annotations

from pathlib import Path

from generator.i18n.catalogs import CatalogFiles
from generator.i18n.locales import LOCALE_TABLE
from generator.package_data import package_root

CONFIG_FILE = "site_config.yml"
WORK_DIR = ".policysite"
"""Generated MkDocs projects and build state, next to ``site_config.yml``."""


def find_project_root(config_file: str | Path | None) -> Path:
    """The folder holding ``site_config.yml``: given with ``-f`` or the current folder."""
    if config_file is None:
        return Path.cwd()
    path = Path(config_file)
    return path.parent if path.name == CONFIG_FILE or path.is_file() else path


def templates_dir_for(root: Path) -> Path:
    """A project's own ``templates/`` folder, else the bundled one."""
    own = root / "templates"
    return own if (own / "pages").is_dir() else package_root() / "templates"


def catalogs_for(root: Path) -> CatalogFiles:
    """A project's own ``locales/`` catalogs, else the bundled ones."""
    own = root / "locales"
    return CatalogFiles(root if own.is_dir() else package_root())


def locale_table_for(root: Path) -> Path:
    """A project's language table: its own ``locales/locales.yml``, else the bundled one (also
    for a project that keeps its own catalogs but no table, as projects made before the table
    was data do)."""
    own = root / "locales" / LOCALE_TABLE
    return own if own.is_file() else package_root() / "locales" / LOCALE_TABLE
