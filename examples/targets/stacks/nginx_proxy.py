"""The contract behind nginx as a CORS-adding reverse proxy, configured the
way production guides do: a `map` allow-list of origins, `add_header ...
always`, and preflights answered by nginx itself. The backend (Starlette,
run with --no-cors) knows nothing of CORS. nginx runs in the foreground on a
free port with its own configuration, never as a system service (the
backend, the port and the supervision are proxy_backend.py's):

    /usr/bin/python3 examples/targets/stacks/nginx_proxy.py [--port 0] [--origin O] [--nginx /usr/sbin/nginx]
"""
import os
import tempfile

from proxy_backend import command_line, free_port, serve, start_backend

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
    listen {host}:{port};

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


def main() -> None:
    args = command_line(__doc__, ("--nginx", dict(default="/usr/sbin/nginx")))
    backend, backend_port = start_backend()
    work = tempfile.mkdtemp(prefix="rc-nginx-")
    port = args.port or free_port(args.host)
    # As root, nginx's workers would run as "nobody", who may not use this private folder.
    user = "user root;" if os.geteuid() == 0 else ""
    with open(os.path.join(work, "nginx.conf"), "w") as conf:
        conf.write(CONFIG.format(user=user, work=work, origin=args.origin, backend_port=backend_port, host=args.host, port=port))
    serve("nginx", [args.nginx, "-p", work, "-c", os.path.join(work, "nginx.conf")], args.host, port, backend, work)


if __name__ == "__main__":
    main()
