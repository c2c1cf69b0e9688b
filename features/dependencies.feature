Feature: Headers and cookies set by dependencies
  A dependency can declare the temporal Response too and set headers and
  cookies on it; the handler that depends on it sets its own. They all write
  to the same response, so everything either of them set arrives together.

  Source: FastAPI, "Response Headers" and "Response Cookies", which note that
  the Response parameter can also be declared in dependencies
  (https://fastapi.tiangolo.com/advanced/response-headers/,
  https://fastapi.tiangolo.com/advanced/response-change-status-code/).

  Rule: What a dependency sets arrives with what the handler sets

    @MUST @id:deps-1
    Scenario: A header set by a dependency is sent
      When a client calls "GET /dependency-headers/"
      Then the response carries the header "X-Request-Source" with the value "dependency"

    @MUST @id:deps-2
    Scenario: A cookie set by a dependency is sent
      When a client calls "GET /dependency-headers/"
      Then the response sets the cookie "tracked" to "yes"

    @MUST @id:deps-3
    Scenario: The handler's own header is sent beside the dependency's
      When a client calls "GET /dependency-headers/"
      Then the response carries the header "X-Cat-Dog" with the value "alone in the world"

    @MUST @id:deps-4
    Scenario: The handler's returned data is still the body
      When a client calls "GET /dependency-headers/"
      Then the body is the JSON:
        """
        {"message": "Hello World"}
        """
