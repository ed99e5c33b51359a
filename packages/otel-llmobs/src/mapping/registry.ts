import type { ConventionMapper } from './contribution.js';
import { genaiMapper } from './genai.js';
import { genaiLegacyMapper } from './genai-legacy.js';
import { llmobsMapper } from './llmobs.js';
import { openInferenceMapper } from './openinference.js';
import { openlitMapper } from './openlit.js';
import { openllmetryMapper } from './openllmetry.js';
import { vercelMapper } from './vercel.js';

/**
 * Convention mappers in precedence order (spec conventions §9): explicit Datadog attributes ›
 * OpenInference › OTel GenAI ≥ 1.37 › OpenLLMetry extensions › OpenLIT extensions › legacy
 * flattened GenAI › Vercel AI SDK `ai.*`. For each field the first convention with a value wins.
 */
export const CONVENTION_MAPPERS: readonly ConventionMapper[] = [
  llmobsMapper,
  openInferenceMapper,
  genaiMapper,
  openllmetryMapper,
  openlitMapper,
  genaiLegacyMapper,
  vercelMapper,
];
