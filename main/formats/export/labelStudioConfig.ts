/**
 * The Label Studio labelling config that the exported tasks fit (labelStudioExport.ts), to
 * paste in the project's Settings → Labeling Interface → Code: a `<Video>` that plays
 * `$video` at each task's own frame rate (`frameRate="$fps"`; Label Studio's default would be
 * 24), and a `<TimelineLabels>` with the project's labels. The tag and value names are the
 * ones the tasks' results use.
 */

export const LABEL_STUDIO_CONTROL = 'actions';
export const LABEL_STUDIO_OBJECT = 'video';

export function labellingConfig(labels: readonly string[]): string {
  const lines = [
    '<View>',
    `  <Video name="${LABEL_STUDIO_OBJECT}" value="$video" frameRate="$fps" timelineHeight="120"/>`,
    `  <TimelineLabels name="${LABEL_STUDIO_CONTROL}" toName="${LABEL_STUDIO_OBJECT}">`,
    ...labels.map((label) => `    <Label value="${xmlAttribute(label)}"/>`),
    '  </TimelineLabels>',
    '</View>',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Text as an XML attribute value in double quotes; line breaks and tabs kept as references.
 * Other control characters cannot appear in XML 1.0 at all, even escaped: they become U+FFFD.
 */
function xmlAttribute(text: string): string {
  return text
    .replace(/[&<>"\t\n\r]/g, (c) => XML_ESCAPES[c]!)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd');
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};
