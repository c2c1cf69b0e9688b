Feature: Cookies set on the response
  A handler sets cookies either on the temporal response, returning plain
  data, or on a Response it returns directly. Either way the client receives
  the cookie, with the path it was given, and the body it expects. Several
  cookies travel in several Set-Cookie fields: unlike other headers,
  Set-Cookie cannot be joined into one comma-separated line, because its
  values may themselves contain commas (in Expires dates).

  Sources: FastAPI, "Response Cookies"
  (https://fastapi.tiangolo.com/advanced/response-cookies/); RFC 6265bis
  §4.1 "Set-Cookie" and §5.6 "The Set-Cookie Header Field"
  (https://datatracker.ietf.org/doc/draft-ietf-httpbis-rfc6265bis/); RFC 9110
  §5.3 "Field Order" on Set-Cookie (https://www.rfc-editor.org/rfc/rfc9110#section-5.3).
  Cookie attributes are read as a user agent reads them: in any order, names
  in any case.

  Rule: A cookie set on the temporal response is sent with the returned data

    @MUST @id:cookies-1
    Scenario: A cookie set on the temporal response is sent
      When a client calls "POST /cookie-and-object/"
      Then the response sets the cookie "fakesession" to "fake-cookie-session-value"

    @SHOULD @id:cookies-2
    Scenario: A cookie set on the temporal response applies to the whole site
      When a client calls "POST /cookie-and-object/"
      Then the cookie "fakesession" applies to the path "/"

    @MUST @id:cookies-3
    Scenario: Setting a cookie on the temporal response keeps the returned data as the body
      When a client calls "POST /cookie-and-object/"
      Then the body is the JSON:
        """
        {"message": "Come to the dark side, we have cookies"}
        """

  Rule: A cookie set on a Response returned directly is sent

    @MUST @id:cookies-4
    Scenario: A cookie set on a directly returned Response is sent
      When a client calls "POST /cookie/"
      Then the response sets the cookie "fakesession" to "fake-cookie-session-value"

    @SHOULD @id:cookies-5
    Scenario: A cookie set on a directly returned Response applies to the whole site
      When a client calls "POST /cookie/"
      Then the cookie "fakesession" applies to the path "/"

    @MUST @id:cookies-6
    Scenario: A directly returned Response with a cookie keeps its content as the body
      When a client calls "POST /cookie/"
      Then the body is the JSON:
        """
        {"message": "Come to the dark side, we have cookies"}
        """

  Rule: Several cookies on one response each arrive whole

    @MUST @id:cookies-7
    Scenario: Two cookies set on one response are both sent
      When a client calls "GET /two-cookies/"
      Then the response sets the cookie "fakesession" to "fake-cookie-session-value"
      And the response sets the cookie "theme" to "dark"

    @MUST @id:cookies-8
    Scenario: Each cookie travels in its own Set-Cookie field, never folded into one
      When a client calls "GET /two-cookies/"
      Then each cookie arrives in its own Set-Cookie field

    @MUST @id:cookies-9
    Scenario: Setting two cookies keeps the returned data as the body
      When a client calls "GET /two-cookies/"
      Then the body is the JSON:
        """
        {"message": "Two cookies"}
        """
