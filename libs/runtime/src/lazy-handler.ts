/**
 * A Lambda handler whose dependencies are built once per cold start, on the first invocation, so
 * importing the bundle connects to nothing. A failed start is retried by the next invocation.
 */
export function lazyHandler<Args extends unknown[], Result>(init: () => Promise<(...args: Args) => Promise<Result>>): (...args: Args) => Promise<Result> {
  let ready: Promise<(...args: Args) => Promise<Result>> | undefined;
  return async (...args) => {
    ready ??= init().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return (await ready)(...args);
  };
}
