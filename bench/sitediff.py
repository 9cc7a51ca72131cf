"""Compare two built sites file by file: the same file list and the same bytes.

Used to check that a change of structure changes nothing that is published (the real
applications and a synthetic portfolio, built before and after with the same
``SOURCE_DATE_EPOCH``), that two builds of one commit are the same, and that MkDocs and
ProperDocs build the same site:

    python -m bench.sitediff SITE_A SITE_B [--uten-generator]

A build is reproducible, the Excel workbook and the feed included, so nothing is left out of
the comparison; ``--uten-generator`` leaves out only the pages' ``<meta name="generator">``,
where each build engine names itself. Exit code 0 when the sites are the same, 1 with the
differences listed.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

# Where the build engine names itself and its version, in every HTML page.
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _files(root: Path) -> dict[str, Path]:
    return {path.relative_to(root).as_posix(): path for path in sorted(root.rglob("*")) if path.is_file()}


def same_content(a: Path, b: Path, without_generator: bool = False) -> bool:
    data_a, data_b = a.read_bytes(), b.read_bytes()
    if data_a == data_b:
        return True
    if without_generator and a.suffix == ".html":
        return GENERATOR.sub(b"", data_a) == GENERATOR.sub(b"", data_b)
    return False


def differences(a: Path, b: Path, without_generator: bool = False) -> list[str]:
    """What differs between the sites in ``a`` and ``b``, one line each (empty when nothing)."""
    files_a, files_b = _files(a), _files(b)
    lines = [f"bare i {a}: {name}" for name in sorted(files_a.keys() - files_b.keys())]
    lines += [f"bare i {b}: {name}" for name in sorted(files_b.keys() - files_a.keys())]
    lines += [f"ulikt innhold: {name}" for name in sorted(files_a.keys() & files_b.keys())
              if not same_content(files_a[name], files_b[name], without_generator)]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sammenligner to bygde nettsteder fil for fil.")
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--uten-generator", dest="without_generator", action="store_true",
                        help='se bort fra <meta name="generator"> (byggemotoren og versjonen) i HTML-sidene')
    args = parser.parse_args(argv)
    found = differences(args.a, args.b, args.without_generator)
    for line in found:
        print(line)
    count = len(_files(args.a))
    print(f"{len(found)} forskjeller ({count} filer i {args.a})." if found else f"Like: {count} filer.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
