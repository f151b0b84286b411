"""Where a project's files and the package's bundled files live.

Kept free of heavy imports: ``policysite build`` reads it before it knows whether there is
anything to do.
"""

from __future__ import annotations

from pathlib import Path

from generator.i18n.catalogs import CatalogFiles

CONFIG_FILE = "site_config.yml"
WORK_DIR = ".policysite"
"""Generated MkDocs projects and build state, next to ``site_config.yml``."""


def find_project_root(config_file: str | Path | None) -> Path:
    """The folder holding ``site_config.yml``: given with ``-f`` or the current folder."""
    if config_file is None:
        return Path.cwd()
    path = Path(config_file)
    return path.parent if path.name == CONFIG_FILE or path.is_file() else path


def package_root() -> Path:
    """Where the bundled ``templates/`` and ``locales/`` live.

    In a source checkout (and an editable install) that is the repository; a wheel carries
    them in ``generator/bundled/`` (see pyproject.toml).
    """
    source = Path(__file__).resolve().parent.parent
    if (source / "templates" / "pages").is_dir():
        return source
    return Path(__file__).resolve().parent / "bundled"


def templates_dir_for(root: Path) -> Path:
    """A project's own ``templates/`` folder, else the bundled one."""
    own = root / "templates"
    return own if (own / "pages").is_dir() else package_root() / "templates"


def catalogs_for(root: Path) -> CatalogFiles:
    """A project's own ``locales/`` catalogs, else the bundled ones."""
    own = root / "locales"
    return CatalogFiles(root if own.is_dir() else package_root())
