/** The SDK's `Resource` while a detector's async attributes are still resolving (SDK 1.x–3.x). */
interface ResourceWithAsyncAttributes {
  readonly asyncAttributesPending?: boolean;
  waitForAsyncAttributes?(): Promise<void>;
}

/**
 * When the span's resource is still resolving async attributes (a detector reading the cloud
 * region or container id), the promise that settles once they are in; `undefined` when there is
 * nothing to wait for. The SDK's own processors wait the same way before they export. Never
 * rejects and never throws (a detector that fails leaves the attributes it had).
 */
export function asyncResourceAttributes(span: { readonly resource?: unknown }): Promise<void> | undefined {
  try {
    const resource = span.resource as ResourceWithAsyncAttributes | undefined;
    if (resource === null || typeof resource !== 'object' || resource.asyncAttributesPending !== true) return undefined;
    if (typeof resource.waitForAsyncAttributes !== 'function') return undefined;
    return Promise.resolve(resource.waitForAsyncAttributes()).then(
      () => undefined,
      () => undefined,
    );
  } catch {
    return undefined;
  }
}
