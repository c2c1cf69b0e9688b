Feature: The item list the shop reads
  The shop's frontend on https://shop.example shows the total from
  X-Total-Count. Sources: FastAPI, "Response Headers"
  (https://fastapi.tiangolo.com/advanced/response-headers/).

  @MUST @id:items-1
  Scenario: The list says how many items there are
    When a client calls "GET /api/items"
    Then the response carries the header "X-Total-Count" with the value "2"

  @MUST @id:items-2
  Scenario: A script on the shop reads the total
    When a script on "https://shop.example" calls "GET /api/items"
    Then the script can read "X-Total-Count"

  @MUST @id:items-3
  Scenario: A script on another site is refused
    When a script on "https://elsewhere.example" calls "GET /api/items"
    Then the script is refused
