"""Benchmark: how long a translation service that never answers holds a run.

Starts the fault catalogue's fake of every service (``tests/catalogue/fake_server.py``) on
127.0.0.1, fetches ``2026-10`` from it, then runs the real ``readinggroup translate 2026-10``
(default timeouts, real pauses) while Google Translate hangs on every request, and prints the
wall time, the exit code and the last line:

    python bench/bench_hang.py

A hanging service costs one read timeout per thread, a pause, and then the breaker stops asking
it (three timeouts in a row); everything else is reported as failed (exit 4).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.catalogue.fake_server import FakeServices, Fault, config_text  # noqa: E402


def _run(root: Path, cache: Path, *args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    env = dict(os.environ, READINGGROUP_CACHE_DIR=str(cache))
    command = [sys.executable, "-m", "readinggroup", "-C", str(root), *args]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    return time.perf_counter() - started, done


def main() -> int:
    fake = FakeServices(hang_seconds=600)
    with tempfile.TemporaryDirectory() as tmp, fake.running():
        root, cache = Path(tmp) / "work", Path(tmp) / "cache"
        root.mkdir()
        config = config_text(fake.base_url).replace('["hn", "alphaxiv"]', '["hn"]')
        (root / "readinggroup.toml").write_text(config, "utf-8")
        _, fetched = _run(root, cache, "fetch", "2026-10")
        if fetched.returncode != 0:
            print(f"fetch failed:\n{fetched.stderr}")
            return 1
        fake.fail("google", Fault("hang"), every=True)
        seconds, done = _run(root, cache, "translate", "2026-10")
    last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    print(
        f"translate with Google hanging on every request: {seconds:.1f} s, exit {done.returncode}"
    )
    print(f"  {fake.counts['google']} requests; last line: {last}")
    return 0 if done.returncode == 4 else 1


if __name__ == "__main__":
    sys.exit(main())
