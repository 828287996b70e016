"""Dossier registers (sổ theo dõi hồ sơ) and procedure catalogues: reading, the periodic report table
and the one-stop rules, at a province's full-year scale (DuckDB; see ``reader.py``).

Public entry points: :func:`compliance.registers.check.summarize_register`,
:func:`compliance.registers.check.check_register`; click group :data:`compliance.cli.dossiers.dossiers`.

Layer: domain. May import the foundation, io, the engine and other domain modules without circles;
never the api or the surfaces (a progress bar is the caller's: ``check_register(progress=...)``).
"""
