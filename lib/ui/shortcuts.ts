/**
 * Every keyboard shortcut of the screen, in one list: the `?` help overlay
 * shows it and docs/ui.md repeats it, so the two cannot drift apart from the
 * handlers unnoticed (a unit test checks the docs against this list).
 */

export interface Shortcut {
  /** Alternatives, each a key or a chord such as "Ctrl+Shift+Z". */
  keys: readonly string[];
  does: string;
}

export interface ShortcutGroup {
  title: string;
  shortcuts: readonly Shortcut[];
}

export const SHORTCUTS: readonly ShortcutGroup[] = [
  {
    title: 'Grid',
    shortcuts: [
      { keys: ['Tab'], does: 'into the grid (one tile is in the tab order)' },
      { keys: ['← → ↑ ↓', 'PageUp', 'PageDown'], does: 'move between tiles' },
      { keys: ['Home', 'End'], does: 'start / end of the row' },
      { keys: ['Ctrl+Home', 'Ctrl+End'], does: 'first / last result' },
      { keys: ['Enter'], does: 'open the frame (in the table too)' },
      { keys: ['Click'], does: 'open the frame; with a current selection it curates instead, and the tile’s ⤢ button opens' },
    ],
  },
  {
    title: 'Curation (with a current selection)',
    shortcuts: [
      { keys: ['Click', 'Space'], does: 'include the frame, or exclude it if it is a member' },
      { keys: ['I'], does: 'include the focused frame' },
      { keys: ['X'], does: 'exclude the focused frame' },
      { keys: ['Shift+Click', 'Shift+Space'], does: 'the last include or exclude again, over every frame from the last one acted on to this one' },
      { keys: ['Shift+I', 'Shift+X'], does: 'include / exclude every frame from the last one acted on to this one' },
      { keys: ['Ctrl+Z', '⌘Z'], does: 'undo the last curation action' },
      { keys: ['Ctrl+Shift+Z', '⌘⇧Z', 'Ctrl+Y'], does: 'redo' },
    ],
  },
  {
    title: 'Frame view',
    shortcuts: [
      { keys: ['← →'], does: 'previous / next frame of the current results' },
      { keys: ['I', 'X'], does: 'include / exclude this frame (with a current selection)' },
      { keys: ['Esc'], does: 'back to the results, at the same scroll position, the focus on the tile of the frame last shown' },
    ],
  },
  {
    title: 'Anywhere',
    shortcuts: [
      { keys: ['?'], does: 'this list of shortcuts' },
      { keys: ['Esc'], does: 'close a dialog or this list' },
    ],
  },
];
