Feature: The response model filters and converts what a handler returns
  A handler may return more than the client should see, such as a user with
  its password. The declared response model is the filter: only its fields
  are sent, missing optional fields take their defaults, and values are
  converted to the declared types. An input body that does not fit the
  declared input model is refused with 422, and the refusal never repeats
  the secret it was sent.

  Sources: FastAPI, "Response Model - Return Type"
  (https://fastapi.tiangolo.com/tutorial/response-model/), sections "Return
  the same input data", "Add an output model" and "Response Model encoding
  parameters"; FastAPI, "Handling Errors", "RequestValidationError"
  (https://fastapi.tiangolo.com/tutorial/handling-errors/); RFC 9110 §15.5.21
  "422 Unprocessable Content". JSON is compared as parsed values: 62 and 62.0
  are the same number, key order does not matter.

  Rule: Only the fields of the response model are sent

    @MUST @id:model-1
    Scenario: The response model keeps the password from being sent
      When a client signs up a user
      Then the answer does not reveal the password

    @MUST @id:model-2
    Scenario: The declared fields are sent as submitted
      When a client signs up a user
      Then the answer has the field "username" set to "johndoe"
      And the answer has the field "email" set to "john@example.com"

    @MUST @id:model-3
    Scenario: An optional field left out is sent as null
      When a client signs up a user
      Then the answer has the field "full_name" set to null

    @MUST @id:model-4
    Scenario: An optional field given is sent as given
      When a client signs up a user with the full name "John Doe"
      Then the answer has the field "full_name" set to "John Doe"

    @MUST @id:model-5
    Scenario: A header set on the temporal response survives the response model
      When a client signs up a user
      Then the response carries the header "X-Cat-Dog" with the value "alone in the world"

  Rule: The response model fills defaults and converts values

    @MUST @id:model-6
    Scenario: Fields the stored item lacks are sent with the model's defaults
      When a client calls "GET /items/foo"
      Then the body is the JSON:
        """
        {"name": "Foo", "description": null, "price": 50.2, "tax": 10.5, "tags": []}
        """

    @MUST @id:model-7
    Scenario: Stored values are sent as the model declares them
      When a client calls "GET /items/bar"
      Then the body is the JSON:
        """
        {"name": "Bar", "description": "The bartenders", "price": 62, "tax": 20.2, "tags": []}
        """

  Rule: A body that does not fit the input model is refused with 422

    @MUST @id:model-8
    Scenario: A body that is not JSON is refused as unprocessable
      When a client signs up with a body that is not JSON
      Then the server answers 422 Unprocessable Content

    @MUST @id:model-9
    Scenario: A body missing a required field is refused as unprocessable
      When a client signs up without the field "email"
      Then the server answers 422 Unprocessable Content

    @MUST @id:model-10
    Scenario: A body with an object where a string belongs is refused as unprocessable
      When a client signs up with an object as the "username"
      Then the server answers 422 Unprocessable Content

    @MUST @id:model-13
    Scenario: A body with null for a required field is refused as unprocessable
      When a client signs up with null as the "username"
      Then the server answers 422 Unprocessable Content

    @MUST @id:model-11
    Scenario: The refusal explains itself in JSON
      When a client signs up without the field "email"
      Then the error is described in JSON

    @SHOULD @id:model-12
    Scenario: The refusal never repeats the submitted password
      When a client signs up without the field "email"
      Then the answer does not reveal the password
