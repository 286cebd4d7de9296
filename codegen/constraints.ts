/**
 * Turns a shape's constraints into the two forms the output needs: a JavaScript RegExp source
 * for the model's patterns, and a short sentence for doc comments.
 */
import { listMember, type Model, mapKey, mapValue } from "./model";

/** Characters that keep their backslash outside a character class. */
const SYNTAX_OUTSIDE_CLASS = new Set("^$\\.*+?()[]{}|/");
/** Characters that keep their backslash inside a character class. */
const SYNTAX_INSIDE_CLASS = new Set("\\]^-[");

/**
 * The model's patterns are validated by a Java service, which matches a pattern against the whole
 * value; a JavaScript RegExp searches for it anywhere. So every pattern is anchored at both ends
 * (an already anchored pattern keeps its anchors, a top-level alternation is grouped first).
 *
 * On the way, escapes of punctuation that needs none (`\!`, `\=`, `\/` in a class) are dropped so
 * the regex literal is what the linter accepts and the message shows the pattern that runs; in a
 * non-unicode JavaScript RegExp such an escape means the character itself, so nothing changes.
 * Java-only syntax (possessive quantifiers, `\A`, `\z`, `\p{..}`, inline flags, nested classes,
 * class intersection) is refused: it would need a hand translation.
 */
export function anchoredPattern(pattern: string): string {
  let out = "";
  let inClass = false;
  let classBody = -1; // where the current class's first member goes in `out`
  let depth = 0;
  let alternation = false;
  const refuse = (what: string): never => {
    throw new Error(`pattern ${pattern} uses ${what}, which has no JavaScript equivalent`);
  };
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern.charAt(i);
    const next = pattern.charAt(i + 1);
    if (char === "\\") {
      if (next === "") refuse("a trailing backslash");
      if ("AZzGQEpP".includes(next)) refuse(`\\${next}`);
      const keep = inClass ? SYNTAX_INSIDE_CLASS : SYNTAX_OUTSIDE_CLASS;
      // A hyphen is literal without its backslash at either end of a class.
      const edgeHyphen =
        inClass && next === "-" && (out.length === classBody || pattern.charAt(i + 2) === "]");
      out += edgeHyphen || (isPunctuation(next) && !keep.has(next)) ? next : `\\${next}`;
      i++;
      continue;
    }
    if (inClass) {
      if (char === "]") inClass = false;
      if (char === "&" && next === "&") refuse("class intersection");
      if (char === "[") refuse("a nested class (a union in Java, a literal [ in JavaScript)");
      out += char;
      continue;
    }
    if (char === "[") {
      inClass = true;
      out += next === "^" ? "[^" : "[";
      if (next === "^") i++;
      classBody = out.length;
      continue;
    }
    if (char === "(") {
      depth++;
      if (next === "?" && !":=!<".includes(pattern.charAt(i + 2))) refuse("an inline flag");
    }
    if (char === ")") depth--;
    if (char === "|" && depth === 0) alternation = true;
    if ("*+?}".includes(char) && next === "+") refuse("a possessive quantifier");
    out += char;
  }
  let source: string;
  if (alternation) {
    source = `^(?:${out})$`;
  } else {
    const start = out.startsWith("^") ? "" : "^";
    const end = out.endsWith("$") && !endsWithEscape(out.slice(0, -1)) ? "" : "$";
    source = `${start}${out}${end}`;
  }
  new RegExp(source); // throws on anything JavaScript cannot compile
  return source;
}

function isPunctuation(char: string): boolean {
  return /^[!-/:-@[-`{-~ ]$/.test(char);
}

/** True when the text ends in an odd number of backslashes, so the next character is escaped. */
function endsWithEscape(text: string): boolean {
  let count = 0;
  for (let i = text.length - 1; i >= 0 && text.charAt(i) === "\\"; i--) count++;
  return count % 2 === 1;
}

function plural(count: number, unit: string): string {
  if (count === 1) return `${count} ${unit}`;
  return `${count} ${unit.endsWith("y") ? `${unit.slice(0, -1)}ies` : `${unit}s`}`;
}

/** `1 to 2048 characters`, `at most 512 characters`, `at least 1 item`, or `""`. */
export function sizeWords(min: number | undefined, max: number | undefined, unit: string): string {
  const low = min !== undefined && min > 0 ? min : undefined;
  if (low !== undefined && max !== undefined) {
    return low === max ? `exactly ${plural(max, unit)}` : `${low} to ${plural(max, unit)}`;
  }
  if (max !== undefined) return `at most ${plural(max, unit)}`;
  if (low !== undefined) return `at least ${plural(low, unit)}`;
  return "";
}

/** `from 1 to 1000`, `at least 1`, `at most 20`, or `""`. */
function rangeWords(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `from ${min} to ${max}`;
  if (min !== undefined) return `at least ${min}`;
  if (max !== undefined) return `at most ${max}`;
  return "";
}

/**
 * String shapes whose length limit the service counts in UTF-8 bytes, not characters. The model
 * states 65,536 for `SecretStringType` like any string length, but the service quota is 65,536
 * bytes: 65,536 × "é" (two bytes each) passes a character count and fails in AWS.
 */
export const BYTE_COUNTED_STRINGS: ReadonlySet<string> = new Set(["SecretStringType"]);

/**
 * The constraints of a value of this shape in a few words, without a final period, or `""`
 * when there are none worth saying (structures, enums, booleans, timestamps).
 */
export function constraintWords(model: Model, name: string): string {
  const shape = model.shape(name);
  switch (shape.type) {
    case "string": {
      if (shape.enum !== undefined) return "";
      const unit = BYTE_COUNTED_STRINGS.has(name) ? "UTF-8 byte" : "character";
      const parts = [sizeWords(shape.min, shape.max, unit)];
      if (shape.pattern !== undefined) parts.push(`matching \`${anchoredPattern(shape.pattern)}\``);
      return parts.filter((part) => part !== "").join(", ");
    }
    case "blob": {
      const size = sizeWords(shape.min, shape.max, "byte");
      return size === "" ? "" : `${size} (a string counts its UTF-8 bytes)`;
    }
    case "integer":
    case "long":
      return ["a whole number", rangeWords(shape.min, shape.max)].filter(Boolean).join(" ");
    case "list": {
      const items = sizeWords(shape.min, shape.max, "item");
      const each = constraintWords(model, listMember(model, name).shape);
      return [items, each === "" ? "" : `each ${each}`].filter(Boolean).join(", ");
    }
    case "map": {
      const entries = sizeWords(shape.min, shape.max, "entry");
      const key = constraintWords(model, mapKey(model, name).shape);
      const value = constraintWords(model, mapValue(model, name).shape);
      return [entries, key === "" ? "" : `keys ${key}`, value === "" ? "" : `values ${value}`]
        .filter(Boolean)
        .join("; ");
    }
    default:
      return "";
  }
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
