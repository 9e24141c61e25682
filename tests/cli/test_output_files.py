"""Output options only ever replace a regular file, or create one (issue 9, item 1)."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import tempfile
import threading
from pathlib import Path

import click
import pytest
from batch_helpers import SEVTRIAGE, run_cli

from sevtriage.output import files
from sevtriage.output.files import OutputError, open_output

TICKET = b'{"id": "T-1", "symptoms": {"service_stopped": true}}\n'


def _classify_to(target: str, *extra: str) -> subprocess.CompletedProcess[bytes]:
    return run_cli("classify", "-q", "--jobs", "1", "-o", target, *extra, "-", input=TICKET)


def test_a_symlink_is_followed_and_its_target_replaced(tmp_path):
    target = tmp_path / "real.jsonl"
    target.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    done = _classify_to(str(link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert b'"id":"T-1"' in target.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.jsonl", "real.jsonl"]


def test_a_fifo_is_written_through_not_replaced(tmp_path):
    fifo = tmp_path / "results.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    done = _classify_to(str(fifo))
    reader.join(30)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received and b'"id":"T-1"' in received[0]


def test_an_existing_file_keeps_its_mode(tmp_path):
    target = tmp_path / "private.jsonl"
    target.write_text("old\n")
    target.chmod(0o600)
    assert _classify_to(str(target)).returncode == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert b'"id":"T-1"' in target.read_bytes()


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_is_written_through_and_a_full_one_is_a_clear_error(tmp_path):
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    done = _classify_to(str(null))
    assert done.returncode == 0 and stat.S_ISCHR(os.stat(null).st_mode)
    full = tmp_path / "full"
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    done = _classify_to(str(full))
    assert stat.S_ISCHR(os.stat(full).st_mode)
    assert done.returncode == 2
    assert done.stderr.decode() == f"sevtriage: cannot write {full}: no space left on the device\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full", "null"]


def test_an_open_descriptor_path_writes_to_that_descriptor():
    done = subprocess.run([SEVTRIAGE, "classify", "-q", "--jobs", "1", "-o", "/proc/self/fd/1", "-"],
                          input=TICKET, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert b'"id":"T-1"' in done.stdout


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_write_failures_are_output_errors_exit_2(tmp_path, monkeypatch, code):
    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))
    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # output.files imports it where it writes
    with pytest.raises(OutputError) as caught, open_output(tmp_path / "out.jsonl"):
        pass
    assert caught.value.exit_code == 2
    assert str(tmp_path / "out.jsonl") in caught.value.format_message()


def test_a_failed_write_removes_the_temporary_file(tmp_path, monkeypatch):
    class FullDisk(files._Sink):
        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    def text(fd, display):
        sink = FullDisk(fd, "w", closefd=True)
        return files.io.TextIOWrapper(files.io.BufferedWriter(sink), encoding="utf-8")
    monkeypatch.setattr(files, "_text", text)
    with pytest.raises(OutputError, match="no space left"), open_output(tmp_path / "out.jsonl") as out:
        out.write("x" * 100_000)
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_folder_is_a_clear_error_exit_2(tmp_path):
    # As root a mode does not stop writes; a file where the folder should be does, for anyone.
    (tmp_path / "file").write_text("")
    done = _classify_to(str(tmp_path / "file" / "sub" / "out.jsonl"))
    assert done.returncode == 2 and b"Traceback" not in done.stderr


@pytest.mark.parametrize("path", ["", "new-folder/"])
@pytest.mark.parametrize("command", ["classify", "test"])
def test_an_empty_path_or_a_trailing_slash_is_a_usage_error(tmp_path, path, command):
    option = "-o" if command == "classify" else "--junit"
    args = [command, option, f"{tmp_path}/{path}" if path else path]
    done = subprocess.run([SEVTRIAGE, *args, "-" if command == "classify" else "fixtures"],
                          input=TICKET, capture_output=True, timeout=60, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 2
    assert b"Usage:" in done.stderr and b"Traceback" not in done.stderr
    assert not (tmp_path / "new-folder").exists()


def test_junit_follows_the_same_rules(tmp_path):
    target = tmp_path / "real.xml"
    target.write_text("old")
    target.chmod(0o640)
    link = tmp_path / "junit.xml"
    link.symlink_to(target)
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([SEVTRIAGE, "test", "--junit", str(link), "fixtures"], capture_output=True,
                          timeout=120, cwd=root)
    assert done.returncode == 0, done.stdout
    assert link.is_symlink() and target.read_text().startswith("<?xml")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_check_output_path_names_the_option():
    with pytest.raises(click.BadParameter, match="slash"):
        files.check_output_path("a/", "--output")
