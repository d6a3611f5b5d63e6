import { EXPORT_FORMATS, type ExportFormat } from './exportProject.ts';

/** How the export dialog lists a format: a title, and what the path names. */
interface ExportFormatInfo {
  title: string;
  /** The path is a folder the format's files go into. */
  folder: boolean;
  extension: string;
  /** What its item count counts, for "wrote …: 3 videos, 12 rows". */
  items: string;
}

/**
 * One line per format of EXPORT_FORMATS. Typed over every name, so a format added to the
 * registry without a line here fails the type check instead of missing from the app.
 */
const INFO: Record<ExportFormat, ExportFormatInfo> = {
  activitynet: {
    title: 'ActivityNet v1.3 ground truth',
    folder: false,
    extension: '.json',
    items: 'segments',
  },
  'activitynet-results': {
    title: 'ActivityNet results',
    folder: false,
    extension: '.json',
    items: 'entries',
  },
  thumos14: { title: 'THUMOS14 detections', folder: false, extension: '.txt', items: 'lines' },
  csv: { title: 'CSV (one row per segment)', folder: false, extension: '.csv', items: 'rows' },
  'review-csv': {
    title: 'CSV of review time per video',
    folder: false,
    extension: '.csv',
    items: 'rows',
  },
  'label-studio': {
    title: 'Label Studio tasks (+ config to paste)',
    folder: false,
    extension: '.json',
    items: 'regions',
  },
  via: { title: 'VIA 3 project', folder: false, extension: '.json', items: 'segments' },
  fiftyone: {
    title: 'FiftyOne temporal detections',
    folder: false,
    extension: '.json',
    items: 'segments',
  },
  'thumos14-gt': {
    title: 'THUMOS14 ground truth (a folder)',
    folder: true,
    extension: '',
    items: 'segments',
  },
  elan: {
    title: 'ELAN .eaf (one video: the file; several: a folder of <video>.eaf)',
    folder: false,
    extension: '.eaf',
    items: 'annotations',
  },
  cvat: {
    title:
      'CVAT for images 1.1 tags (one video: annotations .xml; several: a folder of <video>.xml)',
    folder: false,
    extension: '.xml',
    items: 'frame tags',
  },
};

/** The export registry as the dialog lists it, in the registry's order. */
export function exportFormatList(): {
  name: ExportFormat;
  title: string;
  folder: boolean;
  extension: string;
}[] {
  return EXPORT_FORMATS.map((name) => {
    const { title, folder, extension } = INFO[name];
    return { name, title, folder, extension };
  });
}

/** What a format's item count counts: "rows", "regions", "frame tags". */
export function exportItemNoun(format: ExportFormat): string {
  return INFO[format].items;
}

export function isExportFormat(name: string): name is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(name);
}
