"""The ``wenku`` command. It holds no logic: it parses arguments, calls a runner and
turns failures into a message that names the file, what is wrong and what to do."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Callable

import typer

from .core.params import ParamsError, load, worker_count
from .core.validate import ContractViolation

app = typer.Typer(help="wenku: a versioned archive of Chinese documents and its cleaning pipeline.", no_args_is_help=True)
stage_app = typer.Typer(help="Run one pipeline stage (dvc repro calls these; see dvc.yaml).", no_args_is_help=True)
app.add_typer(stage_app, name="stage")


@stage_app.callback()
def _stage_process() -> None:
    from .core.runner import hide_pandas

    hide_pandas()

Params = Annotated[Path, typer.Option("--params", help="The params file.")]


@dataclass(frozen=True)
class RunParams:
    """The ``run`` section: how stages run, never what they produce.

    workers: processes per stage; 0 means one per core. Outputs do not depend on it.
    """

    workers: int = 0


def _fail(message: str) -> None:
    typer.echo(f"wenku: {message}", err=True)
    raise typer.Exit(1)


def _guarded(action: Callable[[], object]) -> object:
    try:
        return action()
    except ParamsError as exc:
        _fail(str(exc))
    except ContractViolation as exc:
        _fail(f"the output does not conform to schemas/:\n{exc}")
    except FileNotFoundError as exc:
        _fail(f"{exc.filename}: not found; run the stages in order (dvc repro does)")


def _workers(params: Path) -> int:
    return worker_count(load(RunParams, "run", params).workers)


@stage_app.command("decode")
def stage_decode(raw: Path, output: Path, params: Params = Path("params.yaml")) -> None:
    """Decode every document under RAW into OUTPUT (Parquet)."""
    from .decode.run import run

    stats = _guarded(lambda: run(raw, output, params, _workers(params)))
    typer.echo(stats.line("decode"))


def _text_stage(name: str, runner: Callable, input: Path, output: Path, params: Path) -> None:
    stats = _guarded(lambda: runner(input, output, params, _workers(params)))
    typer.echo(stats.line(name))


@stage_app.command("repair")
def stage_repair(input: Path, output: Path, params: Params = Path("params.yaml")) -> None:
    """Repair mojibake in INPUT (decoded) into OUTPUT."""
    from .repair.run import run

    _text_stage("repair", run, input, output, params)


@stage_app.command("convert")
def stage_convert(input: Path, output: Path, params: Params = Path("params.yaml")) -> None:
    """Convert script and normalize INPUT (repaired) into OUTPUT."""
    from .convert.run import run

    _text_stage("convert", run, input, output, params)


@stage_app.command("segment")
def stage_segment(input: Path, output: Path, params: Params = Path("params.yaml")) -> None:
    """Cut INPUT (converted) into blocks with kinds, into OUTPUT."""
    from .segment.run import run

    _text_stage("segment", run, input, output, params)


@stage_app.command("publish")
def stage_publish(
    decoded: Path,
    repaired: Path,
    converted: Path,
    segmented: Path,
    output: Annotated[Path, typer.Option("--out", help="Folder of the published corpus.")] = Path("processed"),
    metrics: Annotated[Path, typer.Option("--metrics", help="Metrics file for dvc metrics.")] = Path("reports/corpus.json"),
    cache: Annotated[Path, typer.Option("--cache", help="Per-document results kept between runs.")] = Path("interim/published"),
    params: Params = Path("params.yaml"),
) -> None:
    """Validate and publish the corpus tables (documents, paragraphs, edits)."""
    from .publish.run import run

    interim = {"decoded": decoded, "repaired": repaired, "converted": converted, "segmented": segmented}
    summary, stats = _guarded(lambda: run(interim, output, metrics, params, _workers(params), cache))
    typer.echo(stats.line("publish"))
    typer.echo(
        f"publish: {summary['documents']} documents ({summary['status'].get('rejected', 0)} rejected), "
        f"{summary['paragraphs']} paragraphs ({summary['duplicate_paragraphs']} duplicates), "
        f"{summary['edits']} edits, {summary['near_duplicate_documents']} near-duplicate documents -> {output}"
    )


@app.command()
def add(
    paths: Annotated[list[Path], typer.Argument(help="Files, directories or .zip archives to add.")],
    to: Annotated[str, typer.Option("--to", help="Folder under raw/ to add into.")] = "added",
    title: Annotated[str | None, typer.Option(help="Title of the document(s).")] = None,
    url: Annotated[str | None, typer.Option(help="Where they were obtained.")] = None,
    publisher: Annotated[str | None, typer.Option(help="Who published them.")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    license: Annotated[str | None, typer.Option("--license", help="Licence or copyright status.")] = None,
    note: Annotated[str | None, typer.Option(help="Free-text note.")] = None,
    raw: Annotated[Path, typer.Option("--raw", help="The archive folder.")] = Path("raw"),
) -> None:
    """Copy documents into raw/ with a metadata sidecar each; refuses duplicates, never overwrites."""
    from .archive.add import AddError, add as add_documents, is_dvc_tracked
    from .core.sidecar import SidecarError

    metadata = dict(title=title, url=url, publisher=publisher, published=published, license=license, note=note)
    try:
        added, skipped = add_documents(paths, raw, to, metadata)
    except (AddError, SidecarError) as exc:
        _fail("nothing was added:\n  " + str(exc).replace("\n", "\n  "))
    for line in skipped:
        typer.echo(f"skipped {line}")
    for item in added:
        typer.echo(f"added {item.path} (doc_id {item.doc_id})")
    tracked = is_dvc_tracked(raw)
    typer.echo(
        f"{len(added)} document(s) added. Next: "
        + ("dvc add raw && dvc repro && dvc push" if tracked else "dvc repro, then git add raw && git commit")
    )


@app.command()
def stats(path: Annotated[Path, typer.Argument(help="Folder of a published corpus.")] = Path("processed")) -> None:
    """Print a summary of a published corpus (the numbers of dvc metrics show)."""
    from .archive.stats import corpus_stats, render

    summary = _guarded(lambda: corpus_stats(path))
    typer.echo(render(summary))


@app.command()
def validate(path: Annotated[Path, typer.Argument(help="Folder of a published corpus.")] = Path("processed")) -> None:
    """Check a published corpus against the contracts in schemas/."""
    from .core.validate import validate_corpus

    problems = validate_corpus(path)
    if problems:
        typer.echo(f"{path}: does not conform to the wenku contracts ({len(problems)} problems):", err=True)
        for line in problems:
            typer.echo(f"  - {line}", err=True)
        raise typer.Exit(1)
    typer.echo(f"{path}: conforms to the wenku contracts (documents, paragraphs, edits)")


def main() -> None:
    app(prog_name="wenku")


if __name__ == "__main__":
    sys.exit(main())
