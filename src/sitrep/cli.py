"""The ``sitrep`` command. Each subcommand lives with the module that does the work; this file
only wires them together and runs ``extract`` and ``demo``.

Exit codes: 0 success; 1 some inputs failed; 2 usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import Any, TextIO

from . import __version__
from .errors import InputError
from .model import Article

# Modules that contribute subcommands through ``add_cli(subparsers)``.
_SUBCOMMAND_MODULES = ("evaluate", "ingest", "export", "api", "gazetteer")


def _date(s: str) -> dt.date:
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {s!r}") from None


def build_parser(subcommands: bool = True) -> argparse.ArgumentParser:
    """The parser; ``subcommands=False`` leaves out the other modules' commands (and their
    imports: fastapi, duckdb...), which ``extract`` and ``demo`` do not need."""
    from .writers import FORMATS

    p = argparse.ArgumentParser(
        prog="sitrep",
        description="Turn news reports about armed conflict into ACLED-style events: "
        "geolocated, dated, deduplicated, each traceable to its evidence sentence.",
    )
    p.add_argument("--version", action="version", version=f"sitrep {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    ex = sub.add_parser("extract", help="extract events from reports and print them",
                        description="Extract events from reports (text, seed layout, JSONL, CSV, HTML, "
                        "RSS/Atom, WARC; '-' reads stdin).")
    ex.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, globs, or - for stdin")
    ex.add_argument("--published", type=_date, metavar="DATE", help="publication date (overrides what is found)")
    ex.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format (default: table)")
    ex.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    ex.add_argument("--workers", type=int, default=None, metavar="N",
                    help="worker processes (default: all cores when there are many reports)")
    ex.add_argument("--engine", choices=("local", "dask"), default="local",
                    help="where extraction runs: local processes (default) or a Dask cluster")
    ex.add_argument("--scheduler", metavar="ADDR",
                    help="Dask scheduler address, e.g. tcp://HOST:8786 (with --engine dask; "
                    "without one, dask starts a local cluster on 127.0.0.1)")
    ex.set_defaults(func=run_extract)

    demo = sub.add_parser("demo", help="extract the events of a bundled sample report")
    demo.add_argument("--format", "-f", choices=FORMATS, default="table")
    demo.set_defaults(func=run_demo)

    for name in _SUBCOMMAND_MODULES if subcommands else ():
        try:
            mod = importlib.import_module(f".{name}", __package__)
        except ImportError as exc:  # an optional part that cannot load must not break the rest
            print(f"sitrep: {name} commands unavailable: {exc}", file=sys.stderr)
            continue
        add = getattr(mod, "add_cli", None)
        if add is not None:
            add(sub)
    return p


def iter_articles(paths: Iterable[str], published: dt.date | None, errors: list[InputError]) -> Iterator[Article]:
    """Articles from ``paths``; bad inputs are reported on stderr and collected in ``errors``."""
    from .readers import read_inputs

    for item in read_inputs(paths, published=published):
        if isinstance(item, InputError):
            print(f"sitrep: error: {item}", file=sys.stderr)
            errors.append(item)
        else:
            if item.published is None:
                # Not fatal: absolute dates still resolve; relative ones ("on Tuesday") become
                # coarse or are dropped, never guessed from today's date.
                print(f"sitrep: warning: {item.origin or item.id}: no publication date found "
                      "(pass --published DATE); relative dates will be coarse", file=sys.stderr)
            yield item


def extract_records(articles: Iterable[Article], workers: int | None, engine: str = "local",
                    scheduler: str | None = None, errors: list[InputError] | None = None) -> Iterator[dict[str, Any]]:
    """Event records of ``articles``, in input order, through the chosen engine."""
    from .engines import get_engine

    eng = get_engine(engine, workers=workers, scheduler=scheduler)
    for result in eng.map_extract(articles):
        if isinstance(result, InputError):
            print(f"sitrep: error: {result}", file=sys.stderr)
            if errors is not None:
                errors.append(result)
            continue
        yield from result


def _open_out(path: str | None) -> TextIO:
    if not path or path == "-":
        return sys.stdout
    return open(path, "w", encoding="utf-8", newline="")


def run_extract(args: argparse.Namespace) -> int:
    from .writers import write_events

    if args.scheduler and args.engine != "dask":
        print("sitrep extract: --scheduler needs --engine dask", file=sys.stderr)
        return 2
    if args.workers is not None and args.workers < 1:
        print("sitrep extract: --workers must be at least 1", file=sys.stderr)
        return 2
    errors: list[InputError] = []
    articles = iter_articles(args.paths, args.published, errors)
    out = _open_out(args.output)
    try:
        write_events(extract_records(articles, args.workers, args.engine, args.scheduler, errors), args.format, out)
    finally:
        if out is not sys.stdout:
            out.close()
    return 1 if errors else 0


def run_demo(args: argparse.Namespace) -> int:
    from .readers import read_bytes
    from .writers import write_events

    sample = resources.files("sitrep.samples").joinpath("guardian_khan_sheikhun_2019-08-20.txt")
    (article,) = [a for a in read_bytes(sample.read_bytes(), sample.name, "seed-khan-sheikhun") if isinstance(a, Article)]
    print(f"# {article.title} ({article.published})", file=sys.stderr)
    write_events((e.to_record() for e in _extract_one(article)), args.format, sys.stdout)
    return 0


def _extract_one(article: Article) -> list[Any]:
    from .pipeline import get_pipeline

    return get_pipeline().extract(article)


_CORE_COMMANDS = ("extract", "demo")


def main(argv: list[str] | None = None) -> int:
    args_in = sys.argv[1:] if argv is None else argv
    first = next((a for a in args_in if not a.startswith("-")), None)
    # `sitrep extract` starts fast: the other subcommands' modules are not imported.
    parser = build_parser(subcommands=first not in _CORE_COMMANDS)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
