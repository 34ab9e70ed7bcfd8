"""Benchmark: `giamngheo assess` CSV → CSV against a plain Polars read + write of the same CSV.

    .venv/bin/python benchmarks/assess_file.py --rows 10000 1000000 5000000 --repeat 3

For each size it writes a synthetic file (benchmarks/assess_data.py), then runs, alternately and
``--repeat`` times, (a) a plain ``pl.read_csv(path).write_csv(copy)`` and (b) ``giamngheo assess path -o
out.csv --standard 2022-2025``, each in a fresh process under GNU time (``/usr/bin/time -v``) for wall
time and peak memory. It prints a Markdown table with medians and the ratio (b)/(a).
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

BASELINE = "import polars as pl, sys; pl.read_csv(sys.argv[1]).write_csv(sys.argv[2])"


def measured(command: list[str]) -> tuple[float, float, float]:
    """Run under GNU time; return (wall seconds, peak resident MB, CPU seconds user + system)."""
    done = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", done.stderr)
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    assert wall and peak, done.stderr
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    cpu = sum(float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", done.stderr))
    return seconds, int(peak.group(1)) / 1024, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 1_000_000, 5_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    from assess_data import households_frame

    python = sys.executable
    giamngheo = str(Path(python).with_name("giamngheo"))
    with tempfile.TemporaryDirectory(dir=args.workdir) as folder:
        # CPU seconds as well as wall time: on a shared machine the wall clock also counts other people's work.
        print("| rows | file MB | Polars read+write s | assess s | ratio (wall) | ratio (CPU) | Polars peak MB | "
              "assess peak MB |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for rows in args.rows:
            source = Path(folder) / f"households-{rows}.csv"
            households_frame(rows).write_csv(source)
            plain, assess = [], []
            for _ in range(args.repeat):
                plain.append(measured([python, "-c", BASELINE, str(source), str(Path(folder) / "copy.csv")]))
                assess.append(measured([giamngheo, "assess", str(source), "-o", str(Path(folder) / "out.csv"),
                                        "--standard", "2022-2025"]))
            plain_s = statistics.median(t for t, _, _ in plain)
            assess_s = statistics.median(t for t, _, _ in assess)
            cpu_ratio = statistics.median(c for _, _, c in assess) / statistics.median(c for _, _, c in plain)
            print(f"| {rows:,} | {source.stat().st_size / 1e6:.0f} | {plain_s:.2f} | {assess_s:.2f} | "
                  f"{assess_s / plain_s:.2f}× | {cpu_ratio:.2f}× | {max(m for _, m, _ in plain):.0f} | "
                  f"{max(m for _, m, _ in assess):.0f} |", flush=True)
        with open("/proc/loadavg") as handle:
            print(f"\nload average at the end: {handle.read().split()[0]} (2 cores)")
            source.unlink()


if __name__ == "__main__":
    main()
