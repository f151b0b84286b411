"""``python -m generator`` runs the policysite command line."""

import sys

try:  # Ctrl-C while the command line is still being imported: no traceback for that either
    from generator.commands.cli import cli
except KeyboardInterrupt:
    sys.stderr.write("policysite: interrupted\n")
    sys.exit(130)

if __name__ == "__main__":
    cli(prog_name="policysite")
