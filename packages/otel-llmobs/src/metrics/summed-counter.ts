import type { Attributes, Meter, ObservableResult } from '@opentelemetry/api';
import type { InstrumentSpec } from './instruments.js';

/**
 * Distinct attribute sets kept per counter; later sets are summed under one overflow set, as the
 * SDK's default cardinality limit (2000, the overflow set included) does.
 */
export const MAX_SERIES = 1999;
const OVERFLOW: Attributes = { 'otel.metric.overflow': true };

interface Sum {
  readonly attributes: Attributes;
  value: number;
}

/**
 * A monotonic counter whose sums are kept here and observed at collection (an OTel
 * ObservableCounter: the exported data is the same Sum as a Counter's). The SDK hashes an add's
 * attributes on every call (sorting and stringifying them: ~3 µs, most of a metric's cost per
 * span); here an add finds its sum by the attributes object (the recorder reuses them), else by
 * one string key.
 */
export class SummedCounter {
  readonly #sums = new Map<string, Sum>();
  readonly #byObject = new WeakMap<Attributes, Sum>();

  constructor(meter: Meter, spec: InstrumentSpec) {
    const counter = meter.createObservableCounter(spec.name, { unit: spec.unit, description: spec.description });
    counter.addCallback((result: ObservableResult) => {
      for (const sum of this.#sums.values()) result.observe(sum.value, sum.attributes);
    });
  }

  add(value: number, attributes: Attributes): void {
    // The recorder reuses its attribute objects: the object finds its series without a key.
    let sum = this.#byObject.get(attributes);
    if (!sum) {
      sum = this.#series(attributes);
      this.#byObject.set(attributes, sum);
    }
    sum.value += value;
  }

  #series(attributes: Attributes): Sum {
    // Keys sorted: the same set built in another order is the same series (one observation each).
    let key = '';
    for (const name of Object.keys(attributes).sort()) key += `${name}\u0000${String(attributes[name])}\u0001`;
    let sum = this.#sums.get(key);
    if (sum) return sum;
    if (this.#sums.size >= MAX_SERIES) {
      key = '';
      sum = this.#sums.get(key);
      if (sum) return sum;
    }
    sum = { attributes: key === '' ? OVERFLOW : { ...attributes }, value: 0 };
    this.#sums.set(key, sum);
    return sum;
  }
}
