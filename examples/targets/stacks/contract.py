"""What every stack of the compatibility table serves the same way: the
contract's data, and the checks a response model or a validator does for
FastAPI (these frameworks have none built in). The CORS and cookie handling
is each stack's own, as its docs say; nothing here touches headers.
"""
import argparse
import json
import socket
from typing import Any, Dict, List, Optional, Tuple

HELLO = {"message": "Hello World"}
DARK_SIDE = {"message": "Come to the dark side, we have cookies"}
TWO_COOKIES = {"message": "Two cookies"}
SESSION = ("fakesession", "fake-cookie-session-value")

ITEMS = {
    "foo": {"name": "Foo", "price": 50.2},
    "bar": {"name": "Bar", "description": "The bartenders", "price": 62, "tax": 20.2},
    "baz": {"name": "Baz", "description": None, "price": 50.2, "tax": 10.5, "tags": []},
}
ITEM_DEFAULTS = {"description": None, "tax": 10.5, "tags": []}

# The document routes (GET /inventory/, GET /inventory/{item_id}), for a stack that publishes an
# OpenAPI document: the stored records carry supplier_cost, which the response schema does not
# declare, so whether it reaches the client is the stack's own behaviour.
INVENTORY = {
    "hammer": {"name": "Hammer", "price": 9.5, "supplier_cost": 4.1},
    "saw": {"name": "Saw", "price": 14, "supplier_cost": 6.2},
}


class Tasks:
    """PUT /get-or-create-task/{id}: (the task's value, whether it was created)."""

    def __init__(self) -> None:
        self.tasks = {"foo": "Listen to the Bar Fighters"}

    def get_or_create(self, task_id: str) -> Tuple[str, bool]:
        if task_id in self.tasks:
            return self.tasks[task_id], False
        self.tasks[task_id] = "This didn't exist before"
        return self.tasks[task_id], True


def item(item_id: str) -> Optional[Dict[str, Any]]:
    """The stored item with the model's defaults filled in, or None."""
    stored = ITEMS.get(item_id)
    return None if stored is None else {**ITEM_DEFAULTS, **stored}


def sign_up(raw: bytes) -> Tuple[int, Dict[str, Any]]:
    """POST /user/: (200, the user without its password) or (422, where and why, never the input)."""
    try:
        body = json.loads(raw or b"null")
    except ValueError:
        return 422, {"detail": [{"loc": ["body"], "msg": "the body is not valid JSON"}]}
    if not isinstance(body, dict):
        return 422, {"detail": [{"loc": ["body"], "msg": "must be an object"}]}
    problems: List[Dict[str, Any]] = []
    for field in ("username", "password", "email"):
        if field not in body:
            problems.append({"loc": ["body", field], "msg": "field required"})
        elif not isinstance(body[field], str):
            problems.append({"loc": ["body", field], "msg": "must be a string"})
    if body.get("full_name") is not None and not isinstance(body["full_name"], str):
        problems.append({"loc": ["body", "full_name"], "msg": "must be a string or null"})
    if problems:
        return 422, {"detail": problems}
    return 200, {"username": body["username"], "email": body["email"], "full_name": body.get("full_name")}


def command_line(doc: str, *flags: Tuple[str, Dict[str, Any]]) -> argparse.Namespace:
    """Every stack's flags, --host, --port and --origin, and its own (a flag and its argparse options)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--origin", default="https://frontend.example")
    for flag, options in flags:
        parser.add_argument(flag, **options)
    return parser.parse_args()


def listening_socket(args: argparse.Namespace) -> socket.socket:
    """Bound and listening before the server starts, so --port 0 can report the port it got, and
    announced: connections queue from now on, so "listening on" is true (the harness waits for it)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    sock.listen(128)
    host, port = sock.getsockname()[:2]
    print(f"listening on http://{host}:{port}", flush=True)
    return sock
