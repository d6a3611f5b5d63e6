/**
 * The editor's keyboard map, written once: the key handler dispatches from it and the help
 * overlay (and the README's table) list it, so they never disagree. No key matches two
 * commands (test/unit/renderer/lib/shortcuts.test.ts).
 */
export type EditorCommand =
  | 'playPause'
  | 'frameBack'
  | 'frameForward'
  | 'back1s'
  | 'forward1s'
  | 'back5s'
  | 'forward5s'
  | 'slower'
  | 'faster'
  | 'markIn'
  | 'markOut'
  | 'createFromMarks'
  | 'accept'
  | 'reject'
  | 'delete'
  | 'split'
  | 'merge'
  | 'loop'
  | 'undo'
  | 'redo'
  | 'nextSegment'
  | 'previousSegment'
  | 'nextUncertain'
  | 'searchLabel'
  | 'zoomIn'
  | 'zoomOut'
  | 'zoomFit'
  | 'help'
  | 'escape'
  | 'acceptAndNext'
  | 'rejectAndNext'
  | 'selectEdge'
  | 'nudgeFrameBack'
  | 'nudgeFrameForward'
  | 'nudgeSnippetBack'
  | 'nudgeSnippetForward'
  | 'nudgeSecondBack'
  | 'nudgeSecondForward'
  | 'setStartAtPlayhead'
  | 'setEndAtPlayhead'
  | 'mergeWithNext'
  | 'playSelection'
  | 'markWhilePlaying'
  | 'cycleAlternative'
  | 'takeAlternative'
  | 'reviewedNextVideo';

export interface Shortcut {
  command: EditorCommand;
  /** As shown to the user. */
  keys: string;
  description: string;
  match: (e: KeyLike) => boolean;
}

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

const mod = (e: KeyLike) => e.ctrlKey || e.metaKey;
const plain = (key: string) => (e: KeyLike) => e.key === key && !mod(e) && !e.altKey;
const plainNoShift = (key: string) => (e: KeyLike) => plain(key)(e) && !e.shiftKey;
const letter = (k: string) => (e: KeyLike) =>
  e.key.toLowerCase() === k && !mod(e) && !e.altKey && !e.shiftKey;
const shiftLetter = (k: string) => (e: KeyLike) =>
  e.key.toLowerCase() === k && !mod(e) && !e.altKey && e.shiftKey;

export const SHORTCUTS: readonly Shortcut[] = [
  { command: 'playPause', keys: 'Space', description: 'Play / pause', match: plain(' ') },
  { command: 'frameBack', keys: ',', description: 'One frame back', match: plain(',') },
  { command: 'frameForward', keys: '.', description: 'One frame forward', match: plain('.') },
  { command: 'back1s', keys: '←', description: 'Back 1 s', match: plainNoShift('ArrowLeft') },
  {
    command: 'forward1s',
    keys: '→',
    description: 'Forward 1 s',
    match: plainNoShift('ArrowRight'),
  },
  {
    command: 'back5s',
    keys: 'Shift+←',
    description: 'Back 5 s',
    match: (e) => e.key === 'ArrowLeft' && e.shiftKey && !mod(e),
  },
  {
    command: 'forward5s',
    keys: 'Shift+→',
    description: 'Forward 5 s',
    match: (e) => e.key === 'ArrowRight' && e.shiftKey && !mod(e),
  },
  { command: 'slower', keys: '[', description: 'Slower (down to 0.25×)', match: plain('[') },
  { command: 'faster', keys: ']', description: 'Faster (up to 4×)', match: plain(']') },
  {
    command: 'markIn',
    keys: 'I',
    description: 'Mark in: the start of the frame shown',
    match: letter('i'),
  },
  {
    command: 'markOut',
    keys: 'O',
    description: 'Mark out: the segment ends where the frame shown begins',
    match: letter('o'),
  },
  {
    command: 'createFromMarks',
    keys: 'Enter',
    description: 'Create a segment from the marks',
    match: plain('Enter'),
  },
  { command: 'accept', keys: 'A', description: 'Accept the selected segments', match: letter('a') },
  { command: 'reject', keys: 'R', description: 'Reject the selected segments', match: letter('r') },
  {
    command: 'delete',
    keys: 'Delete',
    description: 'Delete the selected segments',
    match: (e) => (e.key === 'Delete' || e.key === 'Backspace') && !mod(e),
  },
  {
    command: 'split',
    keys: 'S',
    description: 'Split the selected segment at the playhead',
    match: letter('s'),
  },
  { command: 'merge', keys: 'M', description: 'Merge the selected segments', match: letter('m') },
  {
    command: 'loop',
    keys: 'L',
    description: 'Loop the selected segment (again: stop)',
    match: letter('l'),
  },
  {
    command: 'undo',
    keys: 'Ctrl+Z',
    description: "Undo this video's latest edit",
    match: (e) => mod(e) && !e.shiftKey && e.key.toLowerCase() === 'z',
  },
  {
    command: 'redo',
    keys: 'Ctrl+Shift+Z / Ctrl+Y',
    description: "Redo this video's last undone edit",
    match: (e) =>
      mod(e) && ((e.shiftKey && e.key.toLowerCase() === 'z') || e.key.toLowerCase() === 'y'),
  },
  {
    command: 'nextSegment',
    keys: 'Tab',
    description: 'Select the next segment',
    match: plainNoShift('Tab'),
  },
  {
    command: 'previousSegment',
    keys: 'Shift+Tab',
    description: 'Select the previous segment',
    match: (e) => e.key === 'Tab' && e.shiftKey,
  },
  {
    command: 'nextUncertain',
    keys: 'N',
    description: 'Next most uncertain prediction',
    match: letter('n'),
  },
  { command: 'searchLabel', keys: '/', description: 'Search labels', match: plain('/') },
  {
    command: 'zoomIn',
    keys: '+',
    description: 'Zoom in',
    match: (e) => (e.key === '+' || e.key === '=') && !mod(e),
  },
  { command: 'zoomOut', keys: '-', description: 'Zoom out', match: plain('-') },
  { command: 'zoomFit', keys: '0', description: 'Fit the whole video', match: plain('0') },
  { command: 'help', keys: '?', description: 'Show / hide this help', match: plain('?') },
  {
    command: 'escape',
    keys: 'Esc',
    description: 'Clear selection and marks',
    match: plain('Escape'),
  },
  {
    command: 'acceptAndNext',
    keys: 'Y',
    description: 'Accept the selection, then select and play the next undecided suggestion',
    match: letter('y'),
  },
  {
    command: 'rejectAndNext',
    keys: 'X',
    description: 'Reject the selection, then select and play the next undecided suggestion',
    match: letter('x'),
  },
  {
    command: 'selectEdge',
    keys: 'E',
    description: "Select the selected segment's start edge, then its end edge, then none",
    match: letter('e'),
  },
  {
    command: 'nudgeFrameBack',
    keys: '<',
    description: 'Move the selected edge one frame earlier',
    match: plain('<'),
  },
  {
    command: 'nudgeFrameForward',
    keys: '>',
    description: 'Move the selected edge one frame later',
    match: plain('>'),
  },
  {
    command: 'nudgeSnippetBack',
    keys: '{',
    description: 'Move the selected edge one snippet earlier',
    match: plain('{'),
  },
  {
    command: 'nudgeSnippetForward',
    keys: '}',
    description: 'Move the selected edge one snippet later',
    match: plain('}'),
  },
  {
    command: 'nudgeSecondBack',
    keys: '(',
    description: 'Move the selected edge one second earlier',
    match: plain('('),
  },
  {
    command: 'nudgeSecondForward',
    keys: ')',
    description: 'Move the selected edge one second later',
    match: plain(')'),
  },
  {
    command: 'setStartAtPlayhead',
    keys: 'Shift+I',
    description: "Set the selected segment's start at the playhead",
    match: shiftLetter('i'),
  },
  {
    command: 'setEndAtPlayhead',
    keys: 'Shift+O',
    description: "Set the selected segment's end at the playhead",
    match: shiftLetter('o'),
  },
  {
    command: 'mergeWithNext',
    keys: 'Shift+M',
    description: 'Merge the selected segment with the next one',
    match: shiftLetter('m'),
  },
  {
    command: 'playSelection',
    keys: 'P',
    description: 'Play the selected segment with its pre-roll and post-roll (settings)',
    match: letter('p'),
  },
  {
    command: 'markWhilePlaying',
    keys: 'K',
    description:
      'Mark an onset at the playhead, then the offset: the segment is made (less the reaction time)',
    match: letter('k'),
  },
  {
    command: 'cycleAlternative',
    keys: 'V',
    description: 'Show the next ranked proposal overlapping the selection (edges and score)',
    match: letter('v'),
  },
  {
    command: 'takeAlternative',
    keys: 'Shift+V',
    description: 'Take the proposal shown: the selection gets its edges and label',
    match: shiftLetter('v'),
  },
  {
    command: 'reviewedNextVideo',
    keys: 'Ctrl+Enter',
    description:
      'Mark the video reviewed and open the next one (with a head: the one it is least sure of)',
    match: (e) => e.key === 'Enter' && mod(e) && !e.altKey && !e.shiftKey,
  },
];

/** Digits 1–9 relabel the selection with the first nine labels of the picker. */
export function labelHotkey(e: KeyLike): number | null {
  if (mod(e) || e.altKey || e.shiftKey) return null;
  return /^[1-9]$/.test(e.key) ? Number(e.key) - 1 : null;
}

export function commandFor(e: KeyLike): EditorCommand | null {
  return SHORTCUTS.find((s) => s.match(e))?.command ?? null;
}
