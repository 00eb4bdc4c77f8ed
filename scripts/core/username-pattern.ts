/**
 * The syntax of `integrationUser.username` placeholders (pure; no I/O): which names exist and
 * how a pattern is checked offline. Resolving them for an org is scripts/org/username.ts's job.
 */

/** The placeholders `integrationUser.username` may hold, and what each one becomes. */
export const USERNAME_PLACEHOLDERS = {
  orgId: "the org's 18-character id, lower-cased (00d…)",
  alias: "the alias the org is targeted by (--target-org, a targets file, or sf's target-org)",
  myDomain: "the org's My Domain name, from its instance URL (acme, acme--uat)",
} as const;
export type UsernamePlaceholder = keyof typeof USERNAME_PLACEHOLDERS;

/** The placeholders, as a list for messages: `{orgId}, {alias}, {myDomain}`. */
export const USERNAME_PLACEHOLDER_LIST = Object.keys(USERNAME_PLACEHOLDERS)
  .map((k) => `{${k}}`)
  .join(', ');

export const PLACEHOLDER = /\{([^{}]*)\}/g;
/** User.Username is 80 characters at most (Object Reference for Salesforce, User). */
export const USERNAME_MAX = 80;

/** One of USERNAME_PLACEHOLDERS (an own key: never `toString` and the like). */
export function isPlaceholder(name: string): name is UsernamePlaceholder {
  return Object.hasOwn(USERNAME_PLACEHOLDERS, name);
}

/** True when the username holds at least one `{…}` placeholder. */
export function isUsernamePattern(username: string): boolean {
  return username.includes('{') || username.includes('}');
}

/** Every placeholder of the pattern that is not one of USERNAME_PLACEHOLDERS, and stray braces. */
export function patternProblems(username: string): string[] {
  const problems: string[] = [];
  for (const [, name] of username.matchAll(PLACEHOLDER))
    if (!isPlaceholder(name))
      problems.push(`unknown placeholder {${name}}: use ${USERNAME_PLACEHOLDER_LIST}`);
  if (/[{}]/.test(username.replace(PLACEHOLDER, '')))
    problems.push('a "{" or "}" that does not enclose a placeholder');
  return problems;
}

/** A stand-in value per placeholder, so that the offline email-form check can judge a pattern. */
export function sampleUsername(username: string): string {
  return username.replace(PLACEHOLDER, (_, name: string) => (name === 'orgId' ? '00d000000000000aaa' : 'x'));
}
