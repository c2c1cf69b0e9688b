"""The contract in aiohttp with aiohttp-cors, configured as aiohttp-cors's
docs say (defaults for the one allowed origin, every route added):

    /usr/bin/python3 examples/targets/stacks/aiohttp_app.py [--port 0] [--origin O] [--vary]

--vary is the configured row of the compatibility table: aiohttp-cors 0.7
never sends Vary: Origin, so a response-prepare signal adds it.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from contract import DARK_SIDE, HELLO, SESSION, TWO_COOKIES, Tasks, command_line, item, listening_socket, sign_up  # noqa: E402
import aiohttp_cors  # noqa: E402
from aiohttp import web  # noqa: E402


def create_app(origin: str, vary: bool) -> web.Application:
    tasks = Tasks()
    routes = web.RouteTableDef()

    @routes.get("/headers-and-object/")
    async def headers_and_object(request):
        return web.json_response(HELLO, headers={"X-Cat-Dog": "alone in the world"})

    @routes.get("/headers/")
    async def headers(request):
        return web.json_response(HELLO, headers={"X-Cat-Dog": "alone in the world", "Content-Language": "en-US"})

    @routes.get("/hidden-header/")
    async def hidden_header(request):
        return web.json_response(HELLO, headers={"X-Cat-Dog": "alone in the world", "X-Hidden": "not for browsers"})

    @routes.post("/cookie-and-object/")
    @routes.post("/cookie/")
    async def cookie(request):
        response = web.json_response(DARK_SIDE)
        response.set_cookie(*SESSION, path="/")
        return response

    @routes.get("/two-cookies/")
    async def two_cookies(request):
        response = web.json_response(TWO_COOKIES)
        response.set_cookie(*SESSION, path="/")
        response.set_cookie("theme", "dark", path="/")
        return response

    @routes.put("/get-or-create-task/{task_id}")
    async def get_or_create_task(request):
        value, created = tasks.get_or_create(request.match_info["task_id"])
        return web.json_response(value, status=201 if created else 200)

    @routes.post("/user/")
    async def create_user(request):
        status, body = sign_up(await request.read())
        return web.json_response(body, status=status, headers={"X-Cat-Dog": "alone in the world"} if status == 200 else None)

    @routes.get("/items/{item_id}")
    async def read_item(request):
        found = item(request.match_info["item_id"])
        return web.json_response(found) if found is not None else web.json_response({"detail": "Item not found"}, status=404)

    # A middleware plays the dependency for the route that declares it: it writes to the same response.
    @web.middleware
    async def track_request_source(request, handler):
        response = await handler(request)
        if request.path == "/dependency-headers/":
            response.headers["X-Request-Source"] = "dependency"
            response.set_cookie("tracked", "yes", path="/")
        return response

    @routes.get("/dependency-headers/")
    async def dependency_headers(request):
        return web.json_response(HELLO, headers={"X-Cat-Dog": "alone in the world"})

    app = web.Application(middlewares=[track_request_source])
    app.add_routes(routes)
    cors = aiohttp_cors.setup(app, defaults={origin: aiohttp_cors.ResourceOptions(allow_credentials=True, expose_headers=("X-Cat-Dog",), allow_headers="*")})
    for route in list(app.router.routes()):
        cors.add(route)
    if vary:
        # The answer depends on the Origin sent: say so to caches (RFC 9110 §12.5.5).
        async def add_vary(request, response):
            if "Origin" in request.headers:
                response.headers.add("Vary", "Origin")

        app.on_response_prepare.append(add_vary)
    return app


def main() -> None:
    args = command_line(__doc__, ("--vary", dict(action="store_true", help="configured to send Vary: Origin")))
    web.run_app(create_app(args.origin, args.vary), sock=listening_socket(args), print=None)


if __name__ == "__main__":
    main()
