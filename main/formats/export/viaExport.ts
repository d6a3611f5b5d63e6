import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { VIA_ANNOTATOR_ATTRIBUTE, VIA_TEMPORAL_ANCHOR } from '../via/parseViaProject.ts';
import { missingSubsetOf, type ExportText } from './exportTypes.ts';
import { layerSegments, type LayerSelection } from './layerSegments.ts';
import { jsonNumber } from './numberText.ts';

/**
 * A VIA 3 project (open it in VIA's video annotator, `via_video_annotator.html`: Project →
 * Load), as VIA's `_via_data.js` saves one (data_format_version 3.1.1; sources in
 * test/fixtures/formats/via/README.md): one file and one view per video (`fname` the media's
 * file name, or its URL, or the video id; VIA asks for the local file when the view opens),
 * two text attributes of temporal segments ("action", the label; "annotator", the layer),
 * and each annotator's segment as a metadata entry `{vid, flg: 0, z: [start, end], xy: [],
 * av}` in seconds, every float64 digit kept (VIA itself rounds to milliseconds when a segment
 * is edited). Deterministic: videos by id, segments in export order, ids counted from 1.
 */

const ACTION_AID = '1';
const ANNOTATOR_AID = '2';
const VIA_VIDEO = 4;
const VIA_LOCAL = 1;
const VIA_URI_HTTP = 2;

interface VideoRow {
  id: string;
  path: string | null;
  url: string | null;
}

export function viaText(db: DatabaseSync, selection: LayerSelection = {}): ExportText {
  const videos = videoRows(db, selection);
  const vidOf = new Map(videos.map((v, i) => [v.id, String(i + 1)]));
  const file: Record<string, unknown> = {};
  const view: Record<string, unknown> = {};
  videos.forEach((video, i) => {
    const fid = String(i + 1);
    const http = video.path === null && video.url !== null && /^https?:\/\//i.test(video.url);
    file[fid] = {
      fid,
      fname: video.path !== null ? path.basename(video.path) : http ? video.url : video.id,
      type: VIA_VIDEO,
      loc: http ? VIA_URI_HTTP : VIA_LOCAL,
      src: http ? video.url : '',
    };
    view[fid] = { fid_list: [fid] };
  });
  const metadata: string[] = [];
  const perVideo = new Map<string, number>();
  for (const s of layerSegments(db, selection)) {
    const vid = vidOf.get(s.videoId)!;
    const n = (perVideo.get(vid) ?? 0) + 1;
    perVideo.set(vid, n);
    const where = `video "${s.videoId}"`;
    const av = { [ACTION_AID]: s.label, [ANNOTATOR_AID]: s.annotator };
    metadata.push(
      `    ${JSON.stringify(`${vid}_${n}`)}: {"vid": ${JSON.stringify(vid)}, "flg": 0, "z": [${jsonNumber(s.startSec, where)}, ${jsonNumber(s.endSec, where)}], "xy": [], "av": ${JSON.stringify(av)}}`,
    );
  }
  const head = {
    project: {
      pid: '__VIA_PROJECT_ID__',
      rev: '__VIA_PROJECT_REV_ID__',
      rev_timestamp: '__VIA_PROJECT_REV_TIMESTAMP__',
      pname: 'Actionline export',
      data_format_version: '3.1.1',
      creator: 'VGG Image Annotator (http://www.robots.ox.ac.uk/~vgg/software/via)',
      created: 0,
      vid_list: videos.map((_, i) => String(i + 1)),
    },
    config: {
      file: { loc_prefix: { '1': '', '2': '', '3': '', '4': '' } },
      ui: { file_content_align: 'center' },
    },
    attribute: {
      [ACTION_AID]: attribute('action', 'The action (Actionline label)'),
      [ANNOTATOR_AID]: attribute(VIA_ANNOTATOR_ATTRIBUTE, "The Actionline annotator's layer"),
    },
    file,
    view,
  };
  const headText = JSON.stringify(head, null, 2);
  const body = metadata.length === 0 ? '{}' : `{\n${metadata.join(',\n')}\n  }`;
  return {
    text: `${headText.slice(0, -2)},\n  "metadata": ${body}\n}\n`,
    warnings: [],
    videoCount: videos.length,
    itemCount: metadata.length,
  };
}

/** A text attribute of temporal segments, as VIA's video annotator makes one. */
function attribute(aname: string, desc: string) {
  return {
    aname,
    anchor_id: VIA_TEMPORAL_ANCHOR,
    type: 1,
    desc,
    options: {},
    default_option_id: '',
  };
}

function videoRows(db: DatabaseSync, selection: LayerSelection): VideoRow[] {
  const where = selection.subset === undefined ? '' : 'WHERE coalesce(subset, ?) = ?';
  const params =
    selection.subset === undefined ? [] : [missingSubsetOf(selection), selection.subset];
  return db
    .prepare(`SELECT id, path, url FROM videos ${where} ORDER BY id`)
    .all(...params) as unknown as VideoRow[];
}
