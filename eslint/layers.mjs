// The layers of each package, bottom first: the one place that says which folder may import which.
// A folder may import only the folders it lists, and it may list only folders above it in this
// table (checked when the table is loaded), so imports go one way. Files directly in `src/` (the
// entry points) may import every folder. `node: true` lets a folder import Node built-ins.
// Enforced by the `layers/imports` rule (eslint/layer-rule.mjs), wired in eslint.config.mjs.
//
// Adding a folder: give it a row here, below everything it imports. A folder without a row is an
// error, so a new folder cannot slip in without a place.

/** packages/otel-llmobs/src: runs on edge runtimes, so no Node built-ins below `register/`. */
export const LIBRARY_LAYERS = [
  // Generic helpers: safe JSON, unref'd timers, tracing suppression, ids, version, fetch, error text.
  { folder: 'internal', mayImport: [] },
  // Structural shapes of the OTel SDK's span, processor and exporter types; exporter capability markers.
  { folder: 'sdk-shapes', mayImport: ['internal'] },
  // Attribute keys of each convention and the canonical model.
  { folder: 'conventions', mayImport: ['internal'] },
  // One resolver per component: code > environment > default.
  { folder: 'config', mayImport: ['internal', 'conventions'] },
  // Pure: attributes/events → the canonical model.
  { folder: 'mapping', mayImport: ['internal', 'conventions'] },
  // Pure scanner over the canonical model (issue 17).
  { folder: 'sensitive-data', mayImport: ['internal', 'conventions', 'config'] },
  // What the API, the processor and the propagator share: the process-wide runtime, span linkage,
  // our context keys, sampling, the user hook's model.
  { folder: 'runtime', mayImport: ['internal', 'sdk-shapes', 'conventions'] },
  // Outputs: the Datadog intake (encoder, transport, exporter, evaluation writer) and the canonical
  // OTel GenAI attributes for OTLP backends.
  { folder: 'datadog', mayImport: ['internal', 'sdk-shapes', 'conventions', 'config'] },
  { folder: 'otlp', mayImport: ['internal', 'sdk-shapes', 'conventions', 'config', 'mapping'] },
  // Managed evaluations (issue 18): may submit through the Datadog evaluation writer.
  { folder: 'evaluations', mayImport: ['internal', 'sdk-shapes', 'conventions', 'config', 'mapping', 'sensitive-data', 'datadog'] },
  // GenAI metrics from the canonical model.
  { folder: 'metrics', mayImport: ['internal', 'sdk-shapes', 'conventions', 'config', 'mapping'] },
  { folder: 'propagation', mayImport: ['internal', 'conventions', 'config', 'runtime'] },
  // The span processor composes everything below it.
  {
    folder: 'processor',
    mayImport: ['internal', 'sdk-shapes', 'conventions', 'config', 'mapping', 'sensitive-data', 'runtime', 'datadog', 'otlp', 'evaluations', 'metrics'],
  },
  // A LogRecordProcessor joining GenAI log events to spans: the processor's level, not above it.
  {
    folder: 'logs',
    mayImport: ['internal', 'sdk-shapes', 'conventions', 'config', 'mapping', 'sensitive-data', 'runtime', 'datadog', 'otlp', 'evaluations', 'metrics'],
  },
  // The `llmobs` manual API.
  { folder: 'api', mayImport: ['internal', 'sdk-shapes', 'conventions', 'config', 'runtime', 'datadog'] },
  // Node-only zero-code start (`node --import otel-llmobs/register`): on top of everything.
  {
    folder: 'register',
    mayImport: ['internal', 'sdk-shapes', 'conventions', 'config', 'mapping', 'sensitive-data', 'runtime', 'datadog', 'otlp', 'evaluations', 'metrics', 'propagation', 'processor', 'logs', 'api'],
    node: true,
  },
];

/** packages/cli/src (Node-only). `ui/` is the browser viewer: it shares only `shared/` with the server. */
export const CLI_LAYERS = [
  // Wire and API types and formatting shared by the server and the viewer.
  { folder: 'shared', mayImport: [] },
  // Command-line helpers every command uses.
  { folder: 'args', mayImport: [] },
  // HTTP plumbing: route table, body reading, listening.
  { folder: 'server', mayImport: ['shared'], node: true },
  // OTLP in: receive, decode, and replay into the LLM Observability processor.
  { folder: 'otlp', mayImport: ['shared', 'server'], node: true },
  // LLM metrics readers (Prometheus endpoint, OTLP push) and their flags, for both commands.
  { folder: 'metrics', mayImport: ['args'], node: true },
  // The --evaluations file, for both commands.
  { folder: 'evaluations', mayImport: ['args'], node: true },
  // The two commands: siblings, neither imports the other.
  { folder: 'dev', mayImport: ['shared', 'args', 'server', 'otlp', 'metrics', 'evaluations'], node: true },
  { folder: 'gateway', mayImport: ['shared', 'args', 'server', 'otlp', 'metrics', 'evaluations'], node: true },
  { folder: 'ui', mayImport: ['shared'] },
];
