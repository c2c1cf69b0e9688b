"""The response-conformance contract in FastAPI, written from the docs' own code.

Each route is the example from the FastAPI page named above it, with the
contract's paths. Run it with Debian's packages (PyPI is not needed):

    apt-get install python3-fastapi python3-uvicorn python3-email-validator
    /usr/bin/python3 examples/targets/fastapi/main.py --port 8000

It prints "listening on http://127.0.0.1:PORT" once it accepts connections
(--port 0, the default, picks a free port).
"""
import argparse
import socket
from typing import Any, List, Union

import uvicorn
from fastapi import Depends, FastAPI, HTTPException, Path, Request, Response, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from pydantic import BaseModel, EmailStr


def create_app(allowed_origin: str) -> FastAPI:
    app = FastAPI()

    # CORS (https://fastapi.tiangolo.com/tutorial/cors/): custom headers a
    # browser script may read must be listed in expose_headers
    # (https://fastapi.tiangolo.com/advanced/response-headers/).
    app.add_middleware(
        CORSMiddleware,
        allow_origins=[allowed_origin],
        allow_credentials=True,
        allow_methods=["*"],
        allow_headers=["*"],
        expose_headers=["X-Cat-Dog", "X-Total-Count"],
    )

    # The workaround for the SHOULD rule model-12 ("the refusal never repeats
    # the submitted password"): FastAPI on Pydantic 2 puts the submitted body
    # into each error's "input", password included. This handler (FastAPI,
    # "Handling Errors": override the request validation exceptions) sends
    # where and why only. On Pydantic 1, as Debian's FastAPI 0.92 has, errors
    # carry no input and this changes nothing.
    @app.exception_handler(RequestValidationError)
    async def validation_error_without_input(request: Request, exc: RequestValidationError):
        detail = [{key: value for key, value in error.items() if key not in ("input", "ctx")} for error in exc.errors()]
        return JSONResponse(status_code=422, content={"detail": jsonable_encoder(detail)})

    # Response Headers: "Use a Response parameter"
    @app.get("/headers-and-object/")
    def get_headers_and_object(response: Response):
        response.headers["X-Cat-Dog"] = "alone in the world"
        return {"message": "Hello World"}

    # Response Headers: "Return a Response directly"
    @app.get("/headers/")
    def get_headers():
        content = {"message": "Hello World"}
        headers = {"X-Cat-Dog": "alone in the world", "Content-Language": "en-US"}
        return JSONResponse(content=content, headers=headers)

    @app.get("/hidden-header/")
    def get_hidden_header(response: Response):
        response.headers["X-Cat-Dog"] = "alone in the world"
        response.headers["X-Hidden"] = "not for browsers"
        return {"message": "Hello World"}

    # Response Cookies: "Use a Response parameter"
    @app.post("/cookie-and-object/")
    def create_cookie_and_object(response: Response):
        response.set_cookie(key="fakesession", value="fake-cookie-session-value")
        return {"message": "Come to the dark side, we have cookies"}

    # Response Cookies: "Return a Response directly"
    @app.post("/cookie/")
    def create_cookie():
        content = {"message": "Come to the dark side, we have cookies"}
        response = JSONResponse(content=content)
        response.set_cookie(key="fakesession", value="fake-cookie-session-value")
        return response

    @app.get("/two-cookies/")
    def two_cookies(response: Response):
        response.set_cookie(key="fakesession", value="fake-cookie-session-value")
        response.set_cookie(key="theme", value="dark")
        return {"message": "Two cookies"}

    # Response - Change Status Code
    tasks = {"foo": "Listen to the Bar Fighters"}

    @app.put("/get-or-create-task/{task_id}", status_code=200)
    def get_or_create_task(task_id: str, response: Response):
        if task_id not in tasks:
            tasks[task_id] = "This didn't exist before"
            response.status_code = status.HTTP_201_CREATED
        return tasks[task_id]

    # Response Model - Return Type: "Add an output model"
    class UserIn(BaseModel):
        username: str
        password: str
        email: EmailStr
        full_name: Union[str, None] = None

    class UserOut(BaseModel):
        username: str
        email: EmailStr
        full_name: Union[str, None] = None

    @app.post("/user/", response_model=UserOut)
    async def create_user(user: UserIn, response: Response) -> Any:
        response.headers["X-Cat-Dog"] = "alone in the world"
        return user

    # Response Model: "Response Model encoding parameters"
    class Item(BaseModel):
        name: str
        description: Union[str, None] = None
        price: float
        tax: float = 10.5
        tags: List[str] = []

    items = {
        "foo": {"name": "Foo", "price": 50.2},
        "bar": {"name": "Bar", "description": "The bartenders", "price": 62, "tax": 20.2},
        "baz": {"name": "Baz", "description": None, "price": 50.2, "tax": 10.5, "tags": []},
    }

    @app.get("/items/{item_id}", response_model=Item)
    async def read_item(item_id: str):
        if item_id not in items:
            raise HTTPException(status_code=404, detail="Item not found")
        return items[item_id]

    # A dependency can declare the Response too and set headers and cookies on it.
    def track_request_source(response: Response):
        response.headers["X-Request-Source"] = "dependency"
        response.set_cookie(key="tracked", value="yes")

    @app.get("/dependency-headers/", dependencies=[Depends(track_request_source)])
    def dependency_headers(response: Response):
        response.headers["X-Cat-Dog"] = "alone in the world"
        return {"message": "Hello World"}

    # The document routes of the compatibility table's document column
    # (examples/targets/stacks/README.md): a response model with a field to
    # filter, and a header declared in the document ("Additional Responses in
    # OpenAPI": responses={200: {"headers": ...}}).
    class InventoryItem(BaseModel):
        name: str
        price: float

    inventory = {
        "hammer": {"name": "Hammer", "price": 9.5, "supplier_cost": 4.1},
        "saw": {"name": "Saw", "price": 14, "supplier_cost": 6.2},
    }
    total_count = {"X-Total-Count": {"description": "How many items there are", "schema": {"type": "integer"}}}

    @app.get("/inventory/", response_model=List[InventoryItem], responses={200: {"headers": total_count}})
    def list_inventory(response: Response):
        response.headers["X-Total-Count"] = str(len(inventory))
        return list(inventory.values())

    @app.get("/inventory/{item_id}", response_model=InventoryItem, responses={404: {"description": "Item not found"}})
    def read_inventory_item(item_id: str = Path(example="hammer")):
        if item_id not in inventory:
            raise HTTPException(status_code=404, detail="Item not found")
        return inventory[item_id]

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--origin", default="https://frontend.example")
    args = parser.parse_args()

    # Bind first, so --port 0 can report the port it got.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    sock.listen(128)  # connections queue from now on, so "listening" below is true
    host, port = sock.getsockname()[:2]
    config = uvicorn.Config(create_app(args.origin), log_level="warning")
    server = uvicorn.Server(config)
    print(f"listening on http://{host}:{port}", flush=True)
    server.run(sockets=[sock])


if __name__ == "__main__":
    main()
