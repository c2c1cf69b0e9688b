"""The contract in Falcon (falcon.asgi) with Falcon's own CORSMiddleware,
configured as Falcon's CORS docs say for one allowed origin with credentials,
served by uvicorn (the server Falcon's ASGI tutorial picks; Debian has no
Gunicorn or Waitress here, and wsgiref serves one request at a time):

    /usr/bin/python3 examples/targets/stacks/falcon_app.py [--port 0] [--origin O] [--vary]

--vary is the configured row of the compatibility table: Falcon's
CORSMiddleware (3.1) never sends Vary: Origin, so a middleware of the app's
own adds it. Cookies keep Falcon's defaults (Secure and HttpOnly).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from contract import DARK_SIDE, HELLO, SESSION, TWO_COOKIES, Tasks, command_line, item, listening_socket, sign_up  # noqa: E402
import falcon  # noqa: E402
import falcon.asgi  # noqa: E402
import uvicorn  # noqa: E402


class Hello:
    """GET /headers-and-object/, /headers/, /hidden-header/: Falcon has one response object, set and returned alike."""

    def __init__(self, headers):
        self.headers = headers

    async def on_get(self, req, resp):
        resp.set_headers(self.headers)
        resp.media = HELLO


class Cookie:
    """POST /cookie-and-object/ and /cookie/."""

    async def on_post(self, req, resp):
        resp.set_cookie(*SESSION, path="/")
        resp.media = DARK_SIDE


class TwoCookies:
    async def on_get(self, req, resp):
        resp.set_cookie(*SESSION, path="/")
        resp.set_cookie("theme", "dark", path="/")
        resp.media = TWO_COOKIES


class Task:
    def __init__(self):
        self.tasks = Tasks()

    async def on_put(self, req, resp, task_id):
        value, created = self.tasks.get_or_create(task_id)
        resp.status = falcon.HTTP_201 if created else falcon.HTTP_200
        resp.media = value


class User:
    async def on_post(self, req, resp):
        status, body = sign_up(await req.stream.read())
        resp.status = status
        if status == 200:
            resp.set_header("X-Cat-Dog", "alone in the world")
        resp.media = body


class Item:
    async def on_get(self, req, resp, item_id):
        found = item(item_id)
        if found is None:
            resp.status = falcon.HTTP_404
            resp.media = {"detail": "Item not found"}
        else:
            resp.media = found


# The dependency: a before hook, which writes to the same response as the responder.
async def track_request_source(req, resp, resource, params):
    resp.set_header("X-Request-Source", "dependency")
    resp.set_cookie("tracked", "yes", path="/")


class DependencyHeaders:
    @falcon.before(track_request_source)
    async def on_get(self, req, resp):
        resp.set_header("X-Cat-Dog", "alone in the world")
        resp.media = HELLO


class VaryOrigin:
    """The configured row: the answer depends on the Origin sent, so say so to caches (RFC 9110 §12.5.5)."""

    async def process_response(self, req, resp, resource, req_succeeded):
        if req.get_header("Origin") is not None:
            resp.append_header("Vary", "Origin")


def create_app(origin: str, vary: bool) -> falcon.asgi.App:
    # As Falcon's CORS docs say: the allowed origins, and credentials for every allowed origin.
    middleware = [falcon.CORSMiddleware(allow_origins=[origin], allow_credentials="*", expose_headers=["X-Cat-Dog"])]
    if vary:
        middleware.append(VaryOrigin())
    app = falcon.asgi.App(middleware=middleware)
    cat_dog = {"X-Cat-Dog": "alone in the world"}
    app.add_route("/headers-and-object/", Hello(cat_dog))
    app.add_route("/headers/", Hello({**cat_dog, "Content-Language": "en-US"}))
    app.add_route("/hidden-header/", Hello({**cat_dog, "X-Hidden": "not for browsers"}))
    app.add_route("/cookie-and-object/", Cookie())
    app.add_route("/cookie/", Cookie())
    app.add_route("/two-cookies/", TwoCookies())
    app.add_route("/get-or-create-task/{task_id}", Task())
    app.add_route("/user/", User())
    app.add_route("/items/{item_id}", Item())
    app.add_route("/dependency-headers/", DependencyHeaders())
    return app


def main() -> None:
    args = command_line(__doc__, ("--vary", dict(action="store_true", help="configured to send Vary: Origin")))
    server = uvicorn.Server(uvicorn.Config(create_app(args.origin, args.vary), log_level="warning"))
    server.run(sockets=[listening_socket(args)])


if __name__ == "__main__":
    main()
