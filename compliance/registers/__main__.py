"""``python -m compliance.registers summarize|check …``: the ``dossiers`` commands through the project's
``main()`` (one-line errors, exit codes); the same as ``compliance dossiers …`` (kept for the benchmark script)."""

from compliance.cli import cli, main
from compliance.registers.cli import dossiers

if "dossiers" not in cli.commands:
    cli.add_command(dossiers)

if __name__ == "__main__":
    import sys

    sys.argv = [sys.argv[0], "dossiers", *sys.argv[1:]]
    main()
