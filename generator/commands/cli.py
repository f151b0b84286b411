"""The ``policysite`` command line: parse options, call one library function, print, exit.

Mirrors mkdocs' conventions: ``-f/--config-file``, ``-s/--strict``, ``-q/-v``, exit 1 for bad
content and 2 for bad usage, and no traceback for a user's mistake. Faults of the machine
(a refused or read-only folder, a full disk, standard output full) are one line naming the
path and the OS reason, exit 1; when the reader of standard output goes away (``| head -1``)
the command stops quietly with exit 141, as ``cat`` does in the same place.
"""

from __future__ import annotations

import datetime
import errno
import functools
import io
import os
import select
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, NoReturn

import click

from generator import __version__
from generator.errors import EnvironmentProblem, PolicySiteError, Problem

if TYPE_CHECKING:
    from generator.project.load import Project


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


CLOSED_PIPE_EXIT = 141
"""Exit status when the reader of our output went away: 128 + SIGPIPE, what shells show for
``cat`` or ``yes`` killed by the signal. Python ignores SIGPIPE, so we exit with it ourselves
(and still run cleanup, which a real signal would skip)."""

# The machine's state, whatever the path: the user frees space or fixes permissions.
_DISK_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EIO})
_PERMISSION_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})
# A path that is not there or not what it should be: the user's when the path is theirs,
# a bug (or a broken install) when it is one of policysite's own files.
_PATH_ERRNOS = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EEXIST,
                          errno.ENAMETOOLONG, errno.ELOOP})
_PACKAGE_DIRS = (os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                 str(Path(__file__).resolve().parent.parent))
_STREAM_NAMES = {"<stdout>": "standard output", "<stderr>": "standard error"}


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Print our errors as one line each and exit with their code; let real bugs crash.

    An ``OSError`` that the machine caused (see ``environment_problem``) is one of ours too;
    any other exception, including an ``OSError`` with an unexpected errno, keeps its
    traceback.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = func(*args, **kwargs)
            _flush_stdout()  # fail here, with a message, rather than at interpreter exit
            return result
        except PolicySiteError as exc:
            _fail(exc)
        except BrokenPipeError:
            closed = _closed_streams()
            if not closed:
                raise  # a pipe of our own, not the user's reader: a bug
            _quiet_exit(closed)
        except OSError as exc:
            problem = environment_problem(exc)
            if problem is None:
                raise
            _fail(problem)

    return wrapper


def _fail(exc: PolicySiteError) -> NoReturn:
    _print_problems(exc.problems)
    errors = sum(1 for p in exc.problems if p.severity == "error")
    if errors > 1:
        click.echo(f"Aborted with {errors} errors.", err=True)
    sys.exit(exc.exit_code)


def environment_problem(exc: OSError) -> EnvironmentProblem | None:
    """The one line for an ``OSError`` the machine caused, or None for a bug.

    Disk errors carry no file name when they come from a write; the file is then looked up in
    the traceback (the open file being written), else the line says "policysite".
    """
    path: str | None = _path_of(exc.filename)
    if exc.errno in _PATH_ERRNOS:
        if path is None or _inside_package(path):
            return None
    elif exc.errno in _DISK_ERRNOS or exc.errno in _PERMISSION_ERRNOS:
        path = path or _file_in_traceback(exc)
        if path is None and exc.errno in _PERMISSION_ERRNOS:
            return None  # e.g. signalling a process we do not own: not a user's file
    else:
        return None
    if path in _STREAM_NAMES:
        _silence(1 if path == "<stdout>" else 2)
        return EnvironmentProblem.from_os_error(exc, _STREAM_NAMES[path], "cannot write")
    return EnvironmentProblem.from_os_error(exc, path)


def _inside_package(path: str) -> bool:
    """True for policysite's own files (lexically: a looping path must not raise here)."""
    absolute = os.path.abspath(path)
    return any(os.path.commonpath([absolute, folder]) == folder for folder in _PACKAGE_DIRS)


def _path_of(name: object) -> str | None:
    if isinstance(name, str | bytes | os.PathLike):
        return os.fsdecode(name)
    return None  # None, or a file descriptor


def _file_in_traceback(exc: BaseException) -> str | None:
    """The name of the innermost open-for-writing file among the failing frames' locals."""
    frames: list[FrameType] = []
    tb = exc.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    for frame in reversed(frames):
        for value in frame.f_locals.values():
            if not isinstance(value, io.IOBase):
                continue
            try:  # best effort: a closed or unusual file object must not cost the message
                mode, name = getattr(value, "mode", ""), _path_of(getattr(value, "name", None))
            except (ValueError, TypeError):
                continue
            if isinstance(mode, str) and any(c in mode for c in "wax+") and name is not None:
                return name
    return None


def _out(text: str = "") -> None:
    """Print a line on standard output; a failure to write it names standard output."""
    try:
        click.echo(text)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _stdout_failed(exc) from None


def _write_stdout(data: bytes) -> None:
    """Write ``data`` to standard output whole (a pipe may take only part of one write)."""
    try:
        sys.stdout.flush()
        out = sys.stdout.buffer
        view = memoryview(data)
        while view:
            written = out.write(view)
            if not written:
                raise OSError(errno.EIO, "standard output takes no more data")
            view = view[written:]
        out.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _stdout_failed(exc) from None


def _flush_stdout() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _stdout_failed(exc) from None


def _stdout_failed(exc: OSError) -> EnvironmentProblem:
    _silence(1)
    return EnvironmentProblem.from_os_error(exc, "standard output", "cannot write")


def _closed_streams() -> list[int]:
    """Standard output and error descriptors whose reader has gone (poll reports an error)."""
    if not hasattr(select, "poll"):
        return [1, 2]  # no poll (Windows): trust the BrokenPipeError
    closed = []
    for fd in (1, 2):
        poller = select.poll()
        try:
            poller.register(fd, select.POLLOUT)
            events = poller.poll(0)
        except (OSError, ValueError):
            continue
        if any(mask & (select.POLLERR | select.POLLHUP) for _, mask in events):
            closed.append(fd)
    return closed


def _quiet_exit(closed: list[int]) -> NoReturn:
    for fd in closed:
        _silence(fd)
    sys.exit(CLOSED_PIPE_EXIT)


def _silence(fd: int) -> None:
    """Point ``fd`` at the null device, so that Python's flush at exit cannot fail again and
    print "Exception ignored" (the Python documentation's advice for SIGPIPE)."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
    except OSError:
        pass


config_option = click.option(
    "-f", "--config-file", "config_file", type=click.Path(dir_okay=True, path_type=Path),
    default=None, help="Path to site_config.yml (or its folder). Default: current folder.")
quiet_option = click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
verbose_option = click.option("-v", "--verbose", is_flag=True, help="Print more detail.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="policysite")
def cli() -> None:
    """policysite: write your return policy once, publish it everywhere."""


@cli.command()
@config_option
@quiet_option
@handle_errors
def check(config_file: Path | None, quiet: bool) -> None:
    """Validate site_config.yml and policies/ and report every problem at once."""
    from generator.layout import find_project_root
    from generator.site.check import check_site

    checked = check_site(find_project_root(config_file))
    _print_problems(checked.warnings)
    if not quiet:
        _print_problems(checked.project.notices)
        _out("OK: " + summary(checked.project))


def _progress_printer() -> Callable[[str], None]:
    """Plain lines when logging to a file or CI; one updating line on a terminal."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return lambda line: click.echo(line, err=True)

    def update(line: str) -> None:
        done, _, total = line.partition("]")[0].lstrip("[").partition("/")
        click.echo(f"\r\x1b[K{line}", err=True, nl=done == total)

    return update


def summary(project: Project) -> str:
    """One line: what the project holds."""
    return (f"{len(project.markets)} markets, {len(project.site.locales)} locales, "
            f"{len(project.categories)} categories, {len(project.versions)} policy versions")


@cli.command()
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              default=Path("schema"), show_default=True, help="Folder to write the schemas to.")
@handle_errors
def schema(output: Path) -> None:
    """Write the JSON Schemas that editors use to check the YAML files."""
    from generator.model.schema import write_schemas

    for path in write_schemas(output):
        _out(f"wrote {path}")


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@handle_errors
def init(directory: Path) -> None:
    """Create a small, commented starter project in DIRECTORY."""
    from generator.commands.starter import create_starter

    create_starter(directory)
    _out(f"Created a starter project in {directory}. Next: cd {directory} && "
         "policysite check")


@cli.command()
@config_option
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site. Default: site/ next to site_config.yml.")
@click.option("-s", "--strict", is_flag=True,
              help="Fail when any merchant text lacks a translation.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Worker processes, each rendering and building whole locales. "
                   "Default: one per CPU core.")
@click.option("--force", is_flag=True, help="Rebuild every locale even if nothing changed.")
@click.option("--engine", type=click.Choice(["mkdocs", "zensical"]), default="mkdocs",
              show_default=True, help="Static site engine (zensical: pip install zensical).")
@click.option("--kit-only", is_flag=True,
              help="Build only the caption kit and captions pages, into site-kit/ (or -d), "
                   "for teams who host the kit apart from the site.")
@quiet_option
@verbose_option
@handle_errors
def build(config_file: Path | None, site_dir: Path | None, strict: bool, jobs: int | None,
          force: bool, engine: str, kit_only: bool, quiet: bool, verbose: bool) -> None:
    """Validate, generate and build the site into site/ (atomically)."""
    from generator.layout import find_project_root
    from generator.site.build import build_site

    root = find_project_root(config_file)
    progress = None if quiet else _progress_printer()
    if engine == "zensical":
        import importlib.util

        if importlib.util.find_spec("zensical") is None:
            raise click.UsageError("--engine zensical needs Zensical: pip install zensical")
    result = build_site(root, site_dir, strict=strict, jobs=jobs, progress=progress, force=force,
                        engine=engine, kit_only=kit_only)
    _print_problems(result.warnings)
    if verbose:
        click.echo(f"generation {result.generation_seconds:.2f} s "
                   f"({result.generation_work:.2f} s of work), "
                   f"MkDocs {result.mkdocs_seconds:.2f} s "
                   f"({result.mkdocs_work:.2f} s of work); "
                   f"rebuilt: {', '.join(result.rebuilt) or '-'}; "
                   f"reused: {', '.join(result.reused) or '-'}", err=True)
    if not quiet:
        _out(result.summary())


@cli.group()
def i18n() -> None:
    """Manage the translation catalogs of the template text."""


@i18n.command("extract")
@config_option
@handle_errors
def i18n_extract(config_file: Path | None) -> None:
    """Collect translatable text from templates/ into locales/messages.pot."""
    from generator.i18n.tools import extract
    from generator.layout import catalogs_for, find_project_root

    _out(f"wrote {extract(catalogs_for(find_project_root(config_file)))}")


@i18n.command("update")
@config_option
@click.option("--init-missing", is_flag=True, help="Create catalogs for locales without one.")
@handle_errors
def i18n_update(config_file: Path | None, init_missing: bool) -> None:
    """Merge messages.pot into every site locale's catalog."""
    from generator.i18n.tools import update_catalogs
    from generator.layout import catalogs_for, find_project_root
    from generator.project.load import load_project

    root = find_project_root(config_file)
    project = load_project(root)
    for updated in update_catalogs(catalogs_for(root), project.site.locales, init_missing):
        _out(updated.describe())


@i18n.command("add")
@config_option
@click.argument("locale")
@handle_errors
def i18n_add(config_file: Path | None, locale: str) -> None:
    """Make LOCALE (any language Babel knows: ko, pt_PT, zh_Hant) one of the project's
    languages: its row in locales/locales.yml and its catalog."""
    from generator.i18n.new_locale import add_locale
    from generator.layout import find_project_root

    added = add_locale(find_project_root(config_file), locale)
    info = added.info
    if added.already:
        _out(f"{info.id} is already one of this project's languages; nothing changed")
        return
    if added.copied:
        _out("copied the bundled catalogs and locale table into locales/: this project keeps "
             "its own from now on")
    for warning in added.warnings:
        click.echo(f"warning: {warning}", err=True)
    _out(f"created {added.catalog} (Plural-Forms: {added.plural_forms})" if added.created
         else f"kept the catalog already in {added.catalog}")
    _out(f"added {info.id} to {added.table} (lang {info.bcp47}, theme {info.material}, "
         f"search {info.search}, {info.direction})")
    _out("next steps:")
    _out(f"  1. add {info.id} to site.locales in site_config.yml and to the locales of a market "
         f"(policies/markets/<country>.yml)")
    _out(f"  2. translate {added.catalog}; until then its pages show English with a notice")
    _out("  3. policysite i18n status")


@i18n.command("compile")
@config_option
@handle_errors
def i18n_compile(config_file: Path | None) -> None:
    """Check catalogs and write .mo files (builds compile in memory and need none)."""
    from generator.errors import ContentError
    from generator.i18n.checks import check_catalogs
    from generator.i18n.tools import compile_catalogs
    from generator.layout import catalogs_for, find_project_root
    from generator.project.load import load_project

    root = find_project_root(config_file)
    project = load_project(root)
    files = catalogs_for(root)
    problems = check_catalogs(files, project.site.locales)
    if problems:
        raise ContentError(problems)
    for path in compile_catalogs(files, project.site.locales):
        _out(f"wrote {path}")


@i18n.command("status")
@config_option
@click.option("--missing", is_flag=True, help="List merchant fields that fall back.")
@handle_errors
def i18n_status(config_file: Path | None, missing: bool) -> None:
    """Show, per locale, how much template and merchant text is translated."""
    from generator.i18n.checks import check_catalogs
    from generator.i18n.tools import catalog_status
    from generator.layout import catalogs_for, find_project_root
    from generator.project.coverage import merchant_coverage
    from generator.project.load import load_project
    from generator.project.problems import format_field_path

    root = find_project_root(config_file)
    project = load_project(root)
    files = catalogs_for(root)
    coverage = merchant_coverage(project)
    header = f"{'locale':<8} {'template strings':>18} {'merchant fields':>17} {'problems':>9}"
    _out(header)
    failing = False
    for locale in project.site.locales:
        status = catalog_status(files, locale)
        problems = check_catalogs(files, [locale])
        cov = coverage[locale]
        failing |= bool(problems) or status.translated < status.total
        _out(f"{locale:<8} {status.translated:>8}/{status.total:<4} {status.percent:>4.0f}% "
             f"{cov.translated:>8}/{cov.total:<4} {len(problems):>5}")
        for problem in problems:
            _out(f"  {problem}")
        if missing:
            for where in cov.missing:
                _out(f"  missing: {format_field_path(where)}")


@cli.group()
def version() -> None:
    """Dated policy versions: keep each earlier version for the orders placed under it."""


@version.command("new")
@config_option
@click.argument("version_id", metavar="ID")
@click.option("--effective", required=True, metavar="YYYY-MM-DD",
              help="First order day the new version applies to (today or later).")
@click.option("--summary", required=True, help="One-line note, in the default language.")
@click.option("--change", "changes", multiple=True, required=True,
              help="What changes, one line each, in the default language (repeatable).")
@handle_errors
def version_new(config_file: Path | None, version_id: str, effective: str, summary: str,
                changes: tuple[str, ...]) -> None:
    """Copy the current policy into policies/archive/<newest id>/ and list version ID after
    it; then edit policies/ for ID."""
    from generator.commands.version import new_version
    from generator.layout import find_project_root

    for line in new_version(find_project_root(config_file), version_id, effective, summary,
                            list(changes)):
        _out(line)


@cli.group()
def export() -> None:
    """Export content for other tools."""


@export.command("captions")
@config_option
@click.option("--format", "fmt",
              type=click.Choice(["csv", "json", "calendar", "srt", "vtt"]),
              default="csv", show_default=True,
              help="csv/json: every text; calendar: a posting plan of the captions (CSV); "
                   "srt/vtt: subtitle files of the video scripts.")
@click.option("--market", default=None, metavar="XX", help="Only this market (country code).")
@click.option("--locale", default=None, metavar="xx", help="Only this locale.")
@click.option("--start", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              metavar="YYYY-MM-DD",
              help="calendar: the first posting day (default: the newest policy version's "
                   "effective date).")
@click.option("--every", type=click.IntRange(min=1), default=None, metavar="N",
              help="calendar: days between two captions of a market and locale (default 7).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="File (csv, json, calendar; default: standard output) or folder (srt, vtt).")
@handle_errors
def export_captions(config_file: Path | None, fmt: str, market: str | None,
                    locale: str | None, start: datetime.datetime | None, every: int | None,
                    output: Path | None) -> None:
    """Caption texts and subtitles for scheduling tools and video editors."""
    from generator.captions.export import export_captions as export_texts
    from generator.captions.lint import check_captions
    from generator.facts.site import load_and_resolve
    from generator.layout import catalogs_for, find_project_root

    root = find_project_root(config_file)
    project, facts = load_and_resolve(root)
    catalogs = catalogs_for(root)
    _print_problems(project.warnings
                    + check_captions(facts, project.marks, catalogs, project.warnings))
    data, written = export_texts(facts, catalogs, fmt, output, market, locale,
                                 start.date() if start else None, every)
    if data is not None:
        _write_stdout(data)
    for path in written:
        click.echo(f"wrote {path}", err=True)


@export.command("notifications")
@config_option
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv",
              show_default=True, help="csv: one row per message; json: the same, for tools.")
@click.option("--market", default=None, metavar="XX", help="Only this market (country code).")
@click.option("--locale", default=None, metavar="xx", help="Only this locale.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="File to write. Default: standard output.")
@handle_errors
def export_notifications(config_file: Path | None, fmt: str, market: str | None,
                         locale: str | None, output: Path | None) -> None:
    """Customer messages per return stage (e-mail, SMS, chat) for helpdesk tools."""
    from generator.captions.kit import catalog_translations
    from generator.facts.site import load_and_resolve
    from generator.layout import catalogs_for, find_project_root
    from generator.notifications.export import export_notifications as export_messages

    root = find_project_root(config_file)
    project, facts = load_and_resolve(root)
    data, written, warnings = export_messages(
        facts, catalog_translations(catalogs_for(root)), fmt, output, market, locale)
    _print_problems(project.warnings + warnings)
    if data is not None:
        _write_stdout(data)
    for path in written:
        click.echo(f"wrote {path}", err=True)


def _export_policy_data(config_file: Path | None, market: str | None, output: Path | None,
                        kind: str) -> None:
    """Load the project, print its warnings, write the JSON (``-o``) or print it."""
    from generator.facts.site import load_and_resolve
    from generator.files import write_files
    from generator.layout import find_project_root
    from generator.structured import exports

    project, facts = load_and_resolve(find_project_root(config_file))
    _print_problems(project.warnings)
    data = (exports.google_merchant if kind == "google-merchant" else exports.schema_org)(
        facts, market)
    if output is None:
        _write_stdout(data)
        return
    write_files({output: data})
    click.echo(f"wrote {output}", err=True)


@export.command("google-merchant")
@config_option
@click.option("--market", default=None, metavar="XX", help="Only this market (country code).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="JSON file to write. Default: standard output.")
@handle_errors
def export_google_merchant(config_file: Path | None, market: str | None,
                           output: Path | None) -> None:
    """Return policies as Merchant API OnlineReturnPolicy resources (JSON)."""
    _export_policy_data(config_file, market, output, "google-merchant")


@export.command("schema-org")
@config_option
@click.option("--market", default=None, metavar="XX", help="Only this market (country code).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="JSON file to write. Default: standard output.")
@handle_errors
def export_schema_org(config_file: Path | None, market: str | None,
                      output: Path | None) -> None:
    """The site's schema.org MerchantReturnPolicy JSON-LD, for your own shop's pages."""
    _export_policy_data(config_file, market, output, "schema-org")


@cli.command()
@config_option
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True,
              metavar="<IP:PORT>", help="Address to serve the preview on.")
@click.option("-o", "--open", "open_in_browser", is_flag=True, help="Open the preview.")
@handle_errors
def serve(config_file: Path | None, dev_addr: str, open_in_browser: bool) -> None:
    """Live preview that rebuilds when YAML, templates or catalogs change."""
    from generator.commands.serve import serve as run_server
    from generator.layout import find_project_root

    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise click.BadParameter("use IP:PORT, e.g. 127.0.0.1:8000", param_hint="--dev-addr")
    run_server(find_project_root(config_file), host, int(port),
               say=lambda line: click.echo(line, err=True), open_in_browser=open_in_browser)


@cli.command("preview-screenshots")
@config_option
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The built site. Default: site/ next to site_config.yml (built if missing).")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the PNG files. Default: screenshots/ next to site_config.yml.")
@click.option("--locale", "locales", multiple=True, metavar="xx",
              help="Locale to show (repeatable). Default: the default locale, one "
                   "right-to-left and one CJK locale, if the site has them.")
@click.option("--full-page/--first-screen", default=True, show_default=True,
              help="Whole pages at phone width, or only the first 390 x 844 screen.")
@handle_errors
def preview_screenshots(config_file: Path | None, site_dir: Path | None, output: Path | None,
                        locales: tuple[str, ...], full_page: bool) -> None:
    """Save phone-sized screenshots (390 x 844) of every page kind, using the system Chromium."""
    from generator.commands.browser import require_chromium
    from generator.commands.screenshots import chosen_locales, take_screenshots
    from generator.facts.site import load_and_resolve
    from generator.layout import find_project_root
    from generator.site.build import build_site

    require_chromium()  # before a build: say at once when the browser is missing
    root = find_project_root(config_file)
    _, facts = load_and_resolve(root)
    wanted = chosen_locales(facts, list(locales))
    site_dir = site_dir or root / "site"
    output = output or root / "screenshots"
    if not (site_dir / "index.html").is_file():
        click.echo(f"{site_dir} has no site yet; building it first", err=True)
        result = build_site(root, site_dir, progress=lambda line: click.echo(line, err=True))
        _print_problems(result.warnings)
    saved = take_screenshots(facts, site_dir, output, wanted,
                             progress=lambda line: click.echo(line, err=True),
                             full_page=full_page)
    _out(f"Saved {len(saved)} screenshots in {output}.")
