/** POST /user/: the response model filters the output; an invalid body is refused. */
import { Then, When } from '@cucumber/cucumber';
import { expect } from 'chai';
import { JSON_CONTENT, SAMPLE_USER } from './support/contract';
import { getCombined } from '../http/header-list';
import { isJsonMediaType, mediaTypeEssence } from '../http/media-type';
import { parseJsonBody } from '../http/json-body';
import type { ConformanceWorld } from './support/world';


async function signUp(world: ConformanceWorld, body: string) {
  world.submittedPassword = SAMPLE_USER.password;
  world.response = await world.send({ method: 'POST', path: '/user/', headers: JSON_CONTENT, body });
}

When('a client signs up a user', async function (this: ConformanceWorld) {
  await signUp(this, JSON.stringify(SAMPLE_USER));
});

When('a client signs up a user with the full name {string}', async function (this: ConformanceWorld, fullName: string) {
  await signUp(this, JSON.stringify({ ...SAMPLE_USER, full_name: fullName }));
});

When('a client signs up with a body that is not JSON', async function (this: ConformanceWorld) {
  await signUp(this, JSON.stringify(SAMPLE_USER).slice(0, -1) + ',');
});

When('a client signs up without the field {string}', async function (this: ConformanceWorld, field: string) {
  const { [field as keyof typeof SAMPLE_USER]: _left, ...rest } = SAMPLE_USER;
  await signUp(this, JSON.stringify(rest));
});

When('a client signs up with null as the {string}', async function (this: ConformanceWorld, field: string) {
  await signUp(this, JSON.stringify({ ...SAMPLE_USER, [field]: null }));
});

When('a client signs up with an object as the {string}', async function (this: ConformanceWorld, field: string) {
  await signUp(this, JSON.stringify({ ...SAMPLE_USER, [field]: { first: 'John' } }));
});

Then('the answer has the field {string} set to {string}', function (this: ConformanceWorld, field: string, value: string) {
  const response = this.lastResponse();
  this.verify(response, () => expect(parseJsonBody(response), 'body').to.have.property(field, value));
});

Then('the answer has the field {string} set to null', function (this: ConformanceWorld, field: string) {
  const response = this.lastResponse();
  this.verify(response, () => expect(parseJsonBody(response), 'body').to.have.property(field, null));
});

Then('the answer does not reveal the password', function (this: ConformanceWorld) {
  const response = this.lastResponse();
  const password = this.submittedPassword ?? SAMPLE_USER.password;
  this.verify(response, () => {
    expect(response.text.includes(password), 'the body contains the submitted password').to.equal(false);
    // A "password" key is a leak even when its value was transformed; whether the body is JSON is another rule's business.
    expect(response.text, 'body').to.not.match(/"password"\s*:/);
  });
});

Then('the error is described in JSON', function (this: ConformanceWorld) {
  const response = this.lastResponse();
  this.verify(response, () => {
    const essence = mediaTypeEssence(getCombined(response.headers, 'Content-Type'));
    expect(isJsonMediaType(essence), `Content-Type is ${essence ?? 'missing'}, expected application/json`).to.equal(true);
    expect(parseJsonBody(response), 'error body').to.be.an('object');
  });
});
