"""Compare two built sites file by file: the same file list and the same bytes.

Used to check that a change of structure changes nothing that is published (the real
applications and a synthetic portfolio, built before and after):

    python -m bench.sitediff SITE_A SITE_B

An Excel workbook is a zip whose entries carry the time they were written, and whose
properties carry the time the workbook was made: workbooks are compared entry by entry, with
those two times left out. Exit code 0 when the sites are the same, 1 with the differences
listed.
"""

from __future__ import annotations

import argparse
import re
import sys
import zipfile
from pathlib import Path

# The workbook's creation and modification times (docProps/core.xml).
_XLSX_TIMES = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")


def _files(root: Path) -> dict[str, Path]:
    return {path.relative_to(root).as_posix(): path for path in sorted(root.rglob("*")) if path.is_file()}


def _xlsx_entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: _XLSX_TIMES.sub(b"", archive.read(name)) for name in sorted(archive.namelist())}


def same_content(a: Path, b: Path) -> bool:
    data_a, data_b = a.read_bytes(), b.read_bytes()
    if data_a == data_b:
        return True
    if a.suffix == ".xlsx":
        return _xlsx_entries(a) == _xlsx_entries(b)
    return False


def differences(a: Path, b: Path) -> list[str]:
    """What differs between the sites in ``a`` and ``b``, one line each (empty when nothing)."""
    files_a, files_b = _files(a), _files(b)
    lines = [f"bare i {a}: {name}" for name in sorted(files_a.keys() - files_b.keys())]
    lines += [f"bare i {b}: {name}" for name in sorted(files_b.keys() - files_a.keys())]
    lines += [f"ulikt innhold: {name}" for name in sorted(files_a.keys() & files_b.keys())
              if not same_content(files_a[name], files_b[name])]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sammenligner to bygde nettsteder fil for fil.")
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    args = parser.parse_args(argv)
    found = differences(args.a, args.b)
    for line in found:
        print(line)
    count = len(_files(args.a))
    print(f"{len(found)} forskjeller ({count} filer i {args.a})." if found else f"Like: {count} filer.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
