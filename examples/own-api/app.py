"""A small shop API in FastAPI, shaped like a real one: the worked example of
checking your own API with response-conformance (docs/own-api.md).

- GET /api/items?page=N&per_page=M: a paginated list. It sends X-Total-Count,
  a Link header (RFC 8288) to the next and previous pages, and a request id,
  all exposed to the shop's frontend; and X-Debug-Query-Time, which must stay
  hidden from browser scripts.
- POST /api/login: JSON {"username", "password"}; sets the session cookie
  with Secure, HttpOnly and SameSite=Lax, and answers the user without the
  password (a response model). Wrong credentials answer 401.
- GET /api/me: the user behind "Authorization: Bearer <token>", or 401.
- POST /api/logout, or DELETE /api/session: clears the session cookie, 204.

With --misconfig NAME it is one of the misconfigured variants the audit's
tests use (MISCONFIGURATIONS below): each makes one mistake that
`response-conformance audit` must report, and no other. --misconfig may be
given more than once: the mistakes add up (observe's example runs the shop
with several, examples/observe/broken-shops.ts).

With --allow-any-origin it configures CORS as the Conduit (RealWorld)
FastAPI backend does: allow_origins=["*"] with allow_credentials=True, and
every method and header. Starlette then answers `*` to a request without a
cookie, but echoes the origin, any origin and "null" too, on preflights and
on requests that carry a cookie: the audit must report origin-reflected and
null-origin-allowed.

With --openapi-url PATH it serves its document there (FastAPI's
openapi_url), as the full-stack FastAPI template does at
/api/v1/openapi.json.

The frontend lives on https://shop.example (--origin to change it). Debian's
packages are all it needs (PyPI is never used):

    apt-get install python3-fastapi python3-uvicorn
    /usr/bin/python3 examples/own-api/app.py --port 8000

It prints "listening on http://127.0.0.1:PORT" once it accepts connections
(--port 0, the default, picks a free port).
"""
import argparse
import secrets
import socket
import time
import uuid
from typing import Iterable, List, Optional, Union

import uvicorn
from fastapi import FastAPI, Header, HTTPException, Query, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from pydantic import BaseModel

ITEMS = [
    {"id": 1, "name": "Teapot", "price": 18.5, "supplier_cost": 7.25},
    {"id": 2, "name": "Kettle", "price": 42, "supplier_cost": 19},
    {"id": 3, "name": "Mug", "price": 6.9, "supplier_cost": 1.1},
    {"id": 4, "name": "Saucer", "price": 4, "supplier_cost": 0.8},
    {"id": 5, "name": "Tray", "price": 12.75, "supplier_cost": 5},
]

USERS = {"alice": {"password": "wonderland-7c1f", "full_name": "Alice Liddell"}}
API_TOKENS = {"demo-token-3b9d": "alice"}


class Item(BaseModel):
    id: int
    name: str
    price: float


class Credentials(BaseModel):
    username: str
    password: str


class User(BaseModel):
    username: str
    full_name: Optional[str] = None


# Each makes one mistake a careful reviewer would flag (the audit's finding ids).
MISCONFIGURATIONS = [
    "wildcard-origin-with-credentials",  # a proxy adds "Allow-Origin: *" and "Allow-Credentials: true"
    "origin-reflected",  # allow_origin_regex that matches any https origin
    "null-origin-allowed",  # "null" on the allow-list
    "vary-origin-missing",  # a caching layer that drops Vary
    "expose-wildcard-with-credentials",  # expose_headers=["*"]
    "set-cookie-exposed",  # Set-Cookie listed as exposed
    "preflight-refuses-method",  # DELETE missing from allow_methods
    "preflight-refuses-header",  # Authorization missing from allow_headers
    "cookie-refused",  # the session cookie's Domain is not the API's
    "logout-keeps-cookie",  # the logout deletes the session cookie with another Path
    "samesite-none-without-secure",  # the session cookie as SameSite=None without Secure
    "session-cookie-not-httponly",  # the session cookie without HttpOnly
    "credentials-not-allowed",  # allow_credentials=False
    "allow-origin-list",  # a proxy that adds a second Access-Control-Allow-Origin
    "preflight-not-ok",  # a proxy that answers preflights 405, CORS headers and all
    "preflight-refuses-origin",  # a proxy that answers OPTIONS itself with a bare 204
    "error-not-readable",  # GET /api/me raises: Starlette answers the 500 outside CORSMiddleware
    "auth-gate-outside-cors",  # an outer gate answers GET /api/me's 401 itself, before CORSMiddleware
    "login-leaks-field",  # POST /api/login returns its JSONResponse itself, past response_model=User, with is_admin
]


def rewrite_responses(app, change, only_options=False):
    """A layer in front of the app that changes each response's start (status, headers), as a reverse proxy might."""

    async def layer(scope, receive, send):
        if scope["type"] != "http" or (only_options and scope["method"] != "OPTIONS"):
            return await app(scope, receive, send)

        async def changed(message):
            if message["type"] == "http.response.start":
                message = change(dict(message))
            await send(message)

        return await app(scope, receive, changed)

    return layer


def bare_options(app):
    """A proxy that answers every OPTIONS request itself, with 204 and no CORS headers."""

    async def layer(scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "OPTIONS":
            await send({"type": "http.response.start", "status": 204, "headers": []})
            return await send({"type": "http.response.body", "body": b""})
        return await app(scope, receive, send)

    return layer


def wildcard_proxy(app):
    """What a reverse proxy configured with add_header lines does: the same CORS headers on every answer."""

    async def proxy(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)
        grant = [
            (b"access-control-allow-origin", b"*"),
            (b"access-control-allow-credentials", b"true"),
            (b"access-control-expose-headers", b"X-Total-Count, Link, X-Request-Id"),
        ]
        if scope["method"] == "OPTIONS":
            allow = [(b"access-control-allow-methods", b"GET, POST, DELETE"), (b"access-control-allow-headers", b"Authorization, Content-Type")]
            await send({"type": "http.response.start", "status": 204, "headers": grant + allow})
            return await send({"type": "http.response.body", "body": b""})

        async def add_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + grant
            await send(message)

        return await app(scope, receive, add_headers)

    return proxy


def without_vary(app):
    """A caching layer that drops the Vary header on its way out."""

    async def strip(scope, receive, send):
        async def send_without_vary(message):
            if message["type"] == "http.response.start":
                message["headers"] = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"vary"]
            await send(message)

        return await app(scope, receive, send_without_vary if scope["type"] == "http" else send)

    return strip


def auth_gate(app):
    """An authentication gate wrapped around the whole app, outside CORSMiddleware: it answers a request
    without Authorization 401 itself, so the answer carries no CORS headers (an outer middleware or a
    proxy answering before the CORS layer)."""

    async def gate(scope, receive, send):
        headers = dict(scope.get("headers", [])) if scope["type"] == "http" else {}
        if scope["type"] == "http" and scope["method"] != "OPTIONS" and scope["path"] == "/api/me" and b"authorization" not in headers:
            body = b'{"detail":"Not authenticated"}'
            await send({"type": "http.response.start", "status": 401, "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), (b"www-authenticate", b"Bearer")]})
            await send({"type": "http.response.body", "body": body})
            return
        await app(scope, receive, send)

    return gate


def mistakes_of(misconfig: Union[None, str, Iterable[str]]) -> frozenset:
    """The mistakes asked for: none, one name, or several (--misconfig given more than once)."""
    if misconfig is None:
        return frozenset()
    names = frozenset([misconfig] if isinstance(misconfig, str) else misconfig)
    unknown = sorted(names - set(MISCONFIGURATIONS))
    if unknown:
        raise ValueError(f"unknown misconfiguration: {', '.join(unknown)}")
    return names


def create_app(frontend_origin: str, misconfig: Union[None, str, Iterable[str]] = None, any_origin: bool = False, openapi_url: str = "/openapi.json") -> FastAPI:
    mistakes = mistakes_of(misconfig)
    app = FastAPI(title="Shop API", openapi_url=openapi_url)

    # Every response carries a request id (the client's own, or a new one).
    @app.middleware("http")
    async def request_id(request: Request, call_next):
        response = await call_next(request)
        response.headers["X-Request-Id"] = request.headers.get("x-request-id") or str(uuid.uuid4())
        return response

    # CORS (https://fastapi.tiangolo.com/tutorial/cors/): the frontend reads the
    # pagination headers and the request id; X-Debug-Query-Time is not listed,
    # so browsers hide it from scripts.
    cors = dict(
        allow_origins=[frontend_origin],
        allow_credentials=True,
        allow_methods=["GET", "POST", "DELETE"],
        allow_headers=["Authorization", "Content-Type", "X-Request-Id"],
        expose_headers=["X-Total-Count", "Link", "X-Request-Id"],
    )
    if "origin-reflected" in mistakes:
        cors["allow_origin_regex"] = r"https://.*"
    if "null-origin-allowed" in mistakes:
        cors["allow_origins"] = [frontend_origin, "null"]
    if "expose-wildcard-with-credentials" in mistakes:
        cors["expose_headers"] = ["*"]
    if "set-cookie-exposed" in mistakes:
        cors["expose_headers"] = cors["expose_headers"] + ["Set-Cookie"]
    if "preflight-refuses-method" in mistakes:
        cors["allow_methods"] = ["GET", "POST"]
    if "preflight-refuses-header" in mistakes:
        cors["allow_headers"] = ["Content-Type", "X-Request-Id"]
    if "credentials-not-allowed" in mistakes:
        cors["allow_credentials"] = False
    if any_origin:
        cors.update(allow_origins=["*"], allow_methods=["*"], allow_headers=["*"])
    if "wildcard-origin-with-credentials" not in mistakes:
        app.add_middleware(CORSMiddleware, **cors)

    @app.get("/api/items", response_model=List[Item])
    def list_items(request: Request, response: Response, page: int = Query(1, ge=1), per_page: int = Query(2, ge=1, le=50)):
        started = time.perf_counter()
        start = (page - 1) * per_page
        chosen = ITEMS[start : start + per_page]
        response.headers["X-Total-Count"] = str(len(ITEMS))
        links = []
        if start + per_page < len(ITEMS):
            links.append(f'<{request.url.path}?page={page + 1}&per_page={per_page}>; rel="next"')
        if page > 1:
            links.append(f'<{request.url.path}?page={page - 1}&per_page={per_page}>; rel="prev"')
        if links:
            response.headers["Link"] = ", ".join(links)
        response.headers["X-Debug-Query-Time"] = f"{(time.perf_counter() - started) * 1000:.3f}ms"
        return chosen

    @app.post("/api/login", response_model=User)
    def login(credentials: Credentials, response: Response):
        user = USERS.get(credentials.username)
        if user is None or not secrets.compare_digest(user["password"], credentials.password):
            raise HTTPException(status_code=401, detail="wrong username or password")
        if "login-leaks-field" in mistakes:
            # A handler that builds its answer itself: FastAPI sends a returned Response as it is, so response_model=User
            # filters nothing, and the stored record's is_admin reaches the frontend while the document still promises User.
            response = JSONResponse({"username": credentials.username, "full_name": user["full_name"], "is_admin": False})
        response.set_cookie(
            "session",
            secrets.token_urlsafe(24),
            max_age=3600,
            path="/",
            secure="samesite-none-without-secure" not in mistakes,
            httponly="session-cookie-not-httponly" not in mistakes,
            samesite="none" if "samesite-none-without-secure" in mistakes else "lax",
            # cookie-refused: a Domain the API is not in, which browsers refuse (InvalidDomain).
            domain="shop.example" if "cookie-refused" in mistakes else None,
        )
        if "login-leaks-field" in mistakes:
            return response
        return {"username": credentials.username, **user}

    @app.get("/api/me", response_model=User)
    def me(authorization: Optional[str] = Header(None)):
        scheme, _, token = (authorization or "").partition(" ")
        username = API_TOKENS.get(token) if scheme.lower() == "bearer" else None
        if "error-not-readable" in mistakes:
            # An unhandled exception: Starlette's ServerErrorMiddleware answers 500 outside CORSMiddleware (fastapi#775).
            raise RuntimeError("the user store is unreachable")
        if username is None:
            raise HTTPException(status_code=401, detail="a bearer token is required", headers={"WWW-Authenticate": "Bearer"})
        return {"username": username, **USERS[username]}

    @app.post("/api/logout", status_code=204)
    @app.delete("/api/session", status_code=204)
    def logout():
        response = Response(status_code=204)
        # logout-keeps-cookie: the deletion names another Path than the login's, so the browser keeps the login cookie.
        response.delete_cookie("session", path="/api" if "logout-keeps-cookie" in mistakes else "/", secure=True, httponly=True, samesite="lax")
        return response

    # The layers around the app, innermost first: each wraps what the ones before it made, so mistakes compose.
    second = (b"access-control-allow-origin", b"https://admin.shop.example")
    layers = [
        ("wildcard-origin-with-credentials", wildcard_proxy),
        ("vary-origin-missing", without_vary),
        ("allow-origin-list", lambda inner: rewrite_responses(inner, lambda m: {**m, "headers": list(m.get("headers", [])) + [second]})),
        ("preflight-not-ok", lambda inner: rewrite_responses(inner, lambda m: {**m, "status": 405}, only_options=True)),
        ("preflight-refuses-origin", bare_options),
        ("auth-gate-outside-cors", auth_gate),
    ]
    wrapped = app
    for name, layer in layers:
        if name in mistakes:
            wrapped = layer(wrapped)
    return wrapped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--origin", default="https://shop.example", help="the frontend's origin")
    parser.add_argument("--misconfig", choices=MISCONFIGURATIONS, action="append", help="make this mistake (for the audit's and observe's tests); more than once, each of them")
    parser.add_argument("--allow-any-origin", action="store_true", help='CORS as the Conduit backend configures it: allow_origins=["*"], allow_credentials=True')
    parser.add_argument("--openapi-url", default="/openapi.json", help="where the app serves its OpenAPI document (FastAPI's openapi_url)")
    args = parser.parse_args()

    # Bind first, so --port 0 can report the port it got.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    sock.listen(128)
    host, port = sock.getsockname()[:2]
    server = uvicorn.Server(uvicorn.Config(create_app(args.origin, args.misconfig, args.allow_any_origin, args.openapi_url), log_level="warning"))
    print(f"listening on http://{host}:{port}", flush=True)
    server.run(sockets=[sock])


if __name__ == "__main__":
    main()
