"""Stage 3, resolve: every derived fact, computed once per build (the only input of render)."""
