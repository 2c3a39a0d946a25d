"""Failures tried for real: killed builds, concurrent builds, a full disk, a read-only disk, bad inputs.

Every check runs the `kg` command in its own process (or its `main()` in this one, for the
sweep of bad inputs) on real files, and looks at what is left in the output folder.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.outdir import sibling

from conftest import SEEDS

KG = [sys.executable, "-m", "kg"]
OLD_INPUT = SEEDS / "000_c86df3b36a7fa6ff.txt"
NEW_INPUT = SEEDS / "001_d17e0e264a3062b3.txt"


def kg(*args: str, cwd: Path, hash_seed: str = "0") -> subprocess.CompletedProcess:
    """Run the CLI in a fresh process, capturing its output."""
    return subprocess.run([*KG, *args], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONHASHSEED": hash_seed})


def snapshot(out: Path) -> dict[str, str]:
    """Every file of a build folder with the hash of its bytes (the cache aside: it only ever gains entries)."""
    return {str(p.relative_to(out)): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file() and p.name != "cache.sqlite"}


def one_error_line(stderr: str) -> str:
    """The single `kg: error:` line of stderr, checking there is no traceback and nothing else but warnings."""
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if not line.startswith("warning: ")]
    assert len(lines) == 1 and lines[0].startswith("kg: error: "), stderr
    return lines[0]


def write_corpus(path: Path, n: int) -> Path:
    """n short synthetic papers as JSON lines."""
    rows = ({"title": f"Method {i} for task {i % 13}",
             "abstract": f"We propose Method {i}, trained with Adam on ImageNet and CIFAR-10 for image classification."}
            for i in range(n))
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def old_build(tmp_path_factory) -> Path:
    """A finished build of one seed page, to be copied by the tests that break a build over it."""
    work = tmp_path_factory.mktemp("old")
    shutil.copy(OLD_INPUT, work / "old.txt")
    shutil.copy(NEW_INPUT, work / "new.txt")
    result = kg("build", "old.txt", "-o", "out", "--workers", "1", cwd=work, hash_seed="1")
    assert result.returncode == 0, result.stderr
    return work


def test_the_same_input_gives_the_same_files_whatever_the_string_hashing(old_build: Path, tmp_path: Path) -> None:
    result = kg("build", "old.txt", "-o", "again", "--workers", "1", cwd=old_build, hash_seed="2")
    assert result.returncode == 0, result.stderr
    first, again = snapshot(old_build / "out"), snapshot(old_build / "again")
    shutil.rmtree(old_build / "again")
    assert "graph.html" in first and "graph.graphml" in first
    store = "store/graph.lbug"  # the database file holds ids of its own; its answers are what count
    assert {k: v for k, v in first.items() if k != store} == {k: v for k, v in again.items() if k != store}


def test_a_build_killed_at_any_point_leaves_the_old_or_the_new_build(old_build: Path, tmp_path: Path) -> None:
    tmp_path = tmp_path / "w"
    shutil.copytree(old_build, tmp_path, symlinks=True)
    old = snapshot(tmp_path / "out")
    staging = sibling(tmp_path / "out", "new")
    # Kill points: while extracting, while loading the store, and a random moment around the swap.
    moments = [lambda: (staging / "papers.jsonl.part").exists(), lambda: (staging / "store").exists(),
               lambda: (staging / "alias_table.json").exists()]
    seen = []
    for when, extra in zip(moments, (0.0, 0.05, random.Random(15).uniform(0.0, 0.6))):
        proc = subprocess.Popen([*KG, "build", "old.txt", "new.txt", "-o", "out", "--workers", "1", "--no-html"],
                                cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while not when() and proc.poll() is None:
            time.sleep(0.005)
        time.sleep(extra)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        seen.append(snapshot(tmp_path / "out"))
    assert seen[0] == old
    finished = kg("build", "--resume", "-o", "out", "--workers", "1", "--no-html", cwd=tmp_path)
    assert finished.returncode == 0, finished.stderr
    new = snapshot(tmp_path / "out")
    assert new != old and all(s in (old, new) for s in seen), [s == old for s in seen]
    manifest = json.loads((tmp_path / "out" / "build.json").read_text())
    assert manifest["status"] == "done" and manifest["given"] == ["old.txt", "new.txt"]
    assert not staging.exists()


def test_two_real_builds_at_once_one_refused_one_done(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in.jsonl", 300)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    first = subprocess.Popen([*KG, "build", "in.jsonl", "-o", "out", "--workers", "1", "--no-html", "--no-store"],
                             cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lock = sibling(tmp_path / "out", "lock")
    deadline = time.monotonic() + 60
    while not (lock.exists() and lock.read_text().strip() == str(first.pid)):
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.05)
    second = kg("build", "in.jsonl", "-o", "out", "--workers", "1", cwd=tmp_path)
    _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert second.returncode == 1 and f"pid {first.pid}" in one_error_line(second.stderr)
    assert sum(1 for _ in open(tmp_path / "out" / "papers.jsonl")) == 300
    assert (tmp_path / "out" / "keep.txt").read_text() == "mine"  # what a build does not write stays


def test_workers_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in.jsonl", 2100)  # a chunk of 8 x 256 papers: large enough for the pool
    proc = subprocess.Popen([*KG, "build", "in.jsonl", "-o", "out", "--workers", "2",
                             "--no-html", "--no-store"], cwd=tmp_path, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(children := _children(proc.pid)) < 2:
        assert time.monotonic() < deadline and proc.poll() is None, "no worker processes started"
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while alive := [pid for pid in children if _alive(pid)]:
        assert time.monotonic() < deadline, f"workers {alive} outlived their parent"
        time.sleep(0.1)


def _children(pid: int) -> list[int]:
    """The process ids whose parent is pid (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 16 MiB tmpfs mounted in tmp_path (the tests run as root, as in CI), unmounted after."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    assert mounted.returncode == 0, f"mounting a tmpfs needs root: {mounted.stderr}"
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=True)


def test_a_full_disk_is_one_line_and_keeps_the_previous_build(old_build: Path, small_disk: Path) -> None:
    for name in ("old.txt", "new.txt"):
        shutil.copy(old_build / name, small_disk / name)
    shutil.copytree(old_build / "out", small_disk / "out")
    before = snapshot(small_disk / "out")
    free = shutil.disk_usage(small_disk).free
    (small_disk / "filler").write_bytes(b"\0" * (free - 300 * 1024))
    result = kg("build", "old.txt", "new.txt", "-o", "out", "--workers", "1", "--no-html", cwd=small_disk)
    assert result.returncode == 1
    line = one_error_line(result.stderr)
    assert "no space left" in line and "still holds the previous build" in line and "free some space" in line
    assert snapshot(small_disk / "out") == before
    (small_disk / "filler").unlink()
    assert sorted(p.name for p in small_disk.iterdir()) == [".out.kg-lock", "new.txt", "old.txt", "out"]


def test_a_read_only_disk_is_one_line(old_build: Path, tmp_path: Path) -> None:
    disk = tmp_path / "ro"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,ro", "tmpfs", str(disk)], check=True)
    try:
        result = kg("build", "old.txt", "-o", str(disk / "out"), cwd=old_build)
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=True)
    assert result.returncode == 1
    line = one_error_line(result.stderr)
    assert "read-only file system" in line and f"{disk}/out" in line and "writable disk" in line


def bad_corpus(folder: Path) -> dict[str, str]:
    """Every kind of bad input file, each with what its one warning line must say; good records among them."""
    folder.mkdir()
    good = [json.dumps({"title": f"Good paper {i}", "abstract": f"We train BERT on GLUE, run {i}."}) for i in range(4)]
    (folder / "broken_first.jsonl").write_text('tle": "cut"}\n' + "\n".join(good) + "\n")
    (folder / "random.bin").write_bytes(bytes(random.Random(3).randrange(256) for _ in range(3000)))
    csv_text = 'title,abstract\n"UTF-16 paper","We use ResNet-50 on ImageNet."\n'
    (folder / "utf16.csv").write_bytes(csv_text.encode("utf-16"))
    (folder / "cr_only.csv").write_bytes(csv_text.replace("UTF-16", "CR").replace("\n", "\r").encode())
    (folder / "title_only.csv").write_text("title\nWe do things with BERT.\n")
    (folder / "empty.jsonl").write_text("")
    whole = gzip.compress(("\n".join(good) + "\n").encode())
    (folder / "corrupt.json.gz").write_bytes(whole[:10] + bytes(40) + whole[50:])
    (folder / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    (folder / "odd_titles.jsonl").write_text(
        '{"title": 1984, "abstract": "x."}\n{"title": "NUL \\u0000 and \\u0001 in a title", "abstract": "We use GPT-2."}\n')
    (folder / "long.csv").write_text('title,abstract\n"A long abstract","' + "We use BERT. " * 12000 + '"\n')
    return {"broken_first.jsonl": "malformed JSON", "random.bin": "not a known format",
            "title_only.csv": "no abstract column", "empty.jsonl": "empty file",
            "corrupt.json.gz": "corrupt or truncated archive", "cut.jsonl.gz": "corrupt or truncated archive",
            "odd_titles.jsonl": "title is a number"}


def run_main(capsys, monkeypatch, *args: str) -> tuple[int, str]:
    """`kg ARGS` through the real entry point in this process; its exit status and stderr."""
    monkeypatch.setattr(sys, "argv", ["kg", *args])
    from kg.cli import main
    with pytest.raises(SystemExit) as exit_info:
        main()
        raise SystemExit(0)
    return exit_info.value.code, capsys.readouterr().err


def test_no_command_prints_a_traceback_on_bad_inputs(tmp_path: Path, capsys, monkeypatch) -> None:
    expected = bad_corpus(tmp_path / "bad")
    monkeypatch.chdir(tmp_path)
    code, err = run_main(capsys, monkeypatch, "build", "bad", "-o", "bad/out", "--workers", "1", "--no-html")
    assert code == 0 and "Traceback" not in err
    for name, says in expected.items():
        [line] = [line for line in err.splitlines() if line.startswith(f"warning: bad/{name}:") and says in line]
        assert line.count("\n") == 0
    papers = [json.loads(line) for line in open("bad/out/papers.jsonl")]
    titles = {p["title"] for p in papers}
    assert {f"Good paper {i}" for i in range(4)} | {"UTF-16 paper", "CR paper", "A long abstract"} <= titles
    assert not any(p["sources"][0]["file"].startswith("bad/out") for p in papers)
    graphml = Path("bad/out/graph.graphml").read_text(encoding="utf-8")
    import xml.dom.minidom
    xml.dom.minidom.parseString(graphml)  # valid XML though a title held NUL and U+0001
    Path("afile").write_text("x")
    Path("x.jsonl").write_text("earlier extractions\n")
    built = snapshot(Path("bad/out"))
    failures = {
        ("build", "bad/empty.jsonl", "-o", "bad/out"): "still holds the previous build",
        ("build", "nothere.jsonl", "-o", "o1"): "no such file or folder",
        ("build", "bad", "-o", "afile"): "not a folder",
        ("build", "bad", "-o", "afile/out"): "not a folder",
        ("extract", "bad/random.bin", "-o", "x.jsonl"): "no paper could be read",
        ("extract", "bad/empty.jsonl", "-o", "afile/x.jsonl"): "not a folder",
        ("build", "--resume", "-o", "bad"): "no build.json",
        ("query", "bad", "MATCH (n) RETURN n"): "no embedded store",
        ("query", "bad/out", "MATCH (n RETURN n"): "",
        ("html", "bad"): "run `kg build",
        ("analyze", "bad"): "run `kg build",
        ("export", "csv", "bad", "-o", "csv"): "run `kg build",
        ("lexicon", "import", "bad/utf16.csv"): "not UTF-8",
    }
    for args, says in failures.items():
        code, err = run_main(capsys, monkeypatch, *args)
        assert code == 1, (args, err)
        assert says in one_error_line(err), (args, err)
    assert snapshot(Path("bad/out")) == built  # the failed build over it left it as it was
    assert Path("x.jsonl").read_text() == "earlier extractions\n"  # so did the failed `kg extract -o`
    assert not list(Path().glob(".x.jsonl*"))
