// meta.input / meta.output and what they hold: messages, documents, the prompt, tool definitions
// (spec/datadog-intake.md §2.3, §2.4).
import { childPath, type ViolationList } from './violations.js';
import { describeType, isFiniteNumber, isRecord } from './json-types.js';

type IOKey = 'value' | 'messages' | 'documents' | 'prompt';

/** Which I/O keys each kind carries (spec §2.3 "Input and output shapes by span kind"). */
const IO_SHAPES: Record<string, { input: readonly IOKey[]; output: readonly IOKey[] }> = {
  llm: { input: ['messages', 'prompt'], output: ['messages'] },
  embedding: { input: ['documents'], output: ['value'] },
  retrieval: { input: ['value'], output: ['documents'] },
  workflow: { input: ['value'], output: ['value'] },
  agent: { input: ['value'], output: ['value'] },
  task: { input: ['value'], output: ['value'] },
  tool: { input: ['value'], output: ['value'] },
};

const KNOWN_IO_KEYS: ReadonlySet<string> = new Set(['value', 'messages', 'documents', 'prompt']);

export function validateIO(
  io: unknown,
  side: 'input' | 'output',
  kind: string | undefined,
  path: string,
  out: ViolationList,
): void {
  if (io === undefined) {
    out.warn(path, 'meta.io_missing', `meta.${side} is missing; dd-trace always sends it (possibly {}).`);
    return;
  }
  if (!isRecord(io)) {
    out.error(path, 'meta.io_type', `meta.${side} must be an object, got ${describeType(io)}.`);
    return;
  }
  const shape = kind === undefined ? undefined : IO_SHAPES[kind];
  for (const [key, value] of Object.entries(io)) {
    const at = childPath(path, key);
    if (!KNOWN_IO_KEYS.has(key)) {
      out.warn(at, 'io.unknown_key', `Unknown key "${key}" in meta.${side}; the intake knows value, messages, documents and prompt.`);
      continue;
    }
    if (shape && !shape[side].includes(key as IOKey)) {
      const expected = shape[side].join(' or ');
      out.warn(
        at,
        key === 'prompt' ? 'prompt.kind' : 'io.shape',
        key === 'prompt'
          ? `A prompt is only kept on llm spans (input); this ${kind ?? ''} span's prompt is ignored.`
          : `${kind ?? ''} spans carry ${expected} in meta.${side}, not ${key}.`,
      );
    }
    switch (key) {
      case 'value':
        if (typeof value !== 'string') {
          out.error(at, 'io.value', `meta.${side}.value must be a string (JSON-stringify other values), got ${describeType(value)}.`);
        }
        break;
      case 'messages':
        validateMessages(value, at, out);
        break;
      case 'documents':
        validateDocuments(value, at, out);
        break;
      case 'prompt':
        if (side === 'output') break; // already warned above
        validatePrompt(value, at, out);
        break;
    }
  }
}

const MESSAGE_KEYS: ReadonlySet<string> = new Set([
  'role',
  'content',
  'tool_calls',
  'tool_results',
  'audio_parts',
  'image_parts',
  'tool_id',
]);

function validateMessages(messages: unknown, path: string, out: ViolationList): void {
  if (!Array.isArray(messages)) {
    out.error(path, 'io.messages', `messages must be an array of message objects, got ${describeType(messages)}.`);
    return;
  }
  messages.forEach((message, i) => validateMessage(message, childPath(path, i), out));
}

function validateMessage(message: unknown, path: string, out: ViolationList): void {
  if (!isRecord(message)) {
    out.error(path, 'message.type', `A message must be an object {role, content, …}, got ${describeType(message)}.`);
    return;
  }
  const { role, content } = message;
  if (role === undefined) out.warn(childPath(path, 'role'), 'message.role_missing', 'Message has no role; dd-trace sends "" when unknown.');
  else if (typeof role !== 'string') out.error(childPath(path, 'role'), 'message.role', `Message role must be a string, got ${describeType(role)}.`);
  if (content !== undefined && typeof content !== 'string') {
    out.error(childPath(path, 'content'), 'message.content', `Message content must be a string, got ${describeType(content)}.`);
  }
  if (content === undefined && message.tool_calls === undefined && message.tool_results === undefined) {
    out.warn(path, 'message.empty', 'Message has no content, tool_calls or tool_results; dd-trace sends content "".');
  }
  if (message.tool_calls !== undefined) validateToolCalls(message.tool_calls, childPath(path, 'tool_calls'), out);
  if (message.tool_results !== undefined) validateToolResults(message.tool_results, childPath(path, 'tool_results'), out);
  if (message.tool_id !== undefined) {
    if (typeof message.tool_id !== 'string') {
      out.error(childPath(path, 'tool_id'), 'message.tool_id', `Message tool_id must be a string, got ${describeType(message.tool_id)}.`);
    } else if (role !== 'tool') {
      out.warn(childPath(path, 'tool_id'), 'message.tool_id_role', `tool_id belongs on "tool" messages only (role is ${JSON.stringify(role)}).`);
    }
  }
  for (const key of ['audio_parts', 'image_parts'] as const) {
    if (message[key] !== undefined) validateParts(message[key], childPath(path, key), out);
  }
  for (const key of Object.keys(message)) {
    if (!MESSAGE_KEYS.has(key)) out.warn(childPath(path, key), 'message.unknown_key', `Unknown message key "${key}".`);
  }
}

function validateToolCalls(calls: unknown, path: string, out: ViolationList): void {
  if (!Array.isArray(calls)) {
    out.error(path, 'message.tool_calls', `tool_calls must be an array, got ${describeType(calls)}.`);
    return;
  }
  calls.forEach((call, i) => {
    const at = childPath(path, i);
    if (!isRecord(call)) {
      out.error(at, 'message.tool_call', `A tool call must be an object {name, arguments, tool_id, type}, got ${describeType(call)}.`);
      return;
    }
    if (typeof call.name !== 'string' || call.name === '') {
      out.error(childPath(at, 'name'), 'message.tool_call.name', 'A tool call needs a non-empty string name.');
    }
    if (call.arguments !== undefined && !isRecord(call.arguments)) {
      out.error(
        childPath(at, 'arguments'),
        'message.tool_call.arguments',
        `Tool call arguments must be an object (parse the JSON string), got ${describeType(call.arguments)}.`,
      );
    }
    optionalString(call, 'tool_id', at, 'message.tool_call.tool_id', out);
    optionalString(call, 'type', at, 'message.tool_call.type', out);
  });
}

function validateToolResults(results: unknown, path: string, out: ViolationList): void {
  if (!Array.isArray(results)) {
    out.error(path, 'message.tool_results', `tool_results must be an array, got ${describeType(results)}.`);
    return;
  }
  results.forEach((result, i) => {
    const at = childPath(path, i);
    if (!isRecord(result)) {
      out.error(at, 'message.tool_result', `A tool result must be an object {result, tool_id, name, type}, got ${describeType(result)}.`);
      return;
    }
    if (typeof result.result !== 'string') {
      out.error(childPath(at, 'result'), 'message.tool_result.result', `A tool result's result must be a string, got ${describeType(result.result)}.`);
    }
    optionalString(result, 'tool_id', at, 'message.tool_result.tool_id', out);
    optionalString(result, 'name', at, 'message.tool_result.name', out);
    optionalString(result, 'type', at, 'message.tool_result.type', out);
  });
}

function validateParts(parts: unknown, path: string, out: ViolationList): void {
  if (!Array.isArray(parts)) {
    out.error(path, 'message.parts', `Message parts must be an array, got ${describeType(parts)}.`);
    return;
  }
  parts.forEach((part, i) => {
    const at = childPath(path, i);
    if (!isRecord(part) || typeof part.mime_type !== 'string') {
      out.error(at, 'message.part', 'A message part must be an object with a string mime_type and content or attachment_key.');
      return;
    }
    if (typeof part.content !== 'string' && typeof part.attachment_key !== 'string') {
      out.error(at, 'message.part', 'A message part needs a string content or attachment_key.');
    }
  });
}

function validateDocuments(documents: unknown, path: string, out: ViolationList): void {
  if (!Array.isArray(documents)) {
    out.error(path, 'io.documents', `documents must be an array of {text, name?, id?, score?}, got ${describeType(documents)}.`);
    return;
  }
  documents.forEach((doc, i) => {
    const at = childPath(path, i);
    if (!isRecord(doc)) {
      out.error(at, 'document.type', `A document must be an object {text, name?, id?, score?}, got ${describeType(doc)}.`);
      return;
    }
    if (typeof doc.text !== 'string') {
      out.error(childPath(at, 'text'), 'document.text', `Document text must be a string, got ${describeType(doc.text)}.`);
    }
    optionalString(doc, 'name', at, 'document.name', out);
    optionalString(doc, 'id', at, 'document.id', out);
    if (doc.score !== undefined && !isFiniteNumber(doc.score)) {
      out.error(childPath(at, 'score'), 'document.score', `Document score must be a number, got ${describeType(doc.score)}.`);
    }
  });
}

function validatePrompt(prompt: unknown, path: string, out: ViolationList): void {
  if (!isRecord(prompt)) {
    out.error(path, 'prompt.type', `meta.input.prompt must be an object, got ${describeType(prompt)}.`);
    return;
  }
  if (typeof prompt.id !== 'string' || prompt.id === '') {
    out.warn(childPath(path, 'id'), 'prompt.id', 'Prompt has no id; dd-trace sends "<ml_app>_unnamed-prompt".');
  }
  optionalString(prompt, 'version', path, 'prompt.version', out);
  optionalString(prompt, 'prompt_uuid', path, 'prompt.prompt_uuid', out);
  optionalString(prompt, 'prompt_version_uuid', path, 'prompt.prompt_version_uuid', out);
  for (const key of ['variables', 'tags'] as const) {
    const map = prompt[key];
    if (map === undefined) continue;
    if (!isRecord(map) || Object.values(map).some((v) => typeof v !== 'string')) {
      out.error(childPath(path, key), `prompt.${key}`, `Prompt ${key} must map strings to strings.`);
    }
  }
  if (prompt.template !== undefined && typeof prompt.template !== 'string') {
    out.error(childPath(path, 'template'), 'prompt.template', `Prompt template must be a string (use chat_template for a list), got ${describeType(prompt.template)}.`);
  }
  if (prompt.chat_template !== undefined) validateChatTemplate(prompt.chat_template, childPath(path, 'chat_template'), out);
  if (prompt.template !== undefined && prompt.chat_template !== undefined) {
    out.warn(path, 'prompt.both_templates', 'Prompt has both template and chat_template; send one.');
  }
  for (const key of ['_dd_context_variable_keys', '_dd_query_variable_keys'] as const) {
    const keys = prompt[key];
    if (keys === undefined) {
      out.warn(childPath(path, key), 'prompt.rag_keys_missing', `Prompt has no ${key}; dd-trace always sends it (default ${key.includes('context') ? '["context"]' : '["question"]'}).`);
    } else if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string')) {
      out.error(childPath(path, key), 'prompt.rag_keys', `${key} must be an array of strings.`);
    }
  }
  for (const alias of ['rag_context_variables', 'rag_query_variables', 'context_variable_keys', 'query_variable_keys']) {
    if (prompt[alias] !== undefined) {
      out.warn(
        childPath(path, alias),
        'prompt.rag_keys_alias',
        `"${alias}" is not the wire name; the SDK wire format uses _dd_${alias.includes('context') ? 'context' : 'query'}_variable_keys.`,
      );
    }
  }
}

function validateChatTemplate(template: unknown, path: string, out: ViolationList): void {
  if (!Array.isArray(template)) {
    out.error(path, 'prompt.chat_template', `chat_template must be an array, got ${describeType(template)}.`);
    return;
  }
  template.forEach((entry, i) => {
    const ok =
      isRecord(entry) &&
      ((typeof entry.role === 'string' && typeof entry.content === 'string') ||
        (entry.type === 'placeholder' && typeof entry.name === 'string'));
    if (!ok) {
      out.error(childPath(path, i), 'prompt.chat_template', 'A chat_template entry must be {role, content} or {type: "placeholder", name}.');
    }
  });
}

export function validateToolDefinitions(defs: unknown, path: string, out: ViolationList): void {
  if (!Array.isArray(defs)) {
    out.error(path, 'meta.tool_definitions', `tool_definitions must be an array, got ${describeType(defs)}.`);
    return;
  }
  defs.forEach((def, i) => {
    const at = childPath(path, i);
    if (!isRecord(def) || typeof def.name !== 'string' || def.name === '') {
      out.error(at, 'meta.tool_definition', 'A tool definition must be an object with a non-empty string name.');
      return;
    }
    optionalString(def, 'description', at, 'meta.tool_definition', out);
    optionalString(def, 'version', at, 'meta.tool_definition', out);
    if (def.schema !== undefined && !isRecord(def.schema)) {
      out.error(childPath(at, 'schema'), 'meta.tool_definition', `A tool definition's schema must be an object, got ${describeType(def.schema)}.`);
    }
  });
}

function optionalString(
  obj: Record<string, unknown>,
  key: string,
  path: string,
  code: string,
  out: ViolationList,
): void {
  const value = obj[key];
  if (value !== undefined && typeof value !== 'string') {
    out.error(childPath(path, key), code, `${key} must be a string, got ${describeType(value)}.`);
  }
}
