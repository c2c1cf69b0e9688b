# The notes API (examples/signed-in/app.py) as its frontend uses it: a single-page app that
# keeps its token in memory, sends it itself in Authorization, and fetches without credentials.
# Run it: response-conformance --target http://127.0.0.1:8000 --origin https://notes.example --features examples/signed-in/features
Feature: A frontend that sends its token itself reads the notes API
  Conduit's CORS set-up, allow_origins=["*"] with allow_credentials=True, answers "*" to a
  request without cookies. For a frontend that fetches without credentials, "*" grants it:
  the CORS check for such a request accepts "*" (Fetch §4.9). Its token in Authorization is
  an author header no browser safelists, so every call is preflighted, and the preflight
  must allow it (Fetch §4.8; "*" in Access-Control-Allow-Headers never covers Authorization).

  Sources: the Fetch standard, §3.2.5 (CORS protocol and credentials), §4.8 (CORS-preflight
  fetch), §4.9 (CORS check): https://fetch.spec.whatwg.org/

  Background:
    Given the frontend's scripts fetch without credentials

  Rule: "*" grants a frontend that sends no credentials

    @MUST @id:token-frontend-1
    Scenario: A script without credentials reads an open route
      When a script on "https://notes.example" calls "GET /api/health"
      Then the script can read the response

    @MUST @id:token-frontend-2
    Scenario: A script without credentials reads a signed-in route with its token
      When a script on "https://notes.example" calls "GET /api/me" with the token "demo-token-5e2a"
      Then the script can read the response
      And the server answers 200 OK

  Rule: The token's header is preflighted, and the preflight allows it

    @MUST @id:token-frontend-3
    Scenario: The preflight lets a script send Authorization
      When a script on "https://notes.example" asks to call "GET /api/notes" with the headers "Authorization"
      Then the preflight lets it through

  Rule: Browsers agree

    @MUST @browser @id:token-frontend-4
    Scenario: In the browser, a script without credentials reads a signed-in route with its token
      When a script in the browser on "https://notes.example" calls "GET /api/notes" with the token "demo-token-5e2a"
      Then the script can read the response

    @MUST @browser @id:token-frontend-5
    Scenario: In the browser, a script without credentials reads an open route
      When a script in the browser on "https://notes.example" calls "GET /api/health" without credentials
      Then the script can read the response
