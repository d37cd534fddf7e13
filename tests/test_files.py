import errno
import os
import stat

import pytest

from digipulje.base.files import write_atomically
from digipulje.commands.outputs import OutputError, command_inputs, guard_outputs, same_file, write_output


def test_output_file_is_written_whole_with_the_usual_mode(tmp_path):
    target = tmp_path / "sub" / "memo.md"
    write_atomically(target, b"first")
    write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in target.parent.iterdir()] == ["memo.md"]  # no temporary file left


def test_the_same_file_by_path_symlink_and_hard_link_but_not_a_copy(tmp_path):
    original = tmp_path / "pulje.toml"
    original.write_text("budget_dkk = 1\n", encoding="utf-8")
    (tmp_path / "link").symlink_to(original)
    os.link(original, tmp_path / "hard")
    (tmp_path / "copy").write_bytes(original.read_bytes())
    assert same_file(tmp_path / "." / "pulje.toml", original)
    assert same_file(tmp_path / "link", original) and same_file(tmp_path / "hard", original)
    assert not same_file(tmp_path / "copy", original)
    assert not same_file(tmp_path / "new.md", original)


def test_a_symlink_loop_is_no_input_and_no_crash(tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    guard_outputs({"--out": tmp_path / "a"}, command_inputs(pool=tmp_path / "pulje.toml"))


def test_every_problem_with_the_outputs_is_named_at_once(tmp_path, english):
    pool = tmp_path / "pulje.toml"
    pool.write_text("", encoding="utf-8")
    with pytest.raises(OutputError) as caught:
        guard_outputs({"--out": pool, "--chart": pool}, command_inputs(pool=pool))
    assert caught.value.lines == (
        f"--out {pool}: is the pool file, and digipulje never writes over its inputs: choose another name for --out",
        f"--out and --chart name the same file {pool}: give --chart another name",
        f"--chart {pool}: is the pool file, and digipulje never writes over its inputs: choose another name for --chart",
    )


def test_a_write_the_system_refuses_is_one_output_error_and_leaves_nothing(tmp_path, monkeypatch, english):
    def refuse(*args, **kwargs):
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    target = tmp_path / "memo.md"
    with pytest.raises(OutputError) as caught:
        write_output(target, b"text")
    assert caught.value.lines == (f"{target}: cannot write: no permission to write in {tmp_path}: write elsewhere",)
    assert list(tmp_path.iterdir()) == []
