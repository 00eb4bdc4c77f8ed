/**
 * The emulator's org shape names, in one list: the shapes resolveShape accepts (and names in its
 * unknown-shape error) and the ones `--help` lists. Kept free of imports so the CLI's option
 * help can name them without loading the emulator's facts.
 */
export type ShapeName =
  | 'shield'
  | 'no-shield'
  | 'event-monitoring-only'
  | 'no-event-log-objects'
  | 'legacy-profile'
  | 'connected-apps-blocked'
  | 'production'
  | 'sandbox'
  | 'scratch';
export const SHAPE_NAMES: readonly ShapeName[] = [
  'shield',
  'no-shield',
  'event-monitoring-only',
  'no-event-log-objects',
  'legacy-profile',
  'connected-apps-blocked',
  'production',
  'sandbox',
  'scratch',
];
