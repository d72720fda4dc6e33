/**
 * Retries a cluster call that failed with an error Kafka calls retriable (a leader moving, a topic just created
 * and not yet known to every broker): kafkajs' admin gives those up after its own few retries, which a freshly
 * created topic can outlast. Gives up after `timeoutMs` with the last error.
 */
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function retrying<T>(call: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
    try {
      return await call();
    } catch (err) {
      const retriable = (err as { retriable?: unknown }).retriable === true;
      if (!retriable || Date.now() + delay > deadline) throw err;
      await sleep(delay);
    }
  }
}
