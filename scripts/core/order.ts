/**
 * One text order for everything reco-sf writes or compares in order.
 *
 * `String#localeCompare` without a locale follows the machine's locale (LANG / LC_ALL): under
 * `lt_LT` "Y" sorts before "J", under `da_DK` "Aa" sorts after "Z". Generated files, the lock
 * and `generate --check` must be byte-stable on every CI runner, so the order is pinned to
 * `en-US` (what a runner with no locale gets, and what the committed files were written with).
 */
let collator: Intl.Collator | undefined;

/** Compares two strings in reco-sf's fixed order (ICU `en-US`); negative, zero or positive. */
export function compareText(a: string, b: string): number {
  collator ??= new Intl.Collator('en-US');
  return collator.compare(a, b);
}
