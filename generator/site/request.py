"""What a caller asks of a build: which project, into which folder, with which options.

One frozen object travels from the command line (or ``serve``, a test, the benchmark) through
the up-to-date check into the pipeline, instead of a dozen keywords passed down each layer.
Imported before the up-to-date check decides whether the pipeline is needed, so it imports
nothing heavy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

KIT_DIR = "site-kit"
"""Where ``build --kit-only`` writes by default, next to the customer site's ``site/``."""

Progress = Callable[[str], None]
"""Receives one line per finished locale."""


def _quiet(line: str) -> None:
    """The progress of a build nobody watches."""


@dataclass(frozen=True)
class BuildRequest:
    """One build's inputs and options; paths are made absolute on creation.

    Only ``engine``, ``strict``, ``serve`` and ``kit_only`` change what gets built, so only
    they are part of the inputs fingerprint (``output_options``); the rest change how the
    build runs.
    """

    root: Path
    """The project folder (``site_config.yml``, ``policies/``)."""
    site_dir: Path
    """Where the site is published (atomically)."""
    strict: bool = False
    """Merchant texts without a translation are errors, not fallbacks."""
    jobs: int | None = None
    """Worker processes (``-j``); None: one per CPU core."""
    engine: str = "mkdocs"
    force: bool = False
    """Build even when nothing changed, and reuse no locale of the published site."""
    serve: bool = False
    """A live-preview build: pages keep MkDocs' inline live-reload script (no CSP)."""
    kit_only: bool = False
    """Only the marketer kit (``generator.facts.pages.KIT_KINDS``), for teams who host it apart
    from the customer site: links to customer pages go to the site's public address."""
    progress: Progress | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        # The state file is named after site_dir: the same folder must give the same path.
        object.__setattr__(self, "root", Path(self.root).resolve())
        object.__setattr__(self, "site_dir", Path(self.site_dir).resolve())

    @classmethod
    def for_project(cls, root: Path, site_dir: Path | None = None, *, strict: bool = False,
                    jobs: int | None = None, progress: Progress | None = None,
                    force: bool = False, serve: bool = False, engine: str = "mkdocs",
                    kit_only: bool = False) -> BuildRequest:
        """A request with ``build_site``'s defaults: the site goes to ``root/site``, the kit
        alone to ``root/site-kit`` (never into the customer site's folder)."""
        root = Path(root).resolve()
        default = root / (KIT_DIR if kit_only else "site")
        return cls(root, site_dir or default, strict=strict, jobs=jobs, engine=engine,
                   force=force, serve=serve, kit_only=kit_only, progress=progress)

    @property
    def say(self) -> Progress:
        """Where progress lines go (nowhere unless the caller listens)."""
        return self.progress or _quiet

    def output_options(self) -> dict[str, object]:
        """The options that change the built site, for the inputs fingerprint."""
        return {"engine": self.engine, "strict": self.strict, "serve": self.serve,
                "kit_only": self.kit_only}
