import type { TestProject } from 'vitest/node';
import { startServer, type DevServer } from '../support/server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

let server: DevServer | undefined;

export async function setup(project: TestProject) {
  server = await startServer();
  project.provide('baseURL', server.url);
}

export async function teardown() {
  await server?.stop();
}
