// The logger provider the zero-code start registers, against the real Logs API (@opentelemetry/api-logs,
// where SDK 2.x instrumentations look) and a real SDK LoggerProvider: the application's own
// registration after it succeeds and takes the records, also from loggers handed out before; a
// provider registered before it is left alone.
import { logs } from '@opentelemetry/api-logs';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { HandoverLoggerProvider } from '../../src/register/handover-logger-provider.js';
import type { LogsApiKind } from '../../src/register/logs-handover.js';
import { distinctLogsApis, loggerProviderRegistered, registerLoggerWithHandover } from '../../src/register/logs-handover.js';

function providerWith(exporter: InMemoryLogRecordExporter): LoggerProvider {
  return new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
}

const bodies = (exporter: InMemoryLogRecordExporter): unknown[] => exporter.getFinishedLogRecords().map((r) => r.body);

afterEach(() => {
  // The wrapper is an own property over the singleton's method: removing it restores the API.
  delete (logs as unknown as Record<string, unknown>).setGlobalLoggerProvider;
  logs.disable();
});

describe('registerLoggerWithHandover (@opentelemetry/api-logs)', () => {
  it('registers ours; the app’s later registration succeeds and takes the records, also through a logger handed out before', async () => {
    const ownRecords = new InMemoryLogRecordExporter();
    const appRecords = new InMemoryLogRecordExporter();
    const own = providerWith(ownRecords);
    const app = providerWith(appRecords);
    const ours = new HandoverLoggerProvider(own, () => false);
    const handedOver: LogsApiKind[] = [];

    const copies = distinctLogsApis([
      { kind: 'api-logs', logs },
      { kind: 'api-logs', logs }, // the same copy reached twice counts once
    ]);
    expect(copies).toHaveLength(1);
    expect(loggerProviderRegistered(logs)).toBe(false);
    expect(registerLoggerWithHandover(copies, ours, (kind) => handedOver.push(kind))).toEqual(['api-logs']);
    expect(logs.getLoggerProvider()).toBe(ours);

    const early = logs.getLogger('instrumentation', '1.0.0'); // as an instrumentation takes it when constructed
    early.emit({ body: 'before' });
    logs.setGlobalLoggerProvider(app); // what NodeSDK.start() does
    expect(logs.getLoggerProvider()).toBe(app);
    expect(ours.handedOver).toBe(true);
    expect(handedOver).toEqual(['api-logs']);
    early.emit({ body: 'after' });
    logs.getLogger('later').emit({ body: 'later' });

    expect(bodies(ownRecords)).toEqual(['before']);
    expect(bodies(appRecords)).toEqual(['after', 'later']);
    expect(appRecords.getFinishedLogRecords()[0]!.instrumentationScope).toMatchObject({ name: 'instrumentation', version: '1.0.0' });
    await Promise.all([own.shutdown(), app.shutdown()]);
  });

  it('a provider the app registered before is left as it is: nothing registered, nothing wrapped', async () => {
    const appRecords = new InMemoryLogRecordExporter();
    const app = providerWith(appRecords);
    const own = providerWith(new InMemoryLogRecordExporter());
    logs.setGlobalLoggerProvider(app);
    expect(loggerProviderRegistered(logs)).toBe(true);

    expect(registerLoggerWithHandover(distinctLogsApis([{ kind: 'api-logs', logs }]), new HandoverLoggerProvider(own, () => false), () => undefined)).toEqual([]);
    expect(Object.hasOwn(logs, 'setGlobalLoggerProvider')).toBe(false);
    expect(logs.getLoggerProvider()).toBe(app);
    logs.getLogger('lib').emit({ body: 'app' });
    expect(bodies(appRecords)).toEqual(['app']);
    await Promise.all([own.shutdown(), app.shutdown()]);
  });

  it('ours registered again by the app is not a hand-over, and a handed-over provider never routes to itself', async () => {
    const ownRecords = new InMemoryLogRecordExporter();
    const own = providerWith(ownRecords);
    const ours = new HandoverLoggerProvider(own, () => false);
    let handOvers = 0;
    registerLoggerWithHandover(distinctLogsApis([{ kind: 'api-logs', logs }]), ours, () => handOvers++);
    logs.setGlobalLoggerProvider(ours);
    expect(handOvers).toBe(0);
    ours.handOver(ours);
    ours.getLogger('lib').emit({ body: 'still ours' });
    expect(bodies(ownRecords)).toEqual(['still ours']);
    await own.shutdown();
  });

  it('after the hand-over, records also reach ours while alsoToOwn() says so (the app’s provider may not join them), and enabled() counts ours then', async () => {
    const ownRecords = new InMemoryLogRecordExporter();
    const own = providerWith(ownRecords);
    const appWithout = new LoggerProvider(); // no processor: its loggers say they are not enabled
    let alsoToOwn = true;
    const ours = new HandoverLoggerProvider(own, () => alsoToOwn);
    registerLoggerWithHandover(distinctLogsApis([{ kind: 'api-logs', logs }]), ours, () => undefined);
    const logger = logs.getLogger('instrumentation');
    logs.setGlobalLoggerProvider(appWithout);
    expect(logger.enabled()).toBe(true);
    logger.emit({ body: 'teed' });
    alsoToOwn = false; // the app has an LLMObsLogRecordProcessor of its own: that one joins
    expect(logger.enabled()).toBe(false);
    logger.emit({ body: 'app only' });
    expect(bodies(ownRecords)).toEqual(['teed']);
    await Promise.all([own.shutdown(), appWithout.shutdown()]);
  });
});
