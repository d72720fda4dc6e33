/**
 * `kafka://HOST:PORT[,HOST:PORT]`, the address the CLI's --to (and later --on) takes: the cluster's bootstrap
 * brokers. Parsed here, without kafkajs, so that a bad URL fails before the client is even loaded.
 */

/** A malformed kafka:// URL: the message is the one line the CLI prints. */
export class KafkaUrlError extends Error {}

const SCHEME = 'kafka://';

/** A host name, IPv4 address or [IPv6] address, then a port. */
const BROKER = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

/** The bootstrap brokers of a `kafka://HOST:PORT[,HOST:PORT]` URL, as kafkajs takes them ("host:port"). */
export function parseKafkaUrl(url: string): string[] {
  const fail = (reason: string): never => {
    throw new KafkaUrlError(`bad Kafka URL '${url}': ${reason}; expected kafka://HOST:PORT[,HOST:PORT]`);
  };
  if (!url.startsWith(SCHEME)) fail(url.includes('://') ? `the scheme must be kafka://` : 'it has no kafka:// scheme');
  // a trailing slash is harmless (kafka://host:9092/); any other path, query or user is not a Kafka address
  const rest = url.slice(SCHEME.length).replace(/\/$/, '');
  if (rest === '') fail('no broker');
  if (/[/?#@]/.test(rest)) fail('a path, query or user name has no meaning here');
  return rest.split(',').map((part) => {
    const broker = part.trim();
    if (broker === '') fail('an empty broker in the list');
    const m = BROKER.exec(broker);
    if (m === null) fail(`'${broker}' is not HOST:PORT`);
    const port = Number(m![3]);
    if (port < 1 || port > 65535) fail(`port ${m![3]} is not in 1..65535`);
    return broker;
  });
}
