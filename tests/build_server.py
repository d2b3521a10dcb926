"""`python build.py ARGS` for the tests, without paying each time for the libraries' imports.

A test suite of about ninety builds spent over a minute of CPU importing WeasyPrint, openpyxl,
pikepdf and the rest again in every build process. tests/helpers.py starts this server once per
test worker. It imports those libraries, never the project's own code, and then forks a child
for each build it is asked for. The child runs build.py as its own interpreter would: in the
project copy's folder, with that copy's `grunnlag` (imported there, so a test that edits the
code or the data of its copy gets them), with the environment, arguments and exit status of a
real run, and with its output in two files. A library is shared only as imported, never as
used: no font, template or file is loaded before the fork.

Protocol, one JSON line each way: a request {"cwd", "args", "env", "session", "stdout",
"stderr"}; the reply {"pid"} when the child starts (so a test can signal it, or a timeout kill
it) and {"returncode", "cpu"} when it has ended, `cpu` being the CPU seconds of the child and the
workers it waited for. One build at a time.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import locale
import os
import runpy
import select
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

# What a build imports from outside the project. A module
# missing here only costs the time of importing it in each build.
PRELOAD = ("yaml", "ruamel.yaml", "pydantic", "jinja2", "markdown_it", "linkify_it",
           "weasyprint", "openpyxl", "docx", "pikepdf", "numpy", "babel", "lxml.etree",
           "fontTools.ttLib", "PIL.Image", "pydyf", "pyphen", "tinycss2", "cssselect2",
           "defusedxml", "brotli")


def _child(request: dict) -> None:
    """Become `python build.py ARGS` in the request's folder; never returns."""
    code = 1
    try:
        if request.get("session"):  # a terminal's foreground job: its own group, Ctrl-C heard
            os.setsid()
            signal.signal(signal.SIGINT, signal.default_int_handler)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        time.tzset()
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        for fd, path in ((1, request["stdout"]), (2, request["stderr"])):
            os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), fd)
        sys.argv = ["build.py", *request["args"]]
        sys.path[0] = request["cwd"]
        try:
            runpy.run_path(os.path.join(request["cwd"], "build.py"), run_name="__main__")
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
            if not isinstance(e.code, int | None):
                print(e.code, file=sys.stderr)
        except BaseException:  # as the interpreter: the traceback on stderr, status 1
            traceback.print_exc()
    finally:
        atexit._run_exitfuncs()  # as the interpreter does on its way out
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):  # a closed stream has nothing left to say
                stream.flush()
        os._exit(code)


def serve() -> None:
    for name in PRELOAD:
        __import__(name)
    sys.stdout.write(json.dumps({"ready": True}) + "\n")
    sys.stdout.flush()
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(request)
        sys.stdout.write(json.dumps({"pid": pid}) + "\n")
        sys.stdout.flush()
        _, status, usage = os.wait4(pid, 0)
        sys.stdout.write(json.dumps({"returncode": os.waitstatus_to_exitcode(status),
                                     "cpu": usage.ru_utime + usage.ru_stime}) + "\n")
        sys.stdout.flush()


# Settings Python reads only when it starts (or a preloaded library reads at import): a build
# that changes any of them runs as its own process.
AT_START = ("PYTHON", "LD_", "FAKETIME", "LC_", "LANG")
# The server's hash seed. A build that sets none would get a random one of its own; here it gets
# this one, which is as good as any (test_reproducible shows a report does not depend on it),
# and the session's seed build, which asks for it, is served too.
HASH_SEED = "1"


class Client:
    """The test worker's end: one server, started on the first build it can serve."""

    def __init__(self) -> None:
        self.server: subprocess.Popen | None = None
        self.env: dict[str, str] = {}  # the server's own environment
        self.pending = b""  # what the server said beyond the last line read
        self.folder = Path(tempfile.mkdtemp(prefix="build-server-"))
        self.cpu = 0.0  # CPU seconds of the builds run so far (scripts/test_cpu.py counts them)
        self.running: Served | None = None  # the last build started

    def serves(self, env: dict[str, str]) -> bool:
        """Whether a build with this environment runs here as it would in its own process."""
        base = self.env or server_env()
        env = {"PYTHONHASHSEED": HASH_SEED} | env
        changed = {k for k in env.keys() | base.keys() if env.get(k) != base.get(k)}
        return not any(k.startswith(AT_START) for k in changed)

    def run(self, cwd: Path, args: list[str], env: dict[str, str], timeout: float
            ) -> subprocess.CompletedProcess:
        """What subprocess.run([python, "build.py", *args], cwd=cwd, env=env, text=True,
        capture_output=True, timeout=timeout) returns."""
        build = self.start(cwd, args, env)
        try:
            out, err = build.communicate(timeout)
        except subprocess.TimeoutExpired:
            os.kill(build.pid, signal.SIGKILL)
            out, err = build.communicate(None)
            raise subprocess.TimeoutExpired(build.args, timeout, out, err) from None
        return subprocess.CompletedProcess(build.args, build.returncode, out, err)

    def start(self, cwd: Path, args: list[str], env: dict[str, str], session: bool = False,
              stdout: Path | None = None, stderr: Path | None = None) -> Served:
        """Start a build and return at once, as subprocess.Popen would; with `session`, in a
        session of its own with Ctrl-C at Python's default (Popen's start_new_session and a
        terminal's foreground job). Its output goes to `stdout` and `stderr` (files)."""
        if self.running is not None and self.running.poll() is None:
            # one build at a time: one a test left running (it timed out) would block the next
            os.kill(self.running.pid, signal.SIGKILL)
            self.running.wait()
        server = self._server()
        assert server.stdin
        out, err = stdout or self.folder / "stdout", stderr or self.folder / "stderr"
        server.stdin.write(json.dumps({"cwd": str(cwd), "args": args, "env": env,
                                       "session": session, "stdout": str(out),
                                       "stderr": str(err)}).encode() + b"\n")
        server.stdin.flush()
        self.running = Served(self, self._reply()["pid"], [sys.executable, "build.py", *args],
                              out, err)
        return self.running

    def _waiting(self, timeout: float) -> bool:
        """Whether the server's next line comes within `timeout` seconds."""
        assert self.server and self.server.stdout
        return b"\n" in self.pending or bool(
            select.select([self.server.stdout.fileno()], [], [], timeout)[0])

    def _reply(self) -> dict:
        """The server's next line."""
        assert self.server and self.server.stdout
        while b"\n" not in self.pending:
            chunk = os.read(self.server.stdout.fileno(), 65536)
            if not chunk:
                raise RuntimeError("the build server ended")
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return json.loads(line)

    def _server(self) -> subprocess.Popen:
        if self.server is None or self.server.poll() is not None:
            self.env = server_env()
            self.pending = b""
            self.server = subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE,
                                           stdout=subprocess.PIPE, text=False, env=self.env,
                                           cwd=Path(__file__).parent)
            assert self._reply() == {"ready": True}
        return self.server


class Served:
    """A build the server runs: what the tests use of subprocess.Popen."""

    def __init__(self, client: Client, pid: int, args: list[str], stdout: Path,
                 stderr: Path) -> None:
        self.client, self.pid, self.args = client, pid, args
        self.stdout, self.stderr = stdout, stderr
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and self.client._waiting(0):
            self._ended()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            if timeout is not None and not self.client._waiting(timeout):
                raise subprocess.TimeoutExpired(self.args, timeout)
            self._ended()
        assert self.returncode is not None
        return self.returncode

    def communicate(self, timeout: float | None = None) -> tuple[str, str]:
        """Wait for the end; its output as text (as Popen with text=True gives it)."""
        self.wait(timeout)
        return tuple(  # type: ignore[return-value]
            p.read_text(encoding=locale.getpreferredencoding(False)).replace("\r\n", "\n")
            for p in (self.stdout, self.stderr))

    def _ended(self) -> None:
        done = self.client._reply()
        self.client.cpu += done["cpu"]
        self.returncode = done["returncode"]


def base_env() -> dict[str, str]:
    """The environment a test's build starts from (as tests/helpers.run_build gives it)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


def server_env() -> dict[str, str]:
    return base_env() | {"PYTHONHASHSEED": HASH_SEED}


if __name__ == "__main__":
    serve()
