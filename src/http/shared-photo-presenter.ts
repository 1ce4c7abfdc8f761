import { VARIANT_BOX, type Photo } from '../domain/photo.js';
import type { Share } from '../domain/share.js';
import type { LinkCard } from './html-page.js';
import type { ShownImage } from './shared-photo-pages.js';

/** The size of the image of a photo a link serves, for the page's width/height and og:image:width/height. */
export function shownSize(photo: Photo, variant: 'thumbnail' | 'preview' | 'full'): { width: number; height: number } {
  if (variant !== 'full') {
    const made = photo.variants[variant];
    if (made) return { width: made.width, height: made.height };
  }
  const width = photo.width ?? 1;
  const height = photo.height ?? 1;
  const scale = variant === 'full' ? 1 : Math.min(1, VARIANT_BOX[variant] / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** The variant a photo link serves as its image. */
export const linkVariant = (share: Share) => (share.variant === 'original' ? 'full' : share.variant);

/**
 * Whether a link may carry a card with its title and image for chats: not one with a password (nothing before the
 * password), nor one limited to `maxViews` (a crawler would spend a visitor's views; it gets an uncounted card that
 * shows nothing instead).
 */
export const cardMayShow = (share: Share) => share.passwordHash === null && share.maxViews === null;

/** A link card with the image at an absolute URL (crawlers fetch it from elsewhere). */
export function imageCard(title: string, image: ShownImage, publicUrl: string, description?: string): LinkCard {
  return {
    title,
    ...(description && { description }),
    image: { url: `${publicUrl}${image.src}`, width: image.width, height: image.height, alt: title },
  };
}
