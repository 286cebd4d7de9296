/**
 * One async-generator paginator for every paginated operation, driven by the model's
 * paginator members (`NextToken` in and out, `MaxResults`, the items list). Pages are fetched
 * lazily, one per step of the loop, so breaking out fetches nothing more.
 */
import { PaginationError } from "./errors";

/** Options of every paginator. */
export interface PaginateOptions {
  /** Entries per page: sent as `MaxResults`, and wins over one in the input. */
  pageSize?: number | undefined;
  /** Start from this `NextToken` instead of the first page. */
  startingToken?: string | undefined;
  /** Cancels the page being fetched; the loop rejects with `AbortError`. */
  signal?: AbortSignal | undefined;
}

/**
 * Whole output pages, one per iteration, following `NextToken` until it is absent or empty.
 * Each `for await` starts again from the first page (or `startingToken`).
 */
export interface Paginator<Page, Item> extends AsyncIterable<Page> {
  /** The entries of every page, in order: the page's list member, flattened. */
  items(): AsyncIterable<Item>;
}

/**
 * How an operation pages: the members its paginator definition in the model names, written into
 * the generated paginator methods (src/generated/client-methods.ts).
 */
export interface PaginatorSpec {
  /** The operation being paged, for example `ListSecrets`. */
  readonly operation: string;
  readonly inputToken: string;
  readonly outputToken: string;
  readonly limitKey: string;
  readonly itemsKey: string;
  /**
   * The input member without which the service refuses a page size: with this member absent no
   * page size is sent (BatchGetSecretValue's `Filters`; the model does not say so).
   */
  readonly pageSizeOnlyWith?: string | undefined;
}

export function paginate<Input extends object, Page extends object, Item>(
  spec: PaginatorSpec,
  fetchPage: (input: Input, options: { signal?: AbortSignal | undefined }) => Promise<Page>,
  input: Input,
  options: PaginateOptions = {},
): Paginator<Page, Item> {
  async function* pages(): AsyncGenerator<Page, void, undefined> {
    const base: Record<string, unknown> = { ...(input as Record<string, unknown>) };
    const takesPageSize =
      spec.pageSizeOnlyWith === undefined || base[spec.pageSizeOnlyWith] !== undefined;
    if (!takesPageSize) delete base[spec.limitKey];
    else if (options.pageSize !== undefined) base[spec.limitKey] = options.pageSize;
    let token = options.startingToken ?? (base[spec.inputToken] as string | undefined);
    // The token we start from counts as followed: a service that leads back to it would loop.
    const seen = new Set<string>(typeof token === "string" && token !== "" ? [token] : []);
    for (;;) {
      const request = { ...base, [spec.inputToken]: token } as Input;
      const page = await fetchPage(request, { signal: options.signal });
      yield page;
      const next = (page as Record<string, unknown>)[spec.outputToken];
      if (typeof next !== "string" || next === "") return;
      if (seen.has(next)) throw new PaginationError(spec.operation);
      seen.add(next);
      token = next;
    }
  }

  return {
    [Symbol.asyncIterator]: () => pages(),
    items: () => ({ [Symbol.asyncIterator]: () => itemsOf<Page, Item>(pages(), spec.itemsKey) }),
  };
}

/**
 * The entries of each page, one by one. Hand-written rather than an async generator with
 * `yield*`, and `next()` is a plain function: while the page in hand has entries it returns an
 * already-settled promise, the least a `for await` step can cost (a listing of thousands of
 * entries pays it on every entry). Calls made while a page is being fetched wait their turn, so
 * that calling `next()` again without awaiting loses and repeats nothing.
 */
function itemsOf<Page, Item>(source: AsyncGenerator<Page, void, undefined>, itemsKey: string) {
  let buffer: readonly Item[] = [];
  let index = 0;
  let fetching: Promise<IteratorResult<Item>> | undefined;
  let closed = false;
  async function take(): Promise<IteratorResult<Item>> {
    while (index >= buffer.length) {
      if (closed) return { value: undefined, done: true };
      const step = await source.next();
      if (step.done === true || closed) return { value: undefined, done: true };
      const entries = (step.value as Record<string, unknown>)[itemsKey];
      buffer = Array.isArray(entries) ? (entries as Item[]) : [];
      index = 0;
    }
    return { value: buffer[index++] as Item, done: false };
  }
  const iterator: AsyncIterableIterator<Item> = {
    next(): Promise<IteratorResult<Item>> {
      if (fetching === undefined && index < buffer.length) {
        return Promise.resolve({ value: buffer[index++] as Item, done: false });
      }
      const turn = fetching === undefined ? take() : fetching.then(take, take);
      fetching = turn;
      const done = () => {
        if (fetching === turn) fetching = undefined;
      };
      turn.then(done, done);
      return turn;
    },
    async return(): Promise<IteratorResult<Item>> {
      // Once closed, the entries left in the page in hand are not handed out either.
      closed = true;
      buffer = [];
      index = 0;
      await source.return();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
