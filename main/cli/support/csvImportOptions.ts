import { CSV_COLUMNS } from '../../formats/csv/csvColumns.ts';
import { CSV_FALLBACK_FPS } from '../../formats/import/csvImport.ts';

export const CSV_OPTION_HELP = {
  columns: `CSV: which header column holds what, COLUMN=HEADER separated by commas, e.g. video=clip,start=t0,end=t1,label=action[,score=conf][,annotator=who] (COLUMN one of ${CSV_COLUMNS.join(', ')}; default: common names such as video/video_id/file, start/start_sec/t_start, end/end_sec/t_end, label/class/action, score/confidence, annotator)`,
  units:
    'CSV: start and end are seconds (default) or frame boundaries counted from 0 (frame f starts at f / fps; default where the columns are named start_frame / end_frame)',
  fps: `CSV with --units frames: the frame rate (25, 29.97 or 30000/1001) for videos whose media is not probed (default: the rate an earlier import used, else ${CSV_FALLBACK_FPS})`,
};
