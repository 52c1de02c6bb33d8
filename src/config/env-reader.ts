import { isGuid } from '../common/text/guid';

/** Reads environment variables and collects every problem, so start-up can name them all at once. */
export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  private raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  private fail(name: string, expected: string, got: string | undefined, secret: boolean): void {
    // Secret values are never repeated back, not even in an error.
    const shown =
      got === undefined ? 'it is not set' : secret ? 'the value given is not' : `got "${got}"`;
    this.problems.push(`${name} must be ${expected} (${shown})`);
  }

  /** Reports a variable another setting needs but that is not set. */
  missing(name: string, expected: string): void {
    this.fail(name, expected, undefined, false);
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optional(name: string): string | undefined {
    return this.raw(name);
  }

  secret(name: string): string | undefined {
    return this.raw(name);
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
      this.fail(name, `an integer from ${min} to ${max}`, raw, false);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    if (!allowed.includes(raw as T)) {
      this.fail(name, `one of ${allowed.join(', ')}`, raw, false);
      return fallback;
    }
    return raw as T;
  }

  url(name: string, fallback: string, protocols: readonly string[], secret = false): string {
    return this.optionalUrl(name, protocols, secret) ?? fallback;
  }

  optionalUrl(name: string, protocols: readonly string[], secret = false): string | undefined {
    const raw = this.raw(name);
    if (raw === undefined) return undefined;
    try {
      const parsed = new URL(raw);
      if (protocols.includes(parsed.protocol)) return raw.replace(/\/+$/, '');
    } catch {
      // reported below
    }
    this.fail(
      name,
      `a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
      raw,
      secret,
    );
    return undefined;
  }

  /** A value that must match `pattern`; `expected` says in words what it must be. */
  matching(name: string, pattern: RegExp, expected: string): string | undefined {
    const raw = this.raw(name);
    if (raw === undefined || pattern.test(raw)) return raw;
    this.fail(name, expected, raw, false);
    return undefined;
  }

  optionalGuid(name: string): string | undefined {
    const raw = this.raw(name);
    if (raw === undefined) return undefined;
    if (!isGuid(raw)) {
      this.fail(name, 'a GUID such as 00000000-0000-0000-0000-000000000000', raw, false);
      return undefined;
    }
    return raw.toLowerCase();
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`,
    );
  }
}
