"""The contract in Django with django-cors-headers, configured as its docs
say, in one file (settings, views and URLs), served as ASGI by uvicorn:

    /usr/bin/python3 examples/targets/stacks/django_app.py [--port 0] [--origin O]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from contract import DARK_SIDE, HELLO, SESSION, TWO_COOKIES, Tasks, command_line, item, listening_socket, sign_up  # noqa: E402
import django  # noqa: E402
from django.conf import settings  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.http import require_http_methods  # noqa: E402

tasks = Tasks()


def headers_and_object(request):
    response = JsonResponse(HELLO)
    response["X-Cat-Dog"] = "alone in the world"
    return response


def headers(request):
    return JsonResponse(HELLO, headers={"X-Cat-Dog": "alone in the world", "Content-Language": "en-US"})


def hidden_header(request):
    return JsonResponse(HELLO, headers={"X-Cat-Dog": "alone in the world", "X-Hidden": "not for browsers"})


@require_http_methods(["POST"])
def cookie(request):
    response = JsonResponse(DARK_SIDE)
    response.set_cookie(*SESSION, path="/")
    return response


def two_cookies(request):
    response = JsonResponse(TWO_COOKIES)
    response.set_cookie(*SESSION, path="/")
    response.set_cookie("theme", "dark", path="/")
    return response


@require_http_methods(["PUT"])
def get_or_create_task(request, task_id):
    value, created = tasks.get_or_create(task_id)
    return JsonResponse(value, safe=False, status=201 if created else 200)


@require_http_methods(["POST"])
def create_user(request):
    status, body = sign_up(request.body)
    return JsonResponse(body, status=status, headers={"X-Cat-Dog": "alone in the world"} if status == 200 else None)


def read_item(request, item_id):
    found = item(item_id)
    return JsonResponse(found) if found is not None else JsonResponse({"detail": "Item not found"}, status=404)


def tracked(view):
    """The dependency: a decorator that writes to the response its view returns."""

    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Request-Source"] = "dependency"
        response.set_cookie("tracked", "yes", path="/")
        return response

    return wrapper


@tracked
def dependency_headers(request):
    return JsonResponse(HELLO, headers={"X-Cat-Dog": "alone in the world"})


urlpatterns = [
    path("headers-and-object/", headers_and_object),
    path("headers/", headers),
    path("hidden-header/", hidden_header),
    path("cookie-and-object/", cookie),
    path("cookie/", cookie),
    path("two-cookies/", two_cookies),
    path("get-or-create-task/<str:task_id>", get_or_create_task),
    path("user/", create_user),
    path("items/<str:item_id>", read_item),
    path("dependency-headers/", dependency_headers),
]


def configure(origin: str) -> None:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="response-conformance-compatibility-table",
        ROOT_URLCONF=__name__,
        ALLOWED_HOSTS=["*"],
        INSTALLED_APPS=["corsheaders"],
        # django-cors-headers' docs: as high as possible, before CommonMiddleware.
        MIDDLEWARE=["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"],
        CORS_ALLOWED_ORIGINS=[origin],
        CORS_ALLOW_CREDENTIALS=True,
        CORS_EXPOSE_HEADERS=["X-Cat-Dog"],
    )
    django.setup()


def main() -> None:
    args = command_line(__doc__)
    configure(args.origin)
    import uvicorn
    from django.core.asgi import get_asgi_application

    server = uvicorn.Server(uvicorn.Config(get_asgi_application(), log_level="warning"))
    server.run(sockets=[listening_socket(args)])


if __name__ == "__main__":
    main()
