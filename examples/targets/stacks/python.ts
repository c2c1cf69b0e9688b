/** The Python stacks of the compatibility table, each in examples/targets/stacks/<name>_app.py over contract.py. */
import { DIST, PYTHON, VARY, type Stack } from './stack';

const flaskNeeds = [
  { path: `${DIST}/flask`, install: 'python3-flask' },
  { path: `${DIST}/flask_cors`, install: 'python3-flask-cors' },
  { path: `${DIST}/apispec`, install: 'python3-apispec' },
  { path: `${DIST}/marshmallow`, install: 'python3-marshmallow' },
];
const flaskPackages = ['python3-flask', 'python3-flask-cors', 'python3-apispec', 'python3-marshmallow'];
const aiohttpNeeds = [
  { path: `${DIST}/aiohttp`, install: 'python3-aiohttp' },
  { path: `${DIST}/aiohttp_cors`, install: 'python3-aiohttp-cors' },
];
const falconNeeds = [
  { path: `${DIST}/falcon`, install: 'python3-falcon' },
  { path: `${DIST}/uvicorn`, install: 'python3-uvicorn' },
];
const starletteNeeds = [
  { path: `${DIST}/starlette`, install: 'python3-starlette' },
  { path: `${DIST}/uvicorn`, install: 'python3-uvicorn' },
];

export const PYTHON_STACKS: readonly Stack[] = [
  {
    slug: 'fastapi',
    name: 'FastAPI + CORSMiddleware',
    configuration: 'as its docs say: `CORSMiddleware(allow_origins=[origin], allow_credentials=True, allow_methods=["*"], allow_headers=["*"], expose_headers=["X-Cat-Dog", "X-Total-Count"])`; its own document, `response_model` on every route that has one, the header declared in `responses`',
    source: 'examples/targets/fastapi/main.py',
    command: PYTHON,
    args: ['examples/targets/fastapi/main.py', '--port', '0'],
    packages: ['python3-fastapi', 'python3-starlette', 'python3-pydantic', 'python3-uvicorn'],
    needs: [
      { path: `${DIST}/fastapi`, install: 'python3-fastapi' },
      { path: `${DIST}/uvicorn`, install: 'python3-uvicorn' },
      { path: `${DIST}/email_validator`, install: 'python3-email-validator' },
    ],
    fails: [],
    document: { findings: [] },
  },
  {
    slug: 'flask',
    name: 'Flask + flask-cors',
    configuration: 'as its docs say: `CORS(app, origins=[origin], supports_credentials=True, expose_headers=["X-Cat-Dog", "X-Total-Count"])`; its document by apispec with the MarshmallowPlugin, the views returning `ItemSchema().dump(record)`',
    source: 'examples/targets/stacks/flask_app.py',
    command: PYTHON,
    args: ['examples/targets/stacks/flask_app.py', '--port', '0'],
    packages: flaskPackages,
    needs: flaskNeeds,
    fails: [
      {
        id: 'cors-3',
        does: 'grants the one allowed origin, sends the same grant to a request without an Origin but none to another origin, and no Vary: Origin: flask-cors takes one allowed origin for a static grant and adds Vary only when several origins (or a pattern) can match, even with vary_header=True, its default; the grant is not static, since another origin is sent none, so a shared cache may serve that bare answer to the frontend',
        rule: VARY,
        fix: 'allow-list two origins (or a regular expression), so that flask-cors sends Vary: Origin; or add Vary: Origin in an after_request hook',
      },
    ],
    document: { findings: [] },
  },
  {
    slug: 'flask-vary',
    name: 'Flask + flask-cors',
    configuration: 'configured: an allow-list of two origins, so that flask-cors sends Vary: Origin',
    source: 'examples/targets/stacks/flask_app.py',
    command: PYTHON,
    args: ['examples/targets/stacks/flask_app.py', '--port', '0', '--vary'],
    packages: flaskPackages,
    needs: flaskNeeds,
    fails: [],
    document: { findings: [] },
  },
  {
    slug: 'django',
    name: 'Django + django-cors-headers',
    configuration: 'as its docs say: `CorsMiddleware` first, `CORS_ALLOWED_ORIGINS`, `CORS_ALLOW_CREDENTIALS`, `CORS_EXPOSE_HEADERS`',
    source: 'examples/targets/stacks/django_app.py',
    command: PYTHON,
    args: ['examples/targets/stacks/django_app.py', '--port', '0'],
    packages: ['python3-django', 'python3-django-cors-headers'],
    needs: [
      { path: `${DIST}/django`, install: 'python3-django' },
      { path: `${DIST}/corsheaders`, install: 'python3-django-cors-headers' },
      { path: `${DIST}/uvicorn`, install: 'python3-uvicorn' },
    ],
    fails: [],
  },
  {
    slug: 'aiohttp',
    name: 'aiohttp + aiohttp-cors',
    configuration: 'as its docs say: `aiohttp_cors.setup(app, defaults={origin: ResourceOptions(allow_credentials=True, expose_headers=("X-Cat-Dog",), allow_headers="*")})`, every route added',
    source: 'examples/targets/stacks/aiohttp_app.py',
    command: PYTHON,
    args: ['examples/targets/stacks/aiohttp_app.py', '--port', '0'],
    packages: ['python3-aiohttp', 'python3-aiohttp-cors'],
    needs: aiohttpNeeds,
    fails: [
      {
        id: 'cors-3',
        does: 'grants the allowed origin and refuses others, but never sends Vary: Origin: aiohttp-cors 0.7 has no option for it',
        rule: VARY,
        fix: 'add Vary: Origin to answers to requests with an Origin, in an on_response_prepare signal',
      },
    ],
  },
  {
    slug: 'aiohttp-vary',
    name: 'aiohttp + aiohttp-cors',
    configuration: 'configured: an on_response_prepare signal adds Vary: Origin',
    source: 'examples/targets/stacks/aiohttp_app.py',
    command: PYTHON,
    args: ['examples/targets/stacks/aiohttp_app.py', '--port', '0', '--vary'],
    packages: ['python3-aiohttp', 'python3-aiohttp-cors'],
    needs: aiohttpNeeds,
    fails: [],
  },
  {
    slug: 'starlette',
    name: 'Starlette (alone) + its CORSMiddleware',
    configuration: 'as its docs say: `CORSMiddleware(allow_origins=[origin], allow_credentials=True, allow_methods=["*"], allow_headers=["*"], expose_headers=["X-Cat-Dog"])`',
    source: 'examples/targets/stacks/starlette_app.py',
    command: PYTHON,
    args: ['examples/targets/stacks/starlette_app.py', '--port', '0'],
    packages: ['python3-starlette', 'python3-uvicorn'],
    needs: starletteNeeds,
    fails: [],
  },
  {
    slug: 'falcon',
    name: 'Falcon (ASGI, on uvicorn) + its CORSMiddleware',
    configuration: 'as its docs say: `falcon.asgi.App(middleware=falcon.CORSMiddleware(allow_origins=[origin], allow_credentials="*", expose_headers=["X-Cat-Dog"]))`, preflights answered by Falcon\'s default OPTIONS responder, Falcon\'s own cookie defaults (Secure, HttpOnly), a before hook as the dependency',
    source: 'examples/targets/stacks/falcon_app.py',
    command: PYTHON,
    args: ['examples/targets/stacks/falcon_app.py', '--port', '0'],
    packages: ['python3-falcon', 'python3-uvicorn'],
    needs: falconNeeds,
    fails: [
      {
        id: 'cors-3',
        does: 'grants the allowed origin and refuses others, but never sends Vary: Origin: Falcon 3.1\'s CORSMiddleware has no option for it',
        rule: VARY,
        fix: 'add Vary: Origin to answers to requests with an Origin, in a middleware of the app\'s own (`resp.append_header("Vary", "Origin")` in process_response)',
      },
    ],
  },
  {
    slug: 'falcon-vary',
    name: 'Falcon (ASGI, on uvicorn) + its CORSMiddleware',
    configuration: 'configured: a middleware after CORSMiddleware adds Vary: Origin in process_response',
    source: 'examples/targets/stacks/falcon_app.py',
    command: PYTHON,
    args: ['examples/targets/stacks/falcon_app.py', '--port', '0', '--vary'],
    packages: ['python3-falcon', 'python3-uvicorn'],
    needs: falconNeeds,
    fails: [],
  },
  {
    slug: 'tornado',
    name: 'Tornado, CORS written by hand',
    configuration: 'as Tornado users write it, having no CORS support: a base handler sets Access-Control-Allow-Origin (the allowed origin only), -Allow-Credentials, -Expose-Headers and Vary: Origin in `set_default_headers`, and answers preflights in `options()` (Tornado\'s docs name set_default_headers for headers every answer carries; its maintainer says to implement options(), tornadoweb/tornado#2104)',
    source: 'examples/targets/stacks/tornado_app.py',
    command: PYTHON,
    args: ['examples/targets/stacks/tornado_app.py', '--port', '0'],
    packages: ['python3-tornado'],
    needs: [{ path: `${DIST}/tornado`, install: 'python3-tornado' }],
    fails: [],
  },
];
