"""Stage 1, load: strict YAML with a source position for every value."""
