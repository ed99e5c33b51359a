// The few SQLite operations the dev store needs, over one of two drivers picked at runtime:
// - `node:sqlite`, built into Node ≥ 22.13 (no native build; the same test suite runs on Node 22);
// - `better-sqlite3`, the Node 20 path (an optional dependency compiled at install time; a binary
//   built for one Node major does not load in another, which is why it is not the only driver).
// Both are synchronous, which keeps a request's inserts in one transaction without awaiting.
import { createRequire } from 'node:module';
import { errorMessage } from 'otel-llmobs/internals';

export type SqlValue = string | number | bigint | null | Uint8Array;
export type SqlParam = SqlValue | boolean | undefined;
export type SqlRow = Record<string, SqlValue>;

export type SqliteDriverName = 'node:sqlite' | 'better-sqlite3';
export type SqliteDriverChoice = SqliteDriverName | 'auto';

export interface SqlStatement {
  run(...params: SqlParam[]): { changes: number };
  get(...params: SqlParam[]): SqlRow | undefined;
  all(...params: SqlParam[]): SqlRow[];
}

export interface SqlDatabase {
  readonly driver: SqliteDriverName;
  exec(sql: string): void;
  prepare(sql: string): SqlStatement;
  /** Runs `fn` in one write transaction: all of its writes land, or none. */
  transaction<T>(fn: () => T): T;
  close(): void;
}

/** The shape both drivers share (their statements differ only in what `run` returns). */
interface NativeStatement {
  run(...params: SqlValue[]): { changes: number | bigint };
  get(...params: SqlValue[]): unknown;
  all(...params: SqlValue[]): unknown[];
}
interface NativeDatabase {
  exec(sql: string): unknown;
  prepare(sql: string): NativeStatement;
  close(): unknown;
}

export class SqliteUnavailableError extends Error {
  override readonly name = 'SqliteUnavailableError';
}

export function openSqlite(path: string, choice: SqliteDriverChoice = 'auto'): SqlDatabase {
  const errors: string[] = [];
  const order: SqliteDriverName[] = choice === 'auto' ? ['node:sqlite', 'better-sqlite3'] : [choice];
  for (const driver of order) {
    const open = driver === 'node:sqlite' ? loadNodeSqlite(errors) : loadBetterSqlite3(errors);
    if (open) return wrap(open(path), driver);
  }
  throw new SqliteUnavailableError(
    `No SQLite driver could be loaded (${errors.join('; ')}). ` +
      'Use Node >= 22.13 (node:sqlite is built in), or on Node 20 install the optional dependency ' +
      'better-sqlite3 (it compiles with node-gyp: python3, make and a C++ compiler).',
  );
}

function loadNodeSqlite(errors: string[]): ((path: string) => NativeDatabase) | undefined {
  // Node 22.13+ loads node:sqlite without a flag but prints an ExperimentalWarning on first load;
  // a CLI should not, so that one warning is swallowed while the module loads.
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back exactly as found
  const emitWarning = process.emitWarning;
  let mod: { DatabaseSync: new (path: string) => NativeDatabase } | undefined;
  try {
    process.emitWarning = (warning: string | Error, ...rest: unknown[]): void => {
      const text = typeof warning === 'string' ? warning : warning.message;
      if (/SQLite/i.test(text)) return;
      (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
    };
    mod = process.getBuiltinModule('node:sqlite') as typeof mod;
  } catch (err) {
    errors.push(`node:sqlite: ${errorMessage(err)}`);
    return undefined;
  } finally {
    process.emitWarning = emitWarning;
  }
  if (!mod?.DatabaseSync) {
    errors.push(`node:sqlite: not available in Node ${process.versions.node}`);
    return undefined;
  }
  const { DatabaseSync } = mod;
  return (path) => new DatabaseSync(path);
}

function loadBetterSqlite3(errors: string[]): ((path: string) => NativeDatabase) | undefined {
  try {
    const require = createRequire(import.meta.url);
    const Database = require('better-sqlite3') as new (path: string) => NativeDatabase;
    // Opening proves the native binary matches this Node (the module loads lazily).
    new Database(':memory:').close();
    return (path) => new Database(path);
  } catch (err) {
    errors.push(`better-sqlite3: ${errorMessage(err).split('\n')[0] ?? ''}`);
    return undefined;
  }
}

function toSqlValue(value: SqlParam): SqlValue {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

function wrap(db: NativeDatabase, driver: SqliteDriverName): SqlDatabase {
  const cache = new Map<string, SqlStatement>();
  let depth = 0;
  const self: SqlDatabase = {
    driver,
    exec: (sql) => void db.exec(sql),
    prepare(sql) {
      let stmt = cache.get(sql);
      if (!stmt) {
        const native = db.prepare(sql);
        stmt = {
          run: (...params) => ({ changes: Number(native.run(...params.map(toSqlValue)).changes) }),
          get: (...params) => native.get(...params.map(toSqlValue)) as SqlRow | undefined,
          all: (...params) => native.all(...params.map(toSqlValue)) as SqlRow[],
        };
        cache.set(sql, stmt);
      }
      return stmt;
    },
    transaction(fn) {
      // Nested calls join the outer transaction.
      if (depth > 0) return fn();
      db.exec('BEGIN IMMEDIATE');
      depth++;
      try {
        const result = fn();
        db.exec('COMMIT');
        return result;
      } catch (err) {
        db.exec('ROLLBACK');
        throw err;
      } finally {
        depth--;
      }
    },
    close() {
      cache.clear();
      db.close();
    },
  };
  return self;
}
