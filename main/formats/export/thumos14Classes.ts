/**
 * The 20 THUMOS14 detection classes and their UCF101 class ids (FORMATS.md), which the
 * THUMOS14 result lines carry in place of names. Names match exactly, as ActivityNet labels do.
 */
export const THUMOS14_CLASS_IDS: ReadonlyMap<string, number> = new Map([
  ['BaseballPitch', 7],
  ['BasketballDunk', 9],
  ['Billiards', 12],
  ['CleanAndJerk', 21],
  ['CliffDiving', 22],
  ['CricketBowling', 23],
  ['CricketShot', 24],
  ['Diving', 26],
  ['FrisbeeCatch', 31],
  ['GolfSwing', 33],
  ['HammerThrow', 36],
  ['HighJump', 40],
  ['JavelinThrow', 45],
  ['LongJump', 51],
  ['PoleVault', 68],
  ['Shotput', 79],
  ['SoccerPenalty', 85],
  ['TennisSwing', 92],
  ['ThrowDiscus', 93],
  ['VolleyballSpiking', 97],
]);
