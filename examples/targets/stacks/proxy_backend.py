"""What the proxy stacks (nginx_proxy.py, caddy_proxy.py, apache_proxy.py)
share: the backend that knows nothing of CORS (starlette_app.py --no-cors),
a free port for the proxy, and running the proxy in the foreground until
SIGTERM, which stops the proxy and then the backend. Not a stack itself.
"""
import ctypes
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import Dict, List, NoReturn, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from contract import command_line  # noqa: E402,F401  (the proxies' flags: --host, --port, --origin)

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    # Should this wrapper be killed outright (SIGKILL, which it cannot catch: the harness does that
    # when a stack never says "listening on"), the kernel sends its children SIGTERM, so no proxy
    # or backend is left running.
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def spawn(command: List[str], **options) -> subprocess.Popen:
    return subprocess.Popen(command, preexec_fn=_die_with_parent, **options)


def start_backend() -> Tuple[subprocess.Popen, int]:
    """starlette_app.py --no-cors on a free port of 127.0.0.1, once it listens, and that port."""
    backend = spawn([sys.executable, os.path.join(HERE, "starlette_app.py"), "--no-cors", "--port", "0"], stdout=subprocess.PIPE, text=True)
    line = backend.stdout.readline()
    if not line.startswith("listening on "):
        backend.kill()
        sys.exit(f"the backend did not start: {line!r}")
    return backend, int(line.rsplit(":", 1)[1])


def free_port(host: str) -> int:
    """A port free now, for a proxy that cannot be told port 0 and report what it got."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _answers(host: str, port: int) -> bool:
    connection = http.client.HTTPConnection(host, port, timeout=1)
    try:
        connection.request("GET", "/headers/")
        connection.getresponse().read()
        return True
    except OSError:
        return False
    finally:
        connection.close()


def _relay(source: int) -> None:
    while True:
        chunk = os.read(source, 65536)
        if not chunk:
            return
        try:
            os.write(sys.stderr.fileno(), chunk)
        except OSError:
            pass  # nobody reads this one's stderr any more: keep draining, so the proxy never blocks


class _Stop(Exception):
    """SIGTERM or SIGINT, raised in the main thread wherever it is waiting."""


def _stop(*_) -> NoReturn:
    raise _Stop()


def serve(name: str, command: List[str], host: str, port: int, backend: subprocess.Popen, work: str, env: Optional[Dict[str, str]] = None, seconds: float = 10) -> NoReturn:
    """Runs the proxy in the foreground; says "listening on" once it answers an HTTP request
    (not merely accepts a connection); on SIGTERM or SIGINT stops it, then the backend, and removes
    `work`, the proxy's generated folder. When the proxy exits by itself, the backend is stopped too
    and this exits with 1."""
    # The proxy's stderr is a pipe relayed to this one's: a proxy that opens /dev/stderr (Apache's
    # ErrorLog) cannot when it is a socket, which is what Node's child pipes are.
    proxy = spawn(command, env=env, stderr=subprocess.PIPE)
    threading.Thread(target=_relay, args=(proxy.stderr.fileno(),), daemon=True).start()
    # The handler only raises: waiting for the children inside it, while the main thread is in
    # proxy.wait(), would deadlock on Popen's wait lock.
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    code = 1
    try:
        deadline = time.monotonic() + seconds
        while not _answers(host, port):
            if proxy.poll() is not None:
                raise RuntimeError(f"{name} exited with {proxy.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not answer on {host}:{port} within {seconds} s")
            time.sleep(0.05)
        print(f"listening on http://{host}:{port}", flush=True)
        proxy.wait()
        print(f"{name} exited with {proxy.returncode}", file=sys.stderr)
    except _Stop:
        code = 0
    except RuntimeError as error:
        print(error, file=sys.stderr)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for child in (proxy, backend):
        if child.poll() is None:
            child.terminate()
    for child in (proxy, backend):
        child.wait()
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(code)
