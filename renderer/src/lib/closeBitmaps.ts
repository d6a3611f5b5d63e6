/**
 * Frees the decoded pixels of bitmaps the timeline no longer draws: an ImageBitmap holds them
 * outside the JS heap until it is closed, and garbage collection comes late, if at all.
 */
export function closeBitmaps(images: Iterable<{ close(): void } | null>): void {
  for (const image of images) image?.close();
}
