import type { Consumer, Kafka, Producer } from 'kafkajs';

/** The service's database, shared by its instances (as a real one would be). */
export interface BalancesDb {
  readonly applied: Set<string>;
  readonly balances: Map<string, number>;
}

export interface BalancesOptions {
  readonly groupId: string;
  /** Skip payments already applied (by id): the service is then idempotent under redelivery and duplicate sends. */
  readonly dedupe: boolean;
  /** Injected virtual time, for the "work" each payment takes. */
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * A kafkajs service, typed with kafkajs' own types: applies each payment (key: account, value: {"id","amount"}) from
 * `payments` to its account in the database and writes the account's new balance to `balances`. The database update
 * and the send happen with no await between them, so `balances` sees the updates in the order they were made.
 */
export async function startBalancesService(kafka: Kafka, db: BalancesDb, options: BalancesOptions): Promise<{ consumer: Consumer; producer: Producer }> {
  const producer = kafka.producer();
  await producer.connect();
  const consumer = kafka.consumer({ groupId: options.groupId });
  await consumer.connect();
  await consumer.subscribe({ topics: ['payments'], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      await options.sleep(2);
      const account = message.key!.toString();
      const { id, amount } = JSON.parse(message.value!.toString()) as { id: string; amount: number };
      if (options.dedupe && db.applied.has(id)) return;
      db.applied.add(id);
      const balance = (db.balances.get(account) ?? 0) + amount;
      db.balances.set(account, balance);
      await producer.send({ topic: 'balances', messages: [{ key: account, value: String(balance) }] });
    },
  });
  return { consumer, producer };
}
