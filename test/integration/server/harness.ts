import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database, Queryable } from '../../../server/db/database';
import { openDatabase, startServer, type RunningServer } from '../../../server/server';
import { canonicalEnrollment, canonicalRequest, SIGNATURE_HEADERS } from '../../../shared/sync/signing';

/** The databases the server is tested on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const BACKENDS = [
  { name: 'PGlite', databaseUrl: undefined },
  { name: 'PostgreSQL', databaseUrl: process.env.TEST_DATABASE_URL || undefined },
] as const;

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestServer extends RunningServer {
  admin(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<{ status: number; json: unknown }>;
  stop(): Promise<void>;
}

/**
 * A schema of its own in the test database, so test files running side by side never see (or
 * drop) each other's tables: the connection string names it as the search path.
 */
export async function freshSchema(databaseUrl: string): Promise<string> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const db = await openDatabase({ databaseUrl });
  try {
    await db.exec(`CREATE SCHEMA ${schema}`);
  } finally {
    await db.close();
  }
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

export async function dropSchema(baseUrl: string, schemaUrl: string): Promise<void> {
  const schema = /search_path=(t_[0-9a-f]+)/.exec(new URL(schemaUrl).searchParams.get('options') ?? '')?.[1];
  if (!schema) return;
  const db = await openDatabase({ databaseUrl: baseUrl });
  try {
    await db.exec(`DROP SCHEMA ${schema} CASCADE`);
  } finally {
    await db.close();
  }
}

/**
 * A server database of its own, not yet migrated (PGlite in a temp folder, or a fresh schema in the
 * PostgreSQL test database), handed to `work` and then closed and removed. For migration tests.
 */
export async function withBareDatabase(
  databaseUrl: string | undefined,
  work: (db: Database) => Promise<void>,
): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pishkhan-migrate-'));
  const url = databaseUrl ? await freshSchema(databaseUrl) : undefined;
  const db = await openDatabase({ databaseUrl: url, dataDir });
  try {
    await work(db);
  } finally {
    await db.close();
    if (databaseUrl && url) await dropSchema(databaseUrl, url);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The rows every migration test starts from: municipality 1, office 1 (code 1234), one terminal. */
export async function insertOfficeAndTerminal(db: Queryable, terminalId: string): Promise<void> {
  await db.exec(`
    INSERT INTO municipalities (code, name, district_count) VALUES ('karaj', 'کرج', 12);
    INSERT INTO offices (municipality_id, code, name, district, created_at) VALUES (1, '1234', 'دفتر', 3, 0);
    INSERT INTO terminals (id, office_id, number, public_key, enrolled_at) VALUES ('${terminalId}', 1, 1, 'k', 0);
  `);
}

/** A fresh server on loopback: PGlite in a temp folder, or an emptied PostgreSQL database. */
export async function startTestServer(
  databaseUrl: string | undefined,
  now?: () => number,
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pishkhan-server-'));
  const baseUrl = databaseUrl;
  if (databaseUrl) databaseUrl = await freshSchema(databaseUrl);
  const schemaUrl = databaseUrl;
  const server = await startServer({ databaseUrl, dataDir, port: 0, adminToken: ADMIN_TOKEN, now });
  return {
    ...server,
    async admin(method, path, body, token = ADMIN_TOKEN) {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as unknown };
    },
    async stop() {
      await server.close();
      if (baseUrl && schemaUrl) await dropSchema(baseUrl, schemaUrl);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function publicKeyBase64(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  if (!jwk.x) throw new Error('not an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url').toString('base64');
}

export interface Answer {
  readonly status: number;
  readonly json: unknown;
  readonly headers: Headers;
}

export interface SendOptions {
  readonly timestamp?: number;
  readonly nonce?: string;
  /** Sign with this key instead of the terminal's. */
  readonly signingKey?: KeyObject;
  /** Sign this body but send `body`. */
  readonly signedBody?: string;
  readonly unsigned?: boolean;
  readonly terminalId?: string;
}

/** A terminal as the counter will be: its own Ed25519 key pair, and signed requests. */
export class TestTerminal {
  readonly publicKey: string;
  private readonly privateKey: KeyObject;
  id = '';
  number = 0;

  constructor(readonly baseUrl: string) {
    const pair = generateKeyPairSync('ed25519');
    this.privateKey = pair.privateKey;
    this.publicKey = publicKeyBase64(pair.publicKey);
  }

  static otherKey(): KeyObject {
    return generateKeyPairSync('ed25519').privateKey;
  }

  async enroll(
    activationCode: string,
    claim: { officeCode?: string; terminalNumber?: number } = {},
  ): Promise<Answer> {
    const proof = sign(
      null,
      Buffer.from(canonicalEnrollment(activationCode, this.publicKey)),
      this.privateKey,
    );
    const answer = await this.raw('POST', '/v1/enroll', {
      body: JSON.stringify({
        activationCode,
        publicKey: this.publicKey,
        proof: proof.toString('base64'),
        ...claim,
      }),
    });
    if (answer.status === 200) {
      const json = answer.json as { terminal: { id: string; number: number } };
      this.id = json.terminal.id;
      this.number = json.terminal.number;
    }
    return answer;
  }

  async raw(
    method: string,
    path: string,
    init: { body?: string; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      body: init.body,
    });
    const text = await response.text();
    return {
      status: response.status,
      json: text ? (JSON.parse(text) as unknown) : null,
      headers: response.headers,
    };
  }

  signedHeaders(
    method: string,
    path: string,
    body: string,
    options: SendOptions = {},
  ): Record<string, string> {
    const timestamp = options.timestamp ?? Date.now();
    const nonce = options.nonce ?? randomBytes(16).toString('base64url');
    const bodySha256 = createHash('sha256')
      .update(options.signedBody ?? body)
      .digest('hex');
    const message = canonicalRequest({ method, path, timestamp, nonce, bodySha256 });
    const signature = sign(null, Buffer.from(message), options.signingKey ?? this.privateKey);
    return {
      [SIGNATURE_HEADERS.terminal]: options.terminalId ?? this.id,
      [SIGNATURE_HEADERS.timestamp]: String(timestamp),
      [SIGNATURE_HEADERS.nonce]: nonce,
      [SIGNATURE_HEADERS.signature]: signature.toString('base64'),
    };
  }

  send(method: 'GET' | 'POST', path: string, payload?: unknown, options: SendOptions = {}): Promise<Answer> {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const headers = options.unsigned ? {} : this.signedHeaders(method, path, body, options);
    return this.raw(method, path, { body: payload === undefined ? undefined : body, headers });
  }

  push(items: readonly unknown[], options?: SendOptions): Promise<Answer> {
    return this.send('POST', '/v1/push', { items }, options);
  }

  pull(cursor: number, options?: SendOptions): Promise<Answer> {
    return this.send('GET', `/v1/pull?cursor=${cursor}`, undefined, options);
  }
}
