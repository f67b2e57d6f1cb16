/**
 * For the Node tests (unit, e2e, reliability, bench) that import a Worker module for one pure
 * function: the Worker runtime's names those modules mention, as opaque types. The Worker
 * tests type-check against the real runtime types (tests/worker/tsconfig.json).
 */
type D1Database = unknown;
type D1PreparedStatement = unknown;
type D1Result = { meta: { changes: number } };
type Fetcher = unknown;
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
