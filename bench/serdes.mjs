// The cost of bytes at the edges (issue 9): what each registry format costs per record to write and read, on the
// bookstore's purchase records, against the JSON the simulator's topics would hold if they held text. Inside the
// engine values stay typed; these serdes run only where bytes are asked for (real Kafka, registry checks, CLI output).
// bench/bench.mjs runs this with --json (section `serdes`); alone (node bench/serdes.mjs) it prints a table.
import console from 'node:console';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { generateBookstore, DEFAULT_BOOKSTORE_OPTIONS } from '../dist/scenarios/bookstore/generator.js';
import { PurchaseSchema } from '../dist/scenarios/bookstore/schemas.js';
import { avroSchemaOf } from '../dist/scenarios/common/avro-schema.js';
import { Serdes } from '../dist/sim/serde.js';
import { SchemaRegistry, avroSerde, jsonSchemaSerde, protobufSerde } from '../dist/sim/schema-registry/index.js';

const N = Number(process.env.BENCH_SERDE_RECORDS ?? 100_000);

const purchases = generateBookstore({ ...DEFAULT_BOOKSTORE_OPTIONS, durationMs: 6 * 3600_000 })
  .filter((r) => r.topic === 'purchase' && r.value !== null)
  .map((r) => r.value);

// one registry per format: a subject holds one schema type (Confluent refuses another as incompatible)
const PROTO = `syntax = "proto3";
message Purchase {
  string purchaseId = 1;
  int64 customerId = 2;
  repeated string bookIds = 3;
  optional string packet = 4;
  int64 totalAmount = 5;
}`;
const JSON_SCHEMA = {
  type: 'object',
  properties: {
    purchaseId: { type: 'string' },
    customerId: { type: 'integer' },
    bookIds: { type: 'array', items: { type: 'string' } },
    packet: { type: ['string', 'null'] },
    totalAmount: { type: 'integer' },
  },
  required: ['purchaseId', 'customerId', 'bookIds', 'packet', 'totalAmount'],
};
const formats = {
  'JSON (no registry)': Serdes.Json(),
  'AVRO': avroSerde({ registry: new SchemaRegistry(), schema: avroSchemaOf(PurchaseSchema, 'Purchase', 'streamsim.bookstore') }),
  'PROTOBUF': protobufSerde({ registry: new SchemaRegistry(), schema: PROTO }),
  'JSON_SR (validated)': jsonSchemaSerde({ registry: new SchemaRegistry(), schema: JSON_SCHEMA }),
};

/** Protobuf has no null: an order's packet is absent until it ships. */
const valueFor = (name, v) => (name === 'PROTOBUF' && v.packet === null ? { ...v, packet: undefined } : v);

function measure(name, serde) {
  const values = purchases.map((v) => valueFor(name, v));
  const bytes = new Array(values.length);
  // warm-up, then timed passes over the same records
  for (let i = 0; i < values.length; i++) bytes[i] = serde.serialize('purchase', values[i]);
  for (let i = 0; i < values.length; i++) serde.deserialize('purchase', bytes[i]);
  let t = performance.now();
  let total = 0;
  for (let i = 0; i < N; i++) total += serde.serialize('purchase', values[i % values.length]).length;
  const writeNs = ((performance.now() - t) * 1e6) / N;
  t = performance.now();
  for (let i = 0; i < N; i++) serde.deserialize('purchase', bytes[i % bytes.length]);
  const readNs = ((performance.now() - t) * 1e6) / N;
  return { format: name, records: N, 'write ns/rec': Math.round(writeNs), 'read ns/rec': Math.round(readNs), 'bytes/rec': Math.round(total / N) };
}

const results = Object.entries(formats).map(([name, serde]) => measure(name, serde));
if (process.argv.includes('--json')) console.log(JSON.stringify({ purchases: purchases.length, results }));
else {
  console.log(`${purchases.length} distinct bookstore purchase values, ${N} round trips per format`);
  console.table(results);
}
