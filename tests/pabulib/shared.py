"""Where the shared Pabulib instances are: ../shared/data/pabulib beside the checkout, if there."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_FOLDER = next((f for f in (ROOT.parent / "shared" / "data" / "pabulib", Path("/work/shared/data/pabulib"))
                if f.is_dir()), ROOT.parent / "shared" / "data" / "pabulib")
SHARED: Path | None = _FOLDER if _FOLDER.is_dir() and any(_FOLDER.glob("*.pb")) else None


def shared_instances() -> list[Path]:
    return sorted(SHARED.glob("*.pb")) if SHARED is not None else []
