import type { TestProject } from 'vitest/node';
import { startServer, type DevServer } from '../support/server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    /** The local D1 state of the server, for `npm run staff:add -- --persist-to`. */
    persistDir: string;
  }
}

let server: DevServer | undefined;

export async function setup(project: TestProject) {
  server = await startServer();
  project.provide('baseURL', server.url);
  project.provide('persistDir', server.persistDir);
}

export async function teardown() {
  await server?.stop();
}
