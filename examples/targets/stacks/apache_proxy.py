"""The contract behind Apache httpd 2.4 as a CORS-adding reverse proxy,
configured the way production guides for Apache CORS do: `SetEnvIf Origin`
as the allow-list of origins, `Header always set ... env=` for the grant
(mod_headers), `Header always merge Vary Origin`, and preflights answered
by Apache itself (a mod_rewrite rule, `[R=204]`) in front of `ProxyPass`
(mod_proxy, mod_proxy_http). Apache has no CORS module: its users write the
headers. The backend (Starlette, run with --no-cors) knows nothing of CORS.
Apache runs in the foreground (`apache2 -DFOREGROUND -f CONF`) with a
self-contained generated configuration in a private folder on a free port,
never touching /etc/apache2 or the system service (the backend, the port and
the supervision are proxy_backend.py's):

    /usr/bin/python3 examples/targets/stacks/apache_proxy.py [--port 0] [--origin O] [--apache2 /usr/sbin/apache2]
"""
import os
import re
import tempfile

from proxy_backend import command_line, free_port, serve, start_backend

MODULES = "/usr/lib/apache2/modules"

CONFIG = """\
ServerRoot "{work}"
DefaultRuntimeDir "{work}"
PidFile "{work}/apache2.pid"
ServerName {host}
Listen {host}:{port}
{user}
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule setenvif_module {modules}/mod_setenvif.so
LoadModule headers_module {modules}/mod_headers.so
LoadModule rewrite_module {modules}/mod_rewrite.so
LoadModule proxy_module {modules}/mod_proxy.so
LoadModule proxy_http_module {modules}/mod_proxy_http.so

# One process of 25 threads to start with, two at most: plenty here.
StartServers 1
ServerLimit 2
ThreadsPerChild 25
MaxRequestWorkers 50
MinSpareThreads 25
MaxSpareThreads 50
ErrorLog /dev/stderr
LogLevel warn
DocumentRoot "{work}"

# The allow-list: the allowed origin is echoed, any other gets nothing.
SetEnvIf Origin "^{origin_pattern}$" CORS_ORIGIN=$0
Header always set Access-Control-Allow-Origin "%{{CORS_ORIGIN}}e" env=CORS_ORIGIN
Header always set Access-Control-Allow-Credentials "true" env=CORS_ORIGIN
Header always set Access-Control-Expose-Headers "X-Cat-Dog" env=CORS_ORIGIN
# Every answer depends on the Origin, so it says so, to caches too.
Header always merge Vary Origin

# Preflights never reach the backend: mod_rewrite answers them with 204.
RewriteEngine On
RewriteCond %{{REQUEST_METHOD}} =OPTIONS
RewriteRule ^ - [R=204,L]
<If "%{{REQUEST_METHOD}} == 'OPTIONS'">
  Header always set Access-Control-Allow-Methods "GET, POST, PUT, OPTIONS"
  Header always set Access-Control-Allow-Headers "Content-Type"
  Header always set Access-Control-Max-Age "600"
</If>

ProxyPass "/" "http://127.0.0.1:{backend_port}/"
ProxyPassReverse "/" "http://127.0.0.1:{backend_port}/"
ProxyPreserveHost On
"""


def main() -> None:
    args = command_line(__doc__, ("--apache2", dict(default="/usr/sbin/apache2")))
    backend, backend_port = start_backend()
    work = tempfile.mkdtemp(prefix="rc-apache-")
    port = args.port or free_port(args.host)
    # As root, Apache's children switch to User/Group (they need nothing in the private folder).
    user = "User www-data\nGroup www-data" if os.geteuid() == 0 else ""
    conf = os.path.join(work, "apache2.conf")
    with open(conf, "w") as out:
        out.write(CONFIG.format(work=work, host=args.host, port=port, user=user, modules=MODULES, origin_pattern=re.escape(args.origin), backend_port=backend_port))
    serve("apache2", [args.apache2, "-DFOREGROUND", "-f", conf], args.host, port, backend, work)


if __name__ == "__main__":
    main()
