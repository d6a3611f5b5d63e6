/**
 * The file name of a task's video, from what Label Studio keeps in the task's data: an
 * upload ("/data/upload/8/1fd99634-clip.mp4"), a local file ("/data/local-files/?d=videos/
 * clip.mp4"), a storage or web URL ("s3://bucket/clip.mp4", "https://host/clip.mp4?sig=…"),
 * or a bare name ("clip.mp4"). The last path segment, query and fragment left out, percent
 * escapes decoded; "" where there is none.
 */
export function videoFileName(source: string): string {
  let rest = source;
  const query = rest.indexOf('?');
  if (query >= 0) {
    // Local files are served as ?d=<path under the document root>.
    const localFile = new URLSearchParams(rest.slice(query + 1).split('#')[0]).get('d');
    rest = localFile ?? rest.slice(0, query);
  }
  const fragment = rest.indexOf('#');
  if (fragment >= 0) rest = rest.slice(0, fragment);
  const segments = rest.split(/[\\/]/).filter((s) => s.length > 0);
  const last = segments[segments.length - 1] ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/**
 * Label Studio stores an uploaded file as `<first 8 hex digits of a uuid4>-<name>`
 * (label_studio/data_import/models.py, upload_name_generator), so a task's video is named
 * "1a2b3c4d-clip.mp4" where the team's file is "clip.mp4". Returns the name without that
 * prefix, or null where there is none.
 */
export function withoutUploadPrefix(fileName: string): string | null {
  const match = /^[0-9a-f]{8}-(.+)$/.exec(fileName);
  return match ? match[1]! : null;
}
