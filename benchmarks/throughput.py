"""Throughput and peak memory of the wenku pipeline beside the off-the-shelf composite.

``python benchmarks/throughput.py --mb 50`` builds a corpus of 50 MB with
``benchmarks/corpus.py``, then, on the same files in the same run:

1. runs every stage of ``dvc.yaml`` by its own ``cmd`` (what ``dvc repro`` runs), in order,
   in a scratch project (a copy of ``params.yaml`` with ``run.workers`` set, ``raw`` linked
   to the corpus), with the code of this checkout first on ``PYTHONPATH``;
2. runs the composite (``benchmarks/composite.py``) with the same number of workers.

Each command is timed by the wall clock and by CPU seconds (its own and its workers',
from ``RUSAGE_CHILDREN``; steadier than the wall clock when other work shares the cores). Memory is the peak, over the run, of the summed
RSS and of the summed PSS of the command's process tree (the stage process and its worker
processes), sampled from ``/proc/<pid>/smaps_rollup`` every 50 ms. Forked workers share
pages with their parent: summed RSS counts them once per process (an upper bound), summed
PSS splits them among the processes sharing them (the memory the run really holds).
MB are 10^6 raw input bytes; a stage's MB/s is corpus MB over that stage's seconds.
The last line is ``throughput: wenku X MB/s, composite Y MB/s, ratio Z``.

``--repeats N`` runs wenku and the composite N times each, alternately (the speed of a
shared machine drifts between runs minutes apart), and reports the median of each
figure (the peaks: the largest); wenku's end to end is then the sum of its stages' medians.
"""

from __future__ import annotations

import argparse
import json
import statistics
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus as corpus_mod  # noqa: E402

def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (via /proc/<pid>/task/*/children)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as handle:
                    todo.extend(int(c) for c in handle.read().split())
        except OSError:
            continue
    return out


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in bytes; PSS counts pages shared with forked workers once."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            fields = dict(line.split(":", 1) for line in handle if line[0].isupper())
        return int(fields["Rss"].split()[0]) * 1024, int(fields["Pss"].split()[0]) * 1024
    except (OSError, KeyError, ValueError):
        return 0, 0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, tuple[int, int], str]:
    """Run ``cmd``; returns wall seconds, CPU seconds (the command and its workers, from
    ``RUSAGE_CHILDREN``), peak (RSS, PSS) summed over its process tree, stdout."""
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            sizes = [_memory(p) for p in _tree(proc.pid)]
            peak[0] = max(peak[0], sum(r for r, _ in sizes))
            peak[1] = max(peak[1], sum(p for _, p in sizes))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed (exit {proc.returncode}) in {cwd}:\n{err}")
    return seconds, cpu, (peak[0], peak[1]), out.strip()


def prepare_project(work: Path, raw: Path, workers: int) -> Path:
    """A scratch project: params.yaml (with run.workers) and a link ``raw`` to the corpus."""
    project = work / "project"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    params = (ROOT / "params.yaml").read_text(encoding="utf-8")
    params, n = re.subn(r"(?m)^(\s+workers:\s*)\d+", rf"\g<1>{workers}", params, count=1)
    if n != 1:
        raise SystemExit(f"{ROOT / 'params.yaml'}: no run.workers key to set")
    (project / "params.yaml").write_text(params, encoding="utf-8")
    (project / "raw").symlink_to(raw.resolve())
    return project


def corpus(work: Path, mb: float, seed: int, external: Path | None) -> Path:
    """The corpus folder for (mb, seed), built unless an earlier run left it."""
    folder = work / f"corpus-{mb:g}mb-seed{seed}"
    stamp = folder / "DONE"
    if not stamp.exists():
        shutil.rmtree(folder, ignore_errors=True)
        corpus_mod.build(mb, folder, seed, external)
        stamp.write_text("ok\n")
    return folder / "raw"


def run_wenku(project: Path, env: dict[str, str]) -> list[tuple[str, float, float, int, str]]:
    stages = yaml.safe_load((ROOT / "dvc.yaml").read_text(encoding="utf-8"))["stages"]
    results = []
    for name, stage in stages.items():
        cmd = stage["cmd"].split()
        if cmd[0] == "python":
            cmd[0] = sys.executable
        seconds, cpu, peak, out = measure(cmd, project, env)
        results.append((name, seconds, cpu, peak, out))
    return results


def _median_stages(runs: list[list[tuple]]) -> list[tuple]:
    """Per stage, the median seconds and CPU seconds and the largest peaks of several runs."""
    if len(runs) == 1:
        return runs[0]
    merged = []
    for per_stage in zip(*runs):
        name, out = per_stage[0][0], per_stage[-1][4]
        peak = (max(s[3][0] for s in per_stage), max(s[3][1] for s in per_stage))
        merged.append((name, statistics.median(s[1] for s in per_stage), statistics.median(s[2] for s in per_stage), peak, out))
    return merged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=50, help="corpus size in MB (10^6 raw bytes)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes for wenku and the composite")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "wenku-bench", help="scratch folder (corpora are kept here)")
    parser.add_argument("--external", type=Path, default=None, help="folder holding clean_text/ (default ../shared/external)")
    parser.add_argument("--no-composite", action="store_true", help="measure wenku only")
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers to this file")
    parser.add_argument("--repeats", type=int, default=1, help="runs of each side, alternating; medians reported")
    args = parser.parse_args()

    raw = corpus(args.work, args.mb, args.seed, args.external)
    total = sum(p.stat().st_size for p in raw.rglob("*") if p.is_file())
    mb = total / 1e6
    project = prepare_project(args.work, raw, args.workers)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    print(f"corpus: {mb:.1f} MB, {sum(1 for p in raw.rglob('*') if p.is_file())} files, seed {args.seed}, {args.workers} workers, {raw}")

    runs, composite_runs = [], []
    for attempt in range(max(1, args.repeats)):
        if attempt:
            project = prepare_project(args.work, raw, args.workers)
        runs.append(run_wenku(project, env))
        if not args.no_composite:
            cmd = [sys.executable, str(ROOT / "benchmarks" / "composite.py"), str(raw), "--workers", str(args.workers)]
            composite_runs.append(measure(cmd, ROOT, env))
    stages = _median_stages(runs)
    wenku_s = sum(s[1] for s in stages)
    wenku_cpu = sum(s[2] for s in stages)
    wenku_peak = (max(s[3][0] for s in stages), max(s[3][1] for s in stages))
    rows = [(f"wenku {name}", s, c, p) for name, s, c, p, _ in stages] + [("wenku end to end", wenku_s, wenku_cpu, wenku_peak)]
    for *_, out in stages:
        print("  " + out.splitlines()[-1] if out else "")

    composite = None
    if composite_runs:
        comp_s = statistics.median(r[0] for r in composite_runs)
        comp_cpu = statistics.median(r[1] for r in composite_runs)
        comp_peak = (max(r[2][0] for r in composite_runs), max(r[2][1] for r in composite_runs))
        out = min(composite_runs, key=lambda r: abs(r[0] - comp_s))[3]  # the median run's step times
        composite = json.loads(out)
        cpu = composite["step_cpu_seconds"]
        cpu_total = sum(cpu.values()) or 1.0
        rows += [(f"composite {step} (CPU share)", comp_s * c / cpu_total, comp_cpu * c / cpu_total, None) for step, c in cpu.items()]
        rows.append(("composite end to end", comp_s, comp_cpu, comp_peak))

    print(f"\n| {'step':32s} | {'seconds':>7s} | {'MB/s':>7s} | {'CPU s':>7s} | {'MB/CPU-s':>8s} | {'peak RSS MB':>11s} | {'peak PSS MB':>11s} |")
    print(f"|{'-' * 34}|{'-' * 8}:|{'-' * 8}:|{'-' * 8}:|{'-' * 9}:|{'-' * 12}:|{'-' * 12}:|")
    for name, seconds, cpu_s, peak in rows:
        rss, pss = (f"{peak[0] / 1e6:.0f}", f"{peak[1] / 1e6:.0f}") if peak is not None else ("", "")
        print(f"| {name:32s} | {seconds:7.2f} | {mb / seconds:7.2f} | {cpu_s:7.2f} | {mb / cpu_s:8.2f} | {rss:>11s} | {pss:>11s} |")
    print()
    if len(runs) > 1:
        totals = ", ".join(f"{sum(st[1] for st in run):.2f}" for run in runs)
        composites = ", ".join(f"{r[0]:.2f}" for r in composite_runs) or "n/a"
        print(f"runs (seconds, in order): wenku {totals}; composite {composites}")
    wenku_rate = mb / wenku_s
    summary = {"mb": mb, "workers": args.workers, "wenku_seconds": wenku_s, "wenku_cpu_seconds": wenku_cpu, "wenku_peak_rss": wenku_peak,
               "stages": {n: {"seconds": s, "cpu_seconds": c, "peak_rss": p} for n, s, c, p, _ in stages}, "composite": composite}
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n")
    if composite is None:
        print(f"throughput: wenku {wenku_rate:.2f} MB/s, composite n/a MB/s, ratio n/a")
        return
    comp_rate = mb / comp_s  # wall clock with process start-up, as for wenku's stages
    summary["composite_seconds"], summary["composite_cpu_seconds"] = comp_s, comp_cpu
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"CPU: wenku {wenku_cpu:.1f} s, composite {comp_cpu:.1f} s for the same {mb:.1f} MB (ratio {comp_cpu / wenku_cpu:.2f}; steadier than wall clock on a shared machine)")
    print(f"throughput: wenku {wenku_rate:.2f} MB/s, composite {comp_rate:.2f} MB/s, ratio {wenku_rate / comp_rate:.2f}")


if __name__ == "__main__":
    main()
