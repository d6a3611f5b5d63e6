/**
 * Thumbnails for the filmstrip, decoded by the browser from the same media the player uses
 * (a second, hidden video element), so nothing extra runs on the server. Thumbnails arrive
 * one by one through `onThumb`; `signal` stops the work when the video is closed.
 */
export async function loadFilmstrip(
  url: string,
  timesSec: Float64Array,
  heightPx: number,
  onThumb: (index: number, image: ImageBitmap) => void,
  signal: AbortSignal,
): Promise<void> {
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'auto';
  video.src = url;
  try {
    await once(video, 'loadeddata', signal);
    const widthPx = Math.round((heightPx * video.videoWidth) / Math.max(1, video.videoHeight));
    for (let i = 0; i < timesSec.length; i++) {
      if (signal.aborted) return;
      video.currentTime = timesSec[i]!;
      await once(video, 'seeked', signal);
      onThumb(i, await createImageBitmap(video, { resizeWidth: widthPx, resizeHeight: heightPx }));
    }
  } catch {
    // No thumbnails is not an error worth a notice: the player shows its own message.
  } finally {
    video.removeAttribute('src');
    video.load();
  }
}

function once(target: HTMLVideoElement, event: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    target.addEventListener(
      event,
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      { once: true },
    );
    target.addEventListener('error', () => reject(new Error('media error')), { once: true });
  });
}
