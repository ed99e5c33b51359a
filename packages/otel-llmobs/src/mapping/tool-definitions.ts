import type { ToolDefinition } from '../conventions/model.js';
import { isRecord, tryParseJson } from './attributes.js';

/**
 * Normalize tool definitions from the four shapes seen in the wild (spec conventions §11.6) to
 * `{name, description, schema}`:
 * - OpenAI `{type:'function', function:{name, description, parameters}}`
 * - OTel GenAI flat `{type, name, description, parameters}`
 * - Vercel AI SDK `{type, name, description, inputSchema}` (and Anthropic `input_schema`)
 * - legacy flattened `llm.request.functions.N.{name, description, arguments}` (schema as JSON text),
 *   which callers assemble into objects first.
 * Entries may themselves be JSON strings (Vercel `ai.prompt.tools`, OpenInference `tool.json_schema`).
 * Entries without a name are skipped and reported.
 */
export function normalizeToolDefinitions(raw: unknown, problems: string[]): ToolDefinition[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const list = Array.isArray(raw) ? raw : [raw];
  const out: ToolDefinition[] = [];
  let skipped = 0;
  for (const item of list) {
    const def = normalizeOne(item);
    if (def) out.push(def);
    else skipped++;
  }
  // One problem for all of them: a malformed list can hold thousands of entries.
  if (skipped > 0) problems.push(`${skipped} tool definition${skipped === 1 ? '' : 's'} without a name skipped`);
  return out.length > 0 ? out : undefined;
}

function normalizeOne(item: unknown): ToolDefinition | undefined {
  let value = item;
  if (typeof value === 'string') {
    // Only a JSON object can be a definition; skip the (slow, throwing) parse of anything else.
    if (!value.trimStart().startsWith('{')) return undefined;
    const parsed = tryParseJson(value);
    if (!parsed.ok) return undefined;
    value = parsed.value;
  }
  if (!isRecord(value)) return undefined;
  const inner = isRecord(value.function) ? value.function : value;
  const name = typeof inner.name === 'string' && inner.name !== '' ? inner.name : undefined;
  if (!name) return undefined;
  const def: ToolDefinition = { name };
  if (typeof inner.description === 'string' && inner.description !== '') def.description = inner.description;
  const schema = toSchema(inner.parameters ?? inner.inputSchema ?? inner.input_schema ?? inner.arguments ?? inner.schema);
  if (schema) def.schema = schema;
  if (typeof inner.version === 'string' && inner.version !== '') def.version = inner.version;
  return def;
}

function toSchema(v: unknown): Record<string, unknown> | undefined {
  if (isRecord(v)) {
    // Vercel serializes zod schemas as `{ jsonSchema: {...} }` in some versions.
    return isRecord(v.jsonSchema) ? v.jsonSchema : v;
  }
  if (typeof v === 'string' && v !== '') {
    const parsed = tryParseJson(v);
    if (parsed.ok && isRecord(parsed.value)) return parsed.value;
  }
  return undefined;
}
