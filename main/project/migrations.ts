import type { DatabaseSync } from 'node:sqlite';
import { addSuggestionsToStoredRuns } from './suggestionsBackfill.ts';

/**
 * The project schema, as an ordered list of migrations. Migration i (0-based) brings a file
 * from user_version i to i + 1; a released migration is never edited, only appended to.
 *
 * Conventions: times in seconds (REAL, float64) beside each video's exact frame rate as a
 * rational; timestamps as ISO-8601 UTC text; bulk numbers (snippet scores, features) as BLOBs.
 */
export type Migration = string | { sql: string; then: (db: DatabaseSync) => void };

export const MIGRATIONS: readonly Migration[] = [
  /* 1: the whole product's data model */ `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE annotators (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
  created_at TEXT NOT NULL
) STRICT;

-- A label set is a vocabulary (Kinetics-400, ActivityNet v1.3 with its tree, custom).
CREATE TABLE label_sets (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('kinetics400', 'activitynet', 'custom'))
) STRICT;

-- Taxonomy nodes as ActivityNet writes them (node ids and parent names kept verbatim so
-- that an imported taxonomy exports unchanged); position keeps the file's order.
CREATE TABLE labels (
  id             INTEGER PRIMARY KEY,
  label_set_id   INTEGER NOT NULL REFERENCES label_sets(id) ON DELETE CASCADE,
  position       INTEGER NOT NULL,
  name           TEXT NOT NULL,
  node_id        INTEGER,
  parent_node_id INTEGER,
  parent_name    TEXT,
  UNIQUE (label_set_id, position)
) STRICT;
CREATE INDEX labels_by_name ON labels(label_set_id, name);

-- Model class → project label (many to one). A model with any mapping rows drops its
-- unmapped classes; a model with none keeps its class names.
CREATE TABLE class_mappings (
  model_id    TEXT NOT NULL,
  model_class TEXT NOT NULL,
  label       TEXT NOT NULL,
  PRIMARY KEY (model_id, model_class)
) STRICT;

CREATE TABLE videos (
  id               TEXT PRIMARY KEY,          -- the ActivityNet key; never changes
  position         INTEGER NOT NULL,          -- order added, for lists
  path             TEXT,                      -- NULL while known by metadata only
  url              TEXT,
  fps_num          INTEGER,
  fps_den          INTEGER CHECK (fps_den IS NULL OR fps_den > 0),
  frame_count      INTEGER,
  variable_frame_rate INTEGER NOT NULL DEFAULT 0,
  duration_sec     REAL,
  start_offset_sec REAL NOT NULL DEFAULT 0,
  width_px         INTEGER,
  height_px        INTEGER,
  resolution       TEXT,                      -- as imported ("1920x1080"), kept verbatim
  size_bytes       INTEGER,
  subset           TEXT,
  review_status    TEXT NOT NULL DEFAULT 'unreviewed'
                   CHECK (review_status IN ('unreviewed', 'in_progress', 'reviewed')),
  updated_by       INTEGER REFERENCES annotators(id),
  added_at         TEXT NOT NULL
) STRICT;
CREATE INDEX videos_by_position ON videos(position);

CREATE TABLE model_runs (
  id            INTEGER PRIMARY KEY,
  model_id      TEXT NOT NULL,
  model_version TEXT NOT NULL DEFAULT '',
  task          TEXT NOT NULL DEFAULT 'detection',
  params_json   TEXT NOT NULL DEFAULT '{}',   -- sampling, windows, thresholds, device
  source        TEXT NOT NULL DEFAULT 'engine', -- 'engine' or the imported file's name
  created_at    TEXT NOT NULL
) STRICT;

-- One row per stream of a run (RGB, flow, ...); fusion is a weighted sum of logits.
CREATE TABLE run_streams (
  run_id      INTEGER NOT NULL REFERENCES model_runs(id) ON DELETE CASCADE,
  stream      TEXT NOT NULL,
  model_id    TEXT NOT NULL,
  weight      REAL NOT NULL DEFAULT 1,
  labels_json TEXT NOT NULL,                  -- class names in output order
  PRIMARY KEY (run_id, stream)
) STRICT;

-- Per run, stream and video: snippet centers (float64) and scores [snippet][class]
-- (float32 or float16, little-endian).
CREATE TABLE snippet_scores (
  run_id        INTEGER NOT NULL,
  stream        TEXT NOT NULL,
  video_id      TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  score_kind    TEXT NOT NULL CHECK (score_kind IN ('logits', 'probabilities')),
  dtype         TEXT NOT NULL CHECK (dtype IN ('float32', 'float16')),
  class_count   INTEGER NOT NULL,
  snippet_count INTEGER NOT NULL,
  centers_sec   BLOB NOT NULL,
  scores        BLOB NOT NULL,
  PRIMARY KEY (run_id, stream, video_id),
  FOREIGN KEY (run_id, stream) REFERENCES run_streams(run_id, stream) ON DELETE CASCADE
) STRICT;

-- Segments are [start_sec, end_sec). Predictions (annotator_id NULL) are shared; each
-- annotator's decisions are their own rows (annotator_id = the layer's owner), pointing at
-- the prediction they came from (source_segment_id), so several annotators can review the
-- same video independently and be compared. created_by / annotator_id: who made it / whose
-- layer it is and who last changed it.
CREATE TABLE segments (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: the edit log names rows by id
  video_id          TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  start_sec         REAL NOT NULL,
  end_sec           REAL NOT NULL,
  label             TEXT NOT NULL,
  score             REAL,
  provenance        TEXT NOT NULL
                    CHECK (provenance IN ('predicted', 'accepted', 'edited', 'rejected', 'manual', 'imported')),
  run_id            INTEGER REFERENCES model_runs(id) ON DELETE SET NULL,
  source_segment_id INTEGER REFERENCES segments(id) ON DELETE SET NULL,
  original_label    TEXT,
  original_score    REAL,
  annotator_id      INTEGER REFERENCES annotators(id),
  created_by        INTEGER REFERENCES annotators(id),
  updated_at        TEXT NOT NULL,
  CHECK (end_sec >= start_sec)
) STRICT;
CREATE INDEX segments_by_video ON segments(video_id, start_sec);
CREATE INDEX segments_by_source ON segments(source_segment_id) WHERE source_segment_id IS NOT NULL;
CREATE INDEX segments_by_run ON segments(run_id, video_id) WHERE run_id IS NOT NULL;

-- An annotator's decision about a shared prediction (accepted, rejected, edited, merged
-- away): the prediction is no longer shown in that annotator's layer. Other annotators
-- still see it.
CREATE TABLE prediction_reviews (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  annotator_id  INTEGER NOT NULL REFERENCES annotators(id),
  segment_id    INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
  UNIQUE (annotator_id, segment_id)
) STRICT;
CREATE INDEX prediction_reviews_by_segment ON prediction_reviews(segment_id);

-- Video-level labels: 'predicted' rows carry score and run; 'confirmed' rows belong to
-- the annotator who confirmed them.
CREATE TABLE video_labels (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  video_id     TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  label        TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('predicted', 'confirmed')),
  score        REAL,
  run_id       INTEGER REFERENCES model_runs(id) ON DELETE CASCADE,
  annotator_id INTEGER REFERENCES annotators(id),
  updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX video_labels_by_video ON video_labels(video_id);

-- The edit log: one row per user action, holding every row it changed as before/after
-- images (JSON), so undo and redo survive restarts. state: 'done', 'undone', or 'dropped'
-- (undone and then superseded by a new edit; kept, never deleted).
CREATE TABLE edits (
  id           INTEGER PRIMARY KEY,
  annotator_id INTEGER NOT NULL REFERENCES annotators(id),
  action       TEXT NOT NULL,
  video_id     TEXT,
  changes_json TEXT NOT NULL,
  state        TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'dropped')),
  created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX edits_by_annotator ON edits(annotator_id, id);
`,
  /* 2: the suggested labelling beside the ranked detections; edge scores; review activity */ {
    sql: `
-- A shared prediction is one of a run's two products: 'ranked' (the detections, overlapping
-- proposals best first: ActivityNet results, mAP) or 'suggested' (the suggested labelling, one
-- segment per action instance: what annotators review). NULL for every other segment.
ALTER TABLE segments ADD COLUMN product TEXT CHECK (product IN ('ranked', 'suggested'));
UPDATE segments SET product = 'ranked'
  WHERE annotator_id IS NULL AND provenance = 'predicted' AND run_id IS NOT NULL;
CREATE INDEX segments_by_product ON segments(run_id, video_id, product) WHERE product IS NOT NULL;

-- Per-frame scores near the suggestions' edges (runs/refineEdges.ts), as snippet_scores
-- holds the plan's: re-derivation places edges with them again.
CREATE TABLE edge_scores (
  run_id        INTEGER NOT NULL,
  stream        TEXT NOT NULL,
  video_id      TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  score_kind    TEXT NOT NULL CHECK (score_kind IN ('logits', 'probabilities')),
  dtype         TEXT NOT NULL CHECK (dtype IN ('float32', 'float16')),
  class_count   INTEGER NOT NULL,
  snippet_count INTEGER NOT NULL,
  centers_sec   BLOB NOT NULL,
  scores        BLOB NOT NULL,
  PRIMARY KEY (run_id, stream, video_id),
  FOREIGN KEY (run_id, stream) REFERENCES run_streams(run_id, stream) ON DELETE CASCADE
) STRICT;

-- How long each annotator actively reviewed each video and how many actions it took (key
-- presses and clicks in the editor), so teams can see what pre-labelling saves.
CREATE TABLE review_activity (
  video_id     TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  annotator_id INTEGER NOT NULL REFERENCES annotators(id),
  active_ms    INTEGER NOT NULL DEFAULT 0,
  actions      INTEGER NOT NULL DEFAULT 0,
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (video_id, annotator_id)
) STRICT;
`,
    // Runs stored before this version get their suggestions from their stored scores.
    then: addSuggestionsToStoredRuns,
  },
  /* 3: the order edits were applied in; what probing says about a video's file */ `
-- When the edit's changes were last applied (made or redone), in one sequence for the whole
-- project: the rows on disk are the starting rows with the 'done' edits applied in this
-- order. Not the id order: a redo applies an old edit after newer ones.
ALTER TABLE edits ADD COLUMN applied_seq INTEGER;
UPDATE edits SET applied_seq = id;
CREATE INDEX edits_by_applied_seq ON edits(applied_seq);

-- What the user should know about the file (video/mediaNotes.ts): a JSON array of
-- {kind, text}, e.g. a cut-short copy or the stream analysed of several. NULL: none known.
ALTER TABLE videos ADD COLUMN media_notes TEXT;
`,
  /* 4: undo and redo per video */ `
-- The editor undoes and redoes the annotator's edits of the video in view (editLog.ts).
CREATE INDEX edits_by_video ON edits(annotator_id, video_id, id);
`,
  /* 5: a backbone's per-snippet features */ `
-- Per run and video: the model's features [snippet][value] (float16 or float32,
-- little-endian), in the snippet order of the run's scores of that video (snippetFeatures.ts),
-- so a head trained on reviewed videos re-derives suggestions without decoding them again.
CREATE TABLE snippet_features (
  run_id        INTEGER NOT NULL REFERENCES model_runs(id) ON DELETE CASCADE,
  video_id      TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  dtype         TEXT NOT NULL CHECK (dtype IN ('float32', 'float16')),
  dim           INTEGER NOT NULL CHECK (dim > 0),
  snippet_count INTEGER NOT NULL,
  features      BLOB NOT NULL,
  PRIMARY KEY (run_id, video_id)
) STRICT;
`,
  /* 6: heads trained on the project's reviewed videos; the project's own id */ `
-- A head (issue 26): a classifier of the project's label set over a backbone's features,
-- trained on reviewed videos (heads.ts). Its ONNX graph and version-2 manifest are stored
-- whole, with what it was trained on and its held-out metrics, so a run names it
-- ('head:NAME') and the project alone can run it again.
CREATE TABLE heads (
  id                     INTEGER PRIMARY KEY,
  name                   TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
  created_at             TEXT NOT NULL,
  backbone_model_id      TEXT NOT NULL,
  backbone_model_version TEXT NOT NULL,
  backbone_run_id        INTEGER REFERENCES model_runs(id) ON DELETE SET NULL,
  annotator_id           INTEGER REFERENCES annotators(id),
  manifest_json          TEXT NOT NULL,
  onnx                   BLOB NOT NULL,
  training_json          TEXT NOT NULL,
  metrics_json           TEXT NOT NULL
) STRICT;

-- Which project a head was trained in: a head's manifest carries it, so that one exported
-- from another project (another label set, other videos) is refused, not run.
INSERT OR IGNORE INTO meta (key, value) VALUES ('project_uid', lower(hex(randomblob(16))));
`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
