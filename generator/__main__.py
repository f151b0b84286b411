"""``python -m generator`` runs the policysite command line."""

from generator.commands.cli import cli

if __name__ == "__main__":
    cli(prog_name="policysite")
