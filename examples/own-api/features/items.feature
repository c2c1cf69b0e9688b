Feature: The item list the shop's frontend pages through
  The shop's frontend runs on https://shop.example and calls the API with
  credentials. It pages through the items, shows the total from
  X-Total-Count, follows the Link header to the next page, and logs the
  request id. The debug timing header is for the API's own logs: no script
  may read it. Another site's scripts get nothing.

  Sources: FastAPI, "Response Headers" and its note on expose_headers
  (https://fastapi.tiangolo.com/advanced/response-headers/); FastAPI, "CORS"
  (https://fastapi.tiangolo.com/tutorial/cors/); the Fetch standard, §3.2.3
  (https://fetch.spec.whatwg.org/#http-responses); RFC 8288, "Web Linking".

  Rule: A page of items carries its pagination

    @MUST @id:items-1
    Scenario: A page lists its items without the supplier's cost
      When a client calls "GET /api/items?page=1&per_page=2"
      Then the body contains the JSON:
        """
        [{"id": 1, "name": "Teapot", "price": 18.5}, {"id": 2, "name": "Kettle", "price": 42}]
        """

    @MUST @id:items-2
    Scenario: The response model keeps the supplier's cost private
      When a client calls "GET /api/items?page=1&per_page=2"
      Then the answer has no field "0.supplier_cost"

    @MUST @id:items-3
    Scenario: A page says how many items there are in all
      When a client calls "GET /api/items?page=2&per_page=2"
      Then the response carries the header "X-Total-Count" with the value "5"

    @MUST @id:items-4
    Scenario: A page links to the next one
      When a client calls "GET /api/items?page=2&per_page=2"
      Then the response carries the header "Link" matching /<[^>]*page=3[^>]*>\s*;\s*rel="?next"?/

    @SHOULD @id:items-5
    Scenario: Every answer carries a request id
      When a client calls "GET /api/items?page=1"
      Then the response carries the header "X-Request-Id"

  Rule: The shop's scripts read the pagination, and nothing meant for the API's logs

    @MUST @id:items-6
    Scenario: A script on the shop reads the total count
      When a script on "https://shop.example" calls "GET /api/items?page=1"
      Then the script reads "X-Total-Count" as "5"

    @MUST @id:items-7
    Scenario: A script on the shop reads the link to the next page
      When a script on "https://shop.example" calls "GET /api/items?page=1"
      Then the script can read "Link"

    @SHOULD @id:items-8
    Scenario: A script on the shop reads the request id
      When a script on "https://shop.example" calls "GET /api/items?page=1"
      Then the script can read "X-Request-Id"

    @MUST @id:items-9
    Scenario: The debug timing stays hidden from scripts
      When a script on "https://shop.example" calls "GET /api/items?page=1"
      Then the script cannot read "X-Debug-Query-Time"

    @SHOULD @id:items-10
    Scenario: Answers to the shop say they vary by Origin
      When a script on "https://shop.example" calls "GET /api/items?page=1"
      Then the response carries the header "Vary" listing "Origin"

    @MUST @id:items-11
    Scenario: A script on another site is refused
      When a script on "https://evil.example" calls "GET /api/items?page=1"
      Then the script is refused

  Rule: A real browser agrees

    @MUST @id:items-12 @browser
    Scenario: In a browser, a script on the shop reads the total count
      When a script in the browser on "https://shop.example" calls "GET /api/items?page=1"
      Then the script reads "X-Total-Count" as "5"

    @MUST @id:items-13 @browser
    Scenario: In a browser, the debug timing stays hidden
      When a script in the browser on "https://shop.example" calls "GET /api/items?page=1"
      Then the script cannot read "X-Debug-Query-Time"
