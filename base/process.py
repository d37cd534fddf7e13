"""What a long-running process (the web server) does once it has started."""

from __future__ import annotations

import gc
import importlib


def settle_imports(*modules: str) -> None:
    """Import `modules`, then keep every object made so far — modules, classes, the validators
    pydantic builds, the message catalogue — out of the garbage collector's full passes
    (`gc.freeze`). They live as long as the process, and a full pass over them takes some 40 ms on
    this kind of machine: a pause that would otherwise land inside a page or a solve, at random."""
    for module in modules:
        importlib.import_module(module)
    gc.collect()
    gc.freeze()
