import { EndpointError } from "./endpoint-error";
import { type EndpointFunction, getAttr } from "./functions";
import type { Condition, EndpointSpec, Expression, PropertyValue, Rule, RuleSet } from "./types";

/** What an endpoint rule produced, before the URL is parsed. */
export interface RuleEndpoint {
  url: string;
  properties: Record<string, unknown>;
  headers: Record<string, string[]>;
}

/** The names a rule can refer to: the parameters, then the values its conditions assigned. */
type Scope = ReadonlyMap<string, unknown>;

type Functions = Readonly<Record<string, EndpointFunction>>;

/**
 * Walks `ruleSet` with the given parameter values (by the rule set's parameter names) and
 * returns the endpoint of the first rule whose conditions are met. An error rule, a missing
 * required parameter, or a call of a function not in `functions` throws an `EndpointError`.
 */
export function evaluateRuleSet(
  ruleSet: RuleSet,
  values: Readonly<Record<string, unknown>>,
  functions: Functions,
): RuleEndpoint {
  const scope = new Map<string, unknown>();
  for (const [name, spec] of Object.entries(ruleSet.parameters)) {
    const value = values[name] ?? spec.default;
    if (value === undefined) {
      if (spec.required) throw new EndpointError(`Missing required endpoint parameter ${name}`);
    } else if (typeof value !== spec.type) {
      throw new EndpointError(`Endpoint parameter ${name} must be a ${spec.type}`);
    }
    scope.set(name, value);
  }
  return evaluateRules(ruleSet.rules, scope, functions);
}

// A tree whose conditions are met is final: when none of its rules matches, resolution fails
// rather than going on with the tree's siblings. Hence this throws instead of returning nothing.
function evaluateRules(rules: readonly Rule[], scope: Scope, functions: Functions): RuleEndpoint {
  for (const rule of rules) {
    const ruleScope = matchConditions(rule.conditions, scope, functions);
    if (ruleScope === undefined) continue;
    switch (rule.type) {
      case "endpoint":
        return evaluateEndpoint(rule.endpoint, ruleScope, functions);
      case "error":
        throw new EndpointError(evaluateString(rule.error, ruleScope, functions));
      case "tree":
        return evaluateRules(rule.rules, ruleScope, functions);
      default:
        throw new EndpointError(`Unknown endpoint rule type ${(rule as { type: string }).type}`);
    }
  }
  throw new EndpointError("No endpoint rule matches the parameters");
}

/** The scope for the rule's body when every condition is met, else `undefined`. */
function matchConditions(
  conditions: readonly Condition[],
  scope: Scope,
  functions: Functions,
): Scope | undefined {
  let current = scope;
  for (const condition of conditions) {
    const value = callFunction(condition.fn, condition.argv, current, functions);
    if (value === undefined || value === null || value === false) return undefined;
    if (condition.assign !== undefined) current = new Map(current).set(condition.assign, value);
  }
  return current;
}

function callFunction(
  name: string,
  argv: readonly Expression[],
  scope: Scope,
  functions: Functions,
): unknown {
  const fn = Object.hasOwn(functions, name) ? functions[name] : undefined;
  if (fn === undefined) throw new EndpointError(`Unsupported endpoint rule function ${name}`);
  return fn(...argv.map((argument) => evaluateExpression(argument, scope, functions)));
}

function evaluateExpression(expression: Expression, scope: Scope, functions: Functions): unknown {
  if (typeof expression === "string") return evaluateTemplate(expression, scope);
  if (typeof expression !== "object") return expression;
  if ("ref" in expression) return lookUp(expression.ref, scope);
  return callFunction(expression.fn, expression.argv, scope, functions);
}

function evaluateString(expression: Expression, scope: Scope, functions: Functions): string {
  const value = evaluateExpression(expression, scope, functions);
  if (typeof value !== "string") throw new EndpointError("An endpoint rule produced a non-string");
  return value;
}

/** Replaces `{Name}` and `{Name#path}` (a `getAttr` path); `{{` and `}}` stand for braces. */
function evaluateTemplate(template: string, scope: Scope): string {
  return template.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (match, inside?: string) => {
    if (inside === undefined) return match.charAt(0);
    const hash = inside.indexOf("#");
    const value =
      hash === -1
        ? lookUp(inside, scope)
        : getAttr(lookUp(inside.slice(0, hash), scope), inside.slice(hash + 1));
    if (typeof value !== "string") {
      throw new EndpointError(`Endpoint template ${template}: {${inside}} is not a string`);
    }
    return value;
  });
}

function lookUp(name: string, scope: Scope): unknown {
  if (!scope.has(name)) throw new EndpointError(`Endpoint rule refers to unknown name ${name}`);
  return scope.get(name);
}

function evaluateEndpoint(
  endpoint: EndpointSpec,
  scope: Scope,
  functions: Functions,
): RuleEndpoint {
  const headers: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(endpoint.headers ?? {})) {
    headers[name] = values.map((value) => evaluateString(value, scope, functions));
  }
  const properties: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(endpoint.properties ?? {})) {
    properties[name] = evaluateProperty(value, scope);
  }
  return { url: evaluateString(endpoint.url, scope, functions), properties, headers };
}

function evaluateProperty(value: PropertyValue, scope: Scope): unknown {
  if (typeof value === "string") return evaluateTemplate(value, scope);
  if (typeof value !== "object") return value;
  if (Array.isArray(value)) {
    return value.map((item: PropertyValue) => evaluateProperty(item, scope));
  }
  const result: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) result[name] = evaluateProperty(item, scope);
  return result;
}
