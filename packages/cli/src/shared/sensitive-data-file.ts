// `--sensitive-data <file.json>` (gateway and dev): the processor's `sensitiveData` option from a
// JSON file (docs/sensitive-data.md of otel-llmobs), checked at startup so a typo fails the command
// with a usage error instead of at the first span.
import { readFileSync } from 'node:fs';
import type { SensitiveDataOptions } from 'otel-llmobs';
import { scanSensitiveData } from 'otel-llmobs';
import { UsageError } from '../dev/options.js';

export function readSensitiveDataFile(path: string): SensitiveDataOptions {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`--sensitive-data: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
  let options: unknown;
  try {
    options = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--sensitive-data: ${path} is not JSON (${(e as Error).message}).`);
  }
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new UsageError(`--sensitive-data: ${path} must hold a JSON object (the sensitiveData option).`);
  }
  try {
    // Resolves and compiles the options exactly as the processor will (custom rules included).
    scanSensitiveData('', options as SensitiveDataOptions);
  } catch (e) {
    throw new UsageError(`--sensitive-data: ${path}: ${(e as Error).message}`);
  }
  return options as SensitiveDataOptions;
}
