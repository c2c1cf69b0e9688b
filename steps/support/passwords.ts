/**
 * The passwords a request submits, for "the answer does not reveal the
 * password": every field whose name says password, at any depth of a JSON
 * body (Conduit nests it in `user.password`; a change of password sends
 * `current_password` and `new_password`) and in a form.
 */

/** A field's name that says it holds a password: password, new_password, currentPassword, passwd. */
export function namesPassword(name: string): boolean {
  return /passw(or)?d/i.test(name);
}

/** Every string under a password-named key, at any depth of a parsed JSON value. */
export function passwordsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(passwordsIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, field]) => (namesPassword(key) && typeof field === 'string' ? [field] : passwordsIn(field)));
}

/** Every password of a JSON body, as text; none when it does not parse (the step that sends it says so). */
export function passwordsInJson(json: string): string[] {
  try {
    return passwordsIn(JSON.parse(json));
  } catch {
    return [];
  }
}

/** Every value of a form's password-named fields. */
export function passwordsInForm(fields: readonly (readonly string[])[]): string[] {
  return fields.filter(([name, value]) => namesPassword(name) && value !== undefined && value !== '').map(([, value]) => value);
}
