"""`python -m maitred serve …` as a process of its own, for the tests that need the real command."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def maitred_serve(*arguments: str) -> Iterator[subprocess.Popen[str]]:
    """The server process, its output unbuffered; however the test ends, it is asked to stop
    (SIGTERM), killed if it won't, and its pipes are closed."""
    process = subprocess.Popen([sys.executable, "-m", "maitred", "serve", *arguments],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
