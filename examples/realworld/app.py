"""A RealWorld-style API ("Conduit", https://github.com/gothinkster/realworld)
in FastAPI, with its data in memory: the worked example of the audit taking
the values of path parameters from the API's own answers (docs/audit.md,
"Values from the API itself"). Its document gives no example for any path
parameter, as Conduit's does not:

- GET /api/articles: the list, {"articles": [{slug, title, author:
  {username, ...}, tagList}], "articlesCount"}. Its slugs fill in
  GET /api/articles/{slug} and GET /api/articles/{slug}/comments; its
  authors' usernames GET /api/profiles/{username}, which the document also
  links to from the list's answer (an OpenAPI Link Object, "AuthorProfile").
- GET /api/articles/{slug}/comments: {"comments": [{id, body, author}]}; their
  ids fill in DELETE /api/articles/{slug}/comments/{id} (only preflighted).
- GET /api/tags: {"tags": [...]}.
- GET /api/user: the user behind "Authorization: Token <token>" (an apiKey
  scheme); not called without a sign-in (--token "Token demo-token-5e1a"
  calls it).
- GET /api/drafts/{draft_id}: no answer lists drafts, so the audit has no
  value for draft_id, and says which --param gives one.
- POST /api/articles, PUT /api/articles/{slug}: only preflighted without
  --unsafe (nothing is stored either way: the data never changes).

CORS is Conduit's: CORSMiddleware with allow_origins=["*"],
allow_credentials=True and every method and header (Starlette then echoes
the request's Origin to a request carrying a cookie). With --origin ORIGIN,
only that origin is allowed.

Debian's packages are all it needs (PyPI is never used):

    apt-get install python3-fastapi python3-uvicorn
    /usr/bin/python3 examples/realworld/app.py --port 8000

It prints "listening on http://127.0.0.1:PORT" once it accepts connections
(--port 0, the default, picks a free port).
"""
import argparse
import socket
from typing import List, Optional

import uvicorn
from fastapi import Depends, FastAPI, HTTPException, Query
from fastapi.middleware.cors import CORSMiddleware
from fastapi.security import APIKeyHeader
from pydantic import BaseModel

PROFILES = {
    "jake": {"username": "jake", "bio": "I work at statefarm", "image": "https://api.realworld.io/images/smiley-cyrus.jpg", "following": False},
    "anna": {"username": "anna", "bio": None, "image": "https://api.realworld.io/images/demo-avatar.png", "following": False},
}

ARTICLES = [
    {"slug": "how-to-train-your-dragon", "title": "How to train your dragon", "description": "Ever wonder how?", "body": "You have to believe", "tagList": ["dragons", "training"], "author": "jake", "favoritesCount": 3},
    {"slug": "a-cosy-kitchen", "title": "A cosy kitchen", "description": "Tea first", "body": "Warm the pot", "tagList": ["tea"], "author": "anna", "favoritesCount": 1},
]

COMMENTS = {
    "how-to-train-your-dragon": [{"id": 1, "body": "It takes a Jacobian", "author": "anna"}],
    "a-cosy-kitchen": [{"id": 2, "body": "Milk after", "author": "jake"}, {"id": 3, "body": "Milk before", "author": "anna"}],
}

TOKENS = {"demo-token-5e1a": "jake"}


class Profile(BaseModel):
    username: str
    bio: Optional[str]
    image: str
    following: bool


class Article(BaseModel):
    slug: str
    title: str
    description: str
    body: str
    tagList: List[str]
    favoritesCount: int
    author: Profile


class ArticleList(BaseModel):
    articles: List[Article]
    articlesCount: int


class SingleArticle(BaseModel):
    article: Article


class Comment(BaseModel):
    id: int
    body: str
    author: Profile


class CommentList(BaseModel):
    comments: List[Comment]


class ProfileAnswer(BaseModel):
    profile: Profile


class TagList(BaseModel):
    tags: List[str]


class User(BaseModel):
    username: str
    email: str
    bio: Optional[str]
    image: str


class UserAnswer(BaseModel):
    user: User


class NewArticle(BaseModel):
    title: str
    description: str
    body: str
    tagList: List[str] = []


class ArticleCreation(BaseModel):
    article: NewArticle


def article_view(article: dict) -> dict:
    return {**article, "author": PROFILES[article["author"]]}


def article_at(slug: str) -> dict:
    for article in ARTICLES:
        if article["slug"] == slug:
            return article
    raise HTTPException(status_code=404, detail="article not found")


def create_app(origin: Optional[str]) -> FastAPI:
    app = FastAPI(title="Conduit (RealWorld, in memory)", version="1.0.0")
    app.add_middleware(
        CORSMiddleware,
        allow_origins=[origin] if origin else ["*"],
        allow_credentials=True,
        allow_methods=["*"],
        allow_headers=["*"],
    )
    token_header = APIKeyHeader(name="Authorization", description='"Token <token>"')

    def current_user(authorization: str = Depends(token_header)) -> str:
        scheme, _, token = authorization.partition(" ")
        if scheme != "Token" or token not in TOKENS:
            raise HTTPException(status_code=401, detail="not signed in")
        return TOKENS[token]

    # The list's answer links to its first author's profile (OpenAPI 3 Link Object; FastAPI keeps a response's extra keys).
    author_link = {"AuthorProfile": {"operationId": "get_profile", "parameters": {"username": "$response.body#/articles/0/author/username"}}}

    @app.get("/api/articles", response_model=ArticleList, operation_id="list_articles", responses={200: {"links": author_link}})
    def list_articles(tag: Optional[str] = None, author: Optional[str] = None, limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0)) -> dict:
        chosen = [a for a in ARTICLES if (tag is None or tag in a["tagList"]) and (author is None or a["author"] == author)]
        return {"articles": [article_view(a) for a in chosen[offset : offset + limit]], "articlesCount": len(chosen)}

    @app.post("/api/articles", response_model=SingleArticle, status_code=201, operation_id="create_article")
    def create_article(creation: ArticleCreation, user: str = Depends(current_user)) -> dict:
        new = creation.article
        return {"article": {"slug": new.title.lower().replace(" ", "-"), **new.dict(), "favoritesCount": 0, "author": PROFILES[user]}}

    @app.get("/api/articles/{slug}", response_model=SingleArticle, operation_id="get_article")
    def get_article(slug: str) -> dict:
        return {"article": article_view(article_at(slug))}

    @app.put("/api/articles/{slug}", response_model=SingleArticle, operation_id="update_article")
    def update_article(slug: str, creation: ArticleCreation, user: str = Depends(current_user)) -> dict:
        return {"article": {**article_view(article_at(slug)), **creation.article.dict()}}

    @app.get("/api/articles/{slug}/comments", response_model=CommentList, operation_id="get_comments")
    def get_comments(slug: str) -> dict:
        article_at(slug)
        return {"comments": [{**c, "author": PROFILES[c["author"]]} for c in COMMENTS.get(slug, [])]}

    @app.delete("/api/articles/{slug}/comments/{id}", status_code=204, operation_id="delete_comment")
    def delete_comment(slug: str, id: int, user: str = Depends(current_user)) -> None:
        if not any(c["id"] == id for c in COMMENTS.get(article_at(slug)["slug"], [])):
            raise HTTPException(status_code=404, detail="comment not found")

    @app.get("/api/profiles/{username}", response_model=ProfileAnswer, operation_id="get_profile")
    def get_profile(username: str) -> dict:
        if username not in PROFILES:
            raise HTTPException(status_code=404, detail="profile not found")
        return {"profile": PROFILES[username]}

    @app.get("/api/tags", response_model=TagList, operation_id="get_tags")
    def get_tags() -> dict:
        return {"tags": sorted({t for a in ARTICLES for t in a["tagList"]})}

    @app.get("/api/user", response_model=UserAnswer, operation_id="get_current_user")
    def get_current_user(user: str = Depends(current_user)) -> dict:
        profile = PROFILES[user]
        return {"user": {"username": user, "email": f"{user}@conduit.example", "bio": profile["bio"], "image": profile["image"]}}

    @app.get("/api/drafts/{draft_id}", response_model=SingleArticle, operation_id="get_draft")
    def get_draft(draft_id: int) -> dict:
        raise HTTPException(status_code=404, detail="draft not found")

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--origin", default=None, help="allow only this origin (Conduit allows any: *)")
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
