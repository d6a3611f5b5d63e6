import { LABEL_STUDIO_CONTROL, LABEL_STUDIO_OBJECT } from '../formats/export/labelStudioConfig.ts';

/**
 * What a prediction needs from a Label Studio labelling config (the `label_config` of
 * /predict, the `schema` of /setup): the TimelineLabels control's `name` (a result's
 * `from_name`) and `toName`, the Video it points at (`value="$video"`: which task data key
 * holds the file; `frameRate`: the rate Label Studio counts frames at) and the control's label
 * values. Read with a tag scan, not an XML parser: only these attributes are wanted, and no
 * entity is ever expanded. A config without TimelineLabels gets null: Label Studio could not
 * show a timeline region in it.
 */
export interface TimelineConfig {
  fromName: string;
  toName: string;
  /** The task data key of the video (`$video` → "video"). */
  videoKey: string;
  /** `frameRate` as written ("$fps", "29.97"), or null (Label Studio's 24). */
  frameRate: string | null;
  /** The control's `<Label value>`s, in order (empty: any label is kept). */
  labels: string[];
}

/** When a request carries no config: the one `actionline export --format label-studio` writes. */
export const EXPORTED_CONFIG: TimelineConfig = {
  fromName: LABEL_STUDIO_CONTROL,
  toName: LABEL_STUDIO_OBJECT,
  videoKey: 'video',
  frameRate: '$fps',
  labels: [],
};

export function timelineConfig(labelConfig: string): TimelineConfig | null {
  const tags = [
    ...labelConfig.matchAll(/<([A-Za-z]+)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/g),
  ];
  const control = tags.find((t) => t[1] === 'TimelineLabels');
  if (!control) return null;
  const controlAttrs = attributes(control[2]!);
  const fromName = controlAttrs.get('name');
  const toName = controlAttrs.get('toName');
  if (fromName === undefined || toName === undefined) return null;
  const video = tags.find((t) => t[1] === 'Video' && attributes(t[2]!).get('name') === toName);
  const videoAttrs = video ? attributes(video[2]!) : new Map<string, string>();
  const value = videoAttrs.get('value') ?? '$video';
  const end = labelConfig.indexOf('</TimelineLabels>', control.index);
  const labels = tags
    .filter((t) => t[1] === 'Label' && t.index > control.index && (end < 0 || t.index < end))
    .map((t) => attributes(t[2]!).get('value'))
    .filter((v): v is string => v !== undefined);
  return {
    fromName,
    toName,
    videoKey: value.startsWith('$') ? value.slice(1) : 'video',
    frameRate: videoAttrs.get('frameRate') ?? null,
    labels,
  };
}

function attributes(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of text.matchAll(/([^\s=>/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    map.set(m[1]!, unescapeXml(m[2] ?? m[3] ?? ''));
  }
  return map;
}

/** The five predefined entities and character references; nothing else is expanded. */
function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
    }
    return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[ref]!;
  });
}
