Feature: CORS exposure of custom headers to browser scripts
  A frontend on another origin calls the API with credentials (cookies). The
  browser lets its scripts read a response only when the server grants that
  origin, and even then hides every header that is neither CORS-safelisted
  nor listed in Access-Control-Expose-Headers. A custom header the frontend
  needs, such as X-Cat-Dog, must therefore be exposed; one it must not see,
  such as X-Hidden, is simply not listed; Set-Cookie is never readable.
  Requests that are not "simple", like a JSON PUT, are let through only by a
  preflight. Any other origin is refused.

  What a script can read is decided by the rules of the Fetch standard,
  applied to the server's actual answers. Sources: the Fetch standard §3.2 "CORS protocol", §3.2.3
  "HTTP responses" and §3.2.5 "CORS protocol and credentials", §4.8
  "CORS-preflight fetch", §4.9 "CORS check", and the CORS-safelisted
  response-header names of §2.2.2 (https://fetch.spec.whatwg.org/). With
  credentials, `*` grants nothing: neither as the allowed origin, nor in the
  exposed, allowed methods or allowed headers lists. Also: FastAPI, "CORS
  (Cross-Origin Resource Sharing)" (https://fastapi.tiangolo.com/tutorial/cors/)
  and the note on expose_headers in "Response Headers"
  (https://fastapi.tiangolo.com/advanced/response-headers/). Any 2xx answers a
  preflight; a refusal is the absence of a matching grant, whatever the status.
  A grant that depends on the Origin must say Vary: Origin; one that is
  static, the same Access-Control-Allow-Origin sent to every request (one
  without an Origin too), needs no Vary (Fetch §3.2.3).

  Rule: The allowed origin is granted with credentials on every route

    @MUST @id:cors-1
    Scenario: Every route lets a credentialed script on the allowed origin read its response
      When a script on the allowed origin calls every route of the contract
      Then every response grants the script access with credentials

    @MUST @id:cors-2
    Scenario: Every route exposes X-Cat-Dog to scripts on the allowed origin
      When a script on the allowed origin calls every route of the contract
      Then every response lists "X-Cat-Dog" as exposed

    @SHOULD @id:cors-3
    Scenario: Answers to the allowed origin say they vary by Origin, unless every request gets the same grant, so caches keep origins apart
      When a script on the allowed origin calls every route of the contract
      Then every response varies by Origin

  Rule: Scripts read exposed and safelisted headers, and nothing else

    @MUST @id:cors-4
    Scenario: A script reads X-Cat-Dog set on the temporal response
      When a script on the allowed origin calls "GET /headers-and-object/"
      Then the script can read "X-Cat-Dog"

    @MUST @id:cors-5
    Scenario: A script reads X-Cat-Dog set on a directly returned Response
      When a script on the allowed origin calls "GET /headers/"
      Then the script can read "X-Cat-Dog"

    @MUST @id:cors-6
    Scenario: A script reads Content-Language, a safelisted header, without it being exposed
      When a script on the allowed origin calls "GET /headers/"
      Then the script can read "Content-Language"

    @MUST @id:cors-7
    Scenario: A script cannot read a custom header that is not exposed
      When a script on the allowed origin calls "GET /hidden-header/"
      Then the script cannot read "X-Hidden"

    @MUST @id:cors-8
    Scenario: Exposing one header does not hide another that is exposed
      When a script on the allowed origin calls "GET /hidden-header/"
      Then the script can read "X-Cat-Dog"

    @MUST @id:cors-9
    Scenario: A script reads X-Cat-Dog when a dependency also wrote to the response
      When a script on the allowed origin calls "GET /dependency-headers/"
      Then the script can read "X-Cat-Dog"

    @MUST @id:cors-10
    Scenario: A script never reads Set-Cookie
      When a script on the allowed origin calls "POST /cookie/"
      Then the script never reads "Set-Cookie"

  Rule: Requests that need a preflight are let through for the allowed origin

    @MUST @id:cors-11
    Scenario: The preflight lets a JSON GET through
      When a script on the allowed origin sends JSON with "GET /headers/"
      Then the preflight lets it through

    @MUST @id:cors-12
    Scenario: The preflight lets a JSON POST through
      When a script on the allowed origin sends JSON with "POST /user/"
      Then the preflight lets it through

    @MUST @id:cors-13
    Scenario: The preflight lets a JSON PUT through
      When a script on the allowed origin sends JSON with "PUT /get-or-create-task/foo"
      Then the preflight lets it through

    @MUST @id:cors-14
    Scenario: A script's JSON PUT reaches the handler and the script sees its status
      When a script on the allowed origin sends JSON with "PUT /get-or-create-task/foo"
      Then the script sees the status 200 OK

  Rule: Any other origin is refused

    @MUST @id:cors-15
    Scenario: Every route refuses a script on another origin
      When a script on another origin calls every route of the contract
      Then every response refuses the script

    @MUST @id:cors-16
    Scenario: The preflight refuses a JSON PUT from another origin
      When a script on another origin sends JSON with "PUT /get-or-create-task/foo"
      Then the preflight refuses it
