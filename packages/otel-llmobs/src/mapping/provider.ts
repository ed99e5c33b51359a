/**
 * Provider name normalization (spec conventions §11.8): lower-case; keep the OTel GenAI registry
 * values as they are; map their deprecated spellings to the current ones; reduce Vercel AI SDK
 * provider ids (`openai.chat`, `openai.responses`, `anthropic.messages`) to the vendor; drop
 * values that name a framework rather than a model provider.
 */
const SEMCONV_PROVIDERS = new Set([
  'openai',
  'anthropic',
  'aws.bedrock',
  'azure.ai.inference',
  'azure.ai.openai',
  'cohere',
  'deepseek',
  'gcp.gemini',
  'gcp.gen_ai',
  'gcp.vertex_ai',
  'groq',
  'ibm.watsonx.ai',
  'mistral_ai',
  'perplexity',
  'x_ai',
]);

const ALIASES: Record<string, string> = {
  'az.ai.inference': 'azure.ai.inference',
  'az.ai.openai': 'azure.ai.openai',
  gemini: 'gcp.gemini',
  vertex_ai: 'gcp.vertex_ai',
  vertexai: 'gcp.vertex_ai',
  xai: 'x_ai',
  mistral: 'mistral_ai',
  mistralai: 'mistral_ai',
  bedrock: 'aws.bedrock',
  'amazon-bedrock': 'aws.bedrock',
  // OpenInference `llm.provider` names the cloud: `aws` is Bedrock.
  aws: 'aws.bedrock',
  'azure-openai': 'azure.ai.openai',
  azure: 'azure.ai.openai',
  google: 'gcp.gemini',
  'google.generative-ai': 'gcp.gemini',
  'google.vertex': 'gcp.vertex_ai',
};

/** Names that some libraries put in the provider slot but that are frameworks, not providers. */
const NOT_PROVIDERS = new Set(['langchain', 'llamaindex', 'vercel', 'ai', 'unknown', '']);

export function normalizeProvider(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const value = raw.trim().toLowerCase();
  if (NOT_PROVIDERS.has(value)) return undefined;
  if (SEMCONV_PROVIDERS.has(value)) return value;
  const alias = aliasOf(value);
  if (alias) return alias;
  const dot = value.indexOf('.');
  if (dot > 0) {
    // Vercel AI SDK provider ids: `<vendor>.<api>`, e.g. `openai.chat`, `azure-openai.chat`.
    const vendor = value.slice(0, dot);
    return aliasOf(vendor) ?? (NOT_PROVIDERS.has(vendor) ? undefined : vendor);
  }
  return value;
}

/** Own keys only: a provider named `__proto__` or `constructor` must not reach Object.prototype. */
function aliasOf(name: string): string | undefined {
  return Object.hasOwn(ALIASES, name) ? ALIASES[name] : undefined;
}
