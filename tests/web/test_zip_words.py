"""A zip's problems are said in Danish (every text the unpacking gives is in the catalogue: see
tests/test_catalogue.py, which checks the extracted template against da.po)."""

from __future__ import annotations

import io
import zipfile

from digipulje.messages import gettext
from digipulje.web import service


def _zip(**files: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_file_in_a_zip_larger_than_digipulje_reads_is_named_in_danish(tmp_path, monkeypatch):
    monkeypatch.setattr(service, "MAX_FILE_BYTES", 10)
    files, problems = service._unpack(_zip(**{"stor.csv": b"x" * 100}), "ansoegninger.zip", tmp_path, 0)
    assert files == [] and [p["file"] for p in problems] == ["ansoegninger.zip: stor.csv"]
    assert gettext(problems[0]["message"], lang="da") == "filen er større, end digipulje læser"

