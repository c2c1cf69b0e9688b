"""The contract behind nginx as a CORS-adding reverse proxy, configured the
way production guides do: a `map` allow-list of origins, `add_header ...
always`, and preflights answered by nginx itself. The backend (Starlette,
run with --no-cors) knows nothing of CORS. nginx runs in the foreground on a
free port with its own configuration, never as a system service:

    /usr/bin/python3 examples/targets/stacks/nginx_proxy.py [--port 0] [--origin O] [--nginx /usr/sbin/nginx]
"""
import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

CONFIG = """
worker_processes 1;
daemon off;
{user}
error_log stderr warn;
pid {work}/nginx.pid;
events {{ worker_connections 256; }}
http {{
  access_log off;
  client_body_temp_path {work}/body;
  proxy_temp_path {work}/proxy;
  fastcgi_temp_path {work}/fastcgi;
  uwsgi_temp_path {work}/uwsgi;
  scgi_temp_path {work}/scgi;

  # The allow-list: the allowed origin is echoed, any other gets nothing.
  map $http_origin $cors_origin {{
    default "";
    "{origin}" $http_origin;
  }}
  map $cors_origin $cors_credentials {{
    "" "";
    default "true";
  }}

  upstream backend {{
    server 127.0.0.1:{backend_port};
    keepalive 8;
  }}

  server {{
    listen 127.0.0.1:{port};

    location / {{
      # Preflights never reach the backend.
      if ($request_method = OPTIONS) {{
        add_header Access-Control-Allow-Origin $cors_origin always;
        add_header Access-Control-Allow-Credentials $cors_credentials always;
        add_header Access-Control-Allow-Methods "GET, POST, PUT, OPTIONS" always;
        add_header Access-Control-Allow-Headers "Content-Type" always;
        add_header Access-Control-Max-Age 600 always;
        add_header Vary Origin always;
        return 204;
      }}
      add_header Access-Control-Allow-Origin $cors_origin always;
      add_header Access-Control-Allow-Credentials $cors_credentials always;
      add_header Access-Control-Expose-Headers "X-Cat-Dog" always;
      add_header Vary Origin always;

      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
    }}
  }}
}}
"""


def free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def wait_for(host: str, port: int, process: subprocess.Popen, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"nginx exited with {process.returncode}")
        try:
            socket.create_connection((host, port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"nginx did not listen on {host}:{port} within {seconds} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--origin", default="https://frontend.example")
    parser.add_argument("--nginx", default="/usr/sbin/nginx")
    args = parser.parse_args()

    backend = subprocess.Popen([sys.executable, os.path.join(HERE, "starlette_app.py"), "--no-cors", "--port", "0"], stdout=subprocess.PIPE, text=True)
    line = backend.stdout.readline()
    if not line.startswith("listening on "):
        sys.exit(f"the backend did not start: {line!r}")
    backend_port = int(line.rsplit(":", 1)[1])

    work = tempfile.mkdtemp(prefix="rc-nginx-")
    port = args.port or free_port(args.host)
    # As root, nginx's workers would run as "nobody", who may not use this private folder.
    user = "user root;" if os.geteuid() == 0 else ""
    with open(os.path.join(work, "nginx.conf"), "w") as conf:
        conf.write(CONFIG.format(user=user, work=work, origin=args.origin, backend_port=backend_port, port=port))
    nginx = subprocess.Popen([args.nginx, "-p", work, "-c", os.path.join(work, "nginx.conf")])

    def stop(*_):
        for child in (nginx, backend):
            if child.poll() is None:
                child.terminate()
        for child in (nginx, backend):
            child.wait()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    wait_for(args.host, port, nginx)
    print(f"listening on http://{args.host}:{port}", flush=True)
    nginx.wait()
    stop()


if __name__ == "__main__":
    main()
