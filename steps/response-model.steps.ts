/** POST /user/: the response model filters the output; an invalid body is refused. */
import { JSON_CONTENT, SAMPLE_USER } from './support/contract';
import { sentences } from './support/sentences';
import type { ConformanceWorld } from './support/world';

const sentence = sentences("The contract's own routes");

async function signUp(world: ConformanceWorld, body: string) {
  world.submittedPasswords.push(SAMPLE_USER.password);
  await world.call({ method: 'POST', path: '/user/', headers: JSON_CONTENT, body });
}

sentence('When', 'a client signs up a user', { summary: 'POST /user/ with a valid sign-up: username, password, email.', example: 'When a client signs up a user', contract: true }, async function (this: ConformanceWorld) {
  await signUp(this, JSON.stringify(SAMPLE_USER));
});

sentence('When', 'a client signs up a user with the full name {string}', { summary: 'POST /user/ with a valid sign-up that gives the optional full name.', example: 'When a client signs up a user with the full name "John Doe"', contract: true }, async function (this: ConformanceWorld, fullName: string) {
  await signUp(this, JSON.stringify({ ...SAMPLE_USER, full_name: fullName }));
});

sentence('When', 'a client signs up with a body that is not JSON', { summary: 'POST /user/ with a body that breaks off mid-JSON.', example: 'When a client signs up with a body that is not JSON', contract: true }, async function (this: ConformanceWorld) {
  await signUp(this, JSON.stringify(SAMPLE_USER).slice(0, -1) + ',');
});

sentence('When', 'a client signs up without the field {string}', { summary: 'POST /user/ with the sign-up missing one field.', example: 'When a client signs up without the field "email"', contract: true }, async function (this: ConformanceWorld, field: string) {
  const { [field as keyof typeof SAMPLE_USER]: _left, ...rest } = SAMPLE_USER;
  await signUp(this, JSON.stringify(rest));
});

sentence('When', 'a client signs up with null as the {string}', { summary: 'POST /user/ with null for one field.', example: 'When a client signs up with null as the "username"', contract: true }, async function (this: ConformanceWorld, field: string) {
  await signUp(this, JSON.stringify({ ...SAMPLE_USER, [field]: null }));
});

sentence('When', 'a client signs up with an object as the {string}', { summary: 'POST /user/ with an object where a string belongs.', example: 'When a client signs up with an object as the "username"', contract: true }, async function (this: ConformanceWorld, field: string) {
  await signUp(this, JSON.stringify({ ...SAMPLE_USER, [field]: { first: 'John' } }));
});

