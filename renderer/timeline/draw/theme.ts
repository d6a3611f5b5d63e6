/** Colours and fonts shared by the draw functions; the component may pass its own. */
export interface TimelineTheme {
  background: string;
  rulerText: string;
  rulerTick: string;
  playhead: string;
  selection: string;
  hover: string;
  rejected: string;
  segmentText: string;
  curve: string;
  font: string;
  smallFont: string;
}

export const DEFAULT_THEME: TimelineTheme = {
  background: '#1e1e1e',
  rulerText: '#c8c8c8',
  rulerTick: '#6b6b6b',
  playhead: '#ff3b30',
  selection: '#ffffff',
  hover: '#ffffffaa',
  rejected: '#7a7a7a',
  segmentText: '#ffffff',
  curve: '#fde725',
  font: '11px system-ui, sans-serif',
  smallFont: '10px system-ui, sans-serif',
};
