/**
 * The shape of the endpoint data generated into `src/generated/endpoint-rules.ts`: an AWS
 * endpoint rule set and the partitions that its `aws.partition` function reads. The types cover
 * the parts of the rules language that the interpreter in `evaluate.ts` understands, so that a
 * model change outside that subset fails type-checking of the generated file.
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
}

/** A literal of the endpoint's properties: strings are templates, the rest is taken as is. */
export type PropertyValue =
  | string
  | boolean
  | number
  | readonly PropertyValue[]
  | { readonly [key: string]: PropertyValue };

export interface EndpointSpec {
  readonly url: Expression;
  readonly properties?: { readonly [key: string]: PropertyValue };
  readonly headers?: { readonly [name: string]: readonly Expression[] };
}

export interface EndpointRule {
  readonly type: "endpoint";
  readonly conditions: readonly Condition[];
  readonly endpoint: EndpointSpec;
}

export interface ErrorRule {
  readonly type: "error";
  readonly conditions: readonly Condition[];
  readonly error: Expression;
}

/** Once its conditions are met, one of its rules must match: a tree is never skipped. */
export interface TreeRule {
  readonly type: "tree";
  readonly conditions: readonly Condition[];
  readonly rules: readonly Rule[];
}

export type Rule = EndpointRule | ErrorRule | TreeRule;

export interface RuleSet {
  readonly version: string;
  readonly parameters: { readonly [name: string]: ParameterSpec };
  readonly rules: readonly Rule[];
}

/** What `aws.partition` returns; rules read it with `getAttr`. */
export interface PartitionOutputs {
  readonly name: string;
  readonly dnsSuffix: string;
  readonly dualStackDnsSuffix: string;
  readonly supportsFIPS: boolean;
  readonly supportsDualStack: boolean;
  readonly implicitGlobalRegion: string;
}

export interface Partition {
  readonly id: string;
  /** Matches the names of regions that the partition will add later. */
  readonly regionRegex: string;
  /** The partition's known regions, each with the outputs it overrides (usually none). */
  readonly regions: { readonly [region: string]: Partial<PartitionOutputs> };
  readonly outputs: PartitionOutputs;
}
