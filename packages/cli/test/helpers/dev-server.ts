/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies and golden files are untyped JSON */
// Start a dev server on an ephemeral port with a temporary database, and talk to it over HTTP.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DevStore, type Retention } from '../../src/dev/store/dev-store.js';
import { startDevServer, type DevServer } from '../../src/dev/server.js';
import type { IngestOutcome } from '../../src/dev/ingest.js';
import type { SqliteDriverChoice } from '../../src/dev/store/sqlite.js';

export interface TestDev {
  server: DevServer;
  store: DevStore;
  dbPath: string;
  dir: string;
  outcomes: IngestOutcome[];
  post(path: string, body: string | Buffer, headers?: Record<string, string>): Promise<{ status: number; json: any; text: string }>;
  get(path: string): Promise<{ status: number; json: any; text: string }>;
  /** Stop the server and close the database (keeps the files). */
  stop(): Promise<void>;
  /** stop() and delete the temporary directory. */
  dispose(): Promise<void>;
}

export function tempDir(prefix = 'otel-llmobs-dev-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startTestDev(
  options: { dbPath?: string; retention?: Retention; uiDir?: string; driver?: SqliteDriverChoice; now?: () => number } = {},
): Promise<TestDev> {
  const dir = tempDir();
  const dbPath = options.dbPath ?? join(dir, 'dev.sqlite');
  const store = new DevStore({ path: dbPath, retention: options.retention, driver: options.driver, now: options.now });
  const outcomes: IngestOutcome[] = [];
  const server = await startDevServer({ store, port: 0, uiDir: options.uiDir, onIngest: (o) => outcomes.push(o) });
  const request = async (method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}${path}`, { method, body, headers });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.close();
    store.close();
  };
  return {
    server,
    store,
    dbPath,
    dir,
    outcomes,
    post: (path, body, headers = { 'content-type': 'application/json' }) => request('POST', path, body, headers),
    get: (path) => request('GET', path),
    stop,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const gzip = (text: string): Buffer => gzipSync(Buffer.from(text));
