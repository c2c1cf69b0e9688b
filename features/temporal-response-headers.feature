Feature: Headers set on the temporal response
  A handler can take the framework's temporal Response object as a parameter,
  set headers on it, and still return plain data for the framework to
  serialize. The headers must reach the client and the data must still be the
  body, exactly as if no header had been set.

  Source: FastAPI, "Response Headers", section "Use a Response parameter"
  (https://fastapi.tiangolo.com/advanced/response-headers/). Header names are
  compared case-insensitively (RFC 9110 §5.1).

  Rule: A header set on the temporal response reaches the client

    @MUST @id:headers-1
    Scenario: A header set on the temporal response is sent with the returned data
      When a client calls "GET /headers-and-object/"
      Then the response carries the header "X-Cat-Dog" with the value "alone in the world"

    @MUST @id:headers-2
    Scenario: Every custom header set on the temporal response is sent
      When a client calls "GET /hidden-header/"
      Then the response carries the header "X-Hidden" with the value "not for browsers"

  Rule: Setting headers changes nothing else about the response

    @MUST @id:headers-3
    Scenario: The returned data is still serialized as the body
      When a client calls "GET /headers-and-object/"
      Then the body is the JSON:
        """
        {"message": "Hello World"}
        """

    @MUST @id:headers-4
    Scenario: The returned data is still served as JSON
      When a client calls "GET /headers-and-object/"
      Then the body is served as JSON

    @MUST @id:headers-5
    Scenario: The status stays the default 200 OK
      When a client calls "GET /headers-and-object/"
      Then the server answers 200 OK
