import type { LLMObsSpan, Message } from '../conventions/model.js';

/**
 * The texts evaluators read (spec §1.2), taken from the canonical span after the user's hooks, so
 * what `beforeExport` redacted never reaches a judge. Each is capped (head and tail kept) except
 * the RAG context, which a cut would make look unsupported.
 */
export interface EvaluationTexts {
  inputText: string;
  outputText: string;
  /** The input messages as `role: content` lines (llm spans). */
  conversation: string;
  /** The system prompt, given to the prompt-injection judge as context only. */
  systemPrompt: string;
  ragQuery: string;
  /** Never cut; `undefined` above `maxContextChars`. */
  ragContext: string | undefined;
  ragContextTooLong: boolean;
  toolOnlyOutput: boolean;
  /** The span recorded an output at all (content capture may be off): an empty one is then a real empty answer. */
  hasOutput: boolean;
  /** Names of the texts that were cut. */
  truncated: string[];
}

export interface TextLimits {
  maxInputChars: number;
  maxContextChars: number;
  /** Build `conversation` and `systemPrompt` (only prompt_injection reads them). */
  withConversation?: boolean;
}

const TRUNCATION_MARK = '\n[…]\n';

/** Keeps the head and the tail: a question's end and an answer's conclusion matter most. */
export function capText(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  const keep = Math.max(0, max - TRUNCATION_MARK.length);
  const head = Math.ceil(keep / 2);
  return { text: text.slice(0, head) + TRUNCATION_MARK + text.slice(text.length - (keep - head)), cut: true };
}

export function extractTexts(span: LLMObsSpan, limits: TextLimits): EvaluationTexts {
  const truncated: string[] = [];
  const cap = (name: string, text: string): string => {
    const capped = capText(text, limits.maxInputChars);
    if (capped.cut) truncated.push(name);
    return capped.text;
  };
  const isLLM = span.kind === 'llm';
  const inputMessages = span.input.messages ?? [];
  const outputMessages = span.output.messages ?? [];

  let inputText: string;
  let outputText: string;
  let conversation = '';
  let systemPrompt = '';
  let toolOnlyOutput = false;
  if (isLLM || inputMessages.length > 0 || outputMessages.length > 0) {
    inputText = lastUserContent(inputMessages) ?? span.input.value ?? '';
    outputText = assistantContent(outputMessages) ?? span.output.value ?? '';
    if (limits.withConversation === true) {
      conversation = inputMessages
        .filter((m) => m.role !== 'system' && hasText(m))
        .map((m) => `${m.role || 'unknown'}: ${m.content ?? ''}`)
        .join('\n');
      systemPrompt = inputMessages
        .filter((m) => m.role === 'system' && hasText(m))
        .map((m) => m.content ?? '')
        .join('\n');
    }
    toolOnlyOutput = outputMessages.some((m) => (m.toolCalls?.length ?? 0) > 0) && !outputMessages.some(hasText);
  } else {
    inputText = span.input.value ?? '';
    outputText = span.output.value ?? '';
  }

  const prompt = span.input.prompt;
  const variables = prompt?.variables ?? {};
  const pick = (keys: readonly string[], sep: string): string =>
    keys
      .map((k) => variables[k])
      .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
      .join(sep);
  const ragQuery = prompt ? pick(prompt.queryVariableKeys ?? ['question'], '\n') || inputText : '';
  const context = prompt ? pick(prompt.contextVariableKeys ?? ['context'], '\n\n') : '';
  const ragContextTooLong = context.length > limits.maxContextChars;

  return {
    inputText: cap('input', inputText),
    outputText: cap('output', outputText),
    conversation: cap('conversation', conversation),
    systemPrompt: cap('system', systemPrompt),
    ragQuery: cap('query', ragQuery),
    ragContext: ragContextTooLong ? undefined : context,
    ragContextTooLong,
    toolOnlyOutput,
    hasOutput: outputMessages.length > 0 || span.output.value !== undefined,
    truncated,
  };
}

function hasText(m: Message): boolean {
  return typeof m.content === 'string' && m.content !== '';
}

/** The last `user` message with content, else the last message with content. */
function lastUserContent(messages: readonly Message[]): string | undefined {
  let fallback: string | undefined;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as Message;
    if (!hasText(m)) continue;
    if (m.role === 'user') return m.content;
    fallback ??= m.content;
  }
  return fallback;
}

/** The joined content of the assistant messages, else of all of them; `undefined` when there is none. */
function assistantContent(messages: readonly Message[]): string | undefined {
  if (messages.length === 0) return undefined;
  const assistant = messages.filter((m) => m.role === 'assistant');
  const chosen = assistant.length > 0 ? assistant : messages;
  return chosen.length === 1 ? (chosen[0]?.content ?? '') : chosen.map((m) => m.content ?? '').join('\n');
}
