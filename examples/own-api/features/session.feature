Feature: The session: log in, who am I, log out
  Logging in sets the session cookie. The cookie must never reach a script
  (HttpOnly), never travel over plain HTTP (Secure), and stay on the shop's
  own site (SameSite=Lax). The answer names the user and never repeats the
  password. Logging out clears the cookie. A script on the shop that holds a
  bearer token may ask who it is, which needs a preflight for Authorization.

  Sources: FastAPI, "Response Cookies"
  (https://fastapi.tiangolo.com/advanced/response-cookies/) and "Response
  Model" (https://fastapi.tiangolo.com/tutorial/response-model/); RFC 6265bis
  §4.1.2 and §5.7 (https://datatracker.ietf.org/doc/draft-ietf-httpbis-rfc6265bis/);
  the Fetch standard, §4.8 "CORS-preflight fetch" (https://fetch.spec.whatwg.org/).

  Rule: Logging in sets a session cookie only the browser itself can use

    @MUST @id:session-1
    Scenario: Logging in sets the session cookie
      When a client calls "POST /api/login" with the JSON:
        """
        {"username": "alice", "password": "wonderland-7c1f"}
        """
      Then the server answers 200 OK
      And the response sets the cookie "session"

    @MUST @id:session-2
    Scenario: The session cookie is HttpOnly, out of scripts' reach
      When a client calls "POST /api/login" with the JSON:
        """
        {"username": "alice", "password": "wonderland-7c1f"}
        """
      Then the cookie "session" is HttpOnly

    @MUST @id:session-3
    Scenario: The session cookie travels over HTTPS only
      When a client calls "POST /api/login" with the JSON:
        """
        {"username": "alice", "password": "wonderland-7c1f"}
        """
      Then the cookie "session" is Secure

    @MUST @id:session-4
    Scenario: The session cookie stays on the shop's own site
      When a client calls "POST /api/login" with the JSON:
        """
        {"username": "alice", "password": "wonderland-7c1f"}
        """
      Then the cookie "session" is SameSite=Lax

    @SHOULD @id:session-5
    Scenario: The session lasts an hour, for the whole site
      When a client calls "POST /api/login" with the JSON:
        """
        {"username": "alice", "password": "wonderland-7c1f"}
        """
      Then the cookie "session" lasts 3600 seconds
      And the cookie "session" applies to the path "/"

    @MUST @id:session-6
    Scenario: Logging in answers the user, never the password
      When a client calls "POST /api/login" with the JSON:
        """
        {"username": "alice", "password": "wonderland-7c1f"}
        """
      Then the answer has the field "username" set to "alice"
      And the answer does not reveal the password

  Rule: Wrong credentials are refused, and set nothing

    @MUST @id:session-7
    Scenario: A wrong password is refused as unauthorized
      When a client calls "POST /api/login" with the JSON:
        """
        {"username": "alice", "password": "guess"}
        """
      Then the server answers 401 Unauthorized
      And the response does not set the cookie "session"

  Rule: A bearer token says who is calling

    @MUST @id:session-8
    Scenario: A bearer token names its user
      Given every request carries the header "Authorization" with the value "Bearer demo-token-3b9d"
      When a client calls "GET /api/me"
      Then the answer has the field "full_name" set to "Alice Liddell"

    @MUST @id:session-9
    Scenario: Without a token the API asks for one
      When a client calls "GET /api/me"
      Then the server answers 401 Unauthorized
      And the response carries the header "WWW-Authenticate" matching /^Bearer\b/i

    @MUST @id:session-10
    Scenario: The preflight lets the shop's scripts send a bearer token
      When a script on "https://shop.example" asks to call "GET /api/me" with the headers "Authorization"
      Then the preflight lets it through

    @MUST @id:session-11
    Scenario: A script on the shop with a bearer token reads who it is
      Given every request carries the header "Authorization" with the value "Bearer demo-token-3b9d"
      When a script on "https://shop.example" calls "GET /api/me"
      Then the script sees the status 200 OK

    @MUST @id:session-12
    Scenario: The preflight refuses another site's scripts
      When a script on "https://evil.example" asks to call "GET /api/me" with the headers "Authorization"
      Then the preflight refuses it

  Rule: Logging out clears the session

    @MUST @id:session-13
    Scenario: Logging out clears the session cookie
      When a client calls "POST /api/logout"
      Then the server answers 204 No Content
      And the response clears the cookie "session"
