// The gateway flags for backpressure and the stop.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/args/usage.js';
import { GATEWAY_HELP, parseGatewayArgs } from '../../src/gateway/options.js';

describe('gateway backpressure and drain flags', () => {
  it('--max-pending, --max-buffer (also the bytes bound) and --drain-timeout', () => {
    const parsed = parseGatewayArgs(['--max-pending', '1000', '--max-buffer', '64MiB', '--drain-timeout', '10s'], {});
    expect(parsed.options).toMatchObject({ admission: { maxPendingSpans: 1000, maxPendingBytes: 64 * 1024 * 1024 }, drainTimeoutMs: 10_000, buffer: { maxBytes: 64 * 1024 * 1024 } });
    const defaults = parseGatewayArgs([], {}).options;
    expect(defaults.admission).toBeUndefined();
    expect(defaults.drainTimeoutMs).toBeUndefined();
    expect(() => parseGatewayArgs(['--max-pending', '0'], {})).toThrow(UsageError);
    expect(() => parseGatewayArgs(['--drain-timeout', '0'], {})).toThrow(UsageError);
    expect(GATEWAY_HELP).toContain('--max-pending <n>');
    expect(GATEWAY_HELP).toContain('--drain-timeout <dur>');
  });
});
