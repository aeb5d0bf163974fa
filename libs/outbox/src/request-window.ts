export type RequestWindow = <T>(request: () => Promise<T>) => Promise<T>;

/**
 * Runs at most `size` requests at once; the others wait and start in the order they asked, so a
 * request's slot goes to the next one the moment it settles instead of when its whole batch has.
 */
export function requestWindow(size: number): RequestWindow {
  let running = 0;
  const waiting: (() => void)[] = [];
  const handOn = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return async (request) => {
    if (running < size) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await request();
    } finally {
      handOn();
    }
  };
}
