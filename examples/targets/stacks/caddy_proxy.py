"""The contract behind Caddy 2.6 as a CORS-adding reverse proxy. Caddy has no
CORS directive (v1's `cors` is gone from v2), so its community's guides have
users write the headers themselves: a named matcher on the allowed Origin,
`header` for the grant, and an OPTIONS matcher whose `handle` answers the
preflight with `respond 204`, in front of `reverse_proxy`. The backend
(Starlette, run with --no-cors) knows nothing of CORS. Caddy runs in the
foreground (`caddy run`) with its own Caddyfile on a free port, its admin
endpoint off (so two can run at once), no automatic HTTPS, never as a system
service (the backend, the port and the supervision are proxy_backend.py's):

    /usr/bin/python3 examples/targets/stacks/caddy_proxy.py [--port 0] [--origin O] [--caddy /usr/bin/caddy]
"""
import os
import tempfile

from proxy_backend import command_line, free_port, serve, start_backend

CADDYFILE = """\
{{
	admin off
	auto_https off
	storage file_system {work}/data
	log {{
		output stderr
		level WARN
	}}
}}

http://{host}:{port} {{
	# Every answer depends on the Origin, so it says so, to caches too.
	header +Vary Origin

	# The allow-list: the allowed origin is granted, any other gets nothing.
	@allowed header Origin {origin}
	header @allowed {{
		Access-Control-Allow-Origin "{origin}"
		Access-Control-Allow-Credentials true
		Access-Control-Expose-Headers X-Cat-Dog
	}}

	# Preflights never reach the backend.
	@preflight method OPTIONS
	handle @preflight {{
		header {{
			Access-Control-Allow-Methods "GET, POST, PUT, OPTIONS"
			Access-Control-Allow-Headers Content-Type
			Access-Control-Max-Age 600
		}}
		respond 204
	}}

	reverse_proxy 127.0.0.1:{backend_port}
}}
"""


def main() -> None:
    args = command_line(__doc__, ("--caddy", dict(default="/usr/bin/caddy")))
    backend, backend_port = start_backend()
    work = tempfile.mkdtemp(prefix="rc-caddy-")
    port = args.port or free_port(args.host)
    caddyfile = os.path.join(work, "Caddyfile")
    with open(caddyfile, "w") as out:
        out.write(CADDYFILE.format(work=work, origin=args.origin, backend_port=backend_port, host=args.host, port=port))
    # Caddy keeps its state under $HOME (or $XDG_*) otherwise: here it stays in the private folder.
    env = dict(os.environ, HOME=work, XDG_DATA_HOME=os.path.join(work, "data"), XDG_CONFIG_HOME=os.path.join(work, "config"))
    serve("caddy", [args.caddy, "run", "--config", caddyfile, "--adapter", "caddyfile"], args.host, port, backend, work, env=env)


if __name__ == "__main__":
    main()
