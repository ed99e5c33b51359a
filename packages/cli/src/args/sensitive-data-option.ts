// `--sensitive-data <file.json>` (gateway and dev): the processor's `sensitiveData` option from a
// JSON file (docs/sensitive-data.md of otel-llmobs), checked at startup so a typo fails the command
// with a usage error instead of at the first span. The command passes how to read the file.
import type { SensitiveDataOptions } from 'otel-llmobs';
import { scanSensitiveData } from 'otel-llmobs';
import { UsageError } from './usage.js';

export function sensitiveDataOption(path: string, readText: (path: string) => string): SensitiveDataOptions {
  let text: string;
  try {
    text = readText(path);
  } catch (e) {
    throw new UsageError(`--sensitive-data: cannot read ${path} (${(e as { code?: string }).code ?? (e as Error).message}).`);
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
    scanSensitiveData('', options);
  } catch (e) {
    throw new UsageError(`--sensitive-data: ${path}: ${(e as Error).message}`);
  }
  return options;
}
