Feature: The notes a signed-in frontend reads with its bearer token
  The notes frontend signs alice in with FastAPI's standard OAuth2 password
  login: it posts the form (application/x-www-form-urlencoded: username,
  password) to the token URL and gets back an access token, which it sends
  as "Authorization: Bearer <token>" on every later call. Without a token
  the protected routes answer 401 and say, in WWW-Authenticate, that they
  want a bearer token. The password is never written here: it comes from the
  environment variable RESPONSE_CONFORMANCE_LOGIN_PASSWORD.

  Sources: FastAPI, "Security — OAuth2 with Password (and hashing), Bearer
  with JWT tokens" (https://fastapi.tiangolo.com/tutorial/security/oauth2-jwt/)
  and "Simple OAuth2 with Password and Bearer"
  (https://fastapi.tiangolo.com/tutorial/security/simple-oauth2/); RFC 6749
  §4.3 and §5.1, the password grant and its token response
  (https://www.rfc-editor.org/rfc/rfc6749); RFC 6750 §2.1 and §3, the bearer
  token in Authorization and the challenge without one
  (https://www.rfc-editor.org/rfc/rfc6750).

  Background: alice signs in with the OAuth2 password form
    Given the value "password" comes from the environment variable "RESPONSE_CONFORMANCE_LOGIN_PASSWORD"
    And a client has called "POST /api/token" with the form:
      | username | alice        |
      | password | {{password}} |
    And the client remembers the field "access_token" of the answer as "token"

  Rule: The token URL answers the password form with a bearer token

    @MUST @id:notes-token
    Scenario: The password form gets a bearer token
      When a client calls "POST /api/token" with the form:
        | username | alice        |
        | password | {{password}} |
      Then the server answers 200 OK
      And the answer has the field "token_type" set to "bearer"

    @MUST @id:notes-token-password
    Scenario: The token's answer never repeats the password
      When a client calls "POST /api/token" with the form:
        | username | alice        |
        | password | {{password}} |
      Then the answer does not reveal the password

  Rule: The token opens the protected routes

    @MUST @id:notes-me
    Scenario: A signed-in client reads its own user
      Given every request carries the header "Authorization" with the value "Bearer {{token}}"
      When a client calls "GET /api/me"
      Then the server answers 200 OK
      And the answer has the field "username" set to "alice"

    @MUST @id:notes-list
    Scenario: A signed-in client lists its notes
      Given every request carries the header "Authorization" with the value "Bearer {{token}}"
      When a client calls "GET /api/notes"
      Then the server answers 200 OK
      And the answer has the field "0.title" set to "Tea at four"

    @SHOULD @id:notes-one
    Scenario: A note found in the list can be fetched by its id
      Given every request carries the header "Authorization" with the value "Bearer {{token}}"
      And a client has called "GET /api/notes"
      And the client remembers the field "1.id" of the answer as "note"
      When a client calls "GET /api/notes/{{note}}"
      Then the server answers 200 OK
      And the answer has the field "title" set to "Croquet"

  Rule: Without a token the API asks for one

    @MUST @id:notes-challenge
    Scenario: A call without a token is answered 401 with a Bearer challenge
      When a client calls "GET /api/me"
      Then the server answers 401 Unauthorized
      And the response carries the header "WWW-Authenticate" matching /^Bearer\b/i
