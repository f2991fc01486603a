"""The ``wenku`` command. It holds no logic: it parses arguments, calls a runner and
turns failures into a message that names the file, what is wrong and what to do."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Callable

import typer

from .stage_cli import failure_message, main as stage_main

app = typer.Typer(help="wenku: a versioned archive of Chinese documents and its cleaning pipeline.", no_args_is_help=True)


def _fail(message: str) -> None:
    typer.echo(f"wenku: {message}", err=True)
    raise typer.Exit(1)


def _guarded(action: Callable[[], object]) -> object:
    try:
        return action()
    except Exception as exc:
        message = failure_message(exc)
        if message is None:
            raise
        _fail(message)


@app.command(
    "stage",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": []},
)
def stage(ctx: typer.Context) -> None:
    """Run one pipeline stage (dvc repro calls these; see dvc.yaml): wenku stage --help."""
    raise typer.Exit(stage_main(ctx.args))


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
