import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../context';
import { secretsEqual } from '../crypto';
import { SyncHttpError } from '../errors';

/** Municipal staff's API: `Authorization: Bearer <admin token>`, compared in constant time. */
export function adminAuth(context: ServerContext) {
  return async function verifyAdminToken(request: FastifyRequest): Promise<void> {
    const value = request.headers.authorization;
    const match = typeof value === 'string' ? /^Bearer (\S+)$/.exec(value) : null;
    if (!match?.[1] || !secretsEqual(match[1], context.adminToken))
      throw new SyncHttpError(401, 'admin_unauthorized', 'a valid admin token is required');
  };
}
