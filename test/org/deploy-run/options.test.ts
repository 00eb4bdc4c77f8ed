import { parseDeployOptions, resumeId, waitMinutes } from '../../../scripts/org/deploy-run/options';

describe('deploy options, checked before anything is read or sent', () => {
  it('defaults: 33 minutes, one org from sf, e-mail on', () => {
    expect(parseDeployOptions({})).toEqual({
      targetOrgs: [],
      dryRun: false,
      yes: false,
      json: false,
      waitMinutes: 33,
      ignoreLocalChanges: false,
      userEmail: true,
    });
  });

  it('takes numbers as commander passes them (strings) and repeated orgs', () => {
    const opts = parseDeployOptions({
      targetOrg: ['a', 'b'],
      wait: '2.5',
      concurrency: '3',
      userEmail: false,
    });
    expect(opts).toMatchObject({
      targetOrgs: ['a', 'b'],
      waitMinutes: 2.5,
      concurrency: 3,
      userEmail: false,
    });
  });

  it.each(['-1', 'soon', '', ' ', 'NaN', 'Infinity'])(
    'refuses --wait %p naming the option and the rule (exit 2)',
    (wait) => {
      expect(() => waitMinutes(wait)).toThrow(
        expect.objectContaining({
          code: 'INVALID_WAIT',
          exitCode: 2,
          message: expect.stringContaining('--wait must be a number of minutes, 0 or more'),
        }),
      );
    },
  );

  it.each(['0', '65', '1.5', 'x'])(
    'refuses --concurrency %p (an integer from 1 to 64, exit 2)',
    (concurrency) => {
      expect(() => parseDeployOptions({ concurrency })).toThrow(
        expect.objectContaining({
          code: 'INVALID_CONCURRENCY',
          exitCode: 2,
          message: expect.stringContaining('--concurrency must be an integer from 1 to 64'),
        }),
      );
    },
  );

  it.each(['nothex', 'f00', '76beecef', 'g'.repeat(64), 'a'.repeat(65), ''])(
    'refuses --plan-hash %p naming the option and the 64-hex-digit rule (exit 2)',
    (hash) => {
      expect(() => parseDeployOptions({ planHash: hash })).toThrow(
        expect.objectContaining({
          code: 'INVALID_PLAN_HASH',
          exitCode: 2,
          message: expect.stringMatching(/--plan-hash must be the 64 hexadecimal digits of a plan hash/),
        }),
      );
    },
  );

  it.each(['a'.repeat(64), ` ${'AB'.repeat(32)} `])('takes a plan hash of 64 hex digits %p', (hash) => {
    expect(parseDeployOptions({ planHash: hash }).planHash).toBe(hash);
  });

  it.each(['0Af000000000001', '0Af000000000001AAA'])('takes a 15- or 18-character deploy id %p', (id) => {
    expect(resumeId(id)).toBe(id);
  });

  it.each(['bogus', '0Af00000000000', '0Af0000000000011', '0Af000000000001AAAA', '0Af00000000000-AAA', ''])(
    'refuses --resume %p naming the option and the 15/18-character rule (exit 2)',
    (id) => {
      expect(() => parseDeployOptions({ resume: id })).toThrow(
        expect.objectContaining({
          code: 'INVALID_RESUME_ID',
          exitCode: 2,
          message: expect.stringMatching(/--resume must be a deploy id of 15 or 18 letters and digits/),
        }),
      );
    },
  );
});
