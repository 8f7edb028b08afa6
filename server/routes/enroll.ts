import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { verifyEd25519 } from '../crypto';
import { SyncHttpError } from '../errors';
import { lockActivationCode, markActivationCodeUsed } from '../store/activation-codes';
import { currentCatalog } from '../store/catalogs';
import { findOfficeById } from '../store/offices';
import {
  findTerminal,
  insertTerminal,
  isPublicKeyEnrolled,
  lockTerminalByNumber,
  nextTerminalNumber,
  rekeyTerminal,
} from '../store/terminals';
import { enrollRequestSchema, type EnrollResponse } from '../../shared/sync/protocol';
import { canonicalEnrollment } from '../../shared/sync/signing';

/**
 * A new terminal: it sends the office's one-time activation code with the public half of the key
 * pair it just made (and a signature proving it holds the private half), and receives its office,
 * its terminal id and number, the server's time and the current catalog. The same code with the
 * same key again is answered the same (a retry after a lost answer); with another key it is used.
 * Another unused code of the same office naming the number its terminal holds, with that
 * terminal's key, is answered with that terminal too (the answer was lost and the manager got a
 * new code); any other key is refused the number.
 *
 * A number held in the code's office by a revoked terminal is that terminal coming back with a new
 * key (its PC or key was replaced, or the revocation was a mistake): the code, issued after the
 * revocation, re-keys it. It keeps its id and number, so the sales it saved meanwhile, its tracking
 * codes, settlements and audit trail carry on under it; its old key is refused from then on.
 */
export function enrollRoutes(app: FastifyInstance, context: ServerContext): void {
  app.post('/v1/enroll', async function enroll(request): Promise<EnrollResponse> {
    const parsed = enrollRequestSchema.safeParse(request.body);
    if (!parsed.success)
      throw new SyncHttpError(400, 'invalid_request', 'activationCode, publicKey and proof are required');
    const { activationCode, publicKey, proof, label, officeCode, terminalNumber } = parsed.data;
    if (!verifyEd25519(publicKey, canonicalEnrollment(activationCode, publicKey), proof))
      throw new SyncHttpError(400, 'bad_signature', 'the proof is not a signature of this key');

    const now = context.now();
    const enrolled = await context.db.transaction(async (tx) => {
      const code = await lockActivationCode(tx, activationCode);
      if (!code) throw new SyncHttpError(404, 'activation_code_invalid', 'no such activation code');
      if (code.usedAt !== null) {
        // The same key again (it proved it holds it): the answer to its enrollment was lost on the
        // way, and a terminal that never heard it would otherwise be locked out of its number.
        const earlier = code.terminalId ? await findTerminal(tx, code.terminalId) : null;
        if (earlier && earlier.publicKey === publicKey && earlier.revokedAt === null) {
          const office = await findOfficeById(tx, earlier.officeId);
          if (!office) throw new Error(`terminal ${earlier.id} of a missing office`);
          return { terminal: { id: earlier.id, number: earlier.number }, office };
        }
        throw new SyncHttpError(409, 'activation_code_used', 'this activation code was already used');
      }
      if (code.expiresAt < now)
        throw new SyncHttpError(410, 'activation_code_expired', 'this activation code has expired');
      await tx.query('SELECT id FROM offices WHERE id = $1 FOR UPDATE', [code.officeId]);
      const office = await findOfficeById(tx, code.officeId);
      if (!office) throw new Error(`activation code for missing office ${code.officeId}`);
      // Checked before the code is used up, so the right office can still use it.
      if (officeCode !== undefined && officeCode !== office.code)
        throw new SyncHttpError(
          409,
          'office_mismatch',
          `this activation code is for office ${office.code}, not ${officeCode}`,
        );
      const holder =
        terminalNumber === undefined ? null : await lockTerminalByNumber(tx, office.id, terminalNumber);
      if (holder && holder.revokedAt === null && holder.publicKey === publicKey) {
        // This very terminal (it proved it holds the number's key) with another code of its office:
        // the answer to its enrollment was lost and its manager got a new code. The code is spent
        // on it, so that it is not left lying around for another PC.
        await markActivationCodeUsed(tx, activationCode, holder.id, now);
        return { terminal: { id: holder.id, number: holder.number }, office };
      }
      if (await isPublicKeyEnrolled(tx, publicKey))
        throw new SyncHttpError(
          409,
          'invalid_request',
          'this public key is already enrolled; make a new key pair',
        );
      if (holder && holder.revokedAt === null)
        throw new SyncHttpError(
          409,
          'terminal_number_taken',
          `office ${office.code} already has a terminal number ${terminalNumber}`,
        );
      if (holder) {
        // Only a code issued after the revocation undoes it: one issued before may be in the hands
        // the revocation was meant to shut out.
        if (code.createdAt < (holder.revokedAt ?? 0))
          throw new SyncHttpError(
            410,
            'activation_code_expired',
            `terminal ${holder.number} of office ${office.code} was revoked after this activation code was issued; ask for a new code`,
          );
        await rekeyTerminal(tx, holder, { publicKey, activationCode: code.code, now });
        await markActivationCodeUsed(tx, activationCode, holder.id, now);
        return { terminal: { id: holder.id, number: holder.number }, office };
      }
      const terminal = {
        id: randomUUID(),
        number: terminalNumber ?? (await nextTerminalNumber(tx, office.id)),
      };
      await insertTerminal(tx, { ...terminal, officeId: office.id, publicKey, label: label ?? null, now });
      await markActivationCodeUsed(tx, activationCode, terminal.id, now);
      return { terminal, office };
    });

    return {
      terminal: enrolled.terminal,
      office: {
        code: enrolled.office.code,
        name: enrolled.office.name,
        district: enrolled.office.district,
        municipality: enrolled.office.municipality,
      },
      serverTime: context.now(),
      catalog: await currentCatalog(context.db),
    };
  });
}
