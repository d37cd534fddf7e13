import os
import stat

from reports.files import write_atomically


def test_output_file_is_written_whole_with_the_usual_mode(tmp_path):
    target = tmp_path / "sub" / "memo.md"
    write_atomically(target, b"first")
    write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in target.parent.iterdir()] == ["memo.md"]  # no temporary file left
