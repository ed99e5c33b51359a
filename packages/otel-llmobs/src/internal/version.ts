import packageJson from '../../package.json' with { type: 'json' };

/**
 * Our package version, sent as `_dd.tracer_version`. Imported (bundled at build time) rather than
 * read from disk, so it also works where there is no file system.
 */
export const TRACER_VERSION: string = packageJson.version;
