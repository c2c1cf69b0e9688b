"""The contract in Tornado, whose CORS is written by hand, as Tornado users do:
Tornado has no CORS support of its own, nor a CORS library in Debian. Its
docs name set_default_headers as the place for headers every answer carries
(they survive error handling), and its maintainer's answer to cross-origin
requests is to implement options() (tornadoweb/tornado#2104, pointing to
MDN's CORS guide). So a base handler sets the CORS headers for the allowed
origin there, with Vary: Origin as MDN says for an answer that names the
request's origin, and answers preflights in options():

    /usr/bin/python3 examples/targets/stacks/tornado_app.py [--port 0] [--origin O]
"""
import asyncio
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from contract import DARK_SIDE, HELLO, SESSION, TWO_COOKIES, Tasks, command_line, item, listening_socket, sign_up  # noqa: E402
from tornado.escape import json_encode  # noqa: E402
from tornado.httpserver import HTTPServer  # noqa: E402
from tornado.web import Application, RequestHandler  # noqa: E402


class CorsHandler(RequestHandler):
    """Every handler of the app: the CORS headers for the allowed origin, and the preflight."""

    def set_default_headers(self):
        # Called before initialize(), so the allowed origin comes from the application's settings.
        self.set_header("Vary", "Origin")
        if self.request.headers.get("Origin") == self.settings["cors_origin"]:
            self.set_header("Access-Control-Allow-Origin", self.settings["cors_origin"])
            self.set_header("Access-Control-Allow-Credentials", "true")
            self.set_header("Access-Control-Expose-Headers", "X-Cat-Dog")

    def options(self, *args):
        # Tornado answers 405 to an OPTIONS a handler does not implement.
        self.set_header("Access-Control-Allow-Methods", "GET, POST, PUT")
        self.set_header("Access-Control-Allow-Headers", "Content-Type")
        self.set_header("Access-Control-Max-Age", "600")
        self.set_status(204)


class Hello(CorsHandler):
    """GET /headers-and-object/, /headers/, /hidden-header/: Tornado has one response, set and written alike."""

    def initialize(self, headers):
        self.extra_headers = headers

    def get(self):
        for name, value in self.extra_headers.items():
            self.set_header(name, value)
        self.write(HELLO)


class Cookie(CorsHandler):
    def post(self):
        self.set_cookie(*SESSION, path="/")
        self.write(DARK_SIDE)


class TwoCookies(CorsHandler):
    def get(self):
        self.set_cookie(*SESSION, path="/")
        self.set_cookie("theme", "dark", path="/")
        self.write(TWO_COOKIES)


class Task(CorsHandler):
    def initialize(self, tasks):
        self.tasks = tasks

    def put(self, task_id):
        value, created = self.tasks.get_or_create(task_id)
        self.set_status(201 if created else 200)
        # write() turns only a dict into JSON; a JSON string is written as text, with its type.
        self.set_header("Content-Type", "application/json")
        self.write(json_encode(value))


class User(CorsHandler):
    def post(self):
        status, body = sign_up(self.request.body)
        self.set_status(status)
        if status == 200:
            self.set_header("X-Cat-Dog", "alone in the world")
        self.write(body)


class Item(CorsHandler):
    def get(self, item_id):
        found = item(item_id)
        if found is None:
            self.set_status(404)
            self.write({"detail": "Item not found"})
        else:
            self.write(found)


class DependencyHeaders(CorsHandler):
    def prepare(self):
        # The dependency: prepare() runs before get() and writes to the same response.
        self.set_header("X-Request-Source", "dependency")
        self.set_cookie("tracked", "yes", path="/")

    def get(self):
        self.set_header("X-Cat-Dog", "alone in the world")
        self.write(HELLO)


def create_app(origin: str) -> Application:
    cat_dog = {"X-Cat-Dog": "alone in the world"}
    return Application(
        [
            (r"/headers-and-object/", Hello, dict(headers=cat_dog)),
            (r"/headers/", Hello, dict(headers={**cat_dog, "Content-Language": "en-US"})),
            (r"/hidden-header/", Hello, dict(headers={**cat_dog, "X-Hidden": "not for browsers"})),
            (r"/cookie-and-object/", Cookie),
            (r"/cookie/", Cookie),
            (r"/two-cookies/", TwoCookies),
            (r"/get-or-create-task/([^/]+)", Task, dict(tasks=Tasks())),
            (r"/user/", User),
            (r"/items/([^/]+)", Item),
            (r"/dependency-headers/", DependencyHeaders),
        ],
        cors_origin=origin,
    )


async def serve(args) -> None:
    sock = listening_socket(args)
    sock.setblocking(False)  # Tornado's accept loop expects a non-blocking socket, as bind_sockets makes
    HTTPServer(create_app(args.origin)).add_sockets([sock])
    await asyncio.Event().wait()


def main() -> None:
    asyncio.run(serve(command_line(__doc__)))


if __name__ == "__main__":
    main()
