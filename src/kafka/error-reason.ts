/** The first line of an error and of the causes kafkajs wraps around it ("Connection error: connect ECONNREFUSED ..."): what the CLI prints. */
export function errorReason(err: unknown): string {
  const messages: string[] = [];
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; depth++) {
    const line = e.message.split('\n')[0]!;
    if (line !== '' && !messages.includes(line)) messages.push(line);
    const inner = e as Error & { originalError?: unknown };
    e = inner.originalError ?? inner.cause;
  }
  return messages.length === 0 ? String(err) : messages.join(': ');
}
