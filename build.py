#!/usr/bin/env python3
"""Build the decision bases (beslutningsgrunnlag) for the 291 municipalities.

    load → validate → compute → render → write

Exit status: 0 all built; 1 at least one municipality failed (the others are built);
2 the invocation or the national assumptions are invalid (nothing built).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from grunnlag.paths import DEFAULT_OUTPUT
from grunnlag.pipeline import clock, outdir

if TYPE_CHECKING:
    from grunnlag.inputs.errors import InputError
    from grunnlag.pipeline import stages


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description="Bygg beslutningsgrunnlag for Akson.")
    ap.add_argument("--only", nargs="+", metavar="KOMMUNENUMMER", help="bare disse kommunene")
    ap.add_argument("--check", action="store_true", help="valider alle filer, bygg ingenting")
    ap.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="mappe for resultatene")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="antall prosesser")
    ap.add_argument("--force", action="store_true", help="bygg alt på nytt")
    ap.add_argument("--verbose", action="store_true",
                    help="vis for hver rapport om den bygges og hvorfor")
    ap.add_argument("--export-form", type=Path, metavar="F.xlsx",
                    help="skriv et innsamlingsskjema (regneark) for kommunenes egne opplysninger")
    ap.add_argument("--import-form", type=Path, metavar="F.xlsx",
                    help="les et utfylt skjema inn i municipalities/*.yaml")
    args = ap.parse_args(argv)
    if args.export_form and args.import_form:
        ap.error("--export-form and --import-form cannot be used together")
    if (args.export_form or args.import_form) and args.check:
        ap.error("--export-form and --import-form write files; leave out --check")
    if args.import_form and args.only:
        ap.error("--import-form reads the municipalities the form holds; leave out --only")
    if args.jobs < 1:
        ap.error("--jobs must be at least 1")
    try:
        clock.build_date()  # the date a new version gets: refused here, before anything is built
    except ValueError as e:
        ap.error(str(e))
    for nr in args.only or []:
        if not (len(nr) == 4 and nr.isdigit()):
            ap.error(f"--only: '{nr}' is not a kommunenummer (four digits, e.g. 0301)")
    return args


def input_errors(args: argparse.Namespace, loaded: stages.Loaded
                 ) -> dict[str, list[InputError]] | None:
    """Print the skipped files and the errors of the municipalities asked for, and return those
    errors; None (after one line) when --only names a municipality not among the 291."""
    for warning in loaded.skipped:
        print(warning, file=sys.stderr)
    unknown = [nr for nr in args.only or [] if nr not in loaded.kommuner
               and not any(s.startswith(nr) for s in loaded.errors)]
    if unknown:
        print(f"error: --only: no municipality {', '.join(unknown)} among the 291 in scope",
              file=sys.stderr)
        return None
    errors = {s: e for s, e in loaded.errors.items()
              if not args.only or s.split("-")[0] in args.only}
    for lines in errors.values():
        for e in lines:
            print(str(e), file=sys.stderr)
    return errors


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.export_form or args.import_form:  # the collection form: no report is built
        from grunnlag.forms import export, importer

        if args.export_form:
            return export.export_form(args.export_form, only=args.only)
        return importer.import_form(args.import_form)
    # The model and the renderers are imported only here: the form's commands and a wrong
    # command line need neither.
    from grunnlag.pipeline import stages, versions
    from grunnlag.pipeline.progress import Progress
    from grunnlag.pipeline.scheduler import build_reports, start_workers, write_national_outputs

    try:  # --check writes nothing
        output = None if args.check else outdir.check(args.output)
    except outdir.OutputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    try:
        nat = stages.load_national()                                    # load
    except stages.NationalError as e:
        for line in e.lines:
            print(f"error: {line}", file=sys.stderr)
        print("Nothing was built: fix the national assumptions or texts first.", file=sys.stderr)
        return 2
    try:  # the build's own lock on its output folder, held until the process ends
        lock = None if output is None else outdir.lock(output)  # noqa: F841
    except outdir.OutputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    pool = None if args.check else start_workers(args.jobs)  # one warms up while we validate
    loaded = stages.load_municipalities()                               # validate
    errors = input_errors(args, loaded)
    if errors is None:
        return 2
    if args.check:
        n = len(args.only) if args.only else len(loaded.kommuner) + len(loaded.errors)
        print(f"Checked {n} municipality files: {len(errors)} with errors.")
        return 1 if errors else 0
    try:
        results, figs = stages.compute(loaded, nat, args.output)        # compute
        progress = Progress(sys.stderr, args.verbose)
        outcome = build_reports(args, nat, loaded, figs, progress, pool)  # render + write
        write_national_outputs(args, nat, loaded, figs, outcome)          # national outputs
    except OSError as e:  # a full disk, a folder made read-only or removed while building
        print(f"error: --output {args.output}: cannot write there "
              f"({e.strerror or type(e).__name__}); the reports written so far are whole",
              file=sys.stderr)
        return 2
    failed = {**{s: str(e[0]) for s, e in errors.items()}, **outcome.failures}
    progress.summary(outcome, failed)
    print(versions.summary_line(outcome.versions_before, outcome.versions, args.output),
          file=sys.stderr)
    return 1 if failed else 0


class Stopped(KeyboardInterrupt):
    """SIGTERM: stopped as by Ctrl-C (workers end, finished reports are kept)."""


def _stop(signum: int, frame: object) -> None:
    raise Stopped


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _stop)
    try:
        sys.exit(main())
    except KeyboardInterrupt as e:  # Ctrl-C or SIGTERM: finished reports are whole, no traceback
        stopped = isinstance(e, Stopped)
        print(f"\n{'Stopped' if stopped else 'Interrupted'}: the reports finished so far are "
              "kept; run the same command again to carry on.", file=sys.stderr)
        sys.exit(128 + signal.SIGTERM if stopped else 130)
