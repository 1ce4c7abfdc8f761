import type { AccountDeletionRepo } from '../ports/account-deletions.js';
import type { IdentityAccounts, IdentityRemover } from '../ports/accounts.js';
import type { AlbumRepo } from '../ports/album-repo.js';
import type { ApiKeyRepo } from '../ports/api-key-repo.js';
import type { DownloadTicketStore } from '../ports/download-tickets.js';
import type { Auth } from '../ports/auth.js';
import type { MultiFactor } from '../ports/multi-factor.js';
import type { ImageProcessor } from '../ports/image-processor.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { Labeler } from '../ports/labeler.js';
import type { PasswordRecovery } from '../ports/passwords.js';
import type { PhotoRepo } from '../ports/photo-repo.js';
import type { SocialSignIn } from '../ports/social-sign-in.js';
import type { ThrottleStore } from '../ports/throttle-store.js';
import type { SignedUrlVerifier, UrlSigner } from '../ports/url-signer.js';

/** Everything the API and the worker need from the outside world, for one mode. */
export interface Adapters {
  auth: Auth | null;
  multiFactor: MultiFactor | null;
  /** Password reset and change, beside `auth` (null where it is). */
  passwords: PasswordRecovery | null;
  /** "Sign in with …"; null for a worker. */
  socialSignIn: SocialSignIn | null;
  /** The identity provider's accounts for their holders (delete, sign out everywhere); null where `auth` is. */
  accounts: IdentityAccounts | null;
  /** What the worker uses to finish an identity's deletion; null where it cannot (aws mode without a user pool id). */
  identityRemover: IdentityRemover | null;
  /** Accounts being deleted. */
  deletions: AccountDeletionRepo;
  blobs: BlobStore;
  photos: PhotoRepo;
  albums: AlbumRepo;
  apiKeys: ApiKeyRepo;
  /** Bulk downloads' tickets, for their few minutes: shared by every API process of the deployment. */
  downloadTickets: DownloadTicketStore;
  /** Rate-limit counters: shared by every API process of the deployment. */
  throttle: ThrottleStore;
  /** Null for an API that does not see the queue (aws mode without QUEUE_URL). */
  queue: JobQueue | null;
  /** Null for a worker-only process in aws mode: it never signs URLs. */
  signer: UrlSigner | null;
  /** Local mode: the API plays the CDN and checks the URLs it signed. */
  cdnVerifier: SignedUrlVerifier | null;
  /** Decoding and encoding (sharp), loaded on first use. */
  images: ImageProcessor;
  labeler: Labeler | null;
  /** Key for the listing cursors' MAC; the same on every API instance. */
  cursorKey: Buffer | null;
  /** Key that seals share links' tokens (32 bytes); the same on every API instance; null for a worker in aws mode. */
  shareSealKey: Buffer | null;
  /** A data backfill the worker runs in steps until done (aws mode: byTaken's `takenKey` on older photos); absent: none. */
  takenBackfill?: () => Promise<{ written: number; more: boolean; done: boolean }>;
  close(): Promise<void>;
}
