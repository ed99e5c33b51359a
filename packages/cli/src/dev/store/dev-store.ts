// The dev intake's storage: spans (as wire span events), evaluations, and the requests and problems the
// validator reported, in SQLite, bounded by a retention policy enforced on every write. One object
// over three jobs: writes and retention (writes.ts), the JSON API's queries (queries.ts), and the
// mapping of rows to records (rows.ts).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Facets, ProblemGroup, RequestRecord, SessionDetail, SessionSummary, Stats, Summary, TraceDetail, TraceFilter, TraceSummary } from '../../shared/api.js';
import { StoreQueries } from './queries.js';
import { migrate } from './schema.js';
import { openSqlite, type SqlDatabase, type SqliteDriverChoice } from './sqlite.js';
import type { RequestWrite, Retention, SpanToStore, WriteResult } from './writes.js';
import { DEFAULT_RETENTION, StoreWriter } from './writes.js';
import type { ModelPrice } from 'otel-llmobs';
import { DEFAULT_MODEL_PRICES, PriceTable } from 'otel-llmobs';

export { DEFAULT_RETENTION } from './writes.js';
export type { NewProblem, NewRequest, RequestWrite, Retention, SpanToStore, WriteResult } from './writes.js';

export interface DevStoreOptions {
  /** A file path, or `:memory:`. */
  path: string;
  retention?: Retention;
  driver?: SqliteDriverChoice;
  /** Clock for `received_at` and age-based retention (tests). */
  now?: () => number;
  /** Price rows added to the built-in table, for the charts' estimated cost (`--prices`). */
  prices?: readonly ModelPrice[];
}

export class DevStore {
  readonly path: string;
  readonly driver: string;
  private readonly db: SqlDatabase;
  private readonly writes: StoreWriter;
  private readonly queries: StoreQueries;
  private revisionCounter = 0;
  private closed = false;

  constructor(options: DevStoreOptions) {
    this.path = options.path;
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = openSqlite(options.path, options.driver);
    this.driver = this.db.driver;
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
    migrate(this.db);
    this.writes = new StoreWriter(this.db, options.retention ?? DEFAULT_RETENTION, options.now ?? Date.now);
    this.queries = new StoreQueries(this.db, new PriceTable([...DEFAULT_MODEL_PRICES, ...(options.prices ?? [])]));
    this.db.transaction(() => this.writes.enforceRetention());
  }

  /** Grows with every write: the viewer polls it to know when to refresh. */
  get revision(): number {
    return this.revisionCounter;
  }

  /**
   * Store one intake request and what it carried, atomically: the request row, its valid events, its
   * problems, and the retention that follows, land together or not at all.
   */
  writeRequest(write: RequestWrite): WriteResult {
    const result = this.writes.writeRequest(write);
    this.revisionCounter++;
    return result;
  }

  /** Insert (or replace) already validated span events, then apply retention, in one transaction. Returns the traces written. */
  insertSpanEvents(spans: readonly SpanToStore[]): string[] {
    const traceIds = this.writes.insertSpanEvents(spans);
    this.revisionCounter++;
    return traceIds;
  }

  summary(): Summary {
    return this.queries.summary({ revision: this.revisionCounter, driver: this.driver, db_path: this.path });
  }

  listTraces(filter: TraceFilter = {}): TraceSummary[] {
    return this.queries.listTraces(filter);
  }

  getTrace(traceId: string): TraceDetail | undefined {
    return this.queries.getTrace(traceId);
  }

  listSessions(filter: { ml_app?: string; limit?: number } = {}): SessionSummary[] {
    return this.queries.listSessions(filter);
  }

  getSession(sessionId: string): SessionDetail | undefined {
    return this.queries.getSession(sessionId);
  }

  facets(): Facets {
    return this.queries.facets();
  }

  stats(filter: TraceFilter & { buckets?: number } = {}): Stats {
    return this.queries.stats(filter);
  }

  listProblems(options: { limit?: number } = {}): ProblemGroup[] {
    return this.queries.listProblems(options);
  }

  listRequests(limit = 50): RequestRecord[] {
    return this.queries.listRequests(limit);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
    }
  }
}
