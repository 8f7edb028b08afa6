import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context';
import { adminAuth } from '../auth/admin-auth';
import { adminRecordRoutes, HELD_CODE, officeCodeSchema } from './admin-records';
import { SyncHttpError } from '../errors';
import { insertActivationCode } from '../store/activation-codes';
import { publishCatalog, currentCatalog, type CatalogRefusal } from '../store/catalogs';
import { appendChange } from '../store/changes';
import {
  countTransactions,
  findTransactionByTrackingCode,
  listConflicts,
  listTransactions,
  lockTransaction,
  setTransactionStatus,
} from '../store/items';
import {
  findMunicipality,
  findOfficeByCode,
  insertMunicipality,
  insertOffice,
  listMunicipalities,
  listOffices,
} from '../store/offices';
import { listTerminals, revokeTerminal } from '../store/terminals';
import { freeTextSchema, officeCodeSchema as licensedOfficeCodeSchema } from '../../shared/ipc/schemas';
import { normalizeNote } from '../../shared/text/normalize';
import { parseTrackingCode } from '../../shared/tracking-code';
import {
  ADMIN_STATUSES,
  SERVER_TRANSACTION_STATUSES,
  type ServerTransactionStatus,
} from '../../shared/sync/protocol';

const DAY_MS = 24 * 60 * 60 * 1000;
const PAGE_DEFAULT = 100;
const PAGE_MAX = 1000;

/** What municipal staff may move a transaction to, from where. Final: rejected, completed, voided. */
const TRANSITIONS: Readonly<Record<ServerTransactionStatus, readonly ServerTransactionStatus[]>> = {
  received: ['in_review', 'approved', 'rejected'],
  in_review: ['approved', 'rejected'],
  approved: ['completed', 'rejected'],
  cancellation_requested: ['in_review', 'approved', 'rejected', 'completed'],
  rejected: [],
  completed: [],
  voided: [],
};

const CATALOG_REFUSAL_STATUS: Readonly<Record<CatalogRefusal, number>> = {
  catalog_invalid: 400,
  catalog_version_mismatch: 400,
  catalog_version_exists: 409,
  tariff_version_changed: 409,
};

const municipalityCodeSchema = z.string().regex(HELD_CODE);
const queryText = z.string().max(64).optional();
/**
 * A municipality's or an office's name, kept as the counter keeps the free text people type
 * (normalizeNote: one space between words, no invisible marks): nothing left of it is no name.
 */
const nameSchema = freeTextSchema(1, 200);
/** A notice's text, shown as written (its lines kept) without the spaces around it; blank is no notice. */
const noticeTextSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((text) => normalizeNote(text) !== '', 'no text: only spaces or invisible marks');

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || what;
    throw new SyncHttpError(400, 'invalid_request', `${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/**
 * The tracking code a path names, as the counter reads one typed or read over the phone (the
 * receipt prints it in dashed groups; Persian digits and spaces are fine): its 14 ASCII digits, as
 * stored. A code no terminal could have issued (a wrong check digit, length or part) is refused as
 * such, rather than answered as a transaction the server does not hold.
 */
function trackingCodeOf(params: unknown): string {
  const { trackingCode } = parse(z.object({ trackingCode: z.string().max(64) }), params, 'trackingCode');
  const parsed = parseTrackingCode(trackingCode);
  if (!parsed.ok)
    throw new SyncHttpError(
      400,
      'tracking_code_invalid',
      `trackingCode: ${parsed.code}, not a code a terminal could have issued`,
    );
  return parsed.value.code;
}

function pageQuery(query: unknown) {
  const q = parse(
    z.object({
      cursor: z
        .string()
        .regex(/^\d{1,15}$/)
        .optional(),
      limit: z
        .string()
        .regex(/^\d{1,4}$/)
        .optional(),
      office: queryText,
      status: z.enum(SERVER_TRANSACTION_STATUSES).optional(),
    }),
    query,
    'query',
  );
  return {
    afterSeq: q.cursor ? Number(q.cursor) : 0,
    limit: Math.min(Math.max(q.limit ? Number(q.limit) : PAGE_DEFAULT, 1), PAGE_MAX),
    officeCode: q.office ?? null,
    status: q.status ?? null,
  };
}

/** Municipal staff's actions, behind the admin token. */
export function adminRoutes(app: FastifyInstance, context: ServerContext): void {
  app.register(async function adminScope(admin) {
    admin.addHook('onRequest', adminAuth(context));
    adminRecordRoutes(admin, context);

    admin.get('/v1/admin/municipalities', async () => ({ items: await listMunicipalities(context.db) }));

    admin.post('/v1/admin/municipalities', async function createMunicipality(request, reply) {
      const body = parse(
        z.strictObject({
          code: municipalityCodeSchema,
          name: nameSchema,
          districtCount: z.number().int().min(1).max(100),
        }),
        request.body,
        'body',
      );
      const created = await insertMunicipality(context.db, body);
      if (created) return reply.code(201).send(created);
      // Asked again, as a retry does: the same values are answered as held. Other values are
      // refused, not dropped: nothing here changes a municipality's districts or name.
      const held = await findMunicipality(context.db, body.code);
      if (!held) throw new Error(`municipality ${body.code} missing after insert`);
      // A name held from before names were tidied (an Arabic keyboard's ي) is the same name tidied.
      if (normalizeNote(held.name) === body.name && held.districtCount === body.districtCount)
        return reply.code(200).send(held);
      throw new SyncHttpError(
        409,
        'municipality_exists',
        `municipality ${held.code} exists as ${held.name} with ${held.districtCount} districts; nothing was changed`,
      );
    });

    admin.get('/v1/admin/offices', async () => ({ items: await listOffices(context.db) }));

    admin.post('/v1/admin/offices', async function createOffice(request, reply) {
      const body = parse(
        z.strictObject({
          municipality: municipalityCodeSchema,
          // A terminal enrolls only in an office whose code is its 4-digit licence number, the
          // first four digits of every tracking code it issues: the counter's own rule.
          code: licensedOfficeCodeSchema,
          name: nameSchema,
          district: z.number().int().min(1),
        }),
        request.body,
        'body',
      );
      const municipality = await findMunicipality(context.db, body.municipality);
      if (!municipality) throw new SyncHttpError(404, 'not_found', 'no such municipality');
      if (body.district > municipality.districtCount)
        throw new SyncHttpError(
          400,
          'invalid_request',
          `district: ${municipality.name} has ${municipality.districtCount}`,
        );
      const office = await insertOffice(context.db, {
        ...body,
        municipalityId: municipality.id,
        now: context.now(),
      });
      if (!office) throw new SyncHttpError(409, 'office_exists', 'an office with this code exists');
      return reply.code(201).send(office);
    });

    admin.post(
      '/v1/admin/offices/:code/activation-codes',
      async function createActivationCode(request, reply) {
        const { code } = parse(z.object({ code: officeCodeSchema }), request.params, 'office');
        const body = parse(
          z.strictObject({ validDays: z.number().int().min(1).max(90).optional() }).optional(),
          request.body,
          'body',
        );
        const office = await findOfficeByCode(context.db, code);
        if (!office) throw new SyncHttpError(404, 'not_found', 'no such office');
        const created = await insertActivationCode(
          context.db,
          office.id,
          context.now(),
          (body?.validDays ?? 7) * DAY_MS,
        );
        return reply
          .code(201)
          .send({ activationCode: created.code, office: office.code, expiresAt: created.expiresAt });
      },
    );

    admin.get('/v1/admin/terminals', async function terminals(request) {
      const { office } = parse(z.object({ office: queryText }), request.query, 'query');
      return { items: await listTerminals(context.db, office ?? null) };
    });

    admin.post('/v1/admin/terminals/:id/revoke', async function revoke(request) {
      const { id } = parse(z.object({ id: z.string().max(64) }), request.params, 'terminal');
      const body = parse(
        z.strictObject({ reason: z.string().max(500).optional() }).optional(),
        request.body,
        'body',
      );
      if (!(await revokeTerminal(context.db, id, body?.reason ?? null, context.now())))
        throw new SyncHttpError(404, 'not_found', 'no such terminal');
      return { id, revoked: true };
    });

    admin.get('/v1/admin/transactions', async function transactions(request) {
      const page = pageQuery(request.query);
      const rows = await listTransactions(context.db, { ...page, limit: page.limit + 1 });
      const items = rows.slice(0, page.limit).map(({ seq: _seq, ...item }) => item);
      const last = rows[page.limit - 1];
      return { items, nextCursor: rows.length > page.limit && last ? String(last.seq) : null };
    });

    admin.get('/v1/admin/transactions/count', async function count(request) {
      const page = pageQuery(request.query);
      return { count: await countTransactions(context.db, page) };
    });

    admin.get('/v1/admin/transactions/:trackingCode', async function transaction(request) {
      const trackingCode = trackingCodeOf(request.params);
      const found = await findTransactionByTrackingCode(context.db, trackingCode);
      if (!found) throw new SyncHttpError(404, 'not_found', 'no transaction with this tracking code');
      const { seq: _seq, ...item } = found;
      return item;
    });

    admin.post('/v1/admin/transactions/:trackingCode/status', async function changeStatus(request) {
      const trackingCode = trackingCodeOf(request.params);
      const body = parse(
        z
          .strictObject({
            status: z.enum(ADMIN_STATUSES),
            reason: z.string().trim().min(1).max(1000).optional(),
            actor: z.string().trim().min(1).max(200).optional(),
          })
          .refine((b) => b.status !== 'rejected' || b.reason !== undefined, {
            message: 'a rejection needs a reason',
            path: ['reason'],
          }),
        request.body,
        'body',
      );
      const now = context.now();
      return context.db.transaction(async (tx) => {
        const target = await lockTransaction(tx, { trackingCode });
        if (!target) throw new SyncHttpError(404, 'not_found', 'no transaction with this tracking code');
        if (!TRANSITIONS[target.status].includes(body.status))
          throw new SyncHttpError(
            409,
            'invalid_transition',
            `cannot go from ${target.status} to ${body.status}`,
          );
        const change = {
          transactionId: target.id,
          status: body.status,
          reason: body.reason ?? null,
          actor: body.actor ?? null,
        };
        await setTransactionStatus(tx, { ...change, source: 'municipality', now });
        const seq = await appendChange(tx, {
          officeId: target.officeId,
          type: 'status',
          payload: { ...change, trackingCode: target.trackingCode, at: now },
          now,
        });
        return { id: target.id, trackingCode: target.trackingCode, status: body.status, seq };
      });
    });

    admin.get('/v1/admin/conflicts', async function conflicts(request) {
      const page = pageQuery(request.query);
      const rows = await listConflicts(context.db, page.afterSeq, page.limit + 1);
      const items = rows.slice(0, page.limit);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > page.limit && last ? String(last.id) : null };
    });

    admin.get('/v1/admin/catalogs/current', async function catalog() {
      const current = await currentCatalog(context.db);
      if (!current) throw new SyncHttpError(404, 'not_found', 'no catalog published yet');
      return current;
    });

    admin.post('/v1/admin/catalogs', async function publish(request, reply) {
      const body = parse(
        z.strictObject({
          catalogVersion: z.string().min(1).max(64),
          catalog: z.record(z.string(), z.unknown()),
        }),
        request.body,
        'body',
      );
      const published = await context.db.transaction((tx) =>
        publishCatalog(tx, body.catalogVersion, body.catalog, context.now()),
      );
      if (!published.ok)
        throw new SyncHttpError(CATALOG_REFUSAL_STATUS[published.code], published.code, published.message);
      return reply
        .code(201)
        .send({ catalogVersion: body.catalogVersion, publishedAt: published.publishedAt });
    });

    admin.post('/v1/admin/notices', async function notice(request, reply) {
      const body = parse(
        z.strictObject({
          office: officeCodeSchema.optional(),
          text: z.strictObject({ fa: noticeTextSchema, en: noticeTextSchema }),
        }),
        request.body,
        'body',
      );
      const office = body.office ? await findOfficeByCode(context.db, body.office) : null;
      if (body.office && !office) throw new SyncHttpError(404, 'not_found', 'no such office');
      const now = context.now();
      const noticeId = randomUUID();
      const seq = await context.db.transaction((tx) =>
        appendChange(tx, {
          officeId: office?.id ?? null,
          type: 'notice',
          payload: { noticeId, text: body.text, at: now },
          now,
        }),
      );
      return reply.code(201).send({ noticeId, seq });
    });
  });
}
