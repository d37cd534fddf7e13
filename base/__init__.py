"""The lowest layer: the exception tree every part of digipulje raises from, and whole kroner."""
