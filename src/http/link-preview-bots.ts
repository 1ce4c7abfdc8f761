/**
 * The crawlers chat and social apps send to draw a card for a pasted link (their User-Agent). They are only ever
 * given a card that shows nothing of a `maxViews` link, uncounted: one that claims to be a crawler gains nothing.
 */
const PREVIEW_BOTS =
  /facebookexternalhit|facebot|twitterbot|slackbot|slack-imgproxy|discordbot|telegrambot|whatsapp|linkedinbot|skypeuripreview|pinterestbot|redditbot|mastodon|embedly|iframely|google-pagerenderer|bingpreview|applebot|vkshare|bitlybot|outbrain|zoombot|microsoftpreview/i;

/** Bounded: a User-Agent longer than this is not looked at. */
const MAX_USER_AGENT = 512;

export function isLinkPreviewBot(userAgent: string | undefined): boolean {
  return !!userAgent && userAgent.length <= MAX_USER_AGENT && PREVIEW_BOTS.test(userAgent);
}
