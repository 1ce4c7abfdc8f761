import { createHash } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { AppError, forbidden, notFound } from '../domain/errors.js';
import { newId, newSecret } from '../domain/ids.js';
import { SHARE_VARIANTS, shareExpiry, shareState, type Share, type ShareVariant } from '../domain/share.js';
import type { Auth } from '../ports/auth.js';
import type { Derivatives } from '../ports/derivatives.js';
import type { PhotoRepo } from '../ports/photo-repo.js';
import { requireUser } from './authenticate.js';
import { ownedPhoto } from './photos.js';

export interface ShareRouteDeps {
  auth: Auth;
  photos: PhotoRepo;
  derivatives: Derivatives;
  publicUrl: string;
}

export const hashShareToken = (token: string) => createHash('sha256').update(token).digest('hex');

const photoParams = {
  type: 'object',
  required: ['photoId'],
  properties: { photoId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } },
} as const;

const presentShare = (share: Share, now: Date) => ({
  shareId: share.shareId,
  photoId: share.photoId,
  variant: share.variant,
  createdAt: share.createdAt,
  expiresAt: share.expiresAt,
  revokedAt: share.revokedAt,
  views: share.views,
  state: shareState(share, now),
});

export const shareRoutes: FastifyPluginAsync<ShareRouteDeps> = async (app, deps) => {
  requireUser(app, deps.auth);

  app.post<{ Params: { photoId: string }; Body: { expiresInSeconds?: number; variant?: ShareVariant } | undefined }>(
    '/photos/:photoId/share',
    {
      schema: {
        params: photoParams,
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: {
            expiresInSeconds: { type: 'integer' },
            variant: { type: 'string', enum: SHARE_VARIANTS },
          },
        },
      },
    },
    async (request, reply) => {
      const photo = await ownedPhoto(deps.photos, request.userId, request.params.photoId);
      if (photo.status !== 'ready') {
        throw new AppError(409, 'photo_not_ready', `The photo is ${photo.status}; it can be shared once it is ready`);
      }
      if (photo.moderation.length > 0) {
        throw forbidden(
          `The photo was flagged by moderation (${photo.moderation.map((m) => m.name).join(', ')}) and cannot be shared`,
          'moderation_flagged',
        );
      }
      const now = new Date();
      const expiresAt = shareExpiry(now, request.body?.expiresInSeconds);
      const variant = request.body?.variant ?? 'preview';
      if (variant === 'original') await deps.derivatives.fullSize(photo);
      const token = newSecret();
      const share: Share = {
        shareId: newId(),
        photoId: photo.photoId,
        userId: request.userId,
        tokenHash: hashShareToken(token),
        variant,
        createdAt: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
        revokedAt: null,
        views: 0,
      };
      await deps.photos.createShare(share);
      return reply.status(201).send({ ...presentShare(share, now), url: `${deps.publicUrl}/s/${token}` });
    },
  );

  app.get<{ Params: { photoId: string } }>('/photos/:photoId/shares', { schema: { params: photoParams } }, async (request) => {
    const photo = await ownedPhoto(deps.photos, request.userId, request.params.photoId);
    const now = new Date();
    return { items: (await deps.photos.listShares(photo.photoId)).map((s) => presentShare(s, now)) };
  });

  app.delete<{ Params: { shareId: string } }>(
    '/shares/:shareId',
    { schema: { params: { type: 'object', properties: { shareId: { type: 'string', maxLength: 64 } } } } },
    async (request, reply) => {
      const share = await deps.photos.getShare(request.params.shareId);
      if (!share || share.userId !== request.userId) throw notFound('Share');
      await deps.photos.revokeShare(share.shareId, new Date());
      return reply.status(204).send();
    },
  );
};
