"""Files the checker writes: devices and FIFOs written to, regular files replaced whole, inputs never overwritten."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ceasefire.errors import OutputError
from ceasefire.outputs import OutputFile, write_atomic

from conftest import HEADER, assert_refused, ceasefire_process, cli, in_mount_namespace, make_device, temp_files

ROOT = Path(__file__).resolve().parent.parent
IN_DOUBT = ROOT / "examples" / "syria-2016-09.jsonl"


@pytest.fixture
def log(tmp_path: Path) -> Path:
    """A copy of the in-doubt example (three breaches) in the test's folder."""
    path = tmp_path / "log.jsonl"
    path.write_bytes(IN_DOUBT.read_bytes())
    return path


# -- what is written to, and what is replaced ----------------------------------------------------


def test_a_character_device_is_written_to_not_replaced(tmp_path, log):
    """--output to a null device (made in the test folder) leaves it a character device."""
    null = make_device(tmp_path, "null")
    result = cli("check", log, "-f", "json", "-o", null)
    assert (result.exit_code, result.stdout) == (1, "")
    assert stat.S_ISCHR(null.stat().st_mode)
    assert temp_files(tmp_path) == []


def test_a_full_device_is_exit_2_with_a_message(tmp_path, log):
    """--output to a full device: exit 2, `PATH: cannot write: No space left on device`."""
    full = make_device(tmp_path, "full")
    for args in (["-f", "json", "-o", full], ["-f", "json", "--report", f"sarif:{full}"], ["-f", "json", "--write-baseline", full]):
        result = cli("check", log, *args)
        assert result.exit_code == 2
        assert result.stderr == f"{full}: cannot write: No space left on device\n"


def test_a_fifo_is_written_to_not_replaced(tmp_path, log):
    """--output to a FIFO sends the report through it; the FIFO stays a FIFO."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = cli("check", log, "-f", "json", "-o", fifo)
    reader.join(timeout=60)
    assert result.exit_code == 1
    assert json.loads(received[0])["logs"][0]["status"] == "in_doubt"
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_dev_stdout_is_written_to(tmp_path, log):
    """`-o /dev/stdout` writes to the process's standard output (here a pipe), replacing nothing."""
    process = ceasefire_process("check", log, "-f", "json", "-o", "/dev/stdout", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 1, err
    assert json.loads(out)["logs"][0]["status"] == "in_doubt"


def test_a_symlink_is_followed_and_kept(tmp_path, log):
    """An output that is a symbolic link: its target gets the report, the link stays a link."""
    target = tmp_path / "reports" / "real.json"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert cli("check", log, "-f", "json", "-o", link).exit_code == 1
    assert link.is_symlink() and json.loads(target.read_text())["logs"][0]["status"] == "in_doubt"
    assert temp_files(tmp_path) == []


def test_the_mode_of_a_replaced_file_is_kept(tmp_path, log):
    """A mode-600 report comes back mode 600, for --output and --write-baseline alike."""
    report, baseline = tmp_path / "report.json", tmp_path / "baseline.json"
    for path in (report, baseline):
        path.write_text("{}")
        path.chmod(0o600)
    assert cli("check", log, "-f", "json", "-o", report, "--write-baseline", baseline).exit_code == 0
    assert [stat.S_IMODE(p.stat().st_mode) for p in (report, baseline)] == [0o600, 0o600]
    assert json.loads(baseline.read_text())["breaches"]


def test_missing_folders_are_created(tmp_path, log):
    """--output, --report and --write-baseline into folders that do not exist yet."""
    out, sarif, baseline = tmp_path / "a" / "b.json", tmp_path / "c" / "d" / "e.sarif", tmp_path / "f" / "base.json"
    result = cli("check", log, "-f", "json", "-o", out, "--report", f"sarif:{sarif}", "--write-baseline", baseline)
    assert result.exit_code == 0
    assert out.is_file() and sarif.is_file() and baseline.is_file()


# -- outputs that would destroy an input ---------------------------------------------------------


@pytest.mark.parametrize("option", ["-o", "--report", "--write-baseline"])
def test_an_output_may_not_be_the_log(log, option):
    """`check log.jsonl -f json -o log.jsonl` is refused before anything is written; the log is intact."""
    before = log.read_bytes()
    value = f"json:{log}" if option == "--report" else str(log)
    result = cli("check", log, "-f", "json", option, value)
    assert_refused(result, log, None, "is a log of this run: refusing to overwrite it")
    assert log.read_bytes() == before


def test_an_output_may_not_be_the_pack_or_the_baseline(tmp_path, log):
    """The pack named by --agreement and the baseline being read are inputs too."""
    pack = tmp_path / "pack.toml"
    pack.write_bytes((ROOT / "rules" / "syria-2016.toml").read_bytes())
    result = cli("check", log, "--agreement", pack, "-f", "json", "-o", pack)
    assert_refused(result, pack, None, "is the agreement pack of this run")
    baseline = tmp_path / "baseline.json"
    assert cli("check", log, "--write-baseline", baseline).exit_code == 0
    before = baseline.read_bytes()
    result = cli("check", log, "--baseline", baseline, "-f", "json", "-o", baseline)
    assert_refused(result, baseline, None, "is the baseline of this run")
    assert baseline.read_bytes() == before


def test_an_input_reached_through_another_name_is_still_refused(tmp_path, log):
    """A symbolic link or a hard link to the log is the log."""
    (tmp_path / "alias.json").symlink_to(log)
    os.link(log, tmp_path / "hard.json")
    for name in ("alias.json", "hard.json"):
        result = cli("check", log, "-f", "json", "-o", tmp_path / name)
        assert (result.exit_code, result.stdout) == (2, "")
        assert "is a log of this run" in result.stderr
    assert log.read_bytes() == IN_DOUBT.read_bytes()


def test_write_baseline_may_refresh_the_baseline_it_read(tmp_path, log):
    """--write-baseline FILE --baseline FILE: the one exception, replaced atomically with the current breaches."""
    baseline = tmp_path / "baseline.json"
    baseline.write_text('{"breaches": []}')
    result = cli("check", log, "--baseline", baseline, "--write-baseline", baseline)
    assert result.exit_code == 0
    assert len(json.loads(baseline.read_text())["breaches"]) == 3
    assert temp_files(tmp_path) == []


def test_one_file_named_as_two_outputs_is_refused(tmp_path, log):
    """-o and --report naming one file would race: refused, nothing written."""
    out = tmp_path / "out.json"
    result = cli("check", log, "-f", "json", "-o", out, "--report", f"sarif:{out}")
    assert_refused(result, out, None, "named as two outputs")
    assert not out.exists()


# -- output paths checked before a log is read ---------------------------------------------------


@pytest.mark.parametrize(
    "name, message",
    [("folder", "is a directory"), ("file.txt/out.json", "cannot write: Not a directory"), ("x" * 300, "cannot write: File name too long")],
    ids=["directory", "under-a-file", "name-too-long"],
)
@pytest.mark.parametrize("option", ["--output", "--report", "--write-baseline"])
def test_a_bad_output_path_stops_the_run_before_anything_is_printed(tmp_path, log, name, message, option):
    """A bad output path: exit 2, `PATH: message`, and the text report is not printed first."""
    (tmp_path / "folder").mkdir()
    (tmp_path / "file.txt").write_text("")
    path = tmp_path / name
    result = cli("check", log, option, f"json:{path}" if option == "--report" else path)
    assert_refused(result, path, None, message)
    assert temp_files(tmp_path) == []


def test_a_read_only_folder_is_refused_before_the_logs_are_read(tmp_path, log):
    """An output in a read-only file system: exit 2 with `PATH: cannot write: Read-only file system`."""
    folder = tmp_path / "ro"
    folder.mkdir()
    code = (f"import sys; from ceasefire.cli import main; sys.argv = ['ceasefire', 'check', {str(log)!r}, "
            f"'--report', 'json:{folder}/out.json']; main()")
    done = in_mount_namespace(f"mount -t tmpfs -o ro,size=64k tmpfs {folder}; {sys.executable} -c \"{code}\"")
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr == f"{folder}/out.json: cannot write: Read-only file system\n"


def test_a_full_file_system_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path, log):
    """On a full tmpfs the old report and baseline stay as they were; exit 2 with a message."""
    folder = tmp_path / "full"
    folder.mkdir()
    big = tmp_path / "big.jsonl"
    row = '{"date": "2016-09-14T10:00:00+03:00", "type": "attack.shelling", "actor": "ru", "target": "opposition"}\n'
    big.write_text(json.dumps(HEADER) + "\n" + row * 2000)
    script = f"""
mount -t tmpfs -o size=64k tmpfs {folder}
echo old > {folder}/report.json
echo old > {folder}/baseline.json
set +e
{sys.executable} -m ceasefire check {big} -f json -o {folder}/report.json 2> {folder}/err1; echo "rc=$?"
{sys.executable} -m ceasefire check {big} --write-baseline {folder}/baseline.json -f json 2> {folder}/err2 > {tmp_path}/stdout.json; echo "rc=$?"
head -c 200 {folder}/err1 {folder}/err2
cat {folder}/report.json {folder}/baseline.json
ls -a {folder}
"""
    done = in_mount_namespace(script)
    out = done.stdout
    assert out.count("rc=2") == 2, out + done.stderr
    assert f"{folder}/report.json: cannot write: No space left on device" in out
    assert f"{folder}/baseline.json: cannot write: No space left on device" in out
    assert out.count("old\n") == 2
    assert ".ceasefire-" not in out


def test_library_output_file_refuses_a_directory_and_leaves_nothing(tmp_path):
    """OutputFile and write_atomic: OutputError for a directory; a new file is written whole."""
    with pytest.raises(OutputError, match="is a directory"):
        OutputFile(str(tmp_path))
    write_atomic(str(tmp_path / "new" / "file.txt"), "text\n")
    assert (tmp_path / "new" / "file.txt").read_text() == "text\n"
    assert temp_files(tmp_path) == []


# -- signals, closed and full standard output ----------------------------------------------------


def _blocked_on_a_fifo(tmp_path: Path, *extra: object) -> subprocess.Popen:
    """A check reading a FIFO nobody writes to, with its outputs already opened."""
    fifo = tmp_path / "log.jsonl"
    os.mkfifo(fifo)
    process = ceasefire_process("check", fifo, "-f", "json", "-o", tmp_path / "out.json", "--write-baseline",
                                tmp_path / "base.json", *extra, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(temp_files(tmp_path)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(temp_files(tmp_path)) == 2, "the outputs are opened before the log is read"
    return process


@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGHUP, 129)], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_leaves_no_temporary_file(tmp_path, signum, code):
    """SIGTERM or SIGHUP while a log is being read: exit 128+N, no `.ceasefire-*` file, no report."""
    process = _blocked_on_a_fifo(tmp_path)
    process.send_signal(signum)
    out, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    assert temp_files(tmp_path) == [] and not (tmp_path / "out.json").exists()
    assert err == f"ceasefire: stopped by signal {signum}\n"


def test_sigint_exits_130(tmp_path):
    """Ctrl-C is exit 130, not 1 (which means a breach was found), and removes the temporary files."""
    process = _blocked_on_a_fifo(tmp_path)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert err == "ceasefire: interrupted\n"
    assert temp_files(tmp_path) == []


def test_closed_standard_output_is_exit_2_with_a_message(log):
    """`ceasefire check log >&-`: exit 2 and a message, not an internal error."""
    process = ceasefire_process("check", log, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                preexec_fn=lambda: os.close(1))
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert err == "<stdout>: cannot write: it is closed\n"


def test_standard_output_on_a_full_device_is_exit_2(tmp_path, log):
    """Standard output on a full device: exit 2, `<stdout>: cannot write: No space left on device`."""
    full = make_device(tmp_path, "full")
    with open(full, "w") as out:
        process = ceasefire_process("check", log, "-f", "json", stdout=out, stderr=subprocess.PIPE, text=True)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert err == "<stdout>: cannot write: No space left on device\n"


def test_an_output_may_not_be_the_pack_a_header_names(tmp_path):
    """A log whose header names pack.toml beside it: `-o pack.toml` is refused and the pack kept."""
    pack = tmp_path / "pack.toml"
    pack.write_bytes((ROOT / "rules" / "syria-2016.toml").read_bytes())
    log = tmp_path / "log.jsonl"
    log.write_text('{"agreement": "pack.toml"}\n{"date": "2016-09-13T10:00:00+03:00", "type": "statement"}\n')
    result = cli("check", log, "-f", "json", "-o", pack)
    assert_refused(result, pack, None, "is the agreement pack of this run")
    assert pack.read_bytes() == (ROOT / "rules" / "syria-2016.toml").read_bytes()
    assert temp_files(tmp_path) == []


def test_jsonl_breaches_written_in_their_lane_fail_on_a_full_output_as_any_write_does(tmp_path):
    """jsonl breaches written in their lane to a full output fail as any write does: exit 2, one line, no traceback."""
    # Many plain breaches, written from their shape by the format's lane, to standard output that fills up after 20 kB (a file
    # size limit).
    import resource

    events = [{"date": f"2016-09-13T{10 + i // 60:02d}:{i % 60:02d}:00+03:00", "type": "attack.airstrike", "actor": "sy-gov",
               "target": "opposition", "casualties": i % 5, "id": f"e{i}", "location": "Aleppo"} for i in range(300)]
    log = tmp_path / "many.jsonl"
    log.write_text("\n".join([json.dumps(HEADER), *map(json.dumps, events)]) + "\n", encoding="utf-8")

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing the process
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    with open(tmp_path / "report.jsonl", "w") as out:
        process = ceasefire_process("check", log, "-f", "jsonl", stdout=out, stderr=subprocess.PIPE, text=True, preexec_fn=limited)
        _, err = process.communicate(timeout=60)
    assert (process.returncode, err) == (2, "<stdout>: cannot write: File too large\n")
    assert (tmp_path / "report.jsonl").read_text(encoding="utf-8").count('"record": "breach"') >= 10  # the lane wrote some first
