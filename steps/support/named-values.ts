/**
 * A scenario's named values: what the World fills in for `{{name}}`
 * (steps/placeholders.ts), remembered from answers or read from the
 * environment. Secrets among them are never shown in a message: masked()
 * puts back their names. Registers nothing, so the tests can import it.
 */
import { fillPlaceholders } from '../placeholders';
import { misuse } from './misuse';

export class NamedValues {
  private readonly values = new Map<string, { readonly value: string; readonly secret: boolean }>();

  set(name: string, value: string, secret: boolean): void {
    this.values.set(name, { value, secret });
  }

  /** `text` with every `{{name}}` filled in; a name not defined before is a misuse (the feature check refuses it before the run). */
  substitute(text: string): string {
    return fillPlaceholders(text, (name) => {
      const known = this.values.get(name);
      if (known === undefined) {
        const names = [...this.values.keys()];
        misuse(`"{{${name}}}" names no value this scenario has defined before this step; ${names.length === 0 ? 'it has defined none' : `it knows ${names.join(', ')}`} ("the client remembers …" and "the value … comes from the environment variable …" define one)`);
      }
      return known.value;
    });
  }

  /** A message with every secret value shown as its {{name}}, never as itself (the longest first, so one inside another stays hidden). */
  masked(message: string): string {
    const secrets = [...this.values].filter(([, v]) => v.secret && v.value !== '').sort(([, a], [, b]) => b.value.length - a.value.length);
    return secrets.reduce((text, [name, { value }]) => text.split(value).join(`{{${name}}}`), message);
  }
}
