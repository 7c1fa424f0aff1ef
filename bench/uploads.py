"""Benchmark of reading uploads: peak memory and time per file, each in a fresh process.

Run from the project root:  .venv/bin/python bench/uploads.py

For honest files at the import limits and for each bomb of issue 13 it builds
the file, then reads it through organizations.tables.read_rows in a child
process and prints the outcome, the child's peak resident memory (VmHWM, which
starts afresh at exec), how much reading added to it, and the seconds taken.
No database is needed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wfa_portal.settings")
os.environ.setdefault("WFA_TESTING", "1")

CHILD = """
import json, sys, time
import django
django.setup()
from organizations.tables import FileRejected, read_rows


def high_water_kb():
    with open("/proc/self/status") as status:
        return int(next(l for l in status if l.startswith("VmHWM:")).split()[1])


name, path = sys.argv[1], sys.argv[2]
content = open(path, "rb").read()
before, start = high_water_kb(), time.perf_counter()
try:
    rows = read_rows(name, content, kinds=(".xlsx", ".csv"), max_rows=60_000)
    outcome = f"read {len(rows) - 1} rows"
except FileRejected as error:
    outcome = f"refused: {error}"
print(json.dumps({"outcome": outcome, "before": before, "peak": high_water_kb(),
                  "seconds": time.perf_counter() - start}))
"""


def cases():
    from organizations.importing import TEMPLATE_COLUMNS
    from organizations.tests import workbooks

    def employees(n):
        rows = [list(TEMPLATE_COLUMNS)]
        rows += [
            [f"19660801198803{i:04d}", f"Nama Pegawai {i}", "diskominfo", "Analis", "", "3673"]
            for i in range(n)
        ]
        return rows

    def employees_csv(n):
        return "\n".join(",".join(row) for row in employees(n)).encode()

    return {
        "employees, 20,000 rows (.xlsx)": (
            "a.xlsx",
            lambda: workbooks.workbook_bytes(employees(20_000)),
            {},
        ),
        "employees, 20,000 rows (.csv)": ("a.csv", lambda: employees_csv(20_000), {}),
        "dimension bomb A1:XFD1048576": ("b.xlsx", workbooks.dimension_bomb, {}),
        "rows 1 and 1048576, no dimension": ("b.xlsx", workbooks.far_row_without_dimension, {}),
        "zip bomb, 200 MB unpacked": ("b.xlsx", lambda: workbooks.zip_bomb(200 * 1024 * 1024), {}),
        "one row of 1,000,000 cells (ratio check lifted)": (
            "b.xlsx",
            lambda: workbooks.wide_row(1_000_000),
            {"UPLOAD_MAX_ZIP_RATIO": "100000"},
        ),
        "60,000 rows with 6 extra attributes each": (
            "b.xlsx",
            lambda: workbooks.row_attributes(59_000, 6, 32),
            {},
        ),
        "300,000 shared strings": ("b.xlsx", lambda: workbooks.shared_strings(300_000), {}),
        "10 MB CSV of short cells": ("b.csv", lambda: workbooks.csv_grid(10 * 1024 * 1024), {}),
        "10 MB CSV line of commas": ("b.csv", lambda: b"nip\n" + b"," * (10 * 1024 * 1024 - 8), {}),
    }


def main() -> None:
    import django

    django.setup()
    print(f"{'file':50} {'bytes':>10} {'peak MB':>8} {'+MB':>5} {'s':>6}  outcome")
    with tempfile.TemporaryDirectory() as folder:
        for label, (name, build, env) in cases().items():
            path = Path(folder) / name
            path.write_bytes(build())
            done = subprocess.run(  # noqa: S603 - our own interpreter and script
                [sys.executable, "-c", CHILD, name, str(path)],
                cwd=ROOT,
                env={**os.environ, **env},
                capture_output=True,
                text=True,
                check=True,
            )
            result = json.loads(done.stdout.strip().splitlines()[-1])
            print(
                f"{label:50} {path.stat().st_size:>10} {result['peak'] / 1024:>8.0f} "
                f"{(result['peak'] - result['before']) / 1024:>5.0f} {result['seconds']:>6.2f}  "
                f"{result['outcome'][:90]}"
            )


if __name__ == "__main__":
    main()
