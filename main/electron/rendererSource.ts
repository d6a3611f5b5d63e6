/**
 * Where the desktop window loads its page from. A development server (electron-vite sets
 * ELECTRON_RENDERER_URL) is honoured only in an unpackaged app and only on this machine: a
 * packaged app always loads its own files from the asar, so an environment variable can
 * never give a foreign page the preload bridge.
 */
export type RendererSource = { kind: 'url'; url: string } | { kind: 'file' };

export function rendererSource(
  env: Readonly<Record<string, string | undefined>>,
  isPackaged: boolean,
): RendererSource {
  const candidate = env.ELECTRON_RENDERER_URL;
  if (isPackaged || !candidate) return { kind: 'file' };
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { kind: 'file' };
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return local && (url.protocol === 'http:' || url.protocol === 'https:')
    ? { kind: 'url', url: url.href }
    : { kind: 'file' };
}
