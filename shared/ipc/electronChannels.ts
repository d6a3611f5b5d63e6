/**
 * The two Electron IPC channels that carry the whole contract: one for requests (the
 * contract's channel name travels inside), one for events. Written once, for the preload and
 * the main process.
 */
export const INVOKE_CHANNEL = 'actionline:invoke';
export const EVENT_CHANNEL = 'actionline:event';

/** Scheme of the Electron shell's media URLs: `actionline-media://video/<id>`. */
export const MEDIA_SCHEME = 'actionline-media';

export function electronMediaUrl(videoId: string): string {
  return `${MEDIA_SCHEME}://video/${encodeURIComponent(videoId)}`;
}
