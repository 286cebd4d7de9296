/**
 * Loads the vendored service model and answers the questions every emitter asks: which shapes
 * an operation reaches, which structures sit on the input side, the output side or both.
 *
 * The loader refuses anything this generator does not know how to emit (a new shape type, a new
 * trait), so a model update that needs generator work fails loudly instead of being skipped.
 */
import { readFileSync } from "node:fs";

export interface MemberRef {
  readonly shape: string;
  readonly idempotencyToken?: boolean;
  readonly box?: boolean;
}

export type ShapeType =
  | "structure"
  | "list"
  | "map"
  | "string"
  | "blob"
  | "boolean"
  | "timestamp"
  | "integer"
  | "long";

export interface Shape {
  readonly type: ShapeType;
  readonly members?: Readonly<Record<string, MemberRef>>;
  readonly required?: readonly string[];
  readonly member?: MemberRef;
  readonly key?: MemberRef;
  readonly value?: MemberRef;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  readonly sensitive?: boolean;
  readonly exception?: boolean;
  readonly fault?: boolean;
  readonly box?: boolean;
}

export interface Operation {
  readonly name: string;
  readonly input?: { readonly shape: string };
  readonly output?: { readonly shape: string };
  readonly errors?: readonly { readonly shape: string }[];
}

export interface Paginator {
  readonly input_token: string;
  readonly output_token: string;
  readonly limit_key: string;
  readonly result_key: string;
}

interface ServiceFile {
  readonly metadata: { readonly targetPrefix: string; readonly protocol: string };
  readonly operations: Readonly<Record<string, Operation>>;
  readonly shapes: Readonly<Record<string, Shape>>;
}

interface PaginatorsFile {
  readonly pagination: Readonly<Record<string, Paginator>>;
}

const SHAPE_TYPES: ReadonlySet<string> = new Set<ShapeType>([
  "structure",
  "list",
  "map",
  "string",
  "blob",
  "boolean",
  "timestamp",
  "integer",
  "long",
]);

/** Shape keys the emitters read, plus `box` (nullability, meaningless in TypeScript). */
const SHAPE_KEYS: ReadonlySet<string> = new Set([
  "type",
  "members",
  "required",
  "member",
  "key",
  "value",
  "min",
  "max",
  "pattern",
  "enum",
  "sensitive",
  "exception",
  "fault",
  "box",
]);

const MEMBER_KEYS: ReadonlySet<string> = new Set(["shape", "idempotencyToken", "box"]);

export class Model {
  readonly targetPrefix: string;
  /** Operations in model order. */
  readonly operations: readonly Operation[];
  readonly paginators: Readonly<Record<string, Paginator>>;
  readonly #shapes: Readonly<Record<string, Shape>>;

  constructor(service: ServiceFile, paginators: PaginatorsFile) {
    if (service.metadata.protocol !== "json") {
      throw new Error(
        `unsupported protocol ${service.metadata.protocol}; this generator emits json`,
      );
    }
    this.targetPrefix = service.metadata.targetPrefix;
    this.operations = Object.values(service.operations);
    this.paginators = paginators.pagination;
    this.#shapes = service.shapes;
    this.#checkSupported();
  }

  static load(serviceFile: string, paginatorsFile: string): Model {
    const service = JSON.parse(readFileSync(serviceFile, "utf8")) as ServiceFile;
    const paginators = JSON.parse(readFileSync(paginatorsFile, "utf8")) as PaginatorsFile;
    return new Model(service, paginators);
  }

  shape(name: string): Shape {
    const shape = this.#shapes[name];
    if (shape === undefined) throw new Error(`the model has no shape named ${name}`);
    return shape;
  }

  /** Member name and reference of a structure, in model order. */
  members(name: string): [string, MemberRef][] {
    return Object.entries(this.shape(name).members ?? {});
  }

  isRequired(structure: string, member: string): boolean {
    return this.shape(structure).required?.includes(member) ?? false;
  }

  /** Whether a structure can be left empty: it requires no member. */
  requiresNothing(structure: string): boolean {
    return (this.shape(structure).required ?? []).length === 0;
  }

  /** Error shapes, sorted by name. */
  errorShapes(): string[] {
    return Object.keys(this.#shapes)
      .filter((name) => this.shape(name).exception === true)
      .sort();
  }

  /** The shapes a list, map or structure refers to directly. */
  children(name: string): string[] {
    const shape = this.shape(name);
    switch (shape.type) {
      case "structure":
        return Object.values(shape.members ?? {}).map((member) => member.shape);
      case "list":
        return [ref(shape.member, name, "member").shape];
      case "map":
        return [ref(shape.key, name, "key").shape, ref(shape.value, name, "value").shape];
      default:
        return [];
    }
  }

  /** Every shape reachable from the given roots, the roots included. */
  reachable(roots: readonly string[]): Set<string> {
    const seen = new Set<string>();
    const visit = (name: string): void => {
      if (seen.has(name)) return;
      seen.add(name);
      for (const child of this.children(name)) visit(child);
    };
    for (const root of roots) visit(root);
    return seen;
  }

  /** Shapes reachable from any operation's input (`"input"`) or output (`"output"`). */
  side(side: "input" | "output"): Set<string> {
    const roots = this.operations.flatMap((operation) => {
      const shape = operation[side]?.shape;
      return shape === undefined ? [] : [shape];
    });
    return this.reachable(roots);
  }

  /** True when the shape or anything below it is of one of the given types. */
  holds(name: string, types: readonly ShapeType[]): boolean {
    return [...this.reachable([name])].some((shape) => types.includes(this.shape(shape).type));
  }

  #checkSupported(): void {
    for (const [name, shape] of Object.entries(this.#shapes)) {
      if (!SHAPE_TYPES.has(shape.type)) {
        throw new Error(`shape ${name} has type ${shape.type}, which the generator cannot emit`);
      }
      for (const key of Object.keys(shape)) {
        if (!SHAPE_KEYS.has(key)) throw new Error(`shape ${name} has an unknown trait ${key}`);
      }
      for (const [member, target] of Object.entries(shape.members ?? {})) {
        for (const key of Object.keys(target)) {
          if (!MEMBER_KEYS.has(key)) {
            throw new Error(`member ${name}.${member} has an unknown trait ${key}`);
          }
        }
        this.shape(target.shape);
      }
      for (const member of shape.required ?? []) {
        if (shape.members?.[member] === undefined) {
          throw new Error(`shape ${name} requires ${member}, which it does not declare`);
        }
      }
    }
  }
}

function ref(member: MemberRef | undefined, shape: string, role: string): MemberRef {
  if (member === undefined) throw new Error(`shape ${shape} has no ${role}`);
  return member;
}

/** The list's item, or the map's key and value, with a clear error when the model lacks one. */
export function listMember(model: Model, name: string): MemberRef {
  return ref(model.shape(name).member, name, "member");
}

export function mapKey(model: Model, name: string): MemberRef {
  return ref(model.shape(name).key, name, "key");
}

export function mapValue(model: Model, name: string): MemberRef {
  return ref(model.shape(name).value, name, "value");
}
