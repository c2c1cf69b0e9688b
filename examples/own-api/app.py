"""A small shop API in FastAPI, shaped like a real one: the worked example of
checking your own API with response-conformance (README, "Check your own API").

- GET /api/items?page=N&per_page=M: a paginated list. It sends X-Total-Count,
  a Link header (RFC 8288) to the next and previous pages, and a request id,
  all exposed to the shop's frontend; and X-Debug-Query-Time, which must stay
  hidden from browser scripts.
- POST /api/login: JSON {"username", "password"}; sets the session cookie
  with Secure, HttpOnly and SameSite=Lax, and answers the user without the
  password (a response model). Wrong credentials answer 401.
- GET /api/me: the user behind "Authorization: Bearer <token>", or 401.
- POST /api/logout: clears the session cookie, 204.

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
from typing import List, Optional

import uvicorn
from fastapi import FastAPI, Header, HTTPException, Query, Request, Response
from fastapi.middleware.cors import CORSMiddleware
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


def create_app(frontend_origin: str) -> FastAPI:
    app = FastAPI(title="Shop API")

    # Every response carries a request id (the client's own, or a new one).
    @app.middleware("http")
    async def request_id(request: Request, call_next):
        response = await call_next(request)
        response.headers["X-Request-Id"] = request.headers.get("x-request-id") or str(uuid.uuid4())
        return response

    # CORS (https://fastapi.tiangolo.com/tutorial/cors/): the frontend reads the
    # pagination headers and the request id; X-Debug-Query-Time is not listed,
    # so browsers hide it from scripts.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=[frontend_origin],
        allow_credentials=True,
        allow_methods=["GET", "POST"],
        allow_headers=["Authorization", "Content-Type", "X-Request-Id"],
        expose_headers=["X-Total-Count", "Link", "X-Request-Id"],
    )

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
        response.set_cookie(
            "session",
            secrets.token_urlsafe(24),
            max_age=3600,
            path="/",
            secure=True,
            httponly=True,
            samesite="lax",
        )
        return {"username": credentials.username, **user}

    @app.get("/api/me", response_model=User)
    def me(authorization: Optional[str] = Header(None)):
        scheme, _, token = (authorization or "").partition(" ")
        username = API_TOKENS.get(token) if scheme.lower() == "bearer" else None
        if username is None:
            raise HTTPException(status_code=401, detail="a bearer token is required", headers={"WWW-Authenticate": "Bearer"})
        return {"username": username, **USERS[username]}

    @app.post("/api/logout", status_code=204)
    def logout():
        response = Response(status_code=204)
        response.delete_cookie("session", path="/", secure=True, httponly=True, samesite="lax")
        return response

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--origin", default="https://shop.example", help="the frontend's origin")
    args = parser.parse_args()

    # Bind first, so --port 0 can report the port it got.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    sock.listen(128)
    host, port = sock.getsockname()[:2]
    server = uvicorn.Server(uvicorn.Config(create_app(args.origin), log_level="warning"))
    print(f"listening on http://{host}:{port}", flush=True)
    server.run(sockets=[sock])


if __name__ == "__main__":
    main()
