/**
 * Goldens and snapshots are written only when asked: UPDATE_GOLDEN=1 (see README, "Tests").
 * Jest itself writes a missing snapshot and passes unless run with --ci, and its `ci` config
 * option is overridden by the CLI's own default, so the snapshot state of each test file is set
 * here: 'none' (a missing snapshot fails) or, with UPDATE_GOLDEN=1, 'all' (rewrite).
 */
interface WritableSnapshotState {
  // jest-snapshot's SnapshotState keeps the mode in this field (jest 30); no public setter exists.
  _updateSnapshot: 'all' | 'new' | 'none';
}

const state = expect.getState().snapshotState as unknown as WritableSnapshotState | undefined;
if (state) state._updateSnapshot = process.env.UPDATE_GOLDEN === '1' ? 'all' : 'none';
