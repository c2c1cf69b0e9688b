Feature: Headers on a Response returned directly
  A handler can build a Response itself and return it, headers included. The
  framework then sends that Response as it is: its headers, its content and
  its media type, with nothing of the handler's data converted along the way.

  Source: FastAPI, "Response Headers", section "Return a Response directly"
  (https://fastapi.tiangolo.com/advanced/response-headers/) and "Return a
  Response Directly" (https://fastapi.tiangolo.com/advanced/response-directly/).

  Rule: The headers given to the Response are sent

    @MUST @id:direct-1
    Scenario: A custom header given to a directly returned Response is sent
      When a client calls "GET /headers/"
      Then the response carries the header "X-Cat-Dog" with the value "alone in the world"

    @MUST @id:direct-2
    Scenario: A standard header given to a directly returned Response is sent
      When a client calls "GET /headers/"
      Then the response carries the header "Content-Language" with the value "en-US"

  Rule: The Response's content and status go out as given

    @MUST @id:direct-3
    Scenario: The content of a directly returned Response is the body
      When a client calls "GET /headers/"
      Then the body is the JSON:
        """
        {"message": "Hello World"}
        """

    @MUST @id:direct-4
    Scenario: A directly returned JSON response is served as JSON
      When a client calls "GET /headers/"
      Then the body is served as JSON

    @MUST @id:direct-5
    Scenario: A directly returned Response keeps its 200 OK status
      When a client calls "GET /headers/"
      Then the server answers 200 OK
