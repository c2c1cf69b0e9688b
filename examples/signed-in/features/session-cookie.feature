Feature: The session cookie a browser keeps
  The frontend signs in with a cookie session: POST /api/session sets the
  "session" cookie, GET /api/session/me reads it, POST /api/session/logout
  deletes it. The frontend is on another site than the API, so the cookie
  must be SameSite=None and Secure (from a secure origin) to be kept from a
  cross-site fetch() and sent back; its Domain must be the API's; the logout
  must delete it with the Path and Domain it was set with. Each scenario is
  judged by the cookie model, and the @browser ones by the engine itself
  (Chromium with its reasons, Firefox by what it keeps).

  Sources: RFC 6265bis §5.2 "same-site", §5.7 "Storage Model", §5.8
  "Retrieval Model" (https://datatracker.ietf.org/doc/draft-ietf-httpbis-rfc6265bis/);
  FastAPI, "Response Cookies" (https://fastapi.tiangolo.com/advanced/response-cookies/).

  Rule: The browser keeps the session cookie and sends it back

    @MUST @id:session-cookie-1
    Scenario: A script on the frontend signs in and the browser keeps the session cookie
      When a script on the allowed origin calls "POST /api/session" with the JSON:
        """
        {"username": "alice", "password": "looking-glass-42"}
        """
      Then the browser keeps the cookie "session"

    @MUST @id:session-cookie-2
    Scenario: The browser sends the session cookie with the frontend's next call
      When a script on the allowed origin calls "POST /api/session" with the JSON:
        """
        {"username": "alice", "password": "looking-glass-42"}
        """
      Then the browser sends the cookie "session" with the next call to "GET /api/session/me"

    @MUST @id:session-cookie-3
    Scenario: After logout the session cookie is gone
      When a script on the allowed origin calls "POST /api/session" with the JSON:
        """
        {"username": "alice", "password": "looking-glass-42"}
        """
      And a script on the allowed origin calls "POST /api/session/logout"
      Then the browser no longer keeps the cookie "session"

    @MUST @id:session-cookie-4 @browser
    Scenario: In the browser, signing in keeps the session cookie
      When a script in the browser on the allowed origin calls "POST /api/session" with the JSON:
        """
        {"username": "alice", "password": "looking-glass-42"}
        """
      Then the browser keeps the cookie "session"

    @MUST @id:session-cookie-5 @browser
    Scenario: In the browser, the next call carries the session cookie and is signed in
      When a script in the browser on the allowed origin calls "POST /api/session" with the JSON:
        """
        {"username": "alice", "password": "looking-glass-42"}
        """
      And a script in the browser on the allowed origin calls "GET /api/session/me"
      Then the script sees the status 200 OK

    @MUST @id:session-cookie-6 @browser
    Scenario: In the browser, after logout the session cookie is gone
      When a script in the browser on the allowed origin calls "POST /api/session" with the JSON:
        """
        {"username": "alice", "password": "looking-glass-42"}
        """
      And a script in the browser on the allowed origin calls "POST /api/session/logout"
      Then the browser no longer keeps the cookie "session"
