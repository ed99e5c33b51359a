// The tracer provider the zero-code start registers: its tracers follow the hand-over, also the
// ones handed out before it (what the API's proxy tracers keep).
import { describe, expect, it } from 'vitest';
import { HandoverTracerProvider } from '../../src/register/handover-tracer-provider.js';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '../helpers/sdk.js';

function providerWith(exporter: InMemorySpanExporter): BasicTracerProvider {
  return new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
}

describe('HandoverTracerProvider', () => {
  it('sends spans to its own provider until handOver(), then to the global one, through the same tracer; takeBack() returns them', async () => {
    const ownSpans = new InMemorySpanExporter();
    const appSpans = new InMemorySpanExporter();
    const own = providerWith(ownSpans);
    const app = providerWith(appSpans);
    const handover = new HandoverTracerProvider(own, () => app);
    const tracer = handover.getTracer('lib', '1.0.0');

    tracer.startSpan('before').end();
    handover.handOver();
    expect(handover.handedOver).toBe(true);
    tracer.startSpan('after').end();
    tracer.startActiveSpan('active-after', (span) => span.end());
    handover.takeBack();
    tracer.startActiveSpan('taken-back', {}, (span) => span.end());

    expect(ownSpans.getFinishedSpans().map((s) => s.name)).toEqual(['before', 'taken-back']);
    expect(appSpans.getFinishedSpans().map((s) => s.name)).toEqual(['after', 'active-after']);
    expect(appSpans.getFinishedSpans()[0]!.instrumentationScope).toMatchObject({ name: 'lib', version: '1.0.0' });
    await Promise.all([own.shutdown(), app.shutdown()]);
  });

  it('never routes to itself (the app registered it again): stays with its own provider', async () => {
    const ownSpans = new InMemorySpanExporter();
    const own = providerWith(ownSpans);
    const holder: { global?: HandoverTracerProvider } = {};
    const handover = new HandoverTracerProvider(own, () => holder.global!);
    holder.global = handover;
    handover.handOver();
    handover.getTracer('lib').startSpan('s').end();
    expect(ownSpans.getFinishedSpans().map((s) => s.name)).toEqual(['s']);
    await own.shutdown();
  });
});
