/**
 * The in-process registry behind Confluent Schema Registry's own REST endpoints, so that existing tools and clients
 * (Confluent serializers, kcat, curl) can talk to it: served on 127.0.0.1 on request only, never on the record path.
 * Endpoints (Confluent's API reference): GET /subjects, GET|DELETE /subjects/{s}, GET /subjects/{s}/versions,
 * GET /subjects/{s}/versions/{v|latest}[/schema], POST /subjects/{s}/versions, POST /subjects/{s} (lookup),
 * GET /schemas/ids/{id}[/schema|/versions], GET /schemas/types, POST /compatibility/subjects/{s}/versions[/{v}],
 * GET|PUT /config and /config/{s}. Errors are Confluent's `{ error_code, message }` with its HTTP status.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SchemaRegistryError, type SchemaRegistry } from './schema-registry.js';
import type { CompatibilityLevel, RegisteredSchema, SchemaInput, SchemaReference, SchemaType } from './types.js';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const MAX_BODY_BYTES = 16 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Confluent's JSON for a subject version: schemaType and references only when they say something. */
function versionJson(s: RegisteredSchema): Record<string, unknown> {
  return {
    subject: s.subject,
    version: s.version,
    id: s.id,
    ...(s.schemaType === 'AVRO' ? {} : { schemaType: s.schemaType }),
    ...(s.references.length === 0 ? {} : { references: s.references }),
    schema: s.schema,
  };
}

function versionOf(raw: string): number | 'latest' {
  if (raw === 'latest' || raw === '-1') return 'latest';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 31 - 1) {
    throw new HttpError(422, 42202, 'The specified version is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"');
  }
  return n;
}

function schemaInput(body: unknown): SchemaInput {
  if (body === null || typeof body !== 'object' || typeof (body as { schema?: unknown }).schema !== 'string') {
    throw new HttpError(422, 42201, 'Either the input schema or one its references is invalid');
  }
  const b = body as { schema: string; schemaType?: SchemaType; references?: SchemaReference[] };
  return { schema: b.schema, ...(b.schemaType === undefined ? {} : { schemaType: b.schemaType }), ...(b.references === undefined ? {} : { references: b.references }) };
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) reject(new HttpError(413, 413, 'Request body too large'));
      else chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new HttpError(400, 400, 'Unrecognized request body: not JSON'));
      }
    });
    req.on('error', reject);
  });
}

/** Answers one request from the registry: [status, JSON body]. */
export async function handle(registry: SchemaRegistry, method: string, url: string, body: () => Promise<unknown>): Promise<[number, unknown]> {
  const { pathname, searchParams } = new URL(url, 'http://registry');
  const parts = pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
  const [a, b, c, d, e] = parts;
  switch (true) {
    case method === 'GET' && parts.length === 1 && a === 'subjects':
      return [200, registry.subjects()];
    case method === 'GET' && parts.length === 2 && a === 'subjects':
    case method === 'GET' && parts.length === 3 && a === 'subjects' && c === 'versions':
      return [200, registry.versions(b!)];
    case method === 'DELETE' && parts.length === 2 && a === 'subjects':
      return [200, registry.deleteSubject(b!)];
    case method === 'GET' && parts.length === 4 && a === 'subjects' && c === 'versions':
      return [200, versionJson(registry.schema(b!, versionOf(d!)))];
    case method === 'GET' && parts.length === 5 && a === 'subjects' && c === 'versions' && e === 'schema':
      return [200, JSON.parse(registry.schema(b!, versionOf(d!)).schema) as unknown];
    case method === 'POST' && parts.length === 3 && a === 'subjects' && c === 'versions':
      return [200, { id: registry.register(b!, schemaInput(await body())) }];
    case method === 'POST' && parts.length === 2 && a === 'subjects':
      return [200, versionJson(registry.lookup(b!, schemaInput(await body())))];
    case method === 'GET' && parts.length === 3 && a === 'schemas' && b === 'ids': {
      const s = registry.schemaById(Number(c));
      return [200, { ...(s.schemaType === 'AVRO' ? {} : { schemaType: s.schemaType }), ...(s.references.length === 0 ? {} : { references: s.references }), schema: s.schema }];
    }
    case method === 'GET' && parts.length === 4 && a === 'schemas' && b === 'ids' && d === 'schema':
      return [200, JSON.parse(registry.schemaById(Number(c)).schema) as unknown];
    case method === 'GET' && parts.length === 4 && a === 'schemas' && b === 'ids' && d === 'versions':
      return [200, registry.subjectVersionsById(Number(c))];
    case method === 'GET' && parts.length === 2 && a === 'schemas' && b === 'types':
      return [200, ['JSON', 'PROTOBUF', 'AVRO']];
    case method === 'POST' && a === 'compatibility' && b === 'subjects' && d === 'versions' && (parts.length === 4 || parts.length === 5): {
      const check = registry.testCompatibility(c!, schemaInput(await body()), parts.length === 5 ? versionOf(e!) : 'latest');
      const verbose = searchParams.get('verbose') === 'true';
      return [200, { is_compatible: check.isCompatible, ...(verbose ? { messages: check.messages } : {}) }];
    }
    case method === 'GET' && a === 'config' && parts.length <= 2:
      return [200, { compatibilityLevel: registry.compatibility(b) }];
    case method === 'PUT' && a === 'config' && parts.length <= 2: {
      const level = (await body()) as { compatibility?: CompatibilityLevel } | undefined;
      registry.setCompatibility(b, (level?.compatibility ?? '') as CompatibilityLevel);
      return [200, { compatibility: registry.compatibility(b) }];
    }
    case method === 'DELETE' && a === 'config' && parts.length === 2:
      registry.deleteCompatibility(b!);
      return [200, { compatibilityLevel: registry.compatibility(b) }];
    default:
      throw new HttpError(404, 404, `HTTP 404 Not Found: ${method} ${pathname}`);
  }
}

/** A running facade: its URL, and close(). */
export interface RegistryServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves the registry on 127.0.0.1 (`port` 0: any free port). */
export function serveRegistry(registry: SchemaRegistry, port = 0): Promise<RegistryServer> {
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const reply = (status: number, json: unknown): void => {
      res.writeHead(status, { 'Content-Type': CONTENT_TYPE });
      res.end(JSON.stringify(json));
    };
    handle(registry, req.method ?? 'GET', req.url ?? '/', () => readBody(req)).then(
      ([status, json]) => reply(status, json),
      (err: unknown) => {
        if (err instanceof SchemaRegistryError) reply(err.status, { error_code: err.errorCode, message: err.message });
        else if (err instanceof HttpError) reply(err.status, { error_code: err.errorCode, message: err.message });
        else reply(500, { error_code: 50001, message: err instanceof Error ? err.message : String(err) });
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${bound}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
