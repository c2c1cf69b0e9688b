"""The contract in Flask with flask-cors, configured as flask-cors's docs say
for one allowed origin with credentials, and its OpenAPI document at
/openapi.json, written with apispec and marshmallow as apispec's docs say:

    /usr/bin/python3 examples/targets/stacks/flask_app.py [--port 0] [--origin O] [--vary]

--vary is the configured row of the compatibility table: flask-cors 3.0
sends Vary: Origin only when several origins are allowed, unless told to
(vary_header=True does not do it for one origin; a list of two does).

Debian has no apispec-webframeworks, so there is no FlaskPlugin to read the
views: the paths are registered with spec.path(path=..., operations=...), as
apispec's quickstart does, with the marshmallow schemas resolved by its
MarshmallowPlugin. The views return ItemSchema().dump(record), as apispec's
example application does (`return PetSchema().dump(pet)`): dump writes only
the schema's fields, so the stored supplier_cost stays on the server.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from contract import DARK_SIDE, HELLO, INVENTORY, SESSION, TWO_COOKIES, Tasks, command_line, item, listening_socket, sign_up  # noqa: E402
from apispec import APISpec  # noqa: E402
from apispec.ext.marshmallow import MarshmallowPlugin  # noqa: E402
from flask import Flask, after_this_request, jsonify, make_response, request  # noqa: E402
from flask_cors import CORS  # noqa: E402
from marshmallow import Schema, fields  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402


class ItemSchema(Schema):
    name = fields.Str(required=True)
    price = fields.Float(required=True)


class ErrorSchema(Schema):
    detail = fields.Str(required=True)


def create_spec() -> APISpec:
    """The document of the inventory routes, as apispec's quickstart registers paths."""
    spec = APISpec(title="Inventory", version="1.0.0", openapi_version="3.0.2", plugins=[MarshmallowPlugin()])
    spec.components.schema("Item", schema=ItemSchema)
    spec.components.schema("Error", schema=ErrorSchema)
    total = {"description": "The number of items", "schema": {"type": "integer"}}
    spec.path(
        path="/inventory/",
        operations=dict(
            get=dict(
                summary="List the items",
                responses={"200": {"description": "The items", "headers": {"X-Total-Count": total}, "content": {"application/json": {"schema": ItemSchema(many=True)}}}},
            )
        ),
    )
    spec.path(
        path="/inventory/{item_id}",
        operations=dict(
            get=dict(
                summary="Read one item",
                parameters=[{"in": "path", "name": "item_id", "required": True, "schema": {"type": "string"}, "example": "hammer"}],
                responses={
                    "200": {"description": "The item", "content": {"application/json": {"schema": "Item"}}},
                    "404": {"description": "No such item", "content": {"application/json": {"schema": "Error"}}},
                },
            )
        ),
    )
    return spec


def create_app(origin: str, vary: bool) -> Flask:
    app = Flask(__name__)
    # A second, never-used origin makes flask-cors send Vary: Origin (the configured row).
    origins = [origin, "https://unused.invalid"] if vary else [origin]
    CORS(app, origins=origins, supports_credentials=True, expose_headers=["X-Cat-Dog", "X-Total-Count"])
    tasks = Tasks()
    spec = create_spec()

    @app.get("/headers-and-object/")
    def headers_and_object():
        return HELLO, {"X-Cat-Dog": "alone in the world"}

    @app.get("/headers/")
    def headers():
        return HELLO, {"X-Cat-Dog": "alone in the world", "Content-Language": "en-US"}

    @app.get("/hidden-header/")
    def hidden_header():
        return HELLO, {"X-Cat-Dog": "alone in the world", "X-Hidden": "not for browsers"}

    @app.post("/cookie-and-object/")
    def cookie_and_object():
        @after_this_request
        def set_session(response):
            response.set_cookie(*SESSION, path="/")
            return response

        return DARK_SIDE

    @app.post("/cookie/")
    def cookie():
        response = make_response(jsonify(DARK_SIDE))
        response.set_cookie(*SESSION, path="/")
        return response

    @app.get("/two-cookies/")
    def two_cookies():
        response = make_response(jsonify(TWO_COOKIES))
        response.set_cookie(*SESSION, path="/")
        response.set_cookie("theme", "dark", path="/")
        return response

    @app.put("/get-or-create-task/<task_id>")
    def get_or_create_task(task_id):
        value, created = tasks.get_or_create(task_id)
        return jsonify(value), 201 if created else 200

    @app.post("/user/")
    def create_user():
        status, body = sign_up(request.get_data())
        return body, status, ({"X-Cat-Dog": "alone in the world"} if status == 200 else {})

    @app.get("/items/<item_id>")
    def read_item(item_id):
        found = item(item_id)
        return (found, 200) if found is not None else ({"detail": "Item not found"}, 404)

    # The dependency: a before_request hook for this endpoint that writes to the same response.
    @app.before_request
    def track_request_source():
        if request.endpoint == "dependency_headers":

            @after_this_request
            def add(response):
                response.headers["X-Request-Source"] = "dependency"
                response.set_cookie("tracked", "yes", path="/")
                return response

    @app.get("/dependency-headers/")
    def dependency_headers():
        return HELLO, {"X-Cat-Dog": "alone in the world"}

    @app.get("/openapi.json")
    def openapi():
        return spec.to_dict()

    @app.get("/inventory/")
    def list_inventory():
        records = list(INVENTORY.values())
        return ItemSchema(many=True).dump(records), {"X-Total-Count": str(len(records))}

    @app.get("/inventory/<item_id>")
    def read_inventory(item_id):
        record = INVENTORY.get(item_id)
        return ItemSchema().dump(record) if record is not None else ({"detail": "Item not found"}, 404)

    return app


def main() -> None:
    args = command_line(__doc__, ("--vary", dict(action="store_true", help="configured to send Vary: Origin")))
    sock = listening_socket(args)
    make_server(args.host, 0, create_app(args.origin, args.vary), threaded=True, fd=sock.fileno()).serve_forever()


if __name__ == "__main__":
    main()
