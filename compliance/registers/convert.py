"""A register as a folder of Parquet files partitioned by province and month: the layout that
``dossiers check --engine spark`` (and DuckDB) reads at national scale.

Layout (Hive-style, as Spark and DuckDB read it)::

    OUT/province=DNO/month=2024-01/data_0.parquet
    OUT/province=DNO/month=2024-02/data_0.parquet
    OUT/province=HNO/month=2024-01/data_0.parquet   (another province converted into the same OUT)
    ...

Each file holds the typed register exactly as :func:`compliance.registers.reader.load_table` reads it
(``rn`` the record number, one column per canonical field, DATE for dates, ``<field>_raw`` the text
as written, ``extra_<n>`` the unmatched columns); ``month`` is the month of the receipt date
(``YYYY-MM``). The register is read and checked first (every bad row refused as ``dossiers check``
refuses it), then DuckDB writes the files (``COPY … PARTITION_BY``) into a temporary folder beside
the province's folder, renamed into OUT only when complete
(:func:`compliance.io.files.atomic_folder`): a failure or Ctrl-C leaves nothing half-written.
"""

from __future__ import annotations
from compliance.i18n import M

import os
import re
from dataclasses import dataclass
from pathlib import Path

from compliance.errors import InputError
from compliance.io.files import atomic_folder
from compliance.registers.reader import Settings, connect, load_table

#: a province code as written in the partition folder name (letters, digits, '-' and '_')
PROVINCE_CODE = re.compile(r"[A-Za-z0-9_-]{1,32}")


@dataclass
class Converted:
    """What :func:`convert_register` wrote: ``rows`` dossiers, ``files`` Parquet files, in ``months``."""

    out: Path
    rows: int
    files: int
    months: list[str]


def convert_register(path: str | os.PathLike, out: str | os.PathLike, province: str,
                     settings: Settings | None = None) -> Converted:
    """Write the register at ``path`` (CSV or XLSX) as Parquet partitioned by province and month.

    ``province``: the province's code for the partition (``DNO``); ``out``: the national folder: new,
    empty, or holding other provinces' ``province=…`` folders (each province is converted on its own
    and lands beside the others). Raises :class:`InputError` for bad input (as ``dossiers check``), a
    bad province code, a province already in ``out``, or an ``out`` holding anything else.
    """
    settings = settings or Settings()
    if not PROVINCE_CODE.fullmatch(province or ""):
        raise InputError(None, M("province code {province!r}: letters, digits, '-' or '_' only (e.g. DNO)", province=province), "--province")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(out, M("is a file: give a folder for the Parquet files"), "-o/--output")
    if out.exists():
        other = [p.name for p in out.iterdir() if not (p.is_dir() and p.name.startswith("province="))]
        if other:
            raise InputError(out, M("holds {value!r}, which is not a province=… folder: choose a new folder for the Parquet files", value=other[0]), "-o/--output")
        if (out / f"province={province}").exists():
            raise InputError(out / f"province={province}", M("this province is already converted here: remove its folder first to replace it"), "-o/--output")
    con = connect(settings)
    try:
        loaded = load_table(con, Path(path), settings=settings)
        with atomic_folder(out / f"province={province}", "-o/--output") as tmp:  # the province appears whole
            target = str(tmp).replace("'", "''")
            con.execute(f"COPY (SELECT *, strftime(received_at, '%Y-%m') AS month "
                        f"FROM {loaded.table} ORDER BY rn) TO '{target}' "
                        "(FORMAT PARQUET, PARTITION_BY (month), COMPRESSION zstd)")
            files = sorted(tmp.rglob("*.parquet"))
            months = sorted({p.parent.name.split("=", 1)[1] for p in files})
        return Converted(out, loaded.rows, len(files), months)
    finally:
        con.close()
