"""Finding criteria files: an edition id or a path → the file, for the ``criteria`` commands.

Shipped PAR INDEX editions live in ``criteria/par-index/`` (compliance.catalog), PAPI structure files in
``criteria/papi/papi-*.yaml`` (compliance.papi.structure).
"""

from __future__ import annotations

from pathlib import Path

from compliance.catalog import CRITERIA_DIR, load_edition_file, yaml_files
from compliance.errors import InputError
from compliance.i18n import M
from compliance.io.yamlio import load_data, load_model
from compliance.model.criteria import Edition


def shipped_files() -> list[Path]:
    """Every shipped criteria file: the PAR INDEX editions, then the PAPI structure files."""
    from compliance.papi.structure import structure_files

    return yaml_files(CRITERIA_DIR) + list(structure_files())


def locate(ref: str) -> Path:
    """The criteria file for ``ref``: an existing ``.yaml``/``.yml``/``.json`` path, or a shipped edition or
    PAPI structure id. InputError listing the known ids otherwise."""
    as_path = Path(ref)
    if as_path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        raise InputError(as_path, M("a workbook: import it first (compliance criteria import FILE.xlsx -o FILE.yaml)"))
    if as_path.suffix.lower() in (".yaml", ".yml", ".json"):
        if not as_path.exists():
            raise InputError(as_path, M("file not found"))
        return as_path
    known: list[str] = []
    for path in shipped_files():
        data, _ = load_data(path)
        file_id = data.get("id") if isinstance(data, dict) else None
        if file_id == ref:
            return path
        if file_id:
            known.append(str(file_id))
    raise InputError(None, M("no criteria edition or PAPI structure '{ref}' (known: {items})", ref=ref, items=', '.join(sorted(known))), "ID")


def load_edition(ref: str) -> tuple[Edition, Path]:
    """A PAR INDEX edition by id or path, with its file; InputError when it is not one."""
    path = locate(ref)
    data, _ = load_data(path)
    if isinstance(data, dict) and "dimensions" in data:
        raise InputError(path, M("is a PAPI structure file, not a PAR INDEX edition"))
    if path.resolve().parent == CRITERIA_DIR.resolve():
        return load_edition_file(path), path
    return load_model(path, Edition), path


def shipped_editions() -> list[tuple[Edition, Path]]:
    """Every shipped PAR INDEX edition with its file, in file-name order."""
    return [(load_edition_file(p), p) for p in yaml_files(CRITERIA_DIR)]
