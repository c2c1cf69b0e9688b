@browser
Feature: What a script in a real browser can read
  The CORS rules decide what a browser lets a script see, so the last word
  belongs to a browser. These scenarios run credentialed fetch() calls in
  headless Chromium against the target itself, from a page whose origin is
  exactly the allowed origin and from a page on another origin. They ask the
  questions of the cors-exposure feature, where the Fetch model judges, and
  the suite's own tests hold the model and the browser to the same verdicts.
  When Chromium is not installed they are skipped, and say so.

  Sources: the Fetch standard, §3.2 "CORS protocol", §4.8 "CORS-preflight
  fetch" and §4.9 "CORS check" (https://fetch.spec.whatwg.org/); FastAPI,
  "CORS (Cross-Origin Resource Sharing)" (https://fastapi.tiangolo.com/tutorial/cors/).

  Rule: A script on the allowed origin reads exposed and safelisted headers

    @MUST @id:browser-1
    Scenario: In a browser, a script reads X-Cat-Dog from a directly returned Response
      When a script in the browser on the allowed origin calls "GET /headers/"
      Then the script can read "X-Cat-Dog"

    @MUST @id:browser-2
    Scenario: In a browser, a script reads Content-Language from a directly returned Response
      When a script in the browser on the allowed origin calls "GET /headers/"
      Then the script can read "Content-Language"

    @MUST @id:browser-3
    Scenario: In a browser, a script reads X-Cat-Dog set on the temporal response
      When a script in the browser on the allowed origin calls "GET /headers-and-object/"
      Then the script can read "X-Cat-Dog"

    @MUST @id:browser-4
    Scenario: In a browser, a script reads X-Cat-Dog where a dependency also wrote to the response
      When a script in the browser on the allowed origin calls "GET /dependency-headers/"
      Then the script can read "X-Cat-Dog"

  Rule: A script reads nothing that is not exposed

    @MUST @id:browser-5
    Scenario: In a browser, a script cannot read a custom header that is not exposed
      When a script in the browser on the allowed origin calls "GET /hidden-header/"
      Then the script cannot read "X-Hidden"

    @MUST @id:browser-6
    Scenario: In a browser, a script never reads Set-Cookie
      When a script in the browser on the allowed origin calls "POST /cookie/"
      Then the script never reads "Set-Cookie"

  Rule: A script's JSON PUT gets through its preflight

    @MUST @id:browser-7
    Scenario: In a browser, a script's JSON PUT of an existing task sees 200 OK
      When a script in the browser on the allowed origin sends JSON with "PUT /get-or-create-task/foo"
      Then the script sees the status 200 OK

    @MUST @id:browser-8
    Scenario: In a browser, a script's JSON PUT of a new task sees 201 Created
      When a script in the browser on the allowed origin puts a new task as JSON
      Then the script sees the status 201 Created

  Rule: Another origin is refused

    @MUST @id:browser-9
    Scenario: In a browser, every fetch from another origin fails
      When a script in the browser on another origin calls every route of the contract
      Then every response refuses the script
