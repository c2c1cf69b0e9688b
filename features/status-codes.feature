Feature: Changing the status code
  A handler answers 200 OK by default and can change the status on the
  temporal response when it needs to, here to 201 Created when the request
  created the resource. The body is still the returned data.

  Sources: FastAPI, "Response - Change Status Code"
  (https://fastapi.tiangolo.com/advanced/response-change-status-code/);
  RFC 9110 §15.3.1 "200 OK" and §15.3.2 "201 Created"
  (https://www.rfc-editor.org/rfc/rfc9110#section-15.3).

  Rule: An existing task answers 200 OK with its value

    @MUST @id:status-1
    Scenario: Putting an existing task answers 200 OK
      When a client calls "PUT /get-or-create-task/foo"
      Then the server answers 200 OK

    @MUST @id:status-2
    Scenario: Putting an existing task returns its stored value
      When a client calls "PUT /get-or-create-task/foo"
      Then the body is the JSON:
        """
        "Listen to the Bar Fighters"
        """

  Rule: A task the request creates answers 201 Created

    @MUST @id:status-3
    Scenario: Putting a new task answers 201 Created
      Given a task id that was never used
      When a client puts that task
      Then the server answers 201 Created

    @MUST @id:status-4
    Scenario: Putting a new task says it did not exist before
      Given a task id that was never used
      When a client puts that task
      Then the body is the JSON:
        """
        "This didn't exist before"
        """

    @MUST @id:status-5
    Scenario: A created task is stored, so putting it again answers 200 OK
      Given a task id that was never used
      And that task was created
      When a client puts that task
      Then the server answers 200 OK
