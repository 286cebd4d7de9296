/**
 * Compiles an AWS endpoint rule set (the `*.endpoint-rules.json` of a service model) into the
 * body of a JavaScript function: its rules become nested `if` statements that return the
 * endpoint URL or throw, in the rules' order. The runtime then carries neither the rule set nor
 * an interpreter for it, only the few lines the rules amount to.
 *
 * The compiler covers the part of the rules language that Secrets Manager's rule set uses (the
 * functions in `FUNCTIONS`, `getAttr` paths of member names, endpoints without headers or
 * properties) and throws at generation time for anything else, naming it, so that a model
 * update needing more fails `npm run codegen` instead of resolving wrongly at run time.
 *
 * The body it returns is plain JavaScript (also valid TypeScript). It reads the parameters from
 * `parameters`, calls `partition(region)` for `aws.partition`, and throws `EndpointError`; the
 * emitter wraps it in a typed function, and the unit tests run it with `new Function`.
 */

/** `{ "ref": "Region" }`: the value of a parameter, or of a condition's `assign`. */
export interface Reference {
  readonly ref: string;
}

/** `{ "fn": "getAttr", "argv": [...] }`: a call of one of the rules language's functions. */
export interface FunctionCall {
  readonly fn: string;
  readonly argv: readonly Expression[];
}

/** A string is a template: `{Name}` and `{Name#path}` are replaced, `{{` and `}}` escape. */
export type Expression = string | boolean | number | Reference | FunctionCall;

/** Met when the call returns anything but `false`, `undefined` or `null`. */
export interface Condition extends FunctionCall {
  /** Binds the call's result to this name for the later conditions and the nested rules. */
  readonly assign?: string;
}

export interface ParameterSpec {
  readonly type: "string" | "boolean";
  /** Which SDK setting fills the parameter, for example `AWS::Region`. */
  readonly builtIn?: string;
  readonly required?: boolean;
  readonly default?: string | boolean;
  readonly documentation?: string;
}

export interface EndpointSpec {
  readonly url: Expression;
  readonly properties?: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, readonly Expression[]>>;
}

export type Rule =
  | { readonly type: "endpoint"; readonly conditions: readonly Condition[]; endpoint: EndpointSpec }
  | { readonly type: "error"; readonly conditions: readonly Condition[]; error: Expression }
  /** Once its conditions are met, one of its rules must match: a tree is never skipped. */
  | { readonly type: "tree"; readonly conditions: readonly Condition[]; rules: readonly Rule[] };

export interface RuleSet {
  readonly version: string;
  readonly parameters: Readonly<Record<string, ParameterSpec>>;
  readonly rules: readonly Rule[];
}

/** Thrown when a tree's conditions are met but none of its rules matches, as the spec says. */
export const NO_MATCH = "No endpoint rule matches the parameters";

/** Each supported function: whether it returns a boolean (usable as a condition as is), and its arity. */
const FUNCTIONS: Readonly<Record<string, { boolean: boolean; arity: number }>> = {
  isSet: { boolean: true, arity: 1 },
  not: { boolean: true, arity: 1 },
  booleanEquals: { boolean: true, arity: 2 },
  stringEquals: { boolean: true, arity: 2 },
  getAttr: { boolean: false, arity: 2 },
  "aws.partition": { boolean: false, arity: 1 },
};

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The function body for `ruleSet` (see the file comment for what it reads and throws). */
export function compileRuleSet(ruleSet: RuleSet): string {
  const lines: string[] = [];
  const scope = new Set<string>();
  for (const [name, spec] of Object.entries(ruleSet.parameters)) {
    const variable = declare(name, scope);
    const fallback = spec.default === undefined ? "" : ` ?? ${JSON.stringify(spec.default)}`;
    lines.push(`const ${variable} = parameters.${name}${fallback};`);
    if (spec.required && spec.default === undefined) {
      lines.push(
        `if (${variable} === undefined) throw new EndpointError(${JSON.stringify(
          `Missing required endpoint parameter ${name}`,
        )});`,
      );
    }
  }
  lines.push(...compileRules(ruleSet.rules, scope));
  return lines.join("\n");
}

function declare(name: string, scope: Set<string>): string {
  if (!IDENTIFIER.test(name)) throw new Error(`endpoint rules: "${name}" is not an identifier`);
  scope.add(name);
  return name;
}

/** Rules in order; a tree whose conditions are met is final, hence the `throw` at the end. */
function compileRules(rules: readonly Rule[], scope: ReadonlySet<string>): string[] {
  const lines: string[] = [];
  for (const rule of rules) {
    lines.push(...compileRule(rule, scope));
    // A rule without conditions always returns or throws: whatever follows is unreachable.
    if (rule.conditions.length === 0) return lines;
  }
  lines.push(`throw new EndpointError(${JSON.stringify(NO_MATCH)});`);
  return lines;
}

/**
 * One rule: its conditions as nested blocks (a condition with `assign` binds a `const` that
 * the later conditions and the body see), then its body.
 */
function compileRule(rule: Rule, outer: ReadonlySet<string>): string[] {
  const scope = new Set(outer);
  const opening: string[] = [];
  let closing = 0;
  let pending: string[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    opening.push(`if (${pending.join(" && ")}) {`);
    closing += 1;
    pending = [];
  };
  for (const condition of rule.conditions) {
    const call = compileCall(condition, scope);
    if (condition.assign === undefined) {
      pending.push(FUNCTIONS[condition.fn]?.boolean ? call : `(${call} ?? false) !== false`);
      continue;
    }
    flush();
    const variable = declare(condition.assign, scope);
    opening.push("{", `const ${variable} = ${call};`);
    closing += 1;
    pending.push(`(${variable} ?? false) !== false`);
  }
  flush();
  return [...opening, ...compileBody(rule, scope), ...Array<string>(closing).fill("}")];
}

function compileBody(rule: Rule, scope: ReadonlySet<string>): string[] {
  switch (rule.type) {
    case "endpoint": {
      const { url, headers = {}, properties = {} } = rule.endpoint;
      if (Object.keys(headers).length > 0 || Object.keys(properties).length > 0) {
        // Headers or properties (an `authSchemes` override of the signing name or region, say)
        // would need handling in resolveEndpoint first.
        throw new Error("endpoint rules: endpoint headers and properties are not supported");
      }
      return [`return ${compileExpression(url, scope)};`];
    }
    case "error":
      return [`throw new EndpointError(${compileExpression(rule.error, scope)});`];
    case "tree":
      return compileRules(rule.rules, scope);
    default:
      throw new Error(`endpoint rules: unknown rule type ${(rule as { type: string }).type}`);
  }
}

function compileExpression(expression: Expression, scope: ReadonlySet<string>): string {
  if (typeof expression === "string") return compileTemplate(expression, scope);
  if (typeof expression !== "object") return JSON.stringify(expression);
  if ("ref" in expression) return reference(expression.ref, scope);
  return compileCall(expression, scope);
}

function compileCall(call: FunctionCall, scope: ReadonlySet<string>): string {
  const spec = Object.hasOwn(FUNCTIONS, call.fn) ? FUNCTIONS[call.fn] : undefined;
  if (spec === undefined) throw new Error(`endpoint rules: unsupported function ${call.fn}`);
  if (call.argv.length !== spec.arity) {
    throw new Error(`endpoint rules: ${call.fn} takes ${spec.arity} argument(s)`);
  }
  const [first, second] = call.argv as [Expression, Expression];
  if (call.fn === "getAttr") {
    // The path is a literal, not a template: it is read here, never compiled.
    if (typeof second !== "string") throw new Error("endpoint rules: getAttr needs a path");
    return attribute(compileExpression(first, scope), second);
  }
  const args = call.argv.map((argument) => compileExpression(argument, scope));
  switch (call.fn) {
    // Parenthesised so that a call nested in another compiles right; the formatter drops the
    // parentheses it does not need.
    case "isSet":
      return `(${args[0]} !== undefined)`;
    case "not":
      return `!(${args[0]})`;
    case "booleanEquals":
    case "stringEquals":
      return `(${args[0]} === ${args[1]})`;
    default:
      return `partition(${args[0]})`;
  }
}

/** `getAttr(value, "a.b")` as `value?.a?.b`; list indexes (`a[1]`) are not supported. */
function attribute(value: string, path: string): string {
  const steps = path.split(".");
  for (const step of steps) {
    if (!IDENTIFIER.test(step)) throw new Error(`endpoint rules: unsupported getAttr path ${path}`);
  }
  return `${value}${steps.map((step) => `?.${step}`).join("")}`;
}

function reference(name: string, scope: ReadonlySet<string>): string {
  if (!scope.has(name)) throw new Error(`endpoint rules: reference to unknown name ${name}`);
  return name;
}

/** `{Name}` and `{Name#path}` become `${...}` of a template literal; `{{` and `}}` braces. */
function compileTemplate(template: string, scope: ReadonlySet<string>): string {
  if (!/[{}]/.test(template)) return JSON.stringify(template);
  const text = template.replace(/\{\{|\}\}|\{([^{}]*)\}|[`\\$]/g, (match, inside?: string) => {
    if (match === "{{" || match === "}}") return match.charAt(0);
    if (inside === undefined) return `\\${match}`;
    const hash = inside.indexOf("#");
    const value =
      hash === -1
        ? reference(inside, scope)
        : attribute(reference(inside.slice(0, hash), scope), inside.slice(hash + 1));
    return `\${${value}}`;
  });
  return `\`${text}\``;
}
