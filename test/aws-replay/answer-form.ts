/**
 * An HTTP answer put in the form AWS's recordings have: what boto3 made of the answer, then the
 * recorder's normalising. So that the recordings can be compared with what a server sends on
 * the wire, every member sent is kept (boto3 would drop members its model lacks; a JavaScript
 * client does not).
 *
 * - A success is its output with `ResponseMetadata: {HTTPHeaders: {}, HTTPStatusCode}`;
 *   timestamps become `datetime`, bytes Python's `b'...'` text, `VersionStages` lists are
 *   sorted and `Versions` lists sorted by `CreatedDate`.
 * - An error is boto3's `{Error: {Code, Message}, ResponseMetadata}`; boto3 reads the message from
 *   `message` or `Message`, and for an error the model declares it also copies the body's
 *   `Message` member to the top level, which is how the recordings show that AWS wrote `Message`.
 */
import { decodeBody } from "../../src/core/wire";
import { modeledErrors } from "../../src/generated/errors";
import { type OperationName, operations } from "../../src/generated/operations";

/** One HTTP answer. */
export interface Answer {
  readonly operation: OperationName;
  readonly status: number;
  readonly text: string;
}

export function isSuccess(answer: Answer): boolean {
  return answer.status >= 200 && answer.status < 300;
}

/** The answer as boto3 gives it, normalised as the recorder does. */
export function botoForm(answer: Answer): Record<string, unknown> {
  const metadata = { HTTPHeaders: {}, HTTPStatusCode: answer.status };
  if (isSuccess(answer)) {
    const output = decodeBody(answer.text, operations[answer.operation].output);
    return { ...(normalise(output) as object), ResponseMetadata: metadata };
  }
  const { code, message, body } = errorOf(answer);
  const form: Record<string, unknown> = { Error: { Code: code, Message: message } };
  if (code in modeledErrors && typeof body["Message"] === "string")
    form["Message"] = body["Message"];
  form["ResponseMetadata"] = metadata;
  return form;
}

/** `str(ClientError)`: how a recording holds an exception it was given whole. */
export function botoErrorText(answer: Answer): string {
  const { code, message } = errorOf(answer);
  return `An error occurred (${code}) when calling the ${answer.operation} operation: ${message}`;
}

/** The body as JSON, untouched: for recordings of raw HTTP answers. */
export function rawJson(answer: Answer): unknown {
  try {
    return JSON.parse(answer.text);
  } catch {
    return answer.text;
  }
}

function errorOf(answer: Answer): { code: string; message: string; body: Record<string, unknown> } {
  const parsed = rawJson(answer);
  const body =
    typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const type = typeof body["__type"] === "string" ? body["__type"] : String(answer.status);
  // `ns#Code` and `Code:http://...` both name `Code`.
  const code = (type.split(":")[0] as string).split("#").pop() as string;
  const message = body["message"] ?? body["Message"] ?? "";
  return { code, message: String(message), body };
}

function normalise(value: unknown, key?: string): unknown {
  if (value instanceof Date) return "datetime";
  if (value instanceof Uint8Array) return pythonBytes(value);
  if (Array.isArray(value)) {
    let list = value;
    if (key === "VersionStages") list = [...value].sort();
    if (key === "Versions") list = [...value].sort(byCreatedDate);
    return list.map((entry) => normalise(entry));
  }
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([member, inner]) => [member, normalise(inner, member)]),
    );
  }
  return value;
}

function byCreatedDate(left: unknown, right: unknown): number {
  const time = (entry: unknown) =>
    ((entry as { CreatedDate?: Date }).CreatedDate ?? new Date(0)).getTime();
  return time(left) - time(right);
}

/** Python's `repr(bytes)`: `b'footest'`, `b'\x00\x01'`. */
export function pythonBytes(bytes: Uint8Array): string {
  const quote = bytes.includes(0x27) && !bytes.includes(0x22) ? '"' : "'";
  let text = "";
  for (const byte of bytes) {
    const character = String.fromCharCode(byte);
    if (byte === 0x5c) text += "\\\\";
    else if (character === quote) text += `\\${quote}`;
    else if (byte === 0x09) text += "\\t";
    else if (byte === 0x0a) text += "\\n";
    else if (byte === 0x0d) text += "\\r";
    else if (byte >= 0x20 && byte < 0x7f) text += character;
    else text += `\\x${byte.toString(16).padStart(2, "0")}`;
  }
  return `b${quote}${text}${quote}`;
}
