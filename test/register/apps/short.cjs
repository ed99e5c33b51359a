// A script that ends at once: one span, synchronous, nothing awaited. Its span is still queued
// when the event loop runs dry; the zero-code start delivers it on `beforeExit`.
const { llmobs } = require('otel-llmobs');

llmobs.trace({ kind: 'task', name: 'short-task' }, () => {
  llmobs.annotate({ inputData: 'in', outputData: 'out' });
});
