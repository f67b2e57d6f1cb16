/**
 * For the Node tests (unit, e2e, reliability, bench) that import a Worker module for one pure
 * function: the Worker runtime's names those modules mention, as opaque types. The Worker
 * tests type-check against the real runtime types (tests/worker/tsconfig.json).
 */
type D1Result = { meta: { changes: number; last_row_id: number } };
interface D1PreparedStatement {
  bind(...values: unknown[]): D1PreparedStatement;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  run(): Promise<D1Result>;
  all<T = Record<string, unknown>>(): Promise<{ results: T[] }>;
}
interface D1Database {
  prepare(sql: string): D1PreparedStatement;
  batch(statements: D1PreparedStatement[]): Promise<D1Result[]>;
}
type Fetcher = unknown;
interface R2Bucket {
  head(key: string): Promise<object | null>;
  get(key: string): Promise<{ text(): Promise<string> } | null>;
  put(key: string, value: string, options?: object): Promise<unknown>;
}
type RateLimit = unknown;
type R2Bucket = unknown;
type ScheduledController = unknown;
type ExecutionContext = unknown;
type MessageBatch<T = unknown> = { messages: { body: T }[] };
type Queue<T = unknown> = { send(body: T): Promise<void> };
declare class HTMLRewriter {
  on(selector: string, handlers: object): HTMLRewriter;
  transform(response: Response): Response;
}
