"""The contract in Starlette alone (no FastAPI), with Starlette's own
CORSMiddleware configured as its docs say:

    /usr/bin/python3 examples/targets/stacks/starlette_app.py [--port 0] [--origin O] [--no-cors]

--no-cors serves it with no CORS at all: the backend behind the nginx row,
where nginx adds the CORS headers.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from contract import DARK_SIDE, HELLO, SESSION, TWO_COOKIES, Tasks, command_line, item, listening_socket, sign_up  # noqa: E402
import uvicorn  # noqa: E402
from starlette.applications import Starlette  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402
from starlette.middleware.cors import CORSMiddleware  # noqa: E402
from starlette.responses import JSONResponse  # noqa: E402
from starlette.routing import Route  # noqa: E402


def create_app(origin: str, cors: bool) -> Starlette:
    tasks = Tasks()

    async def headers_and_object(request):
        return JSONResponse(HELLO, headers={"X-Cat-Dog": "alone in the world"})

    async def headers(request):
        return JSONResponse(HELLO, headers={"X-Cat-Dog": "alone in the world", "Content-Language": "en-US"})

    async def hidden_header(request):
        return JSONResponse(HELLO, headers={"X-Cat-Dog": "alone in the world", "X-Hidden": "not for browsers"})

    async def cookie(request):
        response = JSONResponse(DARK_SIDE)
        response.set_cookie(*SESSION, path="/")
        return response

    async def two_cookies(request):
        response = JSONResponse(TWO_COOKIES)
        response.set_cookie(*SESSION, path="/")
        response.set_cookie("theme", "dark", path="/")
        return response

    async def get_or_create_task(request):
        value, created = tasks.get_or_create(request.path_params["task_id"])
        return JSONResponse(value, status_code=201 if created else 200)

    async def create_user(request):
        status, body = sign_up(await request.body())
        return JSONResponse(body, status_code=status, headers={"X-Cat-Dog": "alone in the world"} if status == 200 else None)

    async def read_item(request):
        found = item(request.path_params["item_id"])
        return JSONResponse(found) if found is not None else JSONResponse({"detail": "Item not found"}, status_code=404)

    # Starlette has no dependencies: the "dependency" is a function the handler calls with its response.
    def track_request_source(response):
        response.headers["X-Request-Source"] = "dependency"
        response.set_cookie("tracked", "yes", path="/")

    async def dependency_headers(request):
        response = JSONResponse(HELLO, headers={"X-Cat-Dog": "alone in the world"})
        track_request_source(response)
        return response

    routes = [
        Route("/headers-and-object/", headers_and_object),
        Route("/headers/", headers),
        Route("/hidden-header/", hidden_header),
        Route("/cookie-and-object/", cookie, methods=["POST"]),
        Route("/cookie/", cookie, methods=["POST"]),
        Route("/two-cookies/", two_cookies),
        Route("/get-or-create-task/{task_id}", get_or_create_task, methods=["PUT"]),
        Route("/user/", create_user, methods=["POST"]),
        Route("/items/{item_id}", read_item),
        Route("/dependency-headers/", dependency_headers),
    ]
    middleware = [
        Middleware(CORSMiddleware, allow_origins=[origin], allow_credentials=True, allow_methods=["*"], allow_headers=["*"], expose_headers=["X-Cat-Dog"]),
    ]
    return Starlette(routes=routes, middleware=middleware if cors else [])


def main() -> None:
    args = command_line(__doc__, ("--no-cors", dict(action="store_true", help="no CORS at all (a backend behind a proxy that adds it)")))
    server = uvicorn.Server(uvicorn.Config(create_app(args.origin, not args.no_cors), log_level="warning"))
    server.run(sockets=[listening_socket(args)])


if __name__ == "__main__":
    main()
