"""A notes API in FastAPI whose frontend signs in, shaped like the real apps
users point the suite at (a RealWorld "Conduit" backend, the full-stack
FastAPI template): the worked example of a signed-in frontend
(docs/own-api.md, "A frontend that signs in").

- POST /api/token: FastAPI's standard OAuth2 password login, a form
  (application/x-www-form-urlencoded: username, password). It answers
  {"access_token", "token_type": "bearer"}, or 401 for a wrong password.
- GET /api/me, GET /api/notes, GET /api/notes/{note_id}: signed in only,
  with the token as "Authorization: Bearer <token>" (or, with
  --scheme apikey, in X-API-Key); 401 without it.
- GET /api/health: open to anyone.
- POST /api/session: a cookie login, JSON {"username", "password"}; sets the
  "session" cookie (SameSite=None; Secure; HttpOnly; Path=/api) that a
  frontend on another site keeps and sends back. GET /api/session/me reads
  it; POST /api/session/logout deletes it.

CORS is what the Conduit backend does: allow_origins=["*"] with
allow_credentials=True. Starlette answers "*" to a request without a
cookie, so a frontend that sends its token in a header (and no cookie)
reads every answer; with a cookie it echoes the origin.

--scheme says what the document declares for the signed-in routes:
oauth2 (the default; OAuth2PasswordBearer, tokenUrl /api/token), bearer
(HTTPBearer), or apikey (APIKeyHeader X-API-Key). The token "demo-token-5e2a"
is alice's as well as any token /api/token gives.

Debian's packages are all it needs (PyPI is never used):

    apt-get install python3-fastapi python3-uvicorn python3-multipart
    /usr/bin/python3 examples/signed-in/app.py --port 8000

It prints "listening on http://127.0.0.1:PORT" once it accepts connections.

--cookie-fault breaks the cookie session in one of the ways a browser
punishes (docs/cookies.md): samesite-none-insecure (SameSite=None without
Secure), domain-mismatch (Domain=other.example), lax-cross-site
(SameSite=Lax, set in answer to a frontend's cross-site fetch), or
logout-other-path (the logout deletes Path=/ while the login set /api).
"Secure over http" needs no fault: the app as it is, reached over http by
a named host (api.cookie-test), which browsers do not trust as they trust
loopback.
"""
import argparse
import secrets
import socket
from typing import Dict, List, Optional

import uvicorn
from fastapi import Cookie, Depends, FastAPI, Form, HTTPException, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer, OAuth2PasswordBearer
from pydantic import BaseModel

USERS = {"alice": {"password": "looking-glass-42", "full_name": "Alice Liddell"}}
# Tokens and sessions live as long as the process; "demo-token-5e2a" is alice's from the start (for --token).
TOKENS: Dict[str, str] = {"demo-token-5e2a": "alice"}
SESSIONS: Dict[str, str] = {}
# --cookie-fault: one cookie mistake, for the broken-server tests (None: the cookie session as it should be).
COOKIE_FAULT: Optional[str] = None

NOTES = [
    {"id": 1, "title": "Tea at four", "owner": "alice", "body": "Bring the dormouse."},
    {"id": 2, "title": "Croquet", "owner": "alice", "body": "Flamingos, hedgehogs."},
]


class Token(BaseModel):
    access_token: str
    token_type: str


class User(BaseModel):
    username: str
    full_name: Optional[str] = None


class NoteSummary(BaseModel):
    id: int
    title: str


class Note(NoteSummary):
    body: str


class Credentials(BaseModel):
    username: str
    password: str


def check_password(username: str, password: str) -> bool:
    user = USERS.get(username)
    return user is not None and secrets.compare_digest(user["password"], password)


def unauthorized(detail: str) -> HTTPException:
    return HTTPException(status_code=401, detail=detail, headers={"WWW-Authenticate": "Bearer"})


def token_dependency(scheme: str):
    """The dependency that names the signed-in user, declared in the document as `scheme` says."""
    if scheme == "bearer":
        bearer = HTTPBearer(auto_error=False)

        def user(credentials: Optional[HTTPAuthorizationCredentials] = Depends(bearer)) -> str:
            return user_of(credentials.credentials if credentials else None)

    elif scheme == "apikey":
        key = APIKeyHeader(name="X-API-Key", auto_error=False)

        def user(token: Optional[str] = Depends(key)) -> str:
            return user_of(token)

    else:
        oauth2 = OAuth2PasswordBearer(tokenUrl="/api/token", auto_error=False)

        def user(token: Optional[str] = Depends(oauth2)) -> str:
            return user_of(token)

    return user


def user_of(token: Optional[str]) -> str:
    username = TOKENS.get(token or "")
    if username is None:
        raise unauthorized("Not authenticated")
    return username


def create_app(scheme: str) -> FastAPI:
    app = FastAPI(title="Notes API")
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_credentials=True,
        allow_methods=["*"],
        allow_headers=["*"],
    )
    signed_in = token_dependency(scheme)

    @app.post("/api/token", response_model=Token)
    def token(username: str = Form(...), password: str = Form(...)):
        if not check_password(username, password):
            raise unauthorized("Incorrect username or password")
        issued = secrets.token_urlsafe(24)
        TOKENS[issued] = username
        return {"access_token": issued, "token_type": "bearer"}

    @app.get("/api/health")
    def health():
        return {"status": "ok"}

    @app.get("/api/me", response_model=User)
    def me(username: str = Depends(signed_in)):
        return {"username": username, **USERS[username]}

    @app.get("/api/notes", response_model=List[NoteSummary])
    def notes(username: str = Depends(signed_in)):
        return [note for note in NOTES if note["owner"] == username]

    @app.get("/api/notes/{note_id}", response_model=Note)
    def note(note_id: int, username: str = Depends(signed_in)):
        for candidate in NOTES:
            if candidate["id"] == note_id and candidate["owner"] == username:
                return candidate
        raise HTTPException(status_code=404, detail="no such note")

    @app.post("/api/session", response_model=User)
    def session_login(credentials: Credentials, response: Response):
        if not check_password(credentials.username, credentials.password):
            raise HTTPException(status_code=401, detail="Incorrect username or password")
        session = secrets.token_urlsafe(24)
        SESSIONS[session] = credentials.username
        cookie = {"path": "/api", "secure": True, "httponly": True, "samesite": "none"}
        if COOKIE_FAULT == "samesite-none-insecure":
            cookie["secure"] = False
        elif COOKIE_FAULT == "domain-mismatch":
            cookie["domain"] = "other.example"
        elif COOKIE_FAULT == "lax-cross-site":
            cookie["samesite"] = "lax"
        response.set_cookie("session", session, **cookie)
        return {"username": credentials.username, **USERS[credentials.username]}

    @app.get("/api/session/me", response_model=User)
    def session_me(session: Optional[str] = Cookie(None)):
        username = SESSIONS.get(session or "")
        if username is None:
            raise HTTPException(status_code=401, detail="Not signed in")
        return {"username": username, **USERS[username]}

    @app.post("/api/session/logout", status_code=204)
    def session_logout(session: Optional[str] = Cookie(None)):
        SESSIONS.pop(session or "", None)
        response = Response(status_code=204)
        response.delete_cookie("session", path="/" if COOKIE_FAULT == "logout-other-path" else "/api", secure=True, httponly=True, samesite="none")
        return response

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--scheme", choices=["oauth2", "bearer", "apikey"], default="oauth2", help="what the document declares for the signed-in routes")
    parser.add_argument("--cookie-fault", choices=["samesite-none-insecure", "domain-mismatch", "lax-cross-site", "logout-other-path"], help="break the cookie session in one way (see the docstring)")
    args = parser.parse_args()
    global COOKIE_FAULT
    COOKIE_FAULT = args.cookie_fault

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    sock.listen(128)
    host, port = sock.getsockname()[:2]
    server = uvicorn.Server(uvicorn.Config(create_app(args.scheme), log_level="warning"))
    print(f"listening on http://{host}:{port}", flush=True)
    server.run(sockets=[sock])


if __name__ == "__main__":
    main()
