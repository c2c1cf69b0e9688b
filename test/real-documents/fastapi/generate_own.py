"""The documents our own FastAPI examples serve, written offline with Debian's
FastAPI (0.92: OpenAPI 3.0.2), for the real-document sweep:

    /usr/bin/python3 test/real-documents/fastapi/generate_own.py   # from the repository's root
"""
import importlib.util, json, os, sys
def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod); return mod
out = os.path.dirname(os.path.abspath(__file__)) + "/"
own = load('examples/own-api/app.py', 'own')
json.dump(own.create_app('https://shop.example').openapi(), open(out + 'own-api.json', 'w'), indent=1)
notes = load('examples/signed-in/app.py', 'notes')
json.dump(notes.create_app("oauth2").openapi(), open(out + 'signed-in.json', 'w'), indent=1)
tgt = load('examples/targets/fastapi/main.py', 'tgt')
json.dump(tgt.create_app('https://app.example').openapi(), open(out + 'targets-fastapi.json', 'w'), indent=1)
