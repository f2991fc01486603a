"""The stage commands: ``python -m pipeline stage NAME ...`` (what ``dvc.yaml`` runs) and
``wenku stage NAME ...`` both end up here.

They are parsed with argparse, not typer: ``dvc repro`` starts a stage process five times,
and typer 0.29 imports pydantic to coerce its parameters (about 0.43 CPU-s per process,
more than a stage needs to reuse a whole unchanged corpus). Like the rest of the command
line this holds no logic: it parses, calls a stage's runner, prints its report, and turns
a failure into a message that names the file, what is wrong and what to do.

>>> parser().parse_args(["repair", "in", "out"]).params
PosixPath('params.yaml')
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .core.params import ParamsError, load, worker_count


@dataclass(frozen=True)
class RunParams:
    """The ``run`` section: how stages run, never what they produce.

    workers: processes per stage; 0 means one per core. Outputs do not depend on it.
    """

    workers: int = 0


def failure_message(exc: BaseException) -> str | None:
    """What to tell a person about a failure a stage can meet, or None for a bug."""
    from .core.validate import ContractViolation

    if isinstance(exc, ParamsError):
        return str(exc)
    if isinstance(exc, ContractViolation):
        return f"the output does not conform to schemas/:\n{exc}"
    if isinstance(exc, FileNotFoundError):
        return f"{exc.filename}: not found; run the stages in order (dvc repro does)"
    return None


def prefer_system_allocator() -> None:
    """Give Arrow the system allocator, unless the user chose one (``ARROW_DEFAULT_MEMORY_POOL``).

    pyarrow's default, mimalloc, keeps the memory a stage frees. At 50 MB the stage
    processes and their workers peaked at 667 MB RSS with it and 338 MB with the system
    allocator, and the runs were no slower (23.8 against 26.4 s end to end). Arrow reads
    the variable when pyarrow loads, so call this first; workers inherit it.
    """
    if "ARROW_DEFAULT_MEMORY_POOL" in os.environ:
        return
    os.environ["ARROW_DEFAULT_MEMORY_POOL"] = "system"
    if "pyarrow" in sys.modules:  # loaded already (by a caller): switch its pool as well
        import pyarrow as pa

        pa.set_memory_pool(pa.system_memory_pool())


def _workers(params: Path) -> int:
    return worker_count(load(RunParams, "run", params).workers)


def _decode(args: argparse.Namespace) -> list[str]:
    from .decode.run import run

    return [run(args.raw, args.output, args.params, _workers(args.params)).line("decode")]


def _text_stage(name: str):
    def run(args: argparse.Namespace) -> list[str]:
        runner = importlib.import_module(f"{__package__}.{name}.run").run
        return [runner(args.input, args.output, args.params, _workers(args.params)).line(name)]

    return run


def _publish(args: argparse.Namespace) -> list[str]:
    from .publish.run import run

    interim = {"decoded": args.decoded, "repaired": args.repaired, "converted": args.converted, "segmented": args.segmented}
    summary, stats = run(interim, args.out, args.metrics, args.params, _workers(args.params), args.cache)
    return [
        stats.line("publish"),
        f"publish: {summary['documents']} documents ({summary['status'].get('rejected', 0)} rejected), "
        f"{summary['paragraphs']} paragraphs ({summary['duplicate_paragraphs']} duplicates), "
        f"{summary['edits']} edits, {summary['near_duplicate_documents']} near-duplicate documents -> {args.out}",
    ]


TEXT_STAGES = {
    "repair": "Repair mojibake in INPUT (decoded) into OUTPUT.",
    "convert": "Convert script and normalize INPUT (repaired) into OUTPUT.",
    "segment": "Cut INPUT (converted) into blocks with kinds, into OUTPUT.",
}


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="wenku stage", description="Run one pipeline stage (dvc repro calls these; see dvc.yaml).")
    stages = root.add_subparsers(dest="stage", required=True, metavar="STAGE")

    def command(name: str, help: str, run) -> argparse.ArgumentParser:
        sub = stages.add_parser(name, help=help, description=help)
        sub.set_defaults(run=run)
        sub.add_argument("--params", type=Path, default=Path("params.yaml"), help="The params file.")
        return sub

    decode = command("decode", "Decode every document under RAW into OUTPUT (a folder of Arrow IPC shards).", _decode)
    decode.add_argument("raw", type=Path)
    decode.add_argument("output", type=Path)
    for name, help in TEXT_STAGES.items():
        sub = command(name, help, _text_stage(name))
        sub.add_argument("input", type=Path)
        sub.add_argument("output", type=Path)
    publish = command("publish", "Validate and publish the corpus tables (documents, paragraphs, edits).", _publish)
    for name in ("decoded", "repaired", "converted", "segmented"):
        publish.add_argument(name, type=Path)
    publish.add_argument("--out", type=Path, default=Path("processed"), help="Folder of the published corpus.")
    publish.add_argument("--metrics", type=Path, default=Path("reports/corpus.json"), help="Metrics file for dvc metrics.")
    publish.add_argument("--cache", type=Path, default=Path("interim/published"), help="Per-document results kept between runs.")
    return root


def main(argv: list[str]) -> int:
    """Run the stage ``argv`` names; returns the exit status."""
    args = parser().parse_args(argv)
    prefer_system_allocator()  # before pyarrow loads
    from .core.runner import hide_pandas

    hide_pandas()
    try:
        lines = args.run(args)
    except Exception as exc:
        message = failure_message(exc)
        if message is None:
            raise
        print(f"wenku: {message}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0
