/**
 * Comparing an answer with a recorded one whose generated values were replaced by placeholders.
 *
 * The recorder replaced each distinct value with one placeholder, everywhere in a test. The
 * comparison honours them the same way: the first time a placeholder meets a value, it is bound
 * to it for the rest of the test; it must meet that value every time after, and no other
 * placeholder may stand for the same value. A placeholder can be a whole string, part of one
 * (`arn:<partition>:secretsmanager:<region>:111111111111:secret:<SecretId-0idx><ArnPart-0idx>`),
 * or an object key (`VersionIdsToStages: {"<version_uuid:1>": [...]}`).
 *
 * The literal account id `111111111111` is the recorder's stand-in for the real one, so it is a
 * placeholder too. `datetime` stands for any timestamp: answers are put in that form before they
 * are compared (see ./answer-form.ts). Objects match whatever the order of their keys; lists
 * match in order; a key on one side only is a difference.
 */

const TOKEN = /(<[A-Za-z][A-Za-z0-9_.-]*(?::\d+)?>|111111111111)/;
const ACCOUNT = "111111111111";

/** What each kind of placeholder can stand for; any other stands for any non-empty text. */
function patternFor(placeholder: string): string {
  if (placeholder === ACCOUNT) return "\\d{12}";
  if (placeholder === "<partition>") return "aws(?:-[a-z]+)*";
  if (placeholder === "<region>") return "[a-z]{2}(?:-[a-z]+)+-\\d+";
  if (placeholder.startsWith("<ArnPart-")) return "-[A-Za-z0-9]{6}";
  return ".+?";
}

function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Placeholder-to-value bindings for one recorded test, one to one. */
export class Bindings {
  readonly #values = new Map<string, string>();
  readonly #holders = new Map<string, string>();

  valueOf(placeholder: string): string | undefined {
    return this.#values.get(placeholder);
  }

  /** The placeholder that already stands for `value`, if one does. */
  holderOf(value: string): string | undefined {
    return this.#holders.get(value);
  }

  /** Binds a placeholder that is not bound yet to a value no other placeholder holds. */
  bind(placeholder: string, value: string): void {
    this.#values.set(placeholder, value);
    this.#holders.set(value, placeholder);
  }
}

function isPlaceholder(text: string): boolean {
  return new RegExp(`^${TOKEN.source}$`).test(text);
}

/**
 * Matches one recorded string against an actual one, binding its placeholders; returns what
 * differs, or `undefined`. Nothing is bound unless the whole string matches.
 */
export function matchString(
  recorded: string,
  actual: string,
  bindings: Bindings,
): string | undefined {
  const groups = new Map<string, string>();
  let source = "^";
  recorded.split(TOKEN).forEach((part, index) => {
    if (index % 2 === 0) {
      source += literal(part);
      return;
    }
    const bound = bindings.valueOf(part);
    const group = groups.get(part);
    if (bound !== undefined) source += literal(bound);
    else if (group !== undefined) source += `\\k<${group}>`;
    else {
      const name = `p${groups.size}`;
      groups.set(part, name);
      source += `(?<${name}>${patternFor(part)})`;
    }
  });
  const match = new RegExp(`${source}$`, "s").exec(actual);
  if (match === null) return `${JSON.stringify(actual)}, recorded ${JSON.stringify(recorded)}`;
  const fresh = [...groups].map(([placeholder, group]) => {
    return [placeholder, match.groups?.[group] as string] as const;
  });
  const values = new Set<string>();
  for (const [placeholder, value] of fresh) {
    const holder = bindings.holderOf(value) ?? (values.has(value) ? "another placeholder" : "");
    if (holder !== "") {
      return `${JSON.stringify(actual)} gives ${placeholder} the value ${holder} already stands for`;
    }
    values.add(value);
  }
  for (const [placeholder, value] of fresh) bindings.bind(placeholder, value);
  return undefined;
}

/** Every difference between a recorded answer and an actual one, as `path: what`. */
export function compareWithRecording(
  recorded: unknown,
  actual: unknown,
  bindings: Bindings,
  path = "$",
): string[] {
  if (typeof recorded === "string") {
    if (typeof actual !== "string") return [`${path}: ${show(actual)}, recorded ${show(recorded)}`];
    const problem = matchString(recorded, actual, bindings);
    return problem === undefined ? [] : [`${path}: ${problem}`];
  }
  if (Array.isArray(recorded)) {
    if (!Array.isArray(actual) || actual.length !== recorded.length) {
      return [`${path}: ${show(actual)}, recorded ${show(recorded)}`];
    }
    return recorded.flatMap((entry, index) =>
      compareWithRecording(entry, actual[index], bindings, `${path}[${index}]`),
    );
  }
  if (isObject(recorded)) {
    // The recorder stores JSON text (a resource policy, say) parsed.
    const value = typeof actual === "string" ? parseJson(actual) : actual;
    if (!isObject(value)) return [`${path}: ${show(actual)}, recorded an object`];
    return compareObjects(recorded, value, bindings, path);
  }
  return Object.is(recorded, actual)
    ? []
    : [`${path}: ${show(actual)}, recorded ${show(recorded)}`];
}

function compareObjects(
  recorded: Record<string, unknown>,
  actual: Record<string, unknown>,
  bindings: Bindings,
  path: string,
): string[] {
  const differences: string[] = [];
  const unmatched = new Set(Object.keys(actual));
  const literalKeys = Object.keys(recorded).filter((key) => !isPlaceholder(key));
  for (const key of literalKeys) {
    unmatched.delete(key);
    if (!(key in actual))
      differences.push(`${path}.${key}: absent, recorded ${show(recorded[key])}`);
    else
      differences.push(
        ...compareWithRecording(recorded[key], actual[key], bindings, `${path}.${key}`),
      );
  }
  for (const placeholder of Object.keys(recorded).filter(isPlaceholder)) {
    const key = keyFor(placeholder, unmatched, bindings);
    if (key === undefined) {
      differences.push(
        `${path}.${placeholder}: no matching key, recorded ${show(recorded[placeholder])}`,
      );
      continue;
    }
    unmatched.delete(key);
    differences.push(
      ...compareWithRecording(recorded[placeholder], actual[key], bindings, `${path}.${key}`),
    );
  }
  for (const key of unmatched)
    differences.push(`${path}.${key}: ${show(actual[key])}, not recorded`);
  return differences;
}

/** The actual key a placeholder key stands for: its bound value, or the first free key. */
function keyFor(placeholder: string, keys: Set<string>, bindings: Bindings): string | undefined {
  const bound = bindings.valueOf(placeholder);
  if (bound !== undefined) return keys.has(bound) ? bound : undefined;
  for (const key of keys) {
    if (bindings.holderOf(key) !== undefined) continue;
    if (matchString(placeholder, key, bindings) === undefined) return key;
  }
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (value === undefined) return "absent";
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 160)}...` : text;
}
